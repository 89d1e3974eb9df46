#pragma once
// Input data for soundness runs, nccl-tests style: every element a small
// integer or a dyadic fraction, so linear programs are exact in every
// reduction order and comparisons can be bitwise. Deterministic: the same
// seed gives the same data on every rank and every run.
#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "executor/executor.h"
#include "oracle/denotation.h"
#include "program/program.h"

namespace spmdcheck {

// splitmix64: a portable stream (std distributions are not portable).
class DataRng {
 public:
  explicit DataRng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  int64_t uniform(int64_t lo, int64_t hi);  // inclusive, unbiased
 private:
  uint64_t state_;
};

// The denotation of one input (f64 items): elements k/4 with k in [-8, 8]
// and k != 0.
Denotation make_input_denotation(const InputStmt& input, const MeshLayout& layout, DataRng& rng);

// Per-rank tensors (dtype of the input) realising `den`: R and I axes hold
// identical copies, V axes their item, P axes random asymmetric,
// sign-varying dyadic pieces that sum exactly to the item (never "all on
// rank 0"). Every rank draws the whole split and keeps its own pieces, so
// ranks agree whatever subset of the mesh a process hosts.
RankTensors realize_denotation(const Denotation& den, DType dtype, const MeshLayout& layout, const std::vector<int>& hosted,
                               DataRng& rng);

}  // namespace spmdcheck
