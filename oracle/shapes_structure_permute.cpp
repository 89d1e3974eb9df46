// Shape rules that reorder, drop or add dims: permute, movedim, swapaxes, t,
// reverse_dims (T), matrix_transpose (mT), squeeze and unsqueeze, with
// ATen's dim wrapping (a 0-d tensor wraps dims as if it had one, where
// maybe_wrap_dim does).
#include <algorithm>

#include "oracle/shapes_structure.h"

namespace spmdcheck::check::structure {
namespace {

// Dim lists hold each dim once; a list longer than the positions repeats
// one, so only its first positions + 1 entries are canonicalised (which
// fails with shape.dim_range or shape.dim_repeated).
using DimBuffer = std::array<int64_t, kMaxRank + 1>;
[[nodiscard]] bool distinct_dims(Context& ctx, const LocalCall& call, std::string_view param, std::span<const int64_t> dims, int positions,
                                 DimBuffer& out) {
  return canonical_dims(ctx, call, param, dims.first(std::min<size_t>(dims.size(), static_cast<size_t>(positions) + 1)), positions, out);
}

Shape permuted(const Shape& in, std::span<const int64_t> order) {
  Shape out = in;
  for (int i = 0; i < in.rank; ++i) out.dims[i] = in.dims[order[i]];
  return out;
}

// permute(input, dims): every dim exactly once.
std::optional<Shape> permute(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::span<const int64_t> dims = int_list(call, "dims").value_or(std::span<const int64_t>{});
  if (dims.size() != in.rank)
    return fail_param(ctx, "shape.dim_count", call, "dims", std::to_string(in.rank) + " entries (one per dim)",
                      std::to_string(dims.size()));
  DimBuffer order{};
  if (!distinct_dims(ctx, call, "dims", dims, in.rank, order)) return std::nullopt;
  return permuted(in, order);
}

// movedim(input, source, destination): source[i] goes to destination[i],
// the other dims keep their order; both lists of one length, each without
// repeats, wrapped as against rank max(rank, 1). A 0-d input is unchanged.
std::optional<Shape> movedim(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::span<const int64_t> src = int_list(call, "source").value_or(std::span<const int64_t>{});
  const std::span<const int64_t> dst = int_list(call, "destination").value_or(std::span<const int64_t>{});
  if (src.size() != dst.size())
    return fail_param(ctx, "shape.dim_count", call, "destination", std::to_string(src.size()) + " entries (as many as source)",
                      std::to_string(dst.size()));
  const int positions = std::max<int>(in.rank, 1);
  DimBuffer from{}, to{};
  if (!distinct_dims(ctx, call, "source", src, positions, from) || !distinct_dims(ctx, call, "destination", dst, positions, to))
    return std::nullopt;
  if (in.rank == 0) return in;
  std::array<int64_t, kMaxRank> order{};
  std::array<bool, kMaxRank> moved_from{}, moved_to{};
  for (size_t i = 0; i < src.size(); ++i) {
    order[to[i]] = from[i];
    moved_from[from[i]] = moved_to[to[i]] = true;
  }
  for (int j = 0, rest = 0; j < in.rank; ++j) {
    if (moved_to[j]) continue;
    while (moved_from[rest]) ++rest;
    order[j] = rest++;
  }
  return permuted(in, order);
}

// swapaxes(input, axis0, axis1): transpose's rule under numpy's names.
std::optional<Shape> swapaxes(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const int positions = std::max<int>(in.rank, 1);
  const std::optional<int64_t> a = canonical_dim(ctx, call.int_arg("axis0").value_or(0), positions, call.b.op, call.loc("axis0"));
  if (!a) return std::nullopt;
  const std::optional<int64_t> b = canonical_dim(ctx, call.int_arg("axis1").value_or(0), positions, call.b.op, call.loc("axis1"));
  if (!b) return std::nullopt;
  Shape out = in;
  if (in.rank > 0) std::swap(out.dims[*a], out.dims[*b]);
  return out;
}

Rejected fail_rank(Context& ctx, const LocalCall& call, std::string want) {
  return ctx.fail("shape.operand_rank", call.operands[0].loc,
                  {{"param", call.op.params[call.operands[0].param].name},
                   {"op", call.b.op},
                   {"want", std::move(want)},
                   {"got", shape_to_string(call.operands[0].shape)}});
}

// t(input): at most 2 dims; a matrix is transposed, fewer dims are kept.
std::optional<Shape> t2d(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  Shape out = call.operands[0].shape;
  if (out.rank > 2) return fail_rank(ctx, call, "at most 2");
  if (out.rank == 2) std::swap(out.dims[0], out.dims[1]);
  return out;
}

// T (Tensor.T): every dim reversed (PyTorch warns for rank other than 2).
std::optional<Shape> reverse_dims(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  Shape out = call.operands[0].shape;
  std::reverse(out.dims.begin(), out.dims.begin() + out.rank);
  return out;
}

// mT (Tensor.mT): the last two dims swapped; at least 2 dims.
std::optional<Shape> matrix_transpose(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  Shape out = call.operands[0].shape;
  if (out.rank < 2) return fail_rank(ctx, call, "at least 2");
  std::swap(out.dims[out.rank - 2], out.dims[out.rank - 1]);
  return out;
}

// squeeze(input, dim=None): None drops every size-1 dim; an int or a list
// (PyTorch 2.x) drops those of its dims that have size 1 and keeps the
// others; the list holds each dim once, wrapped as against rank max(rank, 1).
std::optional<Shape> squeeze(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  std::array<bool, kMaxRank + 1> named{};
  if (const std::optional<std::span<const int64_t>> dims = int_list(call, "dim")) {
    DimBuffer canonical{};
    if (!distinct_dims(ctx, call, "dim", *dims, std::max<int>(in.rank, 1), canonical)) return std::nullopt;
    for (size_t i = 0; i < dims->size(); ++i) named[canonical[i]] = true;
  } else {
    named.fill(true);
  }
  Shape out;
  for (int i = 0; i < in.rank; ++i)
    if (!(named[i] && in.dims[i] == 1)) out.dims[out.rank++] = in.dims[i];
  return out;
}

// unsqueeze(input, dim): a size-1 dim at dim, canonical against rank + 1.
std::optional<Shape> unsqueeze(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  if (!check_result_rank(ctx, call, in.rank + 1)) return std::nullopt;
  const std::optional<int64_t> d = canonical_dim(ctx, call.int_arg("dim").value_or(0), in.rank + 1, call.b.op, call.loc("dim"));
  if (!d) return std::nullopt;
  Shape out;
  out.rank = static_cast<uint8_t>(in.rank + 1);
  for (int i = 0, k = 0; i < out.rank; ++i) out.dims[i] = i == *d ? 1 : in.dims[k++];
  return out;
}

}  // namespace

void register_permute_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Permute)] = one<permute>;
  fns[static_cast<int>(ShapeRule::Movedim)] = one<movedim>;
  fns[static_cast<int>(ShapeRule::Swapaxes)] = one<swapaxes>;
  fns[static_cast<int>(ShapeRule::T2D)] = one<t2d>;
  fns[static_cast<int>(ShapeRule::ReverseDims)] = one<reverse_dims>;
  fns[static_cast<int>(ShapeRule::MatrixTranspose)] = one<matrix_transpose>;
  fns[static_cast<int>(ShapeRule::Squeeze)] = one<squeeze>;
  fns[static_cast<int>(ShapeRule::Unsqueeze)] = one<unsqueeze>;
}

}  // namespace spmdcheck::check::structure
