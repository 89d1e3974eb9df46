// The argument generators of the numeric family's shape rules: scan, norm,
// gelu, clamp (generators/op_args.h). Each op of these kinds has one
// operand, the anchor; the generators choose the structural arguments.
#include <algorithm>
#include <iterator>

#include "generators/op_args.h"

namespace spmdcheck::gen {
namespace {

// cumsum/softmax/log_softmax: a dim of the input (either sign; a 0-d input
// takes 0 or -1).
bool scan(Context& ctx, OpPlan& plan) {
  const int positions = std::max<int>(plan.anchor_shape.rank, 1);
  const int64_t d = static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(positions)));
  plan.values[plan.op.param_index("dim")] = ArgValue::of_int(signed_dim(ctx, d, positions));
  return true;
}

// norm: dim and keepdim as the reduce rule chooses them, and an order p.
// The orders are the norms of use (1, 2, 3; 2 also spelt 2.0): below 1 the
// "norm" has no derivative bound at 0, and p = 0 counts non-zeros (a jump).
// p is always given, so the generic filler of number parameters (any
// literal, negative ones included) never picks it.
bool norm(Context& ctx, OpPlan& plan) {
  if (!args_generators()[static_cast<int>(ShapeRule::Reduce)](ctx, plan)) return false;
  static constexpr int64_t kOrders[] = {1, 2, 3};
  const int64_t p = kOrders[ctx.pick(std::size(kOrders))];
  plan.values[plan.op.param_index("p")] = p == 2 && ctx.chance(50) ? ArgValue::of_number(2.0) : ArgValue::of_int(p);
  return true;
}

// gelu: the default, or approximate "none" or "tanh" written out.
bool gelu(Context& ctx, OpPlan& plan) {
  ArgValue mode;
  mode.kind = ArgValue::Kind::String;
  switch (ctx.pick(3)) {
    case 0: return true;
    case 1: mode.text = "none"; break;
    default: mode.text = "tanh"; break;
  }
  plan.values[plan.op.param_index("approximate")] = std::move(mode);
  return true;
}

// clamp: both bounds, or only one (the other None by default or written
// out). Bounds are dyadic, like the data, so the exactness analysis (which
// does not see structural numbers) stays right; lo <= hi or not, as PyTorch
// allows both (hi wins).
bool clamp(Context& ctx, OpPlan& plan) {
  static constexpr double kBounds[] = {-1, -0.5, 0, 0.25, 0.75, 1.5};
  const int lo = plan.op.param_index("min"), hi = plan.op.param_index("max");
  const uint64_t which = ctx.pick(3);  // 0: both, 1: min only, 2: max only
  auto bound = [&] {
    const double b = kBounds[ctx.pick(std::size(kBounds))];
    return b == static_cast<double>(static_cast<int64_t>(b)) && ctx.chance(50) ? ArgValue::of_int(static_cast<int64_t>(b))
                                                                               : ArgValue::of_number(b);
  };
  plan.values[lo] =
      which == 2 ? (ctx.chance(30) ? std::optional<ArgValue>(ArgValue::of_none()) : std::nullopt) : std::optional<ArgValue>(bound());
  plan.values[hi] =
      which == 1 ? (ctx.chance(30) ? std::optional<ArgValue>(ArgValue::of_none()) : std::nullopt) : std::optional<ArgValue>(bound());
  return true;
}

}  // namespace

void register_numeric_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Scan)] = scan;
  g[static_cast<int>(ShapeRule::Norm)] = norm;
  g[static_cast<int>(ShapeRule::Gelu)] = gelu;
  g[static_cast<int>(ShapeRule::Clamp)] = clamp;
}

}  // namespace spmdcheck::gen
