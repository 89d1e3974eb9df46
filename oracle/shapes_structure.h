#pragma once
// The shape and structure family's shape rules (oracle/shapes_structure*.cpp):
// the helpers its kinds share and the registration of each part. Internal to
// spmd_checker; register_structure_shapes (oracle/local_shapes.h) is the
// family's one entry point.
//
// Every rule follows PyTorch's shape arithmetic exactly (ATen's
// maybe_wrap_dim, infer_size, inferExpandGeometry, ...), because the checker's
// verdict decides whether a program runs. Where PyTorch would build a value
// spmdcheck cannot hold, the rule refuses it: a result of rank above kMaxRank
// (shape.rank_limit), a dim above kMaxDimSize (shape.size_limit) or a dim of
// size 0 (shape.empty: the format's values have dims >= 1, and the rest of
// the framework relies on it).
#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "oracle/local_shapes.h"

namespace spmdcheck::check::structure {

// Every typing operand is a tensor value: PyTorch's structural ops take
// tensors, and a Python number is not one. A literal fails with
// call.literal, a typed scalar (spmd_types' Scalar, unwrapped to a number)
// with call.argument_value.
[[nodiscard]] bool require_tensor_values(Context& ctx, const LocalCall& call);

// An `ints` (or `int`) parameter as a list, an int being a list of one;
// nullopt when it is None or not given without a default. The span points
// into the call's argument or the row's default.
std::optional<std::span<const int64_t>> int_list(const LocalCall& call, std::string_view param);

// Canonical dims against `positions` (canonical_dim: shape.dim_range, or
// shape.scalar_operand when positions is 0), refusing a repeated one with
// shape.dim_repeated unless `repeats_allowed`. Writes them to `out` (at
// least dims.size() entries; the caller checks the count against kMaxRank).
[[nodiscard]] bool canonical_dims(Context& ctx, const LocalCall& call, std::string_view param, std::span<const int64_t> dims, int positions,
                                  std::span<int64_t> out, bool repeats_allowed = false);

// Fails with shape.rank_limit unless a result of `rank` dims fits a Shape.
[[nodiscard]] bool check_result_rank(Context& ctx, const LocalCall& call, int64_t rank);
// The result, after shape.size_limit and shape.empty.
std::optional<Shape> checked_result(Context& ctx, const LocalCall& call, const Shape& out);

// Element count, or nullopt above 2^62 (no PyTorch tensor is that large; a
// rule refuses such a call rather than overflow).
std::optional<int64_t> element_count(std::span<const int64_t> dims);
inline std::span<const int64_t> dims_of(const Shape& s) { return {s.dims.data(), s.rank}; }

// a * b, or nullopt above kMaxDimSize (both non-negative).
std::optional<int64_t> checked_dim_product(int64_t a, int64_t b);

// Fails with a row that reads {op}, {param}, {want} and {got}.
Rejected fail_param(Context& ctx, std::string_view id, const LocalCall& call, std::string_view param, std::string want, std::string got);

// The parts' registrations.
void register_stack_shapes(ShapeFns& fns);    // stack, hstack, vstack, dstack, column_stack, block_diag
void register_reshape_shapes(ShapeFns& fns);  // reshape, view, view_as, flatten, unflatten, ravel, expand, expand_as
void register_permute_shapes(ShapeFns& fns);  // permute, movedim, swapaxes, t, reverse_dims, matrix_transpose, squeeze, unsqueeze
void register_repeat_shapes(ShapeFns& fns);   // flip, fliplr, flipud, roll, diagonal, repeat, tile, repeat_interleave, unfold

// Adapts a one-result rule to a ShapeFn.
template <std::optional<Shape> (*F)(Context&, const LocalCall&)>
std::optional<ResultShapes> one(Context& ctx, const LocalCall& call) {
  return single_result(F(ctx, call));
}

}  // namespace spmdcheck::check::structure
