// Shape rules that give an input's elements another shape or broadcast them:
// reshape, view, view_as, flatten, unflatten, ravel, expand (broadcast_to)
// and expand_as, with ATen's infer_size and inferExpandGeometry.
#include <algorithm>

#include "oracle/shapes_structure.h"

namespace spmdcheck::check::structure {
namespace {

std::string ints_text(std::span<const int64_t> v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

std::string elements_text(const Shape& s) {
  const std::optional<int64_t> n = element_count(dims_of(s));
  return shape_to_string(s) + " (" + (n ? std::to_string(*n) : std::string("over 2^62")) + " elements)";
}

Rejected fail_size(Context& ctx, const LocalCall& call, const std::string& got) {
  return ctx.fail("shape.size_limit", call.b.op_loc, {{"op", call.b.op}, {"want", std::to_string(kMaxDimSize)}, {"got", got}});
}

// ATen's infer_size: `sizes` for `numel` elements, at most one -1 (inferred),
// none below -1, their product the element count. Writes the sizes to `out`
// from index `at`; `what` names the input in the message.
[[nodiscard]] bool infer_sizes(Context& ctx, const LocalCall& call, std::string_view param, std::span<const int64_t> sizes,
                               std::optional<int64_t> numel, const std::string& what, Shape& out, int at) {
  auto refuse = [&] { return ctx.fail("shape.reshape", call.loc(param), {{"op", call.b.op}, {"want", what}, {"got", ints_text(sizes)}}); };
  int inferred = -1;
  int64_t known = 1;
  bool overflow = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      if (inferred >= 0) return refuse();  // only one dimension can be inferred
      inferred = static_cast<int>(i);
    } else if (sizes[i] < -1) {
      return refuse();  // invalid shape dimension
    } else {
      const int64_t pair[] = {known, sizes[i]};
      const std::optional<int64_t> p = element_count(pair);
      overflow = overflow || !p;
      known = p.value_or(0);
    }
  }
  if (!numel || overflow) return refuse();
  if (*numel != known && !(inferred >= 0 && known > 0 && *numel % known == 0)) return refuse();
  for (size_t i = 0; i < sizes.size(); ++i) out.dims[at + i] = static_cast<int>(i) == inferred ? *numel / known : sizes[i];
  return true;
}

// reshape(input, shape) and view(input, size): the sizes are parameter
// `param`. spmdcheck's values are contiguous, so view's stride condition
// always holds and view is reshape.
std::optional<Shape> reshape_to(Context& ctx, const LocalCall& call, std::string_view param) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::span<const int64_t> sizes = int_list(call, param).value_or(std::span<const int64_t>{});
  if (!check_result_rank(ctx, call, static_cast<int64_t>(sizes.size()))) return std::nullopt;
  Shape out;
  out.rank = static_cast<uint8_t>(sizes.size());
  if (!infer_sizes(ctx, call, param, sizes, element_count(dims_of(in)), elements_text(in), out, 0)) return std::nullopt;
  return checked_result(ctx, call, out);
}

std::optional<Shape> reshape(Context& ctx, const LocalCall& call) { return reshape_to(ctx, call, "shape"); }
std::optional<Shape> view(Context& ctx, const LocalCall& call) { return reshape_to(ctx, call, "size"); }

// view_as(input, other): input.view(other.size()); only other's shape is read.
std::optional<Shape> view_as(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const Shape& other = call.operands[1].shape;
  const std::optional<int64_t> a = element_count(dims_of(in)), b = element_count(dims_of(other));
  if (!a || !b || *a != *b)
    return ctx.fail("shape.reshape", call.operands[1].loc, {{"op", call.b.op}, {"want", elements_text(in)}, {"got", elements_text(other)}});
  return other;
}

// flatten(input, start_dim=0, end_dim=-1): dims start_dim..end_dim become
// one (a 0-d input becomes [1]); both wrap as against rank max(rank, 1).
std::optional<Shape> flatten(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const int positions = std::max<int>(in.rank, 1);
  const std::optional<int64_t> s = canonical_dim(ctx, call.int_arg("start_dim").value_or(0), positions, call.b.op, call.loc("start_dim"));
  if (!s) return std::nullopt;
  const std::optional<int64_t> e = canonical_dim(ctx, call.int_arg("end_dim").value_or(-1), positions, call.b.op, call.loc("end_dim"));
  if (!e) return std::nullopt;
  if (*s > *e)
    return ctx.fail("shape.dim_order", call.loc("start_dim"),
                    {{"op", call.b.op}, {"want", std::to_string(*s)}, {"got", std::to_string(*e)}});
  if (in.rank == 0) {
    Shape out;
    out.rank = 1;
    out.dims[0] = 1;
    return out;
  }
  const std::optional<int64_t> merged = element_count(std::span<const int64_t>(in.dims.data() + *s, static_cast<size_t>(*e - *s + 1)));
  if (!merged || *merged > kMaxDimSize)
    return fail_size(ctx, call, "the product of dims " + std::to_string(*s) + " to " + std::to_string(*e));
  Shape out;
  for (int i = 0; i < in.rank; ++i) {
    if (i < *s || i > *e)
      out.dims[out.rank++] = in.dims[i];
    else if (i == *s)
      out.dims[out.rank++] = *merged;
  }
  return out;
}

// unflatten(input, dim, sizes): dim (of a tensor of at least one dim)
// becomes the non-empty `sizes`, one of them -1 at most (inferred).
std::optional<Shape> unflatten(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = canonical_dim(ctx, call.int_arg("dim").value_or(0), in.rank, call.b.op, call.loc("dim"));
  if (!d) return std::nullopt;
  const std::span<const int64_t> sizes = int_list(call, "sizes").value_or(std::span<const int64_t>{});
  const std::string what = "dim " + std::to_string(*d) + " of size " + std::to_string(in.dims[*d]);
  if (sizes.empty()) return ctx.fail("shape.reshape", call.loc("sizes"), {{"op", call.b.op}, {"want", what}, {"got", "[]"}});
  if (!check_result_rank(ctx, call, in.rank - 1 + static_cast<int64_t>(sizes.size()))) return std::nullopt;
  Shape out;
  out.rank = static_cast<uint8_t>(in.rank - 1 + static_cast<int>(sizes.size()));
  if (!infer_sizes(ctx, call, "sizes", sizes, in.dims[*d], what, out, static_cast<int>(*d))) return std::nullopt;
  for (int i = 0; i < *d; ++i) out.dims[i] = in.dims[i];
  for (int i = static_cast<int>(*d) + 1; i < in.rank; ++i) out.dims[i - 1 + static_cast<int>(sizes.size())] = in.dims[i];
  return checked_result(ctx, call, out);
}

// ravel(input): every element along one dim.
std::optional<Shape> ravel(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const std::optional<int64_t> n = element_count(dims_of(call.operands[0].shape));
  if (!n || *n > kMaxDimSize) return fail_size(ctx, call, "the input's element count");
  Shape out;
  out.rank = 1;
  out.dims[0] = *n;
  return out;
}

// ATen's inferExpandGeometry: `sizes` aligned with the input's trailing
// dims; a size-1 dim takes its target, -1 keeps an existing dim, new dims
// lead (and may not be -1); no result dim below 0. A 0-d input takes the
// sizes as they are. `param`: the sizes' parameter (null for expand_as).
std::optional<Shape> expand_to(Context& ctx, const LocalCall& call, std::span<const int64_t> sizes, const char* param, SourceLoc at) {
  const Shape& in = call.operands[0].shape;
  if (sizes.size() < in.rank) {
    if (param)
      return fail_param(ctx, "shape.dim_count", call, param, "at least " + std::to_string(in.rank) + " entries (one per dim)",
                        std::to_string(sizes.size()));
    return ctx.fail("shape.expand", at, {{"op", call.b.op}, {"want", shape_to_string(in)}, {"got", ints_text(sizes)}});
  }
  if (!check_result_rank(ctx, call, static_cast<int64_t>(sizes.size()))) return std::nullopt;
  Shape out;
  out.rank = static_cast<uint8_t>(sizes.size());
  const int ndim = out.rank;
  for (int i = ndim - 1; i >= 0; --i) {
    const int dim = in.rank - (ndim - i);
    int64_t size = dim >= 0 ? in.dims[dim] : 1;
    int64_t target = sizes[i];
    bool ok = true;
    if (in.rank == 0) {
      size = target;  // PyTorch takes a 0-d input's target sizes as given
    } else {
      if (target == -1) {
        ok = dim >= 0;  // -1 is not allowed in a leading, new dim
        target = size;
      }
      if (size != target) {
        ok = ok && size == 1;
        size = target;
      }
    }
    if (!ok || size < 0) return ctx.fail("shape.expand", at, {{"op", call.b.op}, {"want", shape_to_string(in)}, {"got", ints_text(sizes)}});
    out.dims[i] = size;
  }
  return checked_result(ctx, call, out);
}

// expand(input, size) and broadcast_to(input, size).
std::optional<Shape> expand(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  return expand_to(ctx, call, int_list(call, "size").value_or(std::span<const int64_t>{}), "size", call.loc("size"));
}

// expand_as(input, other): input.expand(other.size()); only other's shape is
// read.
std::optional<Shape> expand_as(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const Shape& other = call.operands[1].shape;
  return expand_to(ctx, call, dims_of(other), nullptr, call.operands[1].loc);
}

}  // namespace

void register_reshape_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Reshape)] = one<reshape>;
  fns[static_cast<int>(ShapeRule::View)] = one<view>;
  fns[static_cast<int>(ShapeRule::ViewAs)] = one<view_as>;
  fns[static_cast<int>(ShapeRule::Flatten)] = one<flatten>;
  fns[static_cast<int>(ShapeRule::Unflatten)] = one<unflatten>;
  fns[static_cast<int>(ShapeRule::Ravel)] = one<ravel>;
  fns[static_cast<int>(ShapeRule::Expand)] = one<expand>;
  fns[static_cast<int>(ShapeRule::ExpandAs)] = one<expand_as>;
}

}  // namespace spmdcheck::check::structure
