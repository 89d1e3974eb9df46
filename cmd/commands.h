#pragma once
// The subcommands. Each returns its exit code (cmd/exit_codes.h).
#include <string>
#include <vector>

#include "rules/rule_table.h"

namespace spmdcheck {

// `check FILE...`: prints each bound value (`name : f64[4, 6] {dp: V}`), or
// the first error as FILE:LINE:COL: error: ...; with several files each
// listing is headed by `# FILE`.
int run_check_command(const RuleTable& table, const std::vector<std::string>& files);

// `rules`: the table as DESIGN.md's Markdown tables.
int run_rules_command(const RuleTable& table);

// `rules --lint`: every lint finding of the table in `rules_file` (or the
// default), not just the first.
int run_lint_command(const std::string& rules_file);

}  // namespace spmdcheck
