// The argument generators of the factories (generators/op_args.h): sizes
// and ranges, mostly from the anchor's shape (a factory has no operands; the
// anchor, an existing value, lends its shape so that the result can meet
// it). A required number (full's fill_value) is given by generate_local_op.
#include "generators/op_args.h"

namespace spmdcheck::gen {
namespace {

int64_t random_size(Context& ctx) { return 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim))); }

// A length: the anchor's last dim (a result that broadcasts against it), or
// any.
int64_t length(Context& ctx, const OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  return a.rank > 0 && ctx.chance(60) ? a.dims[a.rank - 1] : random_size(ctx);
}

ArgValue number(double x, bool as_int) { return as_int ? ArgValue::of_int(static_cast<int64_t>(x)) : ArgValue::of_number(x); }

// zeros(size), ones(size), full(size, fill_value): the anchor's shape or
// another; a single size sometimes as an int (`zeros(3)`).
bool sized(Context& ctx, OpPlan& plan) {
  const Shape s = ctx.chance(70) ? plan.anchor_shape : ctx.random_shape(0, ctx.settings.max_rank);
  std::vector<int64_t> size(s.dims.begin(), s.dims.begin() + s.rank);
  plan.values[plan.op.param_index("size")] = size.size() == 1 && ctx.chance(40) ? ArgValue::of_int(size[0]) : ArgValue::of_ints(size);
  return true;
}

// arange(start, end, step=1) of n elements: end lies past the last element
// by a fraction of the step, so the size is ceil((end - start) / step) = n.
// All integers (an i64 result) or numbers (f32).
bool arange(Context& ctx, OpPlan& plan) {
  static constexpr double kSteps[] = {1, 2, 0.5, -1, -0.25, 3};
  static constexpr double kPast[] = {1, 0.5, 0.25};
  const double step = kSteps[ctx.pick(std::size(kSteps))];
  const double start = random_literal(ctx);
  const double past = kPast[ctx.pick(std::size(kPast))];
  const double end = start + (static_cast<double>(length(ctx, plan)) - 1 + past) * step;
  const bool integral = start == static_cast<double>(static_cast<int64_t>(start)) &&
                        step == static_cast<double>(static_cast<int64_t>(step)) && end == static_cast<double>(static_cast<int64_t>(end));
  const bool as_int = integral && ctx.chance(60);
  plan.values[plan.op.param_index("start")] = number(start, as_int);
  plan.values[plan.op.param_index("end")] = number(end, as_int);
  if (step != 1 || ctx.chance(30)) plan.values[plan.op.param_index("step")] = number(step, as_int);
  return true;
}

// linspace(start, end, steps).
bool linspace(Context& ctx, OpPlan& plan) {
  const double start = random_literal(ctx), end = random_literal(ctx);
  plan.values[plan.op.param_index("start")] = number(start, start == static_cast<double>(static_cast<int64_t>(start)) && ctx.chance(50));
  plan.values[plan.op.param_index("end")] = number(end, end == static_cast<double>(static_cast<int64_t>(end)) && ctx.chance(50));
  plan.values[plan.op.param_index("steps")] = ArgValue::of_int(length(ctx, plan));
  return true;
}

// eye(n, m=None): square, or n x m.
bool eye(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  const int64_t n = a.rank >= 2 && ctx.chance(60) ? a.dims[a.rank - 2] : random_size(ctx);
  plan.values[plan.op.param_index("n")] = ArgValue::of_int(n);
  if (ctx.chance(50)) plan.values[plan.op.param_index("m")] = ArgValue::of_int(length(ctx, plan));
  return true;
}

}  // namespace

void register_factory_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Sized)] = sized;
  g[static_cast<int>(ShapeRule::Arange)] = arange;
  g[static_cast<int>(ShapeRule::Linspace)] = linspace;
  g[static_cast<int>(ShapeRule::Eye)] = eye;
}

}  // namespace spmdcheck::gen
