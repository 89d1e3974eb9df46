#pragma once
// Loading a rule table from its TOML text. Errors (TOML syntax, schema,
// unresolved references, lint findings) come back as one Diagnostic located
// at FILE:LINE:COL of the offending row or field; loading never throws.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct TableLoadResult {
  std::shared_ptr<const RuleTable> table;  // set on success
  std::optional<Diagnostic> error;         // set on failure
};

// Parses `text` and builds the table, without linting.
TableLoadResult parse_rule_table(std::string_view text, std::string_view source_name);

// parse_rule_table, then the linter: the first lint finding is the error.
TableLoadResult load_rule_table(std::string_view text, std::string_view source_name);

// The default table (rules/default_table.toml), embedded in the binary
// (rules/embedded_tables.h has it and the others by name).
std::string_view embedded_default_table_text();
// Loads and lints the embedded default table once; never fails in a correct build.
std::shared_ptr<const RuleTable> default_rule_table();

}  // namespace spmdcheck
