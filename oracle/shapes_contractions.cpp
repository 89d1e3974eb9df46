// The shape rules of the contractions: mm, bmm, mv and dot (PyTorch's fixed
// ranks, no broadcasting) and einsum (the equation, oracle/einsum_equation).
#include "oracle/call_binding.h"
#include "oracle/einsum_equation.h"
#include "oracle/local_shapes.h"

namespace spmdcheck::check {
namespace {

// [.., n, k] x [.., k, m] -> [.., n, m] of operands of ranks A and B (mm:
// 2, 2; bmm: 3, 3 with equal batches; mv: 2, 1; dot: 1, 1): the inner dims
// must be equal (shape.matmul), and so must bmm's batch (shape.batch).
template <int A, int B>
std::optional<ResultShapes> strict_contraction(Context& ctx, const LocalCall& call) {
  if (!require_operand_rank(ctx, call, 0, A) || !require_operand_rank(ctx, call, 1, B)) return std::nullopt;
  const Shape& a = call.operands[0].shape;
  const Shape& c = call.operands[1].shape;
  const SourceLoc at = call.operands[1].loc;
  const TemplateArgs mismatch = {{"op", call.b.op}, {"want", shape_to_string(a)}, {"got", shape_to_string(c)}};
  if (A == 3 && a.dims[0] != c.dims[0]) return ctx.fail("shape.batch", at, mismatch);
  if (a.dims[A - 1] != c.dims[B == 1 ? 0 : B - 2]) return ctx.fail("shape.matmul", at, mismatch);
  Shape out;
  if (A == 3) out.dims[out.rank++] = a.dims[0];
  if (A >= 2) out.dims[out.rank++] = a.dims[A - 2];
  if (B >= 2) out.dims[out.rank++] = c.dims[B - 1];
  return single_result(out);
}

std::optional<ResultShapes> einsum(Context& ctx, const LocalCall& call) {
  const ArgValue* equation = call.arg("equation");
  if (!equation || equation->kind != ArgValue::Kind::String)  // the role guarantees it in a linted table
    return ctx.fail("call.argument_missing", call.b.op_loc, {{"op", call.b.op}, {"param", "equation"}, {"usage", ""}});
  std::vector<Shape> shapes;
  for (const ShapeOperand& o : call.operands) shapes.push_back(o.shape);
  const EinsumPlan plan = plan_einsum(equation->text, shapes);
  if (!plan.ok()) {
    const SourceLoc at = plan.error_operand >= 0 ? call.operands[plan.error_operand].loc : call.loc("equation");
    return ctx.fail("shape.einsum", at, {{"op", call.b.op}, {"value", "\"" + equation->text + "\""}, {"got", plan.error}});
  }
  if (plan.output.size() > static_cast<size_t>(kMaxRank))
    return ctx.fail("shape.rank_limit", call.loc("equation"),
                    {{"op", call.b.op}, {"want", std::to_string(kMaxRank)}, {"got", std::to_string(plan.output.size())}});
  Shape out;
  for (int label : plan.output) out.dims[out.rank++] = plan.sizes[label];
  return single_result(out);
}

}  // namespace

void register_contraction_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Mm)] = strict_contraction<2, 2>;
  fns[static_cast<int>(ShapeRule::Bmm)] = strict_contraction<3, 3>;
  fns[static_cast<int>(ShapeRule::Mv)] = strict_contraction<2, 1>;
  fns[static_cast<int>(ShapeRule::Dot)] = strict_contraction<1, 1>;
  fns[static_cast<int>(ShapeRule::Einsum)] = einsum;
}

}  // namespace spmdcheck::check
