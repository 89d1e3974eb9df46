#pragma once
// The reference interpreter: evaluates a checked program directly on
// denotations, without ranks (the oracle of properties 1 and 2). Local ops
// apply their PyTorch meaning item by item; a transition applies the
// `meaning` its row states (never its `action`, and never the executor's
// collectives), so a row whose action disagrees with its meaning, or whose
// typing lets a program mean something else than it computes, shows up as a
// difference between this and the ranks. Computes each op in f64 and rounds
// every value to its dtype (its range and precision), as the ranks hold it.
#include <string>
#include <vector>

#include "oracle/checker.h"
#include "oracle/denotation.h"

namespace spmdcheck {

struct ReferenceRun {
  std::vector<Denotation> values;  // per CheckResult::values entry
  std::string error;               // non-empty if the program could not be evaluated
};

// `inputs`: the denotations of the input statements, in program order.
ReferenceRun run_reference(const RuleTable& table, const Program& program, const CheckResult& checked, const MeshLayout& layout,
                           std::vector<Denotation> inputs);

}  // namespace spmdcheck
