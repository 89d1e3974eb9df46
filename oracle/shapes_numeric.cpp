// The shape rules of the numeric op family (elementwise, reductions,
// non-linear ops): scan, norm, gelu, clamp (rules/shape_rules.h), torch-free,
// with PyTorch's meaning. Each fails through the context with a shape.* or
// call.* [[diagnostic]] row.
#include "oracle/local_shapes.h"

namespace spmdcheck::check {
namespace {

std::string usage(const OpRow& op) { return "usage: " + signature_text(op.name, op.params); }

// cumsum(input, dim), softmax(input, dim), log_softmax(input, dim): the
// input's shape, dim a valid dim of it. PyTorch wraps the dim of a 0-d
// tensor as if it had one dim (0 or -1), as it does for sum.
std::optional<Shape> scan(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> dim = call.int_arg("dim");
  if (!dim)  // a table whose scan row lets dim default to None
    return ctx.fail("call.argument_missing", call.b.op_loc, {{"op", call.b.op}, {"param", "dim"}, {"usage", usage(call.op)}});
  if (!canonical_dim(ctx, *dim, std::max<int>(in.rank, 1), call.b.op, call.loc("dim"))) return std::nullopt;
  return in;
}

// torch.norm(input, p, dim, keepdim) with a number p is
// torch.linalg.vector_norm(input, p, dim, keepdim): the shape of sum(input,
// dim, keepdim). Any number p is a valid order.
std::optional<ResultShapes> norm(Context& ctx, const LocalCall& call) {
  static const ShapeFns core = [] {
    ShapeFns f{};
    register_core_shapes(f);
    return f;
  }();
  return core[static_cast<int>(ShapeRule::Reduce)](ctx, call);
}

// gelu(input, *, approximate="none"): elementwise; PyTorch accepts only
// "none" and "tanh".
std::optional<Shape> gelu(Context& ctx, const LocalCall& call) {
  const ArgValue* mode = call.arg("approximate");
  if (mode && mode->kind == ArgValue::Kind::String && mode->text != "none" && mode->text != "tanh")
    return ctx.fail("call.keyword_value", call.loc("approximate"),
                    {{"key", "approximate"},
                     {"op", call.b.op},
                     {"want", "\"none\" or \"tanh\""},
                     {"got", "\"" + mode->text + "\""},
                     {"usage", usage(call.op)}});
  return call.operands[0].shape;
}

// clamp(input, min=None, max=None): the input's shape; PyTorch refuses a
// call without a bound.
std::optional<Shape> clamp(Context& ctx, const LocalCall& call) {
  if (!call.arg("min") && !call.arg("max"))
    return ctx.fail("call.argument_missing", call.b.op_loc, {{"op", call.b.op}, {"param", "min or max"}, {"usage", usage(call.op)}});
  return call.operands[0].shape;
}

template <std::optional<Shape> (*F)(Context&, const LocalCall&)>
std::optional<ResultShapes> one(Context& ctx, const LocalCall& call) {
  return single_result(F(ctx, call));
}

}  // namespace

void register_numeric_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Scan)] = one<scan>;
  fns[static_cast<int>(ShapeRule::Norm)] = norm;
  fns[static_cast<int>(ShapeRule::Gelu)] = one<gelu>;
  fns[static_cast<int>(ShapeRule::Clamp)] = one<clamp>;
}

}  // namespace spmdcheck::check
