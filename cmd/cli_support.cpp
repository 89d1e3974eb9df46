#include "cmd/cli_support.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cmd/exit_codes.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"

namespace spmdcheck {

std::optional<std::string> read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << "spmdcheck: cannot read " << path << ": it is a directory\n";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "spmdcheck: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    std::cerr << "spmdcheck: cannot read " << path << "\n";
    return std::nullopt;
  }
  return text.str();
}

std::optional<RuleTableSource> rule_table_source(const std::string& rules_arg) {
  const EmbeddedTable* embedded = find_embedded_table(rules_arg.empty() ? "default" : rules_arg);
  if (embedded)
    return RuleTableSource{"<embedded " + std::string(embedded->name) + " table>", std::string(embedded->text()), embedded->name.data()};
  std::optional<std::string> text = read_text_file(rules_arg);
  if (!text) return std::nullopt;
  return RuleTableSource{rules_arg, std::move(*text), nullptr};
}

TableChoice choose_rule_table(const std::string& rules_arg) {
  std::optional<RuleTableSource> source = rule_table_source(rules_arg);
  if (!source) return {nullptr, kExitUsage};
  if (source->embedded) return {embedded_rule_table(source->embedded), kExitOk};
  TableLoadResult loaded = load_rule_table(source->text, source->display_name);
  if (!loaded.table) {
    std::cout << format_diagnostic(source->display_name, *loaded.error);
    return {nullptr, kExitFound};
  }
  return {loaded.table, kExitOk};
}

int default_jobs() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace spmdcheck
