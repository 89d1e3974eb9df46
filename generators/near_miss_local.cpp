// Near misses at local ops: one operand replaced, on one axis, by a value of
// another type (the first nonlinear_arg or combine row that rejects the new
// operand kinds), or out_partial extended to an axis whose inferred type an
// out_partial row rejects. Classified as P-into-non-linear (the new type is P
// and a nonlinear_arg row forbids it there, or the op's linearity class
// rejects P even alone), I-mixing (I with another kind), or another wrong
// operand type.
#include <algorithm>

#include "generators/near_miss_candidates.h"
#include "generators/near_miss_rows.h"

namespace spmdcheck::near_miss {
namespace {

// The op cannot pass P even when P is its only operand kind.
bool rejects_lone_partial(const RuleTable& table, const OpRow& op) {
  AxisOperands lone;
  lone.operands = {AxisOperand{0, Ty::P}};
  OpRow linearity_only;  // one plain operand: the class alone decides
  linearity_only.linearity = op.linearity;
  linearity_only.params = {ParamSpec{"x", ParamRole::Operand, false, false, std::nullopt, {}}};
  LocalJudgment j = judge_local_axis(table, linearity_only, lone);
  return j.decided && j.rejects;
}

BreakKind classify(const RuleTable& table, const OpRow& op, const AxisOperands& after, Ty new_type, const LocalJudgment& j) {
  const bool nonlinear_row = table.info(j.rule).section == RowSection::NonlinearArg;
  if (new_type == Ty::P && (nonlinear_row || rejects_lone_partial(table, op))) return BreakKind::PartialNonlinear;
  bool invariant = false, other = false;
  for (const AxisOperand& o : after.operands) {
    if (!o.type) {
      other |= number_is_weak_scalar(op, o.param);
      continue;
    }
    invariant |= *o.type == Ty::I;
    other |= *o.type != Ty::I;
  }
  return invariant && other ? BreakKind::InvariantMix : BreakKind::OperandType;
}

// The mesh axes an `axes` parameter (out_partial) names, and whether the op
// has one.
bool out_partial_axes(const OpRow& op, const BindingStmt& b, const ResolvedBinding& rb, std::vector<std::string>& named) {
  for (size_t p = 0; p < op.params.size(); ++p) {
    if (op.params[p].role != ParamRole::Axes) continue;
    if (const ArgValue* v = bound_arg(op, b, rb, static_cast<int>(p)); v && v->kind != ArgValue::Kind::None) named = v->names;
    return true;
  }
  return false;
}

}  // namespace

void locate(const BindingStmt& b, const ResolvedBinding& rb, int param, int value_in_param, Candidate& c) {
  const BoundParam& bp = rb.params[param];
  if (bp.count > 1) {
    c.position = bp.arg + value_in_param;
  } else if (bp.arg >= 0) {
    c.position = bp.arg;
    c.item = b.args[bp.arg].value.kind == ArgValue::Kind::NameList ? value_in_param : -1;
  } else {
    c.kwarg = bp.kwarg;
    c.item = b.kwargs[bp.kwarg].value.kind == ArgValue::Kind::NameList ? value_in_param : -1;
  }
}

std::string axis_change(const Mesh& mesh, int axis, Ty from, Ty to) {
  return std::string(1, ty_letter(from)) + " -> " + ty_letter(to) + " on " + mesh.axes[axis].name;
}

void local_op_candidates(const Subject& s, std::vector<Candidate>& out) {
  const Mesh& mesh = s.program.mesh;
  for (size_t i = 0; i < s.program.statements.size(); ++i) {
    const auto* b = std::get_if<BindingStmt>(&s.program.statements[i]);
    if (!b || s.binding_of[i] < 0) continue;
    const ResolvedBinding& rb = s.checked.bindings[s.binding_of[i]];
    if (rb.is_transition) continue;
    const OpRow& op = s.table.ops[rb.row];
    const std::vector<TypingOperand> operands = typing_operands(op, *b, rb);
    std::vector<int> value_in_param(operands.size(), 0);
    for (size_t p = 1; p < operands.size(); ++p)
      if (operands[p].param == operands[p - 1].param) value_in_param[p] = value_in_param[p - 1] + 1;

    for (int a = 0; a < static_cast<int>(mesh.axes.size()); ++a) {
      AxisOperands before;
      for (const TypingOperand& o : operands)
        before.operands.push_back(AxisOperand{o.param,
                                              o.value < 0 ? std::nullopt : std::optional<Ty>(s.checked.values[o.value].type.axis[a]),
                                              rb.params[o.param].kwarg >= 0});  // as the statement spells it
      for (size_t p = 0; p < operands.size(); ++p) {
        if (operands[p].value < 0) continue;
        const ValueInfo& operand = s.checked.values[operands[p].value];
        for (Ty t : kAllTys) {
          if (t == *before.operands[p].type) continue;
          AxisOperands after = before;
          after.operands[p].type = t;
          LocalJudgment j = judge_local_axis(s.table, op, after);
          if (!j.decided || !j.rejects) continue;
          Candidate c;
          c.kind = classify(s.table, op, after, t, j);
          c.edit = Edit::ReplaceOperand;
          c.statement = i;
          locate(*b, rb, operands[p].param, value_in_param[p], c);
          c.axis = a;
          c.dtype = operand.dtype;
          c.shape = operand.shape;
          c.scalar = operand.scalar;  // a typed scalar stays one: a tensor would change the dtype rules
          c.type = operand.type;
          c.spec = operand.spec;
          c.type.axis[a] = t;
          c.expected = s.table.info(j.rule).id;
          c.what =
              "operand " + op.params[operands[p].param].name + " of " + b->op + " " + axis_change(mesh, a, *before.operands[p].type, t);
          out.push_back(std::move(c));
        }
      }
    }

    // out_partial on one more axis, whose inferred type (the result's, as
    // out_partial does not name it yet) an out_partial row rejects.
    std::vector<std::string> named;
    if (!out_partial_axes(op, *b, rb, named)) continue;
    const LocalType& result = s.checked.values[rb.value].type;
    for (int a = 0; a < static_cast<int>(mesh.axes.size()); ++a) {
      if (std::find(named.begin(), named.end(), mesh.axes[a].name) != named.end()) continue;
      int row = out_partial_row(s.table, result.axis[a]);
      if (row < 0 || !s.table.out_partial[row].reject) continue;
      Candidate c;
      c.kind = BreakKind::OutPartial;
      c.edit = Edit::AddOutPartialAxis;
      c.statement = i;
      c.axis = a;
      c.expected = s.table.info(s.table.out_partial[row].rule).id;
      c.what = "out_partial on " + mesh.axes[a].name + " where " + b->op + " infers " + ty_letter(result.axis[a]);
      out.push_back(std::move(c));
    }
  }
}

}  // namespace spmdcheck::near_miss
