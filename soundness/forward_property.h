#pragma once
// Property 1 on one program: realise inputs from a data seed, run the
// program on simulated ranks and in the reference interpreter, compare.
#include <cstdint>
#include <optional>
#include <string>

#include "oracle/checker.h"
#include "oracle/consistency.h"

namespace spmdcheck {

struct PropertyOutcome {
  CheckResult checked;
  ConsistencyReport consistency;
  std::string error;  // the program could not be checked or run (not a counterexample)
  bool failed() const { return consistency.first.has_value(); }
};

// Runs with one intra-op thread: reductions must add in one order on every
// run for verdicts to repeat.
PropertyOutcome check_forward_property(const RuleTable& table, const Program& program, uint64_t data_seed, bool all_values = false);

// The data seed of a program in a search: a fixed mix of its program seed,
// so a replay of one program seed sees the same data.
uint64_t data_seed_for(uint64_t program_seed);

}  // namespace spmdcheck
