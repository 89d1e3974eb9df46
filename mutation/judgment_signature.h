#pragma once
// The local typing judgments of a table as data: for every op and every
// combination of operand types it can receive (each position R, I, V, P, or a
// weak scalar where the op takes one; n-ary ops up to three operands), the
// result type on one axis or "reject"; then the out_partial and loss
// decisions per type. Two tables with equal signatures accept the same
// local programs with the same types, so a mutant of local rows whose
// signature equals the original's is equivalent: no search can kill it.
//
// The behaviour signature adds, per transition row (by id), what the row
// does: its cell, dims, local action, meaning, shape steps, and the same of
// its backward row and components, named by behaviour rather than by id; and
// the accept rows with the behaviour of their `via` row. Expert gates,
// messages and fixes are left out: they change intent, not meaning. Two
// tables with equal behaviour signatures accept the same programs, with the
// same types, and run them the same way, forward and backward.
#include <string>
#include <vector>

#include "rules/rule_table.h"

namespace spmdcheck {

std::vector<std::string> local_judgment_signature(const RuleTable& table);
// `meanings` false leaves the rows' `meaning` fields out: no run reads them
// (the reference computes each op's law, DESIGN.md §2.4), only the linter
// does, so two tables equal without them run every program alike.
std::vector<std::string> behaviour_signature(const RuleTable& table, bool meanings = true);

// The first line where the behaviour signatures differ, "" if they are equal.
std::string first_behaviour_difference(const RuleTable& original, const RuleTable& mutant, bool meanings = true);

// Whether `mutant` only accepts more than `original`: the signatures differ,
// and every difference is a local judgment the original rejects (or has no
// row for) that the mutant decides otherwise; everything else is equal. Such
// a mutant can only be killed by an unsound acceptance.
bool only_relaxes(const RuleTable& original, const RuleTable& mutant);

}  // namespace spmdcheck
