#pragma once
// Property 2 after a forward run with gradient-requiring inputs (internal to
// program_property.cpp). Split in steps because with real ranks the backward
// passes run on every process and the comparison on the checker only:
//   make_cotangents (every process) -> backward_ranks (every process)
//   -> backward_reference and compare_gradients (the checker).
#include <ATen/ATen.h>

#include <optional>
#include <vector>

#include "executor/executor.h"
#include "oracle/consistency.h"
#include "oracle/reference_interpreter.h"

namespace spmdcheck {

// The values that get a cotangent: the floating outputs and the loss, as
// the program format says (CheckResult value indices, sorted, unique; i64
// and bool values have no gradient). Generated
// programs output every binding no statement consumes, so every binding's
// backward runs (generators/program_generator.cpp).
std::vector<int> cotangent_values(const CheckResult& checked);

// Their cotangents: the loss gets 1.0 on every rank (loss.backward()), the
// others random k/4 values of their gradient type, different per element and
// per rank where the type varies (a uniform cotangent hides a backward that
// permutes elements or ranks); deterministic in the seed, so every process
// draws the same ones and keeps its hosted ranks' pieces.
struct Cotangents {
  std::vector<int> outputs;             // cotangent_values(): CheckResult value indices, sorted
  std::vector<Denotation> denotations;  // per output
  std::vector<RankTensors> pieces;      // per output, the hosted ranks'
  double max_abs = 0;
};

Cotangents make_cotangents(const RuleTable& table, const CheckResult& checked, const MeshLayout& layout, const std::vector<int>& hosted,
                           uint64_t seed);

// Backward through the hosted ranks' graph (the transitions' backward rows
// run their collectives here, in the same order on every process).
void backward_ranks(const std::vector<RankTensors>& rank_values, const Cotangents& cotangents);

// Backward through the reference's graph.
void backward_reference(const ReferenceRun& reference, const Cotangents& cotangents);

struct GradientRun {
  const RuleTable& table;
  const Program& program;
  const CheckResult& checked;
  const MeshLayout& layout;
  const ReferenceRun& reference;                     // after backward_reference
  const std::vector<int>& input_values;              // CheckResult value index of each input
  const std::vector<RankTensors>& rank_gradients;    // per input, every rank's gradient (rank order)
  const std::vector<Denotation>& input_denotations;  // the reference leaves, per input
  const ConsistencyReport& forward;                  // per value: the forward tolerance
  double cotangent_max;
};

// Compares the input gradients read under their gradient types. An input's
// comparison is skipped (invariants still checked) only for what lies on its
// own gradient paths (soundness/gradient_cones.h): a kink its data may
// straddle, a non-finite value. `seeded`: the values given cotangents.
// Fills `verdicts` (per value; inputs only) and returns the first failure.
std::optional<Inconsistency> compare_gradients(const GradientRun& run, const std::vector<int>& seeded, std::vector<ValueVerdict>& verdicts);

}  // namespace spmdcheck
