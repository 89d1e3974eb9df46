// Typing of local (non-communicating) ops: arity and keywords, dtype, the
// op's shape rule, the nonlinear_arg rows, the combine rows per axis and the
// out_partial rows. Every decision is a row lookup; there is no per-op code.
#include "oracle/call_binding.h"
#include "oracle/check_context.h"
#include "oracle/local_shapes.h"
#include "oracle/shard_propagation.h"
#include "program/program_text.h"
#include "rules/local_typing.h"

namespace spmdcheck::check {
namespace {

// An `axes` parameter (out_partial=AXES): applies the out_partial rows on
// each named axis.
[[nodiscard]] bool apply_out_partial(Context& ctx, const BindingStmt& b, const ArgValue& axes, SourceLoc loc, LocalType& type) {
  for (const std::string& name : axes.names) {
    int axis = ctx.mesh.axis_index(name);
    if (axis < 0) return ctx.fail("call.axis", loc, {{"got", name}, {"known", ctx.axis_list()}});
    int16_t row = ctx.table.compiled.out_partial[static_cast<int>(type.axis[axis])];
    if (row < 0) continue;
    const OutPartialRow& r = ctx.table.out_partial[row];
    if (r.reject) return ctx.fail(r.rule, loc, {{"op", b.op}, {"axis", name}});
    ctx.hit(r.rule);
    type.axis[axis] = r.result;
  }
  return true;
}

// PyTorch's result dtype for "same": the tensors' dtype (one dtype; index
// tensors aside), promoted a category by a weak number above it (an i64
// tensor with 0.5 gives the default f32; a bool tensor with 2 gives i64).
[[nodiscard]] std::optional<DType> operand_dtype(Context& ctx, const LocalCall& call, bool& has_tensor) {
  std::optional<DType> dtype;
  bool number = false, integer = false;
  for (const ShapeOperand& o : call.operands) {
    if (!o.literal) continue;
    const ArgValue* v = bound_arg(call.op, call.b, call.r, o.param);
    (v && v->kind == ArgValue::Kind::Int ? integer : number) = true;
  }
  for (int p = 0; p < static_cast<int>(call.op.params.size()); ++p) {
    if (call.op.params[p].role == ParamRole::Index) continue;
    const BoundParam& bp = call.r.params[p];
    for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i) {
      const ValueInfo& v = ctx.value(call.r.operands[i]);
      if (v.scalar) {
        number = true;  // a typed scalar is a Python float
        continue;
      }
      if (dtype && *dtype != v.dtype)
        return ctx.fail("dtype.mismatch", bound_loc(call.b, bp),
                        {{"op", call.b.op}, {"want", std::string(dtype_name(*dtype))}, {"got", std::string(dtype_name(v.dtype))}});
      dtype = v.dtype;
    }
  }
  has_tensor = dtype.has_value();
  if (!dtype) return DType::F64;
  if (*dtype == DType::Bool && (number || integer)) return number ? DType::F32 : DType::I64;
  if (*dtype == DType::I64 && number) return DType::F32;
  return dtype;
}

// A result's dtype: "same" is the operands' promoted dtype; "inferred" is
// i64 when every number parameter holds an integer, else f32 (PyTorch's
// factories: full's fill_value, arange's bounds).
DType result_dtype(ResultDType rd, DType same, const LocalCall& call) {
  switch (rd) {
    case ResultDType::Same: return same;
    case ResultDType::Bool: return DType::Bool;
    case ResultDType::I64: return DType::I64;
    case ResultDType::F32: return DType::F32;
    case ResultDType::Inferred:
      for (const ParamSpec& p : call.op.params)
        if (const ArgValue* v = p.role == ParamRole::Number ? call.arg(p.name) : nullptr; v && v->kind != ArgValue::Kind::Int)
          return DType::F32;
      return DType::I64;
  }
  return same;
}

// Binds the results, all of type `type` (spmd_types stamps every output
// alike); the caller commits the binding. `scalar`: the results are typed scalars
// (every operand was one).
[[nodiscard]] bool bind_local_results(Context& ctx, const LocalCall& call, ResolvedBinding& resolved, const ResultShapes& shapes,
                                      const LocalType& type, bool scalar, const SmallVector<PartitionSpec, 2>& specs = {}) {
  const BindingStmt& b = call.b;
  const OpRow& op = call.op;
  ctx.hit(op.rule);  // counted even when a name is rebound, as before
  // Every name is checked before any is bound: a rejected statement leaves
  // the environment as it was (a later result rebinding an earlier one, or
  // a name repeated in the statement, must not leave the first bound).
  // (One result: Context::bind's own check is the same check.)
  for (int i = 0; i < shapes.count && shapes.count > 1; ++i) {
    bool repeated = ctx.is_bound(b.names[i]);
    for (int j = 0; j < i && !repeated; ++j) repeated = b.names[j] == b.names[i];
    if (repeated)
      return ctx.fail("name.rebound", i < static_cast<int>(b.name_locs.size()) ? b.name_locs[i] : b.loc, {{"name", b.names[i]}});
  }
  for (int i = 0; i < shapes.count; ++i) {
    const DType d = result_dtype(op.results[std::min<size_t>(i, op.results.size() - 1)], resolved.dtype, call);
    ValueInfo info{b.names[i], d, shapes.shapes[i], type, scalar, i < static_cast<int>(specs.size()) ? specs[i] : PartitionSpec{}};
    const std::optional<int> value = ctx.bind(std::move(info), i < static_cast<int>(b.name_locs.size()) ? b.name_locs[i] : b.loc);
    if (!value) return false;
    if (i == 0) resolved.value = *value;
  }
  resolved.num_results = shapes.count;
  return true;
}

}  // namespace

bool check_local_op(Context& ctx, const BindingStmt& b, int base_index) {
  PendingBinding pending(ctx.result);
  ResolvedBinding& resolved = pending.binding;
  if (!bind_call_arguments(ctx, b, base_index, resolved)) return false;
  // A variant row (rounding division) types the calls its `when` selects.
  VariantMiss miss;
  resolved.row = select_op_row(ctx.table, base_index, b, resolved, &miss);
  if (resolved.row < 0) {
    const OpRow& base = ctx.table.ops[base_index];
    return ctx.fail("call.argument_value", bound_loc(b, resolved.params[miss.param]),
                    {{"param", base.params[miss.param].name},
                     {"op", b.op},
                     {"want", "one of " + miss.choices},
                     {"got", arg_value_to_text(*bound_arg(base, b, resolved, miss.param))},
                     {"usage", "usage: " + signature_text(base.name, base.params)}});
  }
  const OpRow& op = ctx.table.ops[resolved.row];

  // The typing operands, parameter by parameter: bound values, and numbers
  // at operand positions (weak scalars where the role says so).
  LocalCall call{b, op, resolved, shape_operands(op, b, resolved, ctx.result.values), &resolved.index_bounds};
  // A call without typing operands is a factory's (the row's no_operands).
  const bool factory = resolved.operands.empty();
  if (factory && !op.no_operands) return ctx.fail("call.no_value", b.op_loc, {{"op", b.op}});
  bool has_tensor = false;
  const std::optional<DType> dtype = operand_dtype(ctx, call, has_tensor);
  if (!dtype) return false;
  // A factory's kernel creates its result in the binding's dtype.
  resolved.dtype = factory ? result_dtype(op.results[0], *dtype, call) : *dtype;
  const std::optional<ResultShapes> shapes = infer_local_shapes(ctx, call);
  if (!shapes) return false;
  if (static_cast<int>(b.names.size()) != shapes->count) {
    std::string names;
    for (int i = 0; i < shapes->count; ++i) names += (i ? ", " : "") + std::string(1, static_cast<char>('a' + i % 26));
    return ctx.fail("call.results", b.loc,
                    {{"op", b.op},
                     {"want", std::to_string(shapes->count)},
                     {"got", std::to_string(b.names.size())},
                     {"names", names + " = " + b.op + "(...)"}});
  }

  // Non-linear parameters must not hold a forbidden type on any axis (the
  // parameters each row applies to, spelt as it reads them).
  for (const NonlinearArgRow& row : ctx.table.nonlinear_args) {
    for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
      const BoundParam& bp = resolved.params[p];
      if (!row.applies(op.params[p].role, bp.kwarg >= 0)) continue;
      for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i) {
        const LocalType& t = ctx.value(resolved.operands[i]).type;
        for (int a = 0; a < t.num_axes; ++a)
          if (row.forbid & kind_bit(t.axis[a]))
            return ctx.fail(row.rule, bound_loc(b, bp),
                            {{"param", op.params[p].name},
                             {"position", std::to_string(p)},
                             {"op", b.op},
                             {"axis", ctx.mesh.axes[a].name},
                             {"got", std::string(1, ty_letter(t.axis[a]))}});
      }
    }
  }

  if (factory) {  // no operands to combine: the row's type on every axis
    LocalType type;
    type.num_axes = static_cast<uint8_t>(ctx.mesh.axes.size());
    for (int a = 0; a < type.num_axes; ++a) type.axis[a] = *op.no_operands;
    return bind_local_results(ctx, call, resolved, *shapes, type, false) && pending.commit();
  }

  // Per axis, the typing judgment (rules/local_typing.h): the operands are
  // every parameter that types, numbers included.
  SmallVector<AxisOperand, 8> axis_operands;
  SmallVector<int, 8> operand_values;  // parallel: the value index, or -1 for a number
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
    if (!(ctx.table.compiled.op_typing_params[resolved.row] >> p & 1u)) continue;
    const BoundParam& bp = resolved.params[p];
    const ArgValue* v = bound_arg(op, b, resolved, p);
    if (v && v->is_numeric()) {
      axis_operands.push_back(AxisOperand{p, std::nullopt, bp.kwarg >= 0});
      operand_values.push_back(-1);
    }
    for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i) {
      axis_operands.push_back(AxisOperand{p, Ty::R, bp.kwarg >= 0});
      operand_values.push_back(resolved.operands[i]);
    }
  }
  LocalType type;
  type.num_axes = static_cast<uint8_t>(ctx.mesh.axes.size());
  for (int a = 0; a < type.num_axes; ++a) {
    for (size_t i = 0; i < axis_operands.size(); ++i)
      if (operand_values[i] >= 0) axis_operands[i].type = ctx.value(operand_values[i]).type.axis[a];
    const LocalJudgment j = judge_local_axis(ctx.table, op, axis_operands, CombineLookup::Compiled);
    if (!j.decided)  // only an unlinted table has gaps
      return ctx.fail("op.unknown", b.op_loc,
                      {{"op", b.op + " (no combine row for " + operand_kinds_text(j.present, j.partials) + ")"},
                       {"known", "the rule table has a gap here; `spmdcheck rules --lint` names it"}});
    if (j.rejects)
      return ctx.fail(j.rule, b.op_loc,
                      {{"op", b.op}, {"axis", ctx.mesh.axes[a].name}, {"operands", operand_kinds_text(j.present, j.partials)}});
    if (j.rule != kNoRule) ctx.hit(j.rule);
    type.axis[a] = j.result;
  }
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p)
    if (op.params[p].role == ParamRole::Axes)
      if (const ArgValue* axes = bound_arg(op, b, resolved, p); axes && axes->kind != ArgValue::Kind::None)
        if (!apply_out_partial(ctx, b, *axes, bound_loc(b, resolved.params[p]), type)) return false;

  // Global SPMD: the propagation rows on the global axes that shard an operand.
  SmallVector<PartitionSpec, 2> specs;
  if (!propagate_shards(ctx, call, *shapes, type, specs)) return false;
  return bind_local_results(ctx, call, resolved, *shapes, type, !has_tensor, specs) && pending.commit();
}

}  // namespace spmdcheck::check
