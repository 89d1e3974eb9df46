// Near misses at whole statements: an assert naming a type the value does
// not have, a loss whose type a loss row rejects on one axis (accepted loss
// types elsewhere), and a type annotation of an input that omits one mesh
// axis (the format's strict mode; a syntax error, so text only).
#include "generators/near_miss_candidates.h"
#include "generators/near_miss_rows.h"
#include "oracle/assert_transmute.h"

namespace spmdcheck::near_miss {

void statement_candidates(const Subject& s, std::vector<Candidate>& out) {
  const RuleTable& t = s.table;
  const Mesh& mesh = s.program.mesh;
  const int axes = static_cast<int>(mesh.axes.size());
  std::vector<int> value_of(s.program.statements.size(), -1);
  // A statement's first value (an assert on it is inserted after the
  // statement): an input's or a binding's (a transmuting assert's coercions
  // bind values too, but an assert is no statement to assert on).
  for (size_t i = 0, v = 0; i < s.program.statements.size(); ++i) {
    const Statement& st = s.program.statements[i];
    if (std::holds_alternative<InputStmt>(st) || std::holds_alternative<BindingStmt>(st)) value_of[i] = static_cast<int>(v);
    v += statement_counts(s.program, s.checked, i).values;
  }

  const bool assert_row = !diagnostic_id(t, "assert.mismatch").empty();
  for (size_t i = 0; i < s.program.statements.size(); ++i) {
    if (value_of[i] < 0) continue;
    const ValueInfo& v = s.checked.values[value_of[i]];
    for (int a = 0; a < axes && assert_row; ++a) {
      // A table whose assert refines (RuleTable::assert_refines) does not
      // compare an axis of size 1: another type there is no break.
      if (s.table.assert_refines && mesh.axes[a].size == 1) continue;
      for (Ty other : kAllTys) {
        if (other == v.type.axis[a] || transmute_row(t, mesh, v, a, other) >= 0) continue;  // a transmute is no break
        Candidate c;
        c.kind = BreakKind::AssertType;
        c.edit = Edit::InsertAssert;
        c.statement = i;
        c.axis = a;
        c.name = v.name;
        c.shape = v.shape;
        c.type = v.type;
        c.spec = v.spec;
        c.type.axis[a] = other;
        c.expected = "assert.mismatch";
        c.what = "assert " + v.name + " with " + axis_change(mesh, a, v.type.axis[a], other);
        out.push_back(std::move(c));
      }
    }
    if (!std::holds_alternative<InputStmt>(s.program.statements[i])) continue;
    for (int a = 0; a < axes; ++a) {
      Candidate c;
      c.kind = BreakKind::TypeAxisMissing;
      c.edit = Edit::DropTypeAxis;
      c.statement = i;
      c.axis = a;
      c.expected = std::string(kTypeAxisMissingRule);
      c.what = "the type of input " + v.name + " omits axis " + mesh.axes[a].name;
      out.push_back(std::move(c));
    }
  }

  // A scalar loss rejected on exactly one axis: the other axes take the first
  // accepted loss type.
  std::optional<Ty> accepted;
  for (const LossRow& r : t.losses)
    if (!r.reject && loss_row(t, r.ty) == &r - t.losses.data() && !accepted) accepted = r.ty;
  if (!accepted && axes > 1) return;
  size_t loss_at = s.program.statements.size();
  for (size_t i = 0; i < s.program.statements.size(); ++i)
    if (std::holds_alternative<LossStmt>(s.program.statements[i])) loss_at = i;
  for (int a = 0; a < axes; ++a)
    for (const LossRow& r : t.losses) {
      if (!r.reject || loss_row(t, r.ty) != &r - t.losses.data()) continue;
      Candidate c;
      c.kind = BreakKind::LossType;
      c.edit = Edit::ReplaceLoss;
      c.statement = loss_at;
      c.axis = a;
      c.dtype = DType::F64;
      c.type.num_axes = static_cast<uint8_t>(axes);
      for (int b = 0; b < axes; ++b) c.type.axis[b] = b == a ? r.ty : *accepted;
      c.expected = t.info(r.rule).id;
      c.what = std::string("a loss that is ") + ty_letter(r.ty) + " on " + mesh.axes[a].name;
      out.push_back(std::move(c));
    }
}

}  // namespace spmdcheck::near_miss
