#include "cmd/cli_support.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cmd/exit_codes.h"
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

TableChoice choose_rule_table(const std::string& rules_file) {
  if (rules_file.empty()) return {default_rule_table(), kExitOk};
  std::optional<std::string> text = read_text_file(rules_file);
  if (!text) return {nullptr, kExitUsage};
  TableLoadResult loaded = load_rule_table(*text, rules_file);
  if (!loaded.table) {
    std::cout << format_diagnostic(rules_file, *loaded.error);
    return {nullptr, kExitFound};
  }
  return {loaded.table, kExitOk};
}

}  // namespace spmdcheck
