#pragma once
// The inputs a run of a program starts from, realised from a data seed: the
// reference's leaf denotations and the ranks' tensors, the same for the
// soundness property (soundness/program_property.h), its replays and the
// exports (cmd/pytest_export.h).
#include <cstdint>
#include <vector>

#include "executor/test_data.h"
#include "oracle/checker.h"
#include "oracle/denotation.h"

namespace spmdcheck {

struct ProgramInputs {
  std::vector<Denotation> denotations;  // per input: the reference leaves
  std::vector<RankTensors> tensors;     // per input: the hosted ranks' tensors
  std::vector<int> values;              // per input: its CheckResult value index
  // Per input with a gradient on several hosted ranks: one leaf holding the
  // ranks' tensors stacked, which `tensors` are the views of (one autograd
  // node for the unbind and one for the accumulation, where a leaf per rank
  // made one accumulation per rank: a third of the ranks' backward nodes).
  // Undefined otherwise: then each rank's tensor is its own leaf.
  std::vector<at::Tensor> stacked_leaves;
};

// Index inputs draw below the bound of every use (input_index_bounds); only
// floating inputs are autograd leaves (with `gradients`); each input's data
// depends on its name (and an index's on its bound) and the seed only, so
// shrinking keeps the data of what remains. With `special_rate`, floating
// tensor inputs (not typed scalars) hold special values from a stream of
// their own, so the regular elements stay those of a run without them.
ProgramInputs make_program_inputs(const Program& program, const CheckResult& checked, const MeshLayout& layout,
                                  const std::vector<int>& hosted, uint64_t data_seed, bool gradients, int special_rate);

// The hosted ranks' gradients of the inputs after a backward pass (zeros
// where none flowed), per input, one tensor per hosted rank.
std::vector<RankTensors> rank_gradients(const ProgramInputs& inputs);

}  // namespace spmdcheck
