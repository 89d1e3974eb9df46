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

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// The op cannot pass P even when P is its only operand kind.
bool rejects_lone_partial(const RuleTable& table, const OpRow& op) {
  AxisOperands lone;
  lone.types = {Ty::P};
  OpRow linearity_only;  // no non-linear positions: the class alone decides
  linearity_only.linearity = op.linearity;
  LocalJudgment j = judge_local_axis(table, linearity_only, lone);
  return j.decided && j.rejects;
}

BreakKind classify(const RuleTable& table, const OpRow& op, const AxisOperands& after, Ty new_type, const LocalJudgment& j) {
  const bool nonlinear_row = table.info(j.rule).section == RowSection::NonlinearArg;
  if (new_type == Ty::P && (nonlinear_row || rejects_lone_partial(table, op))) return BreakKind::PartialNonlinear;
  bool invariant = false, other = after.scalar;
  for (const std::optional<Ty>& t : after.types) {
    if (!t) continue;
    invariant |= *t == Ty::I;
    other |= *t != Ty::I;
  }
  return invariant && other ? BreakKind::InvariantMix : BreakKind::OperandType;
}

std::vector<std::string> out_partial_axes(const BindingStmt& b) {
  for (const KwArg& kw : b.kwargs)
    if (kw.key == "out_partial") return kw.value.names;
  return {};
}

}  // namespace

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
    bool scalar = false;
    for (size_t p = 0; p < rb.operands.size(); ++p) scalar |= rb.operands[p] < 0 && contains(op.scalar_args, static_cast<int>(p));

    for (int a = 0; a < static_cast<int>(mesh.axes.size()); ++a) {
      AxisOperands before;
      before.scalar = scalar;
      for (int v : rb.operands) before.types.push_back(v < 0 ? std::nullopt : std::optional<Ty>(s.checked.values[v].type.axis[a]));
      for (size_t p = 0; p < rb.operands.size(); ++p) {
        if (rb.operands[p] < 0) continue;
        const ValueInfo& operand = s.checked.values[rb.operands[p]];
        for (Ty t : kAllTys) {
          if (t == *before.types[p]) continue;
          AxisOperands after = before;
          after.types[p] = t;
          LocalJudgment j = judge_local_axis(s.table, op, after);
          if (!j.decided || !j.rejects) continue;
          Candidate c;
          c.kind = classify(s.table, op, after, t, j);
          c.edit = Edit::ReplaceOperand;
          c.statement = i;
          c.position = static_cast<int>(p);
          c.axis = a;
          c.dtype = operand.dtype;
          c.shape = operand.shape;
          c.type = operand.type;
          c.type.axis[a] = t;
          c.expected = s.table.info(j.rule).id;
          c.what = "operand " + std::to_string(p) + " of " + b->op + " " + axis_change(mesh, a, *before.types[p], t);
          out.push_back(std::move(c));
        }
      }
    }

    // out_partial on one more axis, whose inferred type (the result's, as
    // out_partial does not name it yet) an out_partial row rejects.
    if (!op.takes_keyword("out_partial")) continue;
    const std::vector<std::string> named = out_partial_axes(*b);
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
