#pragma once
// Property 2 after a forward run with gradient-requiring inputs (internal to
// program_property.cpp).
#include <ATen/ATen.h>

#include <optional>
#include <vector>

#include "executor/executor.h"
#include "oracle/consistency.h"
#include "oracle/reference_interpreter.h"

namespace spmdcheck {

struct GradientRun {
  const RuleTable& table;
  const Program& program;
  const CheckResult& checked;
  const MeshLayout& layout;
  const std::vector<int>& hosted;
  const std::vector<RankTensors>& rank_values;  // the executor's values (graph attached)
  const ReferenceRun& reference;                 // the reference's values (graph attached)
  const std::vector<int>& input_values;          // CheckResult value index of each input
  const std::vector<RankTensors>& rank_inputs;   // the leaves, per input
  const std::vector<Denotation>& input_denotations;  // the reference leaves, per input
  const ConsistencyReport& forward;                  // per value: the forward tolerance
  uint64_t seed;
};

// Seeds the outputs (the loss with 1.0, others with random k/4 cotangents of
// their gradient type), runs both backward passes and compares the input
// gradients. Fills `verdicts` (per value; inputs only) and returns the first
// failure.
std::optional<Inconsistency> check_gradients(const GradientRun& run, std::vector<ValueVerdict>& verdicts);

}  // namespace spmdcheck
