#include "oracle/local_shapes.h"

#include <algorithm>

#include "oracle/call_binding.h"

namespace spmdcheck::check {

bool broadcast_shapes(const Shape& a, const Shape& b, Shape& out) {
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

namespace {

std::optional<Shape> elementwise(Context& ctx, const LocalCall& call) {
  const ShapeOperands& ops = call.operands;
  Shape out = ops[0].shape;
  for (size_t i = 1; i < ops.size(); ++i) {
    Shape next;
    if (!broadcast_shapes(out, ops[i].shape, next))
      return ctx.fail("shape.broadcast", ops[i].loc,
                      {{"op", call.b.op}, {"want", shape_to_string(out)}, {"got", shape_to_string(ops[i].shape)}});
    out = next;
  }
  return out;
}

}  // namespace

bool require_tensor_operands(Context& ctx, const LocalCall& call) {
  for (size_t i = 0; i < call.operands.size(); ++i)
    if (call.operands[i].shape.rank == 0)
      return ctx.fail("shape.scalar_operand", call.operands[i].loc,
                      {{"position", std::to_string(i)}, {"op", call.b.op}, {"got", shape_to_string(call.operands[i].shape)}});
  return true;
}

bool require_operand_rank(Context& ctx, const LocalCall& call, size_t i, int rank) {
  const ShapeOperand& o = call.operands[i];
  if (o.shape.rank == rank) return true;
  return ctx.fail(
      "shape.operand_rank", o.loc,
      {{"param", call.op.params[o.param].name}, {"op", call.b.op}, {"want", std::to_string(rank)}, {"got", shape_to_string(o.shape)}});
}

namespace {

// torch.matmul: 1-D operands are promoted (and the promoted dim dropped);
// batch dims broadcast.
std::optional<Shape> matmul(Context& ctx, const LocalCall& call) {
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const Shape& a = call.operands[0].shape;
  const Shape& c = call.operands[1].shape;
  int64_t a_inner = a.dims[a.rank - 1];
  int64_t c_inner = c.rank == 1 ? c.dims[0] : c.dims[c.rank - 2];
  if (a_inner != c_inner)
    return ctx.fail("shape.matmul", call.operands[1].loc, {{"op", call.b.op}, {"want", shape_to_string(a)}, {"got", shape_to_string(c)}});
  Shape a_batch, c_batch, batch;
  a_batch.rank = static_cast<uint8_t>(std::max(0, a.rank - 2));
  c_batch.rank = static_cast<uint8_t>(std::max(0, c.rank - 2));
  std::copy_n(a.dims.begin(), a_batch.rank, a_batch.dims.begin());
  std::copy_n(c.dims.begin(), c_batch.rank, c_batch.dims.begin());
  if (!broadcast_shapes(a_batch, c_batch, batch))
    return ctx.fail("shape.broadcast", call.operands[1].loc,
                    {{"op", call.b.op}, {"want", shape_to_string(a)}, {"got", shape_to_string(c)}});
  Shape out = batch;
  if (a.rank >= 2) out.dims[out.rank++] = a.dims[a.rank - 2];
  if (c.rank >= 2) out.dims[out.rank++] = c.dims[c.rank - 1];
  return out;
}

// sum/mean(input, dim=None, keepdim=False): dim None reduces every dim; a
// dim list reduces each (PyTorch refuses a repeated dim).
std::optional<Shape> reduce(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const bool keepdim = call.bool_arg("keepdim", false);
  const std::optional<std::vector<int64_t>> dims = call.ints_arg("dim");
  std::array<bool, kMaxRank + 1> reduced{};
  if (!dims) {
    reduced.fill(true);
  } else {
    // PyTorch wraps dims of a 0-d tensor as if it had one dim (dim 0 or -1).
    for (int64_t dim : *dims) {
      const std::optional<int64_t> d = canonical_dim(ctx, dim, std::max<int>(in.rank, 1), call.b.op, call.loc("dim"));
      if (!d) return std::nullopt;
      if (reduced[*d]) return ctx.fail("shape.dim_repeated", call.loc("dim"), {{"op", call.b.op}, {"dim", std::to_string(*d)}});
      reduced[*d] = true;
    }
  }
  Shape out;
  for (int i = 0; i < in.rank; ++i) {
    if (!reduced[i])
      out.dims[out.rank++] = in.dims[i];
    else if (keepdim)
      out.dims[out.rank++] = 1;
  }
  return out;
}

std::optional<Shape> transpose(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d0 =
      canonical_dim(ctx, call.int_arg("dim0").value_or(0), std::max<int>(in.rank, 1), call.b.op, call.loc("dim0"));
  if (!d0) return std::nullopt;
  const std::optional<int64_t> d1 =
      canonical_dim(ctx, call.int_arg("dim1").value_or(1), std::max<int>(in.rank, 1), call.b.op, call.loc("dim1"));
  if (!d1) return std::nullopt;
  Shape out = in;
  if (in.rank == 0) return out;
  std::swap(out.dims[*d0], out.dims[*d1]);
  return out;
}

std::optional<Shape> cat(Context& ctx, const LocalCall& call) {
  const ShapeOperands& ops = call.operands;
  if (ops.empty()) return ctx.fail("call.no_value", call.b.op_loc, {{"op", call.b.op}});
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const std::optional<int64_t> canonical =
      canonical_dim(ctx, call.int_arg("dim").value_or(0), ops[0].shape.rank, call.b.op, call.loc("dim"));
  if (!canonical) return std::nullopt;
  const int64_t d = *canonical;
  Shape out = ops[0].shape;
  for (size_t i = 1; i < ops.size(); ++i) {
    const Shape& s = ops[i].shape;
    bool agree = s.rank == out.rank;
    for (int k = 0; agree && k < s.rank; ++k) agree = k == d || s.dims[k] == out.dims[k];
    if (!agree)
      return ctx.fail(
          "shape.cat", ops[i].loc,
          {{"op", call.b.op}, {"dim", std::to_string(d)}, {"want", shape_to_string(ops[0].shape)}, {"got", shape_to_string(s)}});
    out.dims[d] += s.dims[d];
    if (!check_shape_limits(ctx, out, call.b.op, ops[i].loc)) return std::nullopt;
  }
  return out;
}

template <std::optional<Shape> (*F)(Context&, const LocalCall&)>
std::optional<ResultShapes> one(Context& ctx, const LocalCall& call) {
  return single_result(F(ctx, call));
}

}  // namespace

bool check_shape_limits(Context& ctx, const Shape& s, std::string_view op, SourceLoc loc) {
  for (int i = 0; i < s.rank; ++i)
    if (s.dims[i] > kMaxDimSize)
      return ctx.fail("shape.size_limit", loc,
                      {{"op", std::string(op)}, {"want", std::to_string(kMaxDimSize)}, {"got", std::to_string(s.dims[i])}});
  return true;
}

const ArgValue* LocalCall::arg(std::string_view param) const {
  const int p = op.param_index(param);
  if (p < 0) return nullptr;
  const ArgValue* v = bound_arg(op, b, r, p);
  return v && v->kind != ArgValue::Kind::None ? v : nullptr;
}

std::optional<int64_t> LocalCall::int_arg(std::string_view param) const {
  const ArgValue* v = arg(param);
  if (!v || v->kind != ArgValue::Kind::Int) return std::nullopt;
  return v->integer;
}

std::optional<std::vector<int64_t>> LocalCall::ints_arg(std::string_view param) const {
  const ArgValue* v = arg(param);
  if (!v) return std::nullopt;
  if (v->kind == ArgValue::Kind::Int) return std::vector<int64_t>{v->integer};
  if (v->kind == ArgValue::Kind::IntList) return v->ints;
  return std::nullopt;
}

bool LocalCall::bool_arg(std::string_view param, bool fallback) const {
  const ArgValue* v = arg(param);
  return v && v->kind == ArgValue::Kind::Bool ? v->boolean : fallback;
}

SourceLoc LocalCall::loc(std::string_view param) const {
  const int p = op.param_index(param);
  return p < 0 ? b.op_loc : bound_loc(b, r.params[p]);
}

ShapeOperands shape_operands(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, const std::vector<ValueInfo>& values) {
  ShapeOperands out;
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
    if (!is_typing_role(op.params[p].role)) continue;
    const BoundParam& bp = r.params[p];
    const ArgValue* v = bound_arg(op, b, r, p);
    if (v && v->is_numeric()) {
      out.push_back(ShapeOperand{Shape{}, bound_loc(b, bp), true, p});
      continue;
    }
    for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i) {
      const SourceLoc at = bp.count > 1 ? b.args[bp.arg + (i - bp.first_value)].loc : bound_loc(b, bp);
      out.push_back(ShapeOperand{values[r.operands[i]].shape, at, false, p});
    }
  }
  return out;
}

std::optional<ResultShapes> single_result(std::optional<Shape> s) {
  if (!s) return std::nullopt;
  ResultShapes out;
  out.push(*s);
  return out;
}

void register_core_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Elementwise)] = one<elementwise>;
  fns[static_cast<int>(ShapeRule::Matmul)] = one<matmul>;
  fns[static_cast<int>(ShapeRule::Reduce)] = one<reduce>;
  fns[static_cast<int>(ShapeRule::Transpose)] = one<transpose>;
  fns[static_cast<int>(ShapeRule::Cat)] = one<cat>;
}

std::optional<ResultShapes> infer_local_shapes(Context& ctx, const LocalCall& call) {
  static const ShapeFns fns = [] {
    ShapeFns f{};
    register_core_shapes(f);
    register_decomposition_shapes(f);
    register_structure_shapes(f);
    register_numeric_shapes(f);
    register_contraction_shapes(f);
    register_factory_shapes(f);
    register_results_shapes(f);
    return f;
  }();
  // The linter pins the operand counts; an unlinted table must not index
  // past them.
  const ShapeRuleSpec& spec = shape_rule_spec(call.op.shape);
  const int n = static_cast<int>(call.operands.size());
  bool list = false;
  for (const ParamSpec& p : call.op.params) list |= p.role == ParamRole::Operands;
  if (!list && (n < spec.min_operands || (spec.max_operands >= 0 && n > spec.max_operands)))
    return ctx.fail("call.arity", call.b.op_loc,
                    {{"op", call.b.op}, {"want", std::to_string(spec.min_operands)}, {"got", std::to_string(n)}, {"usage", ""}});
  const ShapeFn fn = fns[static_cast<int>(call.op.shape)];
  if (!fn)
    return ctx.fail("op.unknown", call.b.op_loc,
                    {{"op", call.b.op + " (shape rule " + std::string(shape_rule_name(call.op.shape)) + " has no implementation)"},
                     {"known", "the op's row names a shape rule this build does not implement"}});
  return fn(ctx, call);
}

}  // namespace spmdcheck::check
