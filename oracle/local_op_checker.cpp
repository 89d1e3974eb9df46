// Typing of local (non-communicating) ops: arity and keywords, dtype, the
// op's shape rule, the nonlinear_arg rows, the combine rows per axis and the
// out_partial rows. Every decision is a row lookup; there is no per-op code.
#include "oracle/check_context.h"
#include "oracle/local_shapes.h"

namespace spmdcheck::check {
namespace {

bool contains(const std::vector<int>& v, int x) {
  for (int e : v)
    if (e == x) return true;
  return false;
}

std::string usage(const OpRow& op) {
  std::string out = op.name + "(";
  int shown = op.max_args < 0 ? op.min_args + 1 : op.max_args;
  for (int i = 0; i < shown; ++i) out += (i ? ", " : "") + std::string(1, static_cast<char>('a' + i));
  if (op.max_args < 0) out += ", ...";
  for (const std::string& k : op.keywords) out += ", " + k + "=...";
  return out + ")";
}

std::string operands_text(KindMask present, int partials) {
  std::string out;
  for (int k = 0; k < kNumOperandKinds; ++k) {
    if (!(present >> k & 1)) continue;
    int count = k == static_cast<int>(OperandKind::P) ? partials : 1;
    for (int i = 0; i < count; ++i) out += (out.empty() ? "" : ", ") + std::string(operand_kind_name(static_cast<OperandKind>(k)));
  }
  return out;
}

// out_partial=AXES: applies the out_partial rows on each named axis.
[[nodiscard]] bool apply_out_partial(Context& ctx, const BindingStmt& b, const KwArg& kw, LocalType& type) {
  if (kw.value.kind != KwValue::Kind::Name && kw.value.kind != KwValue::Kind::NameList)
    return ctx.fail("call.keyword_value", kw.loc, {{"key", kw.key}, {"op", b.op}, {"want", "an axis or [axes]"}, {"got", kw_value_to_text(kw.value)},
                                            {"usage", b.op + "(a, b, out_partial=[" + ctx.axis_list() + "])"}});
  for (const std::string& name : kw.value.names) {
    int axis = ctx.mesh.axis_index(name);
    if (axis < 0) return ctx.fail("call.axis", kw.loc, {{"got", name}, {"known", ctx.axis_list()}});
    int16_t row = ctx.table.compiled.out_partial[static_cast<int>(type.axis[axis])];
    if (row < 0) continue;
    const OutPartialRow& r = ctx.table.out_partial[row];
    if (r.reject) return ctx.fail(r.rule, kw.loc, {{"op", b.op}, {"axis", name}});
    ctx.hit(r.rule);
    type.axis[axis] = r.result;
  }
  return true;
}

}  // namespace

bool check_local_op(Context& ctx, const BindingStmt& b, int op_index) {
  const OpRow& op = ctx.table.ops[op_index];
  const int nargs = static_cast<int>(b.args.size());
  if (nargs < op.min_args || (op.max_args >= 0 && nargs > op.max_args)) {
    std::string want = op.max_args < 0 ? "at least " + std::to_string(op.min_args) : std::to_string(op.max_args);
    return ctx.fail("call.arity", b.op_loc, {{"op", b.op}, {"want", want}, {"got", std::to_string(nargs)}, {"usage", usage(op)}});
  }
  auto known = [&] {
    std::string out;
    for (const std::string& k : op.keywords) out += (out.empty() ? "" : ", ") + k;
    return out.empty() ? std::string("no keywords") : out;
  };
  if (!check_keywords(ctx, b, b.op, [&](const std::string& k) { return op.takes_keyword(k); }, known)) return false;

  ResolvedBinding resolved;
  resolved.row = op_index;
  resolved.operands.reserve(nargs);
  std::vector<ShapeOperand> shapes(nargs);
  int first_value = -1;
  bool scalar_operand = false;
  for (int i = 0; i < nargs; ++i) {
    const Arg& arg = b.args[i];
    shapes[i].loc = arg.loc;
    if (arg.kind == Arg::Kind::Number) {
      shapes[i].literal = true;
      resolved.operands.push_back(-1);
      scalar_operand |= contains(op.scalar_args, i);
      continue;
    }
    const std::optional<int> looked_up = ctx.lookup(arg.name, arg.loc);
    if (!looked_up) return false;
    const int v = *looked_up;
    resolved.operands.push_back(v);
    shapes[i].shape = ctx.value(v).shape;
    if (first_value < 0) first_value = v;
  }
  if (first_value < 0) return ctx.fail("call.no_value", b.op_loc, {{"op", b.op}});
  const DType dtype = ctx.value(first_value).dtype;
  for (int i = 0; i < nargs; ++i) {
    int v = resolved.operands[i];
    if (v >= 0 && ctx.value(v).dtype != dtype)
      return ctx.fail("dtype.mismatch", b.args[i].loc, {{"op", b.op}, {"want", std::string(dtype_name(dtype))}, {"got", std::string(dtype_name(ctx.value(v).dtype))}});
  }
  const std::optional<Shape> shape = infer_local_shape(ctx, b, op, shapes);
  if (!shape) return false;

  // Non-linear argument positions must not hold a forbidden type on any axis.
  for (const NonlinearArgRow& row : ctx.table.nonlinear_args) {
    for (int p : op.nonlinear_args) {
      if (p >= nargs || resolved.operands[p] < 0) continue;
      const LocalType& t = ctx.value(resolved.operands[p]).type;
      for (int a = 0; a < t.num_axes; ++a)
        if (row.forbid & kind_bit(t.axis[a]))
          return ctx.fail(row.rule, b.args[p].loc, {{"position", std::to_string(p)}, {"op", b.op}, {"axis", ctx.mesh.axes[a].name},
                                             {"got", std::string(1, ty_letter(t.axis[a]))}});
    }
  }

  LocalType type;
  type.num_axes = static_cast<uint8_t>(ctx.mesh.axes.size());
  const auto& slots = ctx.table.compiled.combine[op.linearity];
  for (int a = 0; a < type.num_axes; ++a) {
    KindMask present = scalar_operand ? kind_bit(OperandKind::Scalar) : KindMask{0};
    int partials = 0;
    for (int v : resolved.operands) {
      if (v < 0) continue;
      Ty t = ctx.value(v).type.axis[a];
      present |= kind_bit(t);
      partials += t == Ty::P;
    }
    int row_index = slots[present * 3 + std::min(partials, 2)];
    if (row_index < 0)  // only an unlinted table has gaps
      return ctx.fail("op.unknown", b.op_loc, {{"op", b.op + " (no combine row for " + operands_text(present, partials) + ")"}, {"known", ""}});
    const CombineRow& row = ctx.table.combine[row_index];
    if (row.reject)
      return ctx.fail(row.rule, b.op_loc, {{"op", b.op}, {"axis", ctx.mesh.axes[a].name}, {"operands", operands_text(present, partials)}});
    ctx.hit(row.rule);
    type.axis[a] = row.result;
  }
  if (const KwArg* kw = find_keyword(b, "out_partial"))
    if (!apply_out_partial(ctx, b, *kw, type)) return false;

  ctx.hit(op.rule);
  const std::optional<int> value = ctx.bind(ValueInfo{b.name, dtype, *shape, type}, b.loc);
  if (!value) return false;
  resolved.value = *value;
  ctx.result.bindings.push_back(std::move(resolved));
  return true;
}

}  // namespace spmdcheck::check
