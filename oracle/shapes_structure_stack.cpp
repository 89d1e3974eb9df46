// Shape rules that join a list of tensors: stack, hstack, vstack (row_stack),
// dstack, column_stack and block_diag, as ATen computes them.
#include "oracle/shapes_structure.h"

namespace spmdcheck::check::structure {
namespace {

// stack(tensors, dim=0): every tensor of one shape; a new dim of the list's
// length at dim, canonical against rank + 1 positions.
std::optional<Shape> stack(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const ShapeOperands& ops = call.operands;
  if (ops.empty()) return ctx.fail("call.no_value", call.b.op_loc, {{"op", call.b.op}});
  const Shape& first = ops[0].shape;
  for (size_t i = 1; i < ops.size(); ++i)
    if (ops[i].shape != first)
      return ctx.fail("shape.stack", ops[i].loc,
                      {{"op", call.b.op}, {"want", shape_to_string(first)}, {"got", shape_to_string(ops[i].shape)}});
  if (!check_result_rank(ctx, call, first.rank + 1)) return std::nullopt;
  const std::optional<int64_t> d = canonical_dim(ctx, call.int_arg("dim").value_or(0), first.rank + 1, call.b.op, call.loc("dim"));
  if (!d) return std::nullopt;
  Shape out;
  out.rank = static_cast<uint8_t>(first.rank + 1);
  for (int i = 0, k = 0; i < out.rank; ++i) out.dims[i] = i == *d ? static_cast<int64_t>(ops.size()) : first.dims[k++];
  return checked_result(ctx, call, out);
}

// How hstack, vstack, dstack and column_stack lay each tensor out before
// they concatenate (ATen: atleast_1d/2d/3d, or a (numel, 1) column).
enum class Layout : uint8_t { H, V, D, Column };

Shape laid_out(const Shape& s, Layout layout) {
  Shape out = s;
  auto set = [&](std::initializer_list<int64_t> dims) {
    out.rank = static_cast<uint8_t>(dims.size());
    std::copy(dims.begin(), dims.end(), out.dims.begin());
  };
  const int64_t a = s.rank > 0 ? s.dims[0] : 1, b = s.rank > 1 ? s.dims[1] : 1;
  switch (layout) {
    case Layout::H:
      if (s.rank == 0) set({1});
      break;
    case Layout::V:
      if (s.rank == 0)
        set({1, 1});
      else if (s.rank == 1)
        set({1, a});
      break;
    case Layout::D:
      if (s.rank == 0)
        set({1, 1, 1});
      else if (s.rank == 1)
        set({1, a, 1});
      else if (s.rank == 2)
        set({a, b, 1});
      break;
    case Layout::Column:
      if (s.rank <= 1) set({a, 1});
      break;
  }
  return out;
}

// The dim the laid-out tensors are concatenated along: hstack joins 1-D
// tensors along 0 and others along 1 (by the first tensor's rank).
int join_dim(Layout layout, const Shape& first) {
  switch (layout) {
    case Layout::H: return first.rank == 1 ? 0 : 1;
    case Layout::V: return 0;
    case Layout::D: return 2;
    case Layout::Column: return 1;
  }
  return 0;
}

// Concatenation of the laid-out tensors, with cat's rule: one rank, equal
// sizes but at the joined dim (shape.cat, naming the laid-out shapes).
template <Layout kLayout>
std::optional<Shape> stack_layout(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const ShapeOperands& ops = call.operands;
  if (ops.empty()) return ctx.fail("call.no_value", call.b.op_loc, {{"op", call.b.op}});
  const Shape first = laid_out(ops[0].shape, kLayout);
  const int d = join_dim(kLayout, first);
  Shape out = first;
  for (size_t i = 1; i < ops.size(); ++i) {
    const Shape s = laid_out(ops[i].shape, kLayout);
    bool agree = s.rank == first.rank;
    for (int k = 0; agree && k < s.rank; ++k) agree = k == d || s.dims[k] == first.dims[k];
    if (!agree)
      return ctx.fail("shape.cat", ops[i].loc,
                      {{"op", call.b.op}, {"dim", std::to_string(d)}, {"want", shape_to_string(first)}, {"got", shape_to_string(s)}});
    out.dims[d] += s.dims[d];
    if (!check_shape_limits(ctx, out, call.b.op, ops[i].loc)) return std::nullopt;
  }
  return checked_result(ctx, call, out);
}

// block_diag(*tensors): tensors of at most 2 dims (a 0-d one is 1 x 1, a
// 1-D one of n a row 1 x n) placed along the diagonal of a matrix.
std::optional<Shape> block_diag(Context& ctx, const LocalCall& call) {
  if (!require_tensor_values(ctx, call)) return std::nullopt;
  const ShapeOperands& ops = call.operands;
  if (ops.empty()) return ctx.fail("call.no_value", call.b.op_loc, {{"op", call.b.op}});
  Shape out;
  out.rank = 2;
  for (size_t i = 0; i < ops.size(); ++i) {
    const Shape& s = ops[i].shape;
    if (s.rank > 2)
      return ctx.fail("shape.operand_rank", ops[i].loc,
                      {{"param", call.op.params[ops[i].param].name + "[" + std::to_string(i) + "]"},
                       {"op", call.b.op},
                       {"want", "at most 2"},
                       {"got", shape_to_string(s)}});
    out.dims[0] += s.rank == 2 ? s.dims[0] : 1;
    out.dims[1] += s.rank == 2 ? s.dims[1] : s.rank == 1 ? s.dims[0] : 1;
    if (!check_shape_limits(ctx, out, call.b.op, ops[i].loc)) return std::nullopt;
  }
  return checked_result(ctx, call, out);
}

}  // namespace

void register_stack_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Stack)] = one<stack>;
  fns[static_cast<int>(ShapeRule::HStack)] = one<stack_layout<Layout::H>>;
  fns[static_cast<int>(ShapeRule::VStack)] = one<stack_layout<Layout::V>>;
  fns[static_cast<int>(ShapeRule::DStack)] = one<stack_layout<Layout::D>>;
  fns[static_cast<int>(ShapeRule::ColumnStack)] = one<stack_layout<Layout::Column>>;
  fns[static_cast<int>(ShapeRule::BlockDiag)] = one<block_diag>;
}

}  // namespace spmdcheck::check::structure
