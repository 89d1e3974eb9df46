// Near misses at shard propagation (global SPMD, DESIGN.md §8): one tensor
// operand of a local op, sharded on a global axis, replaced by an input of
// the same type and shape whose entry on that axis shards another dim. The
// local typing is unchanged (no combine row reads a spec), so the statement
// reaches propagation as before and only that axis's placements differ; the
// expected rule is the first propagation row of the op's kind, in table
// order, that matches them: a rejecting row, or prop.no_strategy where none
// does. A move that some accepting row admits is no break and is not offered.
//
// And at the order of a dim's axes (spec_order): an operand whose spec puts
// exactly two axes x, y on one dim, major x, replaced by an input that puts
// them there as (y, x), where another tensor operand of the call puts x
// immediately before y on some dim. Every axis still shards the dim it
// sharded, so each axis's row lookup is as before, and the first judgment
// that fails is the order of the input tuples (reference §4.4 steps 2 and
// 8): prop.order_conflict. A swap no other operand contradicts directly is
// not offered (no break, or an indirect contradiction).
//
// And at an indirect contradiction: an operand whose spec puts exactly three
// axes (x, y, z) on one dim, replaced by one that puts them there as
// (y, z, x), where another tensor operand puts x immediately before y. The
// replacement's order edges are y -> z, which the accepted call already had,
// and z -> x; with the other operand's x -> y they close the cycle
// x -> y -> z -> x, and no pair is ordered both ways unless some other
// operand puts x immediately before z, where the swap is not offered (that is
// a direct conflict). The first judgment that fails is prop.order_cycle.
// Four or more axes on one dim are left out.
#include <string>
#include <vector>

#include "generators/near_miss_candidates.h"
#include "generators/near_miss_rows.h"
#include "oracle/dim_labels.h"

namespace spmdcheck::near_miss {
namespace {

// A tensor operand of the binding: where it is written and its labels.
struct TensorOperand {
  int operand = -1;  // DimLabelling::operands index
  int value = -1;
  int param = -1;
  int value_in_param = 0;
};

std::vector<TensorOperand> tensor_operands(const Subject& s, const OpRow& op, const BindingStmt& b, const ResolvedBinding& rb) {
  std::vector<TensorOperand> out;
  int operand = 0;
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
    if (!is_typing_role(op.params[p].role)) continue;
    const BoundParam& bp = rb.params[p];
    if (const ArgValue* v = bound_arg(op, b, rb, p); v && v->is_numeric()) {
      ++operand;  // a literal: a shape operand of rank 0, no placement
      continue;
    }
    for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i, ++operand)
      if (!s.checked.values[rb.operands[i]].scalar) out.push_back(TensorOperand{operand, rb.operands[i], p, i - bp.first_value});
  }
  return out;
}

check::OperandPlacements placements(const Subject& s, const std::vector<TensorOperand>& tensors, const check::DimLabelling& labels,
                                    int axis) {
  check::OperandPlacements out;
  for (const TensorOperand& t : tensors) {
    const ValueInfo& v = s.checked.values[t.value];
    const check::DimLabels& l = labels.operands[t.operand];
    if (v.spec.shards(axis))
      out.push_back(check::OperandPlacement{Placement::Kind::S, l.dims[v.spec.dim[axis]], &l});
    else
      out.push_back(check::OperandPlacement{v.type.axis[axis] == Ty::P ? Placement::Kind::P : Placement::Kind::R, {}, &l});
  }
  return out;
}

// A break that replaces tensor operand `t` (value `operand`) by a new input
// of its dtype, shape, type and spec; the caller edits the spec.
Candidate replacing(BreakKind kind, size_t statement, const BindingStmt& b, const ResolvedBinding& rb, const TensorOperand& t,
                    const ValueInfo& operand, int axis) {
  Candidate c;
  c.kind = kind;
  c.edit = Edit::ReplaceOperand;
  c.statement = statement;
  locate(b, rb, t.param, t.value_in_param, c);
  c.axis = axis;
  c.dtype = operand.dtype;
  c.shape = operand.shape;
  c.type = operand.type;
  c.spec = operand.spec;
  return c;
}

// Whether the spec puts `x` immediately before `y` on some dim.
bool adjacent_before(const PartitionSpec& spec, int x, int y) {
  return spec.shards(x) && spec.shards(y) && spec.dim[x] == spec.dim[y] && spec.place[y] == spec.place[x] + 1;
}

// Whether some tensor operand other than `t` puts `x` immediately before `y`.
bool other_puts_before(const Subject& s, const std::vector<TensorOperand>& tensors, size_t t, int x, int y) {
  for (size_t u = 0; u < tensors.size(); ++u)
    if (u != t && adjacent_before(s.checked.values[tensors[u].value].spec, x, y)) return true;
  return false;
}

std::string axes_tuple(const Mesh& mesh, const std::vector<int>& axes) {
  std::string out;
  for (int a : axes) out += (out.empty() ? "(" : ", ") + mesh.axes[a].name;
  return out + ")";
}

void spec_order_candidates(const Subject& s, size_t statement, const BindingStmt& b, const ResolvedBinding& rb,
                           const std::vector<TensorOperand>& tensors, std::vector<Candidate>& out) {
  const Mesh& mesh = s.program.mesh;
  const std::string conflict = diagnostic_id(s.table, "prop.order_conflict");
  const std::string cycle = diagnostic_id(s.table, "prop.order_cycle");
  for (size_t t = 0; t < tensors.size(); ++t) {
    const ValueInfo& operand = s.checked.values[tensors[t].value];
    const std::string param = s.table.ops[rb.row].params[tensors[t].param].name;
    for (int d = 0; d < operand.shape.rank; ++d) {
      std::array<int8_t, kMaxAxes> axes{};
      const int n = operand.spec.axes_on(d, axes);
      const int x = axes[0], y = axes[1], z = axes[2];
      std::vector<int> swapped;  // the replacement's tuple on dim d
      std::string expected, other;
      if (n == 2 && other_puts_before(s, tensors, t, x, y)) {
        swapped = {y, x};
        expected = conflict;
        other = axes_tuple(mesh, {x, y});
      } else if (n == 3 && other_puts_before(s, tensors, t, x, y) && !other_puts_before(s, tensors, t, x, z)) {
        swapped = {y, z, x};
        expected = cycle;
        other = mesh.axes[x].name + " immediately before " + mesh.axes[y].name;
      } else {
        continue;
      }
      if (expected.empty()) continue;  // a table without the row: no such near miss
      Candidate c = replacing(BreakKind::SpecOrder, statement, b, rb, tensors[t], operand, y);
      for (int k = 0; k < n; ++k) c.spec.remove(axes[k]);
      for (int a : swapped) c.spec.append(a, d);
      c.expected = expected;
      c.what = "operand " + param + " of " + b.op + " sharded on dim " + std::to_string(d) + " by " + axes_tuple(mesh, swapped) +
               " where another operand has " + other;
      out.push_back(std::move(c));
    }
  }
}

}  // namespace

void propagation_candidates(const Subject& s, std::vector<Candidate>& out) {
  const Mesh& mesh = s.program.mesh;
  if (mesh.num_global == 0) return;
  for (size_t i = 0; i < s.program.statements.size(); ++i) {
    const auto* b = std::get_if<BindingStmt>(&s.program.statements[i]);
    if (!b || s.binding_of[i] < 0) continue;
    const ResolvedBinding& rb = s.checked.bindings[s.binding_of[i]];
    if (rb.is_transition) continue;
    const OpRow& op = s.table.ops[rb.row];
    check::DimLabelling labels;
    if (!check::label_checked_binding(op, *b, rb, s.checked.values, labels)) continue;
    const std::vector<TensorOperand> tensors = tensor_operands(s, op, *b, rb);
    spec_order_candidates(s, i, *b, rb, tensors, out);
    for (int a = 0; a < static_cast<int>(mesh.axes.size()); ++a) {
      if (!mesh.is_global(a)) continue;
      const check::OperandPlacements before = placements(s, tensors, labels, a);
      for (size_t t = 0; t < tensors.size(); ++t) {
        const ValueInfo& operand = s.checked.values[tensors[t].value];
        if (!operand.spec.shards(a)) continue;
        const int from = operand.spec.dim[a];
        const check::DimLabels& l = labels.operands[tensors[t].operand];
        for (int to = 0; to < operand.shape.rank; ++to) {
          if (to == from) continue;
          check::OperandPlacements after = before;
          after[t].dim = l.dims[to];
          const std::string expected = propagation_break_rule(s.table, op, after);
          if (expected.empty()) continue;
          Candidate c = replacing(BreakKind::Propagation, i, *b, rb, tensors[t], operand, a);
          c.spec.remove(a);
          c.spec.append(a, to);
          c.expected = expected;
          c.what = "operand " + op.params[tensors[t].param].name + " of " + b->op + " sharded on dim " + std::to_string(to) + " [" +
                   std::string(dim_label_name(l.dims[to].label)) + "] instead of " + std::to_string(from) + " [" +
                   std::string(dim_label_name(l.dims[from].label)) + "] by " + mesh.axes[a].name;
          out.push_back(std::move(c));
        }
      }
    }
  }
}

}  // namespace spmdcheck::near_miss
