#pragma once
// The shape steps of transition rows (rules/comm_semantics.h) as pure shape
// arithmetic. The checker turns a failure into its diagnostic row; the
// generators use the same function to pick dims and shapes that a
// transition accepts, so the two can never disagree.
#include <cstdint>

#include "program/tensor_meta.h"
#include "rules/comm_semantics.h"

namespace spmdcheck {

enum class ShapeStepError : uint8_t { None, DimRange, AxisSize, Divisible, RankLimit, SizeLimit };

struct ShapeStepOutcome {
  ShapeStepError error = ShapeStepError::None;
  int64_t dim = 0;  // canonical (non-negative) when the dim is in range
};

// Applies `kind` at `dim` (negative counts from the end; `stack` ranges over
// rank + 1 positions) for an axis of size `n`; on error `shape` is unchanged.
ShapeStepOutcome apply_shape_step(ShapeStepKind kind, int64_t dim, int64_t n, Shape& shape);

// The number of positions a step's dim ranges over for an input of `rank`.
int shape_step_positions(ShapeStepKind kind, int rank);

}  // namespace spmdcheck
