// Argument generators of the shape and structure ops that reorder, drop or
// add dims: permute, movedim, swapaxes, t, T, mT, squeeze and unsqueeze.
#include <algorithm>

#include "generators/structure_op_args.h"

namespace spmdcheck::gen::structure {
namespace {

// permute: a random order of every dim.
bool permute(Context& ctx, OpPlan& plan) {
  const int r = plan.anchor_shape.rank;
  const std::vector<int64_t> order = distinct_dims(ctx, r, r);
  set(plan, "dims", dims_value(ctx, order, r));
  return true;
}

// movedim: 1 .. rank distinct sources to as many distinct destinations
// (a 0-d input has one position, dim 0 or -1).
bool movedim(Context& ctx, OpPlan& plan) {
  const int positions = std::max<int>(plan.anchor_shape.rank, 1);
  const int k = 1 + static_cast<int>(ctx.pick(static_cast<uint64_t>(positions)));
  set(plan, "source", dims_value(ctx, distinct_dims(ctx, k, positions), positions));
  set(plan, "destination", dims_value(ctx, distinct_dims(ctx, k, positions), positions));
  return true;
}

bool swapaxes(Context& ctx, OpPlan& plan) {
  const int positions = std::max<int>(plan.anchor_shape.rank, 1);
  for (const char* p : {"axis0", "axis1"})
    set(plan, p, ArgValue::of_int(signed_dim(ctx, static_cast<int64_t>(ctx.pick(positions)), positions)));
  return true;
}

// t: only a tensor of at most 2 dims.
bool t2d(Context&, OpPlan& plan) { return plan.anchor_shape.rank <= 2; }

bool nothing(Context&, OpPlan&) { return true; }

// squeeze: no dim (every size-1 dim), or an int or list of distinct dims,
// the size-1 ones among them more often than not.
bool squeeze(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  if (ctx.chance(30)) return true;
  const int positions = std::max<int>(a.rank, 1);
  std::vector<int64_t> dims;
  for (int i = 0; i < a.rank; ++i)
    if (a.dims[i] == 1 && ctx.chance(70)) dims.push_back(i);
  for (int64_t d : distinct_dims(ctx, 1 + static_cast<int>(ctx.pick(std::min(positions, 2))), positions))
    if (std::find(dims.begin(), dims.end(), d) == dims.end() && (dims.empty() || ctx.chance(40))) dims.push_back(d);
  for (size_t i = 1; i < dims.size(); ++i) std::swap(dims[i], dims[ctx.pick(i + 1)]);
  set(plan, "dim", dims_value(ctx, dims, positions));
  return true;
}

// unsqueeze: a new dim at any of rank + 1 positions.
bool unsqueeze(Context& ctx, OpPlan& plan) {
  const int r = plan.anchor_shape.rank;
  if (r >= kMaxRank) return false;
  set(plan, "dim", ArgValue::of_int(signed_dim(ctx, static_cast<int64_t>(ctx.pick(r + 1u)), r + 1)));
  return true;
}

}  // namespace

void register_dims_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Permute)] = permute;
  g[static_cast<int>(ShapeRule::Movedim)] = movedim;
  g[static_cast<int>(ShapeRule::Swapaxes)] = swapaxes;
  g[static_cast<int>(ShapeRule::T2D)] = t2d;
  g[static_cast<int>(ShapeRule::ReverseDims)] = nothing;
  g[static_cast<int>(ShapeRule::MatrixTranspose)] = nothing;
  g[static_cast<int>(ShapeRule::Squeeze)] = squeeze;
  g[static_cast<int>(ShapeRule::Unsqueeze)] = unsqueeze;
}

}  // namespace spmdcheck::gen::structure
