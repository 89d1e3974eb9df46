#include "oracle/shape_steps.h"

namespace spmdcheck {

int shape_step_positions(ShapeStepKind kind, int rank) { return kind == ShapeStepKind::Stack ? rank + 1 : rank; }

ShapeStepOutcome apply_shape_step(ShapeStepKind kind, int64_t dim, int64_t n, Shape& shape) {
  const int positions = shape_step_positions(kind, shape.rank);
  if (positions == 0 || dim < -positions || dim >= positions) return {ShapeStepError::DimRange, dim};
  const int64_t d = dim < 0 ? dim + positions : dim;
  switch (kind) {
    case ShapeStepKind::Stack:
      if (shape.rank >= kMaxRank) return {ShapeStepError::RankLimit, d};
      for (int i = shape.rank; i > d; --i) shape.dims[i] = shape.dims[i - 1];
      shape.dims[d] = n;
      ++shape.rank;
      break;
    case ShapeStepKind::Unstack:
      if (shape.dims[d] != n) return {ShapeStepError::AxisSize, d};
      for (int i = static_cast<int>(d); i + 1 < shape.rank; ++i) shape.dims[i] = shape.dims[i + 1];
      --shape.rank;
      break;
    case ShapeStepKind::Split:
      if (shape.dims[d] % n != 0) return {ShapeStepError::Divisible, d};
      shape.dims[d] /= n;
      break;
    case ShapeStepKind::Concat:
      if (shape.dims[d] > kMaxDimSize / n) return {ShapeStepError::SizeLimit, d};
      shape.dims[d] *= n;
      break;
  }
  return {ShapeStepError::None, d};
}

}  // namespace spmdcheck
