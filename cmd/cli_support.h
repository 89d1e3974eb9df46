#pragma once
// What every subcommand shares: reading user files and selecting the rule
// table (--rules FILE or the embedded default).
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

// Loads and lints `rules_file`, or returns the embedded default when empty.
// A malformed table prints FILE:LINE:COL: error: ... and yields exit code 1;
// an unreadable file yields exit code 2.
TableChoice choose_rule_table(const std::string& rules_file);

}  // namespace spmdcheck
