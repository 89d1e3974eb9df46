// Shape rules that keep the shape while moving elements (flip, fliplr,
// flipud, roll), select a diagonal, repeat elements (repeat, tile,
// repeat_interleave) or take sliding windows (unfold), as ATen computes them.
#include <algorithm>

#include "oracle/shapes_structure.h"

namespace spmdcheck::check::structure {
namespace {

// flip(input, dims): the shape kept; dims wrapped as against rank
// max(rank, 1), each once (a longer list repeats one: only its first
// positions + 1 entries need checking).
std::optional<Shape> flip(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const int positions = std::max<int>(in.rank, 1);
  const std::span<const int64_t> dims = int_list(call, "dims").value_or(std::span<const int64_t>{});
  std::array<int64_t, kMaxRank + 1> canonical{};
  if (!canonical_dims(ctx, call, "dims", dims.first(std::min<size_t>(dims.size(), static_cast<size_t>(positions) + 1)), positions,
                      canonical))
    return std::nullopt;
  return in;
}

// fliplr(input) needs 2 dims, flipud(input) one; both keep the shape.
std::optional<Shape> fliplr(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  if (in.rank < 2)
    return ctx.fail(
        "shape.operand_rank", call.operands[0].loc,
        {{"param", call.op.params[call.operands[0].param].name}, {"op", call.b.op}, {"want", "at least 2"}, {"got", shape_to_string(in)}});
  return in;
}

std::optional<Shape> flipud(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call) || !require_tensor_operands(ctx, call)) return std::nullopt;
  return call.operands[0].shape;
}

// roll(input, shifts, dims=None): without dims one shift of the flattened
// input; with dims one shift per dim (a dim may repeat: it is rolled twice),
// each dim within the rank (a 0-d input has none: shape.scalar_operand).
std::optional<Shape> roll(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::span<const int64_t> shifts = int_list(call, "shifts").value_or(std::span<const int64_t>{});
  const std::span<const int64_t> dims = int_list(call, "dims").value_or(std::span<const int64_t>{});
  if (shifts.empty()) return fail_param(ctx, "shape.dim_count", call, "shifts", "at least 1 entry", "0");
  if (dims.empty() && shifts.size() != 1)
    return fail_param(ctx, "shape.dim_count", call, "shifts", "1 entry (no dims given)", std::to_string(shifts.size()));
  if (!dims.empty() && dims.size() != shifts.size())
    return fail_param(ctx, "shape.dim_count", call, "shifts", std::to_string(dims.size()) + " entries (one per dim)",
                      std::to_string(shifts.size()));
  for (int64_t d : dims)
    if (!canonical_dim(ctx, d, in.rank, call.b.op, call.loc("dims"))) return std::nullopt;
  return in;
}

// diagonal(input, offset=0, dim1=0, dim2=1): dim1 and dim2 (distinct)
// dropped, the diagonal at `offset` appended: its length
// max(min(size1, size2 - offset), 0) for offset >= 0, else
// max(min(size1 + offset, size2), 0) (0 is refused: shape.empty).
std::optional<Shape> diagonal(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const int positions = std::max<int>(in.rank, 1);
  const std::optional<int64_t> d1 = canonical_dim(ctx, call.int_arg("dim1").value_or(0), positions, call.b.op, call.loc("dim1"));
  if (!d1) return std::nullopt;
  const std::optional<int64_t> d2 = canonical_dim(ctx, call.int_arg("dim2").value_or(1), positions, call.b.op, call.loc("dim2"));
  if (!d2) return std::nullopt;
  if (*d1 == *d2) return ctx.fail("shape.dim_repeated", call.loc("dim2"), {{"op", call.b.op}, {"dim", std::to_string(*d2)}});
  const int64_t offset = call.int_arg("offset").value_or(0);
  const int64_t s1 = in.dims[*d1], s2 = in.dims[*d2];
  const int64_t length = std::max<int64_t>(offset >= 0 ? std::min(s1, s2 - offset) : std::min(s1 + offset, s2), 0);
  Shape out;
  for (int i = 0; i < in.rank; ++i)
    if (i != *d1 && i != *d2) out.dims[out.rank++] = in.dims[i];
  out.dims[out.rank++] = length;
  return checked_result(ctx, call, out);
}

// Tensor.repeat's rule: at least one count per dim, counts >= 0, the input
// padded with leading size-1 dims to the counts' length, each dim times its
// count.
std::optional<Shape> repeat_counts(Context& ctx, const LocalCall& call, std::string_view param, std::span<const int64_t> counts) {
  const Shape& in = call.operands[0].shape;
  if (counts.size() < in.rank)
    return fail_param(ctx, "shape.dim_count", call, param, "at least " + std::to_string(in.rank) + " entries (one per dim)",
                      std::to_string(counts.size()));
  if (!check_result_rank(ctx, call, static_cast<int64_t>(counts.size()))) return std::nullopt;
  Shape out;
  out.rank = static_cast<uint8_t>(counts.size());
  const int extra = out.rank - in.rank;
  for (int i = 0; i < out.rank; ++i) {
    if (counts[i] < 0) return fail_param(ctx, "shape.size_value", call, param, ">= 0", std::to_string(counts[i]));
    const std::optional<int64_t> size = checked_dim_product(i < extra ? 1 : in.dims[i - extra], counts[i]);
    if (!size)
      return ctx.fail("shape.size_limit", call.b.op_loc,
                      {{"op", call.b.op}, {"want", std::to_string(kMaxDimSize)}, {"got", "a dim times " + std::to_string(counts[i])}});
    out.dims[i] = *size;
  }
  return checked_result(ctx, call, out);
}

// repeat(input, repeats).
std::optional<Shape> repeat(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  return repeat_counts(ctx, call, "repeats", int_list(call, "repeats").value_or(std::span<const int64_t>{}));
}

// tile(input, dims): repeat, with fewer counts than dims padded by leading 1s.
std::optional<Shape> tile(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::span<const int64_t> dims = int_list(call, "dims").value_or(std::span<const int64_t>{});
  if (dims.size() >= in.rank) return repeat_counts(ctx, call, "dims", dims);
  std::array<int64_t, kMaxRank> padded{};
  const size_t extra = in.rank - dims.size();
  std::fill_n(padded.begin(), extra, 1);
  std::copy(dims.begin(), dims.end(), padded.begin() + static_cast<std::ptrdiff_t>(extra));
  return repeat_counts(ctx, call, "dims", std::span<const int64_t>(padded.data(), in.rank));
}

// repeat_interleave(input, repeats: int, dim=None, *, output_size=None):
// each element of dim (None: of the flattened input) `repeats` times;
// output_size, when given, must be the repeated dim's size (ATen sizes its
// buffer by it unchecked).
std::optional<Shape> repeat_interleave(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const int64_t repeats = call.int_arg("repeats").value_or(1);
  if (repeats < 0) return fail_param(ctx, "shape.size_value", call, "repeats", ">= 0", std::to_string(repeats));
  Shape out = in;
  int64_t d = 0;
  if (const std::optional<int64_t> dim = call.int_arg("dim")) {
    const std::optional<int64_t> c = canonical_dim(ctx, *dim, in.rank, call.b.op, call.loc("dim"));
    if (!c) return std::nullopt;
    d = *c;
  } else {
    const std::optional<int64_t> n = element_count(dims_of(in));
    out.rank = 1;
    out.dims[0] = n && *n <= kMaxDimSize ? *n : kMaxDimSize + 1;
  }
  const std::optional<int64_t> size = checked_dim_product(out.dims[d], repeats);
  if (!size)
    return ctx.fail("shape.size_limit", call.b.op_loc,
                    {{"op", call.b.op}, {"want", std::to_string(kMaxDimSize)}, {"got", "a dim times " + std::to_string(repeats)}});
  out.dims[d] = *size;
  if (const std::optional<int64_t> given = call.int_arg("output_size"); given && *given != *size)
    return fail_param(ctx, "shape.size_value", call, "output_size", std::to_string(*size) + " (the repeated dim's size)",
                      std::to_string(*given));
  return checked_result(ctx, call, out);
}

// Tensor.unfold(dimension, size, step): windows of `size` (at most the
// dim's size; a 0-d input counts as size 1) every `step` (>= 1) along
// dimension: that dim becomes the window count (size_d - size) / step + 1
// and a dim of `size` is appended.
std::optional<Shape> unfold(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d =
      canonical_dim(ctx, call.int_arg("dimension").value_or(0), std::max<int>(in.rank, 1), call.b.op, call.loc("dimension"));
  if (!d) return std::nullopt;
  const int64_t max_size = in.rank == 0 ? 1 : in.dims[*d];
  const int64_t size = call.int_arg("size").value_or(1), step = call.int_arg("step").value_or(1);
  if (size > max_size)
    return fail_param(ctx, "shape.size_value", call, "size", "at most " + std::to_string(max_size), std::to_string(size));
  if (size < 0) return fail_param(ctx, "shape.size_value", call, "size", ">= 0", std::to_string(size));
  if (step <= 0) return fail_param(ctx, "shape.size_value", call, "step", ">= 1", std::to_string(step));
  if (!check_result_rank(ctx, call, in.rank + 1)) return std::nullopt;
  Shape out = in;
  if (in.rank > 0) out.dims[*d] = (in.dims[*d] - size) / step + 1;
  out.dims[out.rank++] = size;
  return checked_result(ctx, call, out);
}

}  // namespace

void register_repeat_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Flip)] = one<flip>;
  fns[static_cast<int>(ShapeRule::FlipLR)] = one<fliplr>;
  fns[static_cast<int>(ShapeRule::FlipUD)] = one<flipud>;
  fns[static_cast<int>(ShapeRule::Roll)] = one<roll>;
  fns[static_cast<int>(ShapeRule::Diagonal)] = one<diagonal>;
  fns[static_cast<int>(ShapeRule::Repeat)] = one<repeat>;
  fns[static_cast<int>(ShapeRule::Tile)] = one<tile>;
  fns[static_cast<int>(ShapeRule::RepeatInterleave)] = one<repeat_interleave>;
  fns[static_cast<int>(ShapeRule::Unfold)] = one<unfold>;
}

}  // namespace spmdcheck::check::structure
