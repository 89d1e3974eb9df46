// Argument generators of the shape and structure ops that reshape or
// broadcast: reshape, view, view_as, flatten, unflatten, ravel, expand
// (broadcast_to) and expand_as.
#include <algorithm>

#include "generators/structure_op_args.h"

namespace spmdcheck::gen::structure {
namespace {

// Sizes for `count` elements, sometimes with one of them -1 (inferred).
std::vector<int64_t> sizes_for(Context& ctx, int64_t count, int max_rank) {
  const Shape s = factor_shape(ctx, count, max_rank);
  std::vector<int64_t> v(s.dims.begin(), s.dims.begin() + s.rank);
  if (!v.empty() && ctx.chance(40)) v[ctx.pick(v.size())] = -1;
  return v;
}

// reshape(input, shape) and view(input, size).
template <const char* kParam>
bool reshape_to(Context& ctx, OpPlan& plan) {
  set(plan, kParam, ints_value(ctx, sizes_for(ctx, elements(plan.anchor_shape), kMaxRank)));
  return true;
}
constexpr char kShape[] = "shape";
constexpr char kSize[] = "size";

// view_as: another shape of as many elements (now and then the same one).
bool view_as(Context& ctx, OpPlan& plan) {
  if (!ctx.chance(20)) plan.shapes[1] = factor_shape(ctx, elements(plan.anchor_shape), kMaxRank);
  return true;
}

// flatten: start_dim <= end_dim, either or both left to their defaults.
bool flatten(Context& ctx, OpPlan& plan) {
  const int positions = std::max<int>(plan.anchor_shape.rank, 1);
  const bool start = ctx.chance(60), end = ctx.chance(60);
  const int64_t s = start ? static_cast<int64_t>(ctx.pick(positions)) : 0;
  const int64_t e = end ? s + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(positions - s))) : positions - 1;
  if (start) set(plan, "start_dim", ArgValue::of_int(signed_dim(ctx, s, positions)));
  if (end) set(plan, "end_dim", ArgValue::of_int(signed_dim(ctx, e, positions)));
  return true;
}

// unflatten: one dim into 1-3 sizes of its size (one may be -1).
bool unflatten(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  const int64_t d = static_cast<int64_t>(ctx.pick(a.rank));
  const int room = std::min(3, kMaxRank - a.rank + 1);
  set(plan, "dim", ArgValue::of_int(signed_dim(ctx, d, a.rank)));
  std::vector<int64_t> sizes = sizes_for(ctx, a.dims[d], room);
  if (sizes.empty()) sizes.push_back(ctx.chance(50) ? 1 : -1);  // a size-1 dim: [1] or [-1]
  set(plan, "sizes", ArgValue::of_ints(std::move(sizes)));
  return true;
}

bool nothing(Context&, OpPlan&) { return true; }

// A shape `a` expands to: each size-1 dim to a new size (or kept), each
// other dim kept, 0-2 new leading dims; with `minus`, kept dims are
// sometimes written -1. Within kMaxGrownElements (else `a` itself).
std::vector<int64_t> expanded(Context& ctx, const Shape& a, bool minus) {
  std::vector<int64_t> out;
  const int leading = static_cast<int>(ctx.pick(std::min(3, kMaxRank - a.rank + 1)));
  for (int i = 0; i < leading; ++i) out.push_back(random_size(ctx));
  for (int i = 0; i < a.rank; ++i) {
    const int64_t size = a.dims[i] == 1 && ctx.chance(60) ? random_size(ctx) : a.dims[i];
    out.push_back(minus && size == a.dims[i] && ctx.chance(40) ? -1 : size);
  }
  int64_t count = 1;
  for (size_t i = 0; i < out.size(); ++i) count *= out[i] < 0 ? a.dims[i - leading] : out[i];
  if (count > kMaxGrownElements) out.assign(a.dims.begin(), a.dims.begin() + a.rank);
  return out;
}

// expand(input, size), broadcast_to(input, size).
bool expand(Context& ctx, OpPlan& plan) {
  set(plan, "size", ints_value(ctx, expanded(ctx, plan.anchor_shape, true)));
  return true;
}

// expand_as: other has an expanded shape.
bool expand_as(Context& ctx, OpPlan& plan) {
  const std::vector<int64_t> sizes = expanded(ctx, plan.anchor_shape, false);
  Shape s;
  s.rank = static_cast<uint8_t>(sizes.size());
  std::copy(sizes.begin(), sizes.end(), s.dims.begin());
  plan.shapes[1] = s;
  return true;
}

}  // namespace

void register_reshape_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Reshape)] = reshape_to<kShape>;
  g[static_cast<int>(ShapeRule::View)] = reshape_to<kSize>;
  g[static_cast<int>(ShapeRule::ViewAs)] = view_as;
  g[static_cast<int>(ShapeRule::Flatten)] = flatten;
  g[static_cast<int>(ShapeRule::Unflatten)] = unflatten;
  g[static_cast<int>(ShapeRule::Ravel)] = nothing;
  g[static_cast<int>(ShapeRule::Expand)] = expand;
  g[static_cast<int>(ShapeRule::ExpandAs)] = expand_as;
}

}  // namespace spmdcheck::gen::structure
