#pragma once
// The mutation operators over a loaded rule table. Operators read the rows
// of the loaded table to know what to change (result types, signatures,
// actions) and edit the TOML document the table was loaded from, so each
// mutant is an ordinary rule file. Nothing here knows a particular op or
// row: the operators are defined over the table format.
#include <string_view>
#include <vector>

#include "mutation/mutant.h"
#include "rules/rule_table.h"

namespace spmdcheck {

// Every mutant of `table` (loaded from `text`), ordered by operator, then by
// row order in the table, then by detail. Deterministic.
std::vector<Mutant> make_mutants(const RuleTable& table, std::string_view text);

// Mutants each of which makes the rejecting row `rule_id` accept the
// combination it rejects, one per candidate result (tightness, DESIGN.md
// section 7). Empty when the row is not a rejecting typing judgment.
std::vector<Mutant> acceptance_candidates(const RuleTable& table, std::string_view text, std::string_view rule_id);

// Mutants each of which makes a cell of the illegal transition row `rule_id`
// legal with an existing primitive row of the same op: its action, meaning
// and a backward (itself, a companion row, or the dual cell's legal row),
// as legalize-cell makes them (tightness of illegal cells). Empty when the
// row is not an illegal transition row or no primitive row fits its cells.
std::vector<Mutant> legalization_candidates(const RuleTable& table, std::string_view text, std::string_view rule_id);

}  // namespace spmdcheck
