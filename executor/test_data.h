#pragma once
// Input data for soundness runs, nccl-tests style: every element a small
// integer or a dyadic fraction, so linear programs are exact in every
// reduction order and comparisons can be bitwise. Deterministic: the same
// seed gives the same data on every rank and every run.
#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "executor/executor.h"
#include "oracle/checker.h"
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

// The denotation of one input (f64 items). A floating input's elements are
// k/4 with k in [-8, 8] and k != 0. An i64 or bool input's are integers in
// [0, index_bound) where index_bound > 0 (the smallest bound of the index
// parameters it fills: input_index_bounds), else in [0, 4) (i64) or [0, 2)
// (bool), small non-negative integers for the ops that take them as data.
Denotation make_input_denotation(const InputStmt& input, const MeshLayout& layout, DataRng& rng, int64_t index_bound = 0);

// Per value of `checked`: the smallest bound the shape rules recorded for it
// as an index operand (ResolvedBinding::index_bounds), 0 where it is none.
std::vector<int64_t> input_index_bounds(const CheckResult& checked);

// Per-rank tensors (dtype of the input) realising `den`: R and I axes hold
// identical copies, V axes their item, P axes random asymmetric,
// sign-varying dyadic pieces that sum exactly to the item (never "all on
// rank 0"; integers for an i64 value; a bool value cannot be P and throws
// std::invalid_argument). Every rank draws the whole split and keeps its own
// pieces, so ranks agree whatever subset of the mesh a process hosts.
// `special`: the denotation may hold special values (special_values.h),
// which a floating value's P pieces then carry as that file says; the
// regular elements are split as without it.
RankTensors realize_denotation(const Denotation& den, DType dtype, const MeshLayout& layout, const std::vector<int>& hosted, DataRng& rng,
                               bool special = false);

// The same tensors, bit for bit (the same draws from `rng`, the same
// element-wise conversion), stacked along a new dim 0 in the order of
// `hosted`: one fresh tensor written in place of a tensor per rank and a stack.
at::Tensor realize_denotation_stacked(const Denotation& den, DType dtype, const MeshLayout& layout, const std::vector<int>& hosted,
                                      DataRng& rng, bool special = false);

}  // namespace spmdcheck
