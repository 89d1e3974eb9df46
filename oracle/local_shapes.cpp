#include "oracle/local_shapes.h"

#include <algorithm>

namespace spmdcheck::check {
namespace {

// Numpy/PyTorch broadcasting of two shapes; false if they do not broadcast.
bool broadcast(const Shape& a, const Shape& b, Shape& out) {
  int rank = std::max(a.rank, b.rank);
  out.rank = static_cast<uint8_t>(rank);
  for (int i = 0; i < rank; ++i) {
    int ia = a.rank - rank + i, ib = b.rank - rank + i;
    int64_t da = ia >= 0 ? a.dims[ia] : 1, db = ib >= 0 ? b.dims[ib] : 1;
    if (da != db && da != 1 && db != 1) return false;
    out.dims[i] = da == 1 ? db : da;
  }
  return true;
}

std::optional<Shape> elementwise(Context& ctx, const BindingStmt& b, const std::vector<ShapeOperand>& ops) {
  Shape out = ops[0].shape;
  for (size_t i = 1; i < ops.size(); ++i) {
    Shape next;
    if (!broadcast(out, ops[i].shape, next))
      return ctx.fail("shape.broadcast", ops[i].loc, {{"op", b.op}, {"want", shape_to_string(out)}, {"got", shape_to_string(ops[i].shape)}});
    out = next;
  }
  return out;
}

[[nodiscard]] bool require_tensor(Context& ctx, const BindingStmt& b, const std::vector<ShapeOperand>& ops) {
  for (size_t i = 0; i < ops.size(); ++i)
    if (ops[i].shape.rank == 0)
      return ctx.fail("shape.scalar_operand", ops[i].loc, {{"position", std::to_string(i)}, {"op", b.op}, {"got", shape_to_string(ops[i].shape)}});
  return true;
}

// torch.matmul: 1-D operands are promoted (and the promoted dim dropped);
// batch dims broadcast.
std::optional<Shape> matmul(Context& ctx, const BindingStmt& b, const std::vector<ShapeOperand>& ops) {
  if (!require_tensor(ctx, b, ops)) return std::nullopt;
  const Shape& a = ops[0].shape;
  const Shape& c = ops[1].shape;
  int64_t a_inner = a.dims[a.rank - 1];
  int64_t c_inner = c.rank == 1 ? c.dims[0] : c.dims[c.rank - 2];
  if (a_inner != c_inner)
    return ctx.fail("shape.matmul", ops[1].loc, {{"op", b.op}, {"want", shape_to_string(a)}, {"got", shape_to_string(c)}});
  Shape a_batch, c_batch, batch;
  a_batch.rank = static_cast<uint8_t>(std::max(0, a.rank - 2));
  c_batch.rank = static_cast<uint8_t>(std::max(0, c.rank - 2));
  std::copy_n(a.dims.begin(), a_batch.rank, a_batch.dims.begin());
  std::copy_n(c.dims.begin(), c_batch.rank, c_batch.dims.begin());
  if (!broadcast(a_batch, c_batch, batch))
    return ctx.fail("shape.broadcast", ops[1].loc, {{"op", b.op}, {"want", shape_to_string(a)}, {"got", shape_to_string(c)}});
  Shape out = batch;
  if (a.rank >= 2) out.dims[out.rank++] = a.dims[a.rank - 2];
  if (c.rank >= 2) out.dims[out.rank++] = c.dims[c.rank - 1];
  return out;
}

std::optional<Shape> reduce(Context& ctx, const BindingStmt& b, const std::vector<ShapeOperand>& ops) {
  bool given = false;
  const std::optional<int64_t> dim = int_keyword(ctx, b, "dim", 0, &given);
  if (!dim) return std::nullopt;
  if (!given) return Shape{};
  const Shape& in = ops[0].shape;
  // PyTorch wraps dims of a 0-d tensor as if it had one dim (dim 0 or -1).
  const std::optional<int64_t> d = canonical_dim(ctx, *dim, std::max<int>(in.rank, 1), b.op, find_keyword(b, "dim")->loc);
  if (!d) return std::nullopt;
  Shape out;
  for (int i = 0; i < in.rank; ++i)
    if (i != *d) out.dims[out.rank++] = in.dims[i];
  return out;
}

std::optional<Shape> transpose(Context& ctx, const BindingStmt& b, const std::vector<ShapeOperand>& ops) {
  const Shape& in = ops[0].shape;
  const std::optional<int64_t> dim0 = int_keyword(ctx, b, "dim0", 0);
  if (!dim0) return std::nullopt;
  const std::optional<int64_t> dim1 = int_keyword(ctx, b, "dim1", 1);
  if (!dim1) return std::nullopt;
  const KwArg* k0 = find_keyword(b, "dim0");
  const KwArg* k1 = find_keyword(b, "dim1");
  const std::optional<int64_t> d0 = canonical_dim(ctx, *dim0, std::max<int>(in.rank, 1), b.op, k0 ? k0->loc : b.op_loc);
  if (!d0) return std::nullopt;
  const std::optional<int64_t> d1 = canonical_dim(ctx, *dim1, std::max<int>(in.rank, 1), b.op, k1 ? k1->loc : b.op_loc);
  if (!d1) return std::nullopt;
  Shape out = in;
  if (in.rank == 0) return out;
  std::swap(out.dims[*d0], out.dims[*d1]);
  return out;
}

std::optional<Shape> cat(Context& ctx, const BindingStmt& b, const std::vector<ShapeOperand>& ops) {
  if (!require_tensor(ctx, b, ops)) return std::nullopt;
  const KwArg* kw = find_keyword(b, "dim");
  const std::optional<int64_t> dim = int_keyword(ctx, b, "dim", 0);
  if (!dim) return std::nullopt;
  const std::optional<int64_t> canonical = canonical_dim(ctx, *dim, ops[0].shape.rank, b.op, kw ? kw->loc : b.op_loc);
  if (!canonical) return std::nullopt;
  const int64_t d = *canonical;
  Shape out = ops[0].shape;
  for (size_t i = 1; i < ops.size(); ++i) {
    const Shape& s = ops[i].shape;
    bool agree = s.rank == out.rank;
    for (int k = 0; agree && k < s.rank; ++k) agree = k == d || s.dims[k] == out.dims[k];
    if (!agree)
      return ctx.fail("shape.cat", ops[i].loc, {{"op", b.op}, {"dim", std::to_string(d)}, {"want", shape_to_string(ops[0].shape)}, {"got", shape_to_string(s)}});
    out.dims[d] += s.dims[d];
    if (!check_shape_limits(ctx, out, b.op, ops[i].loc)) return std::nullopt;
  }
  return out;
}

}  // namespace

bool check_shape_limits(Context& ctx, const Shape& s, std::string_view op, SourceLoc loc) {
  for (int i = 0; i < s.rank; ++i)
    if (s.dims[i] > kMaxDimSize)
      return ctx.fail("shape.size_limit", loc, {{"op", std::string(op)}, {"want", std::to_string(kMaxDimSize)}, {"got", std::to_string(s.dims[i])}});
  return true;
}

std::optional<Shape> infer_local_shape(Context& ctx, const BindingStmt& b, const OpRow& op, const std::vector<ShapeOperand>& operands) {
  // The linter pins these arities; an unlinted table must not index past them.
  size_t need = op.shape == ShapeRule::Matmul ? 2 : (op.shape == ShapeRule::Reduce || op.shape == ShapeRule::Transpose) ? 1 : 0;
  if (need && operands.size() != need)
    return ctx.fail("call.arity", b.op_loc, {{"op", b.op}, {"want", std::to_string(need)}, {"got", std::to_string(operands.size())}, {"usage", ""}});
  switch (op.shape) {
    case ShapeRule::Elementwise: return elementwise(ctx, b, operands);
    case ShapeRule::Matmul: return matmul(ctx, b, operands);
    case ShapeRule::Reduce: return reduce(ctx, b, operands);
    case ShapeRule::Transpose: return transpose(ctx, b, operands);
    case ShapeRule::Cat: return cat(ctx, b, operands);
  }
  return operands[0].shape;
}

}  // namespace spmdcheck::check
