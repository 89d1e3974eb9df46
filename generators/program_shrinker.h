#pragma once
// Shrinking that stays inside the well-typed programs: every candidate is
// re-checked by the checker before the failing property is asked about it.
// Greedy and deterministic: remove a statement with everything that uses
// it, replace a binding by an input of its type (cutting the chain that
// computed it), drop unused inputs, shrink mesh axes (then remove unused
// ones), shrink input dims; repeat until no candidate still fails.
#include <functional>

#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct ShrinkStats {
  int candidates = 0;  // well-typed candidates put to the property
  int accepted = 0;    // of those, still failing (kept)
};

Program shrink_program(const RuleTable& table, Program program, const std::function<bool(const Program&)>& still_fails,
                       ShrinkStats* stats = nullptr, int max_candidates = 2000);

// Number of bindings (what "a few statements" counts).
int count_bindings(const Program& program);

}  // namespace spmdcheck
