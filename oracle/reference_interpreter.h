#pragma once
// The reference interpreter: evaluates a checked program directly on
// denotations, without ranks (the oracle of properties 1 and 2). Local ops
// apply their PyTorch meaning item by item; a coercion or collective applies
// the semantic law of its op (oracle/comm_law_eval.h, DESIGN.md §2.4) with
// the statement's forms and dims, never anything its rows state (meaning,
// action, dims, shape steps, components) and never the executor's
// collectives. So a row that disagrees with the law, however consistent with
// itself, shows up as a difference between this and the ranks, in values,
// shapes or gradients (autograd differentiates the law). Computes each op in f64 and rounds
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
