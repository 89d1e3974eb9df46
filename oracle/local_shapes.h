#pragma once
// The shape rule kinds of local ops (OpRow::shape), with PyTorch's meaning.
// Each fails through the context with a shape.* [[diagnostic]] row.
#include <optional>
#include <vector>

#include "oracle/check_context.h"

namespace spmdcheck::check {

struct ShapeOperand {
  Shape shape;  // a literal is a scalar: rank 0
  SourceLoc loc;
  bool literal = false;
};

[[nodiscard]] std::optional<Shape> infer_local_shape(Context& ctx, const BindingStmt& b, const OpRow& op,
                                                   const std::vector<ShapeOperand>& operands);

// Fails with shape.size_limit / shape.rank_limit when a result leaves the
// supported range.
[[nodiscard]] bool check_shape_limits(Context& ctx, const Shape& s, std::string_view op, SourceLoc loc);

}  // namespace spmdcheck::check
