#pragma once
// The rule table as Markdown tables: what `spmdcheck rules` prints and what
// DESIGN.md embeds between its `rules:begin` / `rules:end` markers (a test
// keeps the two equal).
#include <string>

#include "rules/rule_table.h"

namespace spmdcheck {

std::string table_to_markdown(const RuleTable& table);

// A combine row's condition in words ("only R, I; has P"), as the Markdown shows it.
std::string combine_condition(const RuleTable& t, const CombineRow& r);

}  // namespace spmdcheck
