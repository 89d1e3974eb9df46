#pragma once
// What every subcommand shares: reading user files and selecting the rule
// table (--rules NAME of an embedded table, --rules FILE, or the default).
#include <memory>
#include <optional>
#include <string>

#include "rules/rule_table.h"

namespace spmdcheck {

// The whole file, or nullopt with a message on standard error.
std::optional<std::string> read_text_file(const std::string& path);

struct TableChoice {
  std::shared_ptr<const RuleTable> table;
  int exit_code = 0;  // non-zero when loading failed (diagnostic already printed)
};

// What --rules ARG names: empty is the embedded default; the name of an
// embedded table (rules/embedded_tables.h) is that table; anything else is
// a file. nullopt: the file cannot be read (reported on standard error).
struct RuleTableSource {
  std::string display_name;  // the file, or "<embedded NAME table>"
  std::string text;
  const char* embedded = nullptr;  // the embedded table's name, if it is one
};
std::optional<RuleTableSource> rule_table_source(const std::string& rules_arg);

// Loads and lints the table --rules ARG names (rule_table_source). A
// malformed table prints FILE:LINE:COL: error: ... and yields exit code 1;
// an unreadable file yields exit code 2.
TableChoice choose_rule_table(const std::string& rules_arg);

// The default of --jobs: the number of cores (std::thread::hardware_concurrency), at least 1.
int default_jobs();

}  // namespace spmdcheck
