#pragma once
// Properties 1 and 2 on one program: realise inputs from a data seed, run
// the program on simulated ranks and in the reference interpreter, compare
// every value (forward consistency); then give every output a cotangent of
// its gradient type, run backward on the ranks (each transition's backward
// is its table row's backward row) and through the reference with LibTorch
// autograd, and compare the input gradients read under their gradient
// types (gradient consistency).
#include <cstdint>
#include <optional>
#include <string>

#include "oracle/checker.h"
#include "oracle/consistency.h"

namespace spmdcheck {

class RankGroup;  // executor/rank_group.h

struct PropertyOptions {
  bool gradients = true;    // property 2 as well as property 1
  bool all_values = false;  // check every value even after a failure (for `run`)
  // Special values (executor/special_values.h): the percent of the elements
  // of floating tensor inputs made special; 0: none (the search sets it per
  // program from GenerationSettings, special_data_for).
  int special_rate = 0;
  // Where the ranks run; null: every rank simulated in this process. With
  // another group (MPI, NCCL) every process of the group calls
  // check_program_property with the same arguments; failed() then agrees on
  // every process, but the details of a failure are the checker's only.
  RankGroup* ranks = nullptr;
};

struct PropertyOutcome {
  CheckResult checked;
  ConsistencyReport consistency;                // forward, per value
  std::optional<Inconsistency> gradient;        // the first input whose gradient is wrong
  std::vector<ValueVerdict> gradient_verdicts;  // per CheckResult value (inputs only are set)
  // A program the table accepts but that cannot run (no kernel, an action
  // whose shapes disagree with the shape steps, a torch error): a failure.
  std::optional<Inconsistency> execution;
  std::string error;  // the program does not type-check (not a counterexample)
  bool failed() const { return execution.has_value() || consistency.first.has_value() || gradient.has_value(); }
  // The first failure: forward, then execution, then backward.
  const Inconsistency& first_failure() const { return consistency.first ? *consistency.first : execution ? *execution : *gradient; }
};

// Runs with one intra-op thread: reductions must add in one order on every
// run for verdicts to repeat.
PropertyOutcome check_program_property(const RuleTable& table, const Program& program, uint64_t data_seed,
                                       const PropertyOptions& options = {});

// The data seed of a program in a search: a fixed mix of its program seed,
// so a replay of one program seed sees the same data.
uint64_t data_seed_for(uint64_t program_seed);

}  // namespace spmdcheck
