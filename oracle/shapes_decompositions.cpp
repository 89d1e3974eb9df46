// Shape rules of the decompositions (addmm, addmv, addbmm, baddbmm, addr):
// beta * input + alpha * product, with PyTorch's shapes: the product's
// operands have fixed ranks and agree on their inner dims, and input
// broadcasts to the product's shape (it is never itself broadcast larger).
#include "oracle/local_shapes.h"

namespace spmdcheck::check {
namespace {

[[nodiscard]] bool require_inner(Context& ctx, const LocalCall& call, int64_t left, int64_t right) {
  if (left == right) return true;
  return ctx.fail("shape.matmul", call.operands[2].loc,
                  {{"op", call.b.op}, {"want", shape_to_string(call.operands[1].shape)}, {"got", shape_to_string(call.operands[2].shape)}});
}

// The product's shape, once the input broadcasts to it.
std::optional<Shape> with_input(Context& ctx, const LocalCall& call, const Shape& product) {
  Shape joined;
  if (!broadcast_shapes(call.operands[0].shape, product, joined) || !(joined == product))
    return ctx.fail("shape.broadcast", call.operands[0].loc,
                    {{"op", call.b.op}, {"want", shape_to_string(product)}, {"got", shape_to_string(call.operands[0].shape)}});
  return product;
}

Shape shape_of(std::initializer_list<int64_t> dims) {
  Shape s;
  for (int64_t d : dims) s.dims[s.rank++] = d;
  return s;
}

std::optional<ResultShapes> addmm(Context& ctx, const LocalCall& call) {
  if (!require_operand_rank(ctx, call, 1, 2) || !require_operand_rank(ctx, call, 2, 2)) return std::nullopt;
  const Shape &a = call.operands[1].shape, &b = call.operands[2].shape;
  if (!require_inner(ctx, call, a.dims[1], b.dims[0])) return std::nullopt;
  return single_result(with_input(ctx, call, shape_of({a.dims[0], b.dims[1]})));
}

std::optional<ResultShapes> addmv(Context& ctx, const LocalCall& call) {
  if (!require_operand_rank(ctx, call, 1, 2) || !require_operand_rank(ctx, call, 2, 1)) return std::nullopt;
  const Shape &a = call.operands[1].shape, &v = call.operands[2].shape;
  if (!require_inner(ctx, call, a.dims[1], v.dims[0])) return std::nullopt;
  return single_result(with_input(ctx, call, shape_of({a.dims[0]})));
}

// Two batches [b, n, m] and [b, m, p]: false unless they agree.
[[nodiscard]] bool batches(Context& ctx, const LocalCall& call) {
  if (!require_operand_rank(ctx, call, 1, 3) || !require_operand_rank(ctx, call, 2, 3)) return false;
  const Shape &a = call.operands[1].shape, &b = call.operands[2].shape;
  if (a.dims[0] != b.dims[0])
    return ctx.fail("shape.broadcast", call.operands[2].loc,
                    {{"op", call.b.op}, {"want", shape_to_string(a)}, {"got", shape_to_string(b)}});
  return require_inner(ctx, call, a.dims[2], b.dims[1]);
}

std::optional<ResultShapes> addbmm(Context& ctx, const LocalCall& call) {
  if (!batches(ctx, call)) return std::nullopt;
  return single_result(with_input(ctx, call, shape_of({call.operands[1].shape.dims[1], call.operands[2].shape.dims[2]})));
}

std::optional<ResultShapes> baddbmm(Context& ctx, const LocalCall& call) {
  if (!batches(ctx, call)) return std::nullopt;
  const Shape &a = call.operands[1].shape, &b = call.operands[2].shape;
  return single_result(with_input(ctx, call, shape_of({a.dims[0], a.dims[1], b.dims[2]})));
}

std::optional<ResultShapes> addr(Context& ctx, const LocalCall& call) {
  if (!require_operand_rank(ctx, call, 1, 1) || !require_operand_rank(ctx, call, 2, 1)) return std::nullopt;
  return single_result(with_input(ctx, call, shape_of({call.operands[1].shape.dims[0], call.operands[2].shape.dims[0]})));
}

}  // namespace

void register_decomposition_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Addmm)] = addmm;
  fns[static_cast<int>(ShapeRule::Addmv)] = addmv;
  fns[static_cast<int>(ShapeRule::Addbmm)] = addbmm;
  fns[static_cast<int>(ShapeRule::Baddbmm)] = baddbmm;
  fns[static_cast<int>(ShapeRule::Addr)] = addr;
}

}  // namespace spmdcheck::check
