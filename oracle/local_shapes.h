#pragma once
// The shape rule kinds of local ops (OpRow::shape, rules/shape_rules.h),
// with PyTorch's meaning. Each fails through the context with a shape.*
// [[diagnostic]] row. A rule sees the call bound to the op's parameters
// (oracle/call_binding.h): it reads structural parameters by the names its
// catalog entry declares, which the linter checks every op row provides.
#include <array>
#include <optional>
#include <vector>

#include "common/small_vector.h"
#include "oracle/check_context.h"

namespace spmdcheck::check {

struct ShapeOperand {
  Shape shape;  // a literal or a typed scalar is a scalar: rank 0
  SourceLoc loc;
  bool literal = false;
  int param = -1;  // the OpRow parameter it fills
};

// A call's typing operands: inline up to four (most ops take one to three).
using ShapeOperands = SmallVector<ShapeOperand, 4>;

// A local op's call after binding: what shape rules read.
struct LocalCall {
  const BindingStmt& b;
  const OpRow& op;
  const ResolvedBinding& r;
  ShapeOperands operands;  // typing operands, parameter by parameter
  // Where a shape rule records the bounds its index operands' data must
  // respect (ResolvedBinding::index_bounds of the binding being checked).
  std::vector<IndexBound>* index_bounds = nullptr;

  // The argument of a named parameter (the default if not given); null when
  // it is None or absent.
  const ArgValue* arg(std::string_view param) const;
  std::optional<int64_t> int_arg(std::string_view param) const;                // Int parameters
  std::optional<std::vector<int64_t>> ints_arg(std::string_view param) const;  // Ints: an int is a list of one
  bool bool_arg(std::string_view param, bool fallback) const;
  SourceLoc loc(std::string_view param) const;  // where it is written (the op for a default)
};

// A bound call's typing operands, parameter by parameter (LocalCall::operands):
// every typing role's bound values with their shapes (`values`: the checker's
// values so far), a number written there as a literal of rank 0.
ShapeOperands shape_operands(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, const std::vector<ValueInfo>& values);

// At most this many results per call (split into more pieces is refused
// with shape.results_limit).
inline constexpr int kMaxResults = 16;
// Inline up to two (a value and its indices); `count` is shapes.size().
struct ResultShapes {
  int count = 0;
  SmallVector<Shape, 2> shapes;
  void push(const Shape& s) {
    shapes.push_back(s);
    ++count;
  }
};

[[nodiscard]] std::optional<ResultShapes> infer_local_shapes(Context& ctx, const LocalCall& call);

// The shape rule kinds' implementations, one function per kind, filled in
// by one registration function per op family (oracle/shapes_*.cpp).
using ShapeFn = std::optional<ResultShapes> (*)(Context& ctx, const LocalCall& call);
using ShapeFns = std::array<ShapeFn, kNumShapeRules>;
void register_core_shapes(ShapeFns& fns);           // elementwise, matmul, reduce, transpose, cat
void register_decomposition_shapes(ShapeFns& fns);  // addmm, addmv, addbmm, baddbmm, addr
void register_structure_shapes(
    ShapeFns& fns);  // shape and structure: stack, reshape, permute, expand, flip, repeat, ... (oracle/shapes_structure*.cpp)
void register_numeric_shapes(ShapeFns& fns);      // scan, norm, gelu, clamp (oracle/shapes_numeric.cpp)
void register_contraction_shapes(ShapeFns& fns);  // mm, bmm, mv, dot, einsum
void register_factory_shapes(ShapeFns& fns);      // sized, arange, linspace, eye
// split, chunk, unbind, narrow, select, index_select, gather, max_min, sort, topk
void register_results_shapes(ShapeFns& fns);

// Helpers for the shape rules.
// Numpy/PyTorch broadcasting of two shapes; false if they do not broadcast.
bool broadcast_shapes(const Shape& a, const Shape& b, Shape& out);
// Fails with shape.scalar_operand unless every operand has a dimension.
[[nodiscard]] bool require_tensor_operands(Context& ctx, const LocalCall& call);
// Fails with shape.operand_rank unless operand `i` has exactly `rank` dims
// (PyTorch's "self must be a matrix", "1D tensors expected").
[[nodiscard]] bool require_operand_rank(Context& ctx, const LocalCall& call, size_t i, int rank);
// One result.
std::optional<ResultShapes> single_result(std::optional<Shape> s);

// Fails with shape.size_limit / shape.rank_limit when a result leaves the
// supported range.
[[nodiscard]] bool check_shape_limits(Context& ctx, const Shape& s, std::string_view op, SourceLoc loc);

}  // namespace spmdcheck::check
