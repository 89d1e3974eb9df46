// The rejecting rows near misses can target, derived from the rows alone by
// running the near-miss derivations on abstract statements: every op applied
// to every accepted operand-kind tuple on one axis (arities up to two past the
// minimum, at most one literal), every legal transition row written with each
// of its forms, every loss row, and the diagnostic rows whose premises a near
// miss breaks.
#include <algorithm>
#include <set>

#include "generators/near_miss.h"
#include "generators/near_miss_rows.h"

namespace spmdcheck {
namespace {

using near_miss::AxisOperands;
using near_miss::judge_local_axis;

// Every operand-kind tuple of `op` accepted on one axis, with `visit` called
// for each single substitution that a row rejects (its rule) and for each
// accepted result type (kNoRule, result).
template <typename Visit>
void local_substitutions(const RuleTable& table, const OpRow& op, Visit visit) {
  // Slots: one per parameter that types, an operands list 1-3 items.
  std::vector<int> fixed;
  int list = -1;
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
    if (!param_types(op, p)) continue;
    if (op.params[p].role == ParamRole::Operands)
      list = p;
    else
      fixed.push_back(p);
  }
  for (int items = list >= 0 ? 1 : 0; items <= (list >= 0 ? 3 : 0); ++items) {
    std::vector<int> slots = fixed;
    for (int i = 0; i < items; ++i) slots.push_back(list);
    const int k = static_cast<int>(slots.size());
    if (k == 0) continue;
    for (int literal = -1; literal < k; ++literal) {
      const ParamRole role = literal >= 0 ? op.params[slots[literal]].role : ParamRole::Operand;
      if (literal >= 0 && (k < 2 || role == ParamRole::Operands || role == ParamRole::Index)) continue;
      AxisOperands base;
      for (int p : slots) base.operands.push_back(AxisOperand{p, Ty::R});
      std::vector<int> values;
      for (int p = 0; p < k; ++p)
        if (p != literal) values.push_back(p);
      if (literal >= 0) base.operands[literal].type = std::nullopt;
      uint64_t combos = 1;
      for (size_t i = 0; i < values.size(); ++i) combos *= kNumTys;
      for (uint64_t code = 0; code < combos; ++code) {
        AxisOperands before = base;
        uint64_t c = code;
        for (int p : values) {
          before.operands[p].type = static_cast<Ty>(c % kNumTys);
          c /= kNumTys;
        }
        LocalJudgment j = judge_local_axis(table, op, before);
        if (!j.decided || j.rejects) continue;
        visit(kNoRule, j.result);
        for (int p : values)
          for (Ty t : kAllTys) {
            AxisOperands after = before;
            after.operands[p].type = t;
            LocalJudgment broken = judge_local_axis(table, op, after);
            if (broken.decided && broken.rejects) visit(broken.rule, j.result);
          }
      }
    }
  }
}

}  // namespace

std::vector<std::string> near_miss_target_rules(const RuleTable& table) {
  std::set<std::string> ids;
  auto add = [&](const std::string& id) {
    if (!id.empty()) ids.insert(id);
  };

  for (const OpRow& op : table.ops) {
    std::set<Ty> results;
    local_substitutions(table, op, [&](RuleIndex rule, Ty result) {
      if (rule != kNoRule)
        add(table.info(rule).id);
      else
        results.insert(result);
    });
    bool out_partial = false;
    for (const ParamSpec& p : op.params) out_partial |= p.role == ParamRole::Axes;
    if (!out_partial) continue;
    for (Ty r : results) {
      int row = near_miss::out_partial_row(table, r);
      if (row >= 0 && table.out_partial[row].reject) add(table.info(table.out_partial[row].rule).id);
    }
  }

  for (size_t i = 0; i < table.transitions.size(); ++i) {
    const TransitionRow& row = table.transitions[i];
    if (row.illegal) continue;
    const int comm = row.op;
    const CommOpRow& op = table.comm_ops[comm];
    std::vector<Ty> given = {Form{row.src_kind(), 0}.base()};
    for (const AcceptRow& a : table.accepts)
      if (a.expected == given[0] && a.via >= 0 && !op.strict_src) given.push_back(a.given);
    // The row written with each of its forms (rank 2: S(0), S(1)).
    for (const Form& src : near_miss::all_forms(2))
      for (const Form& dst : near_miss::all_forms(2)) {
        if (near_miss::transition_cell(table, comm, src, dst) != static_cast<int>(i)) continue;
        for (const Form& f : near_miss::all_forms(2)) {
          // The near misses write a new src or dst keyword, or a new buffer.
          if (!(f == src) && op.takes_keyword("src"))
            for (Ty got : given) add(near_miss::src_break_rule(table, comm, f, dst, row.expert, got));
          if (!(f == dst) && (op.takes_keyword("dst") || (op.buffer && f.kind != Form::Kind::S)))
            add(near_miss::dst_break_rule(table, comm, src, f));
        }
      }
    for (Ty other : kAllTys)
      if (!near_miss::admitted_as(table, comm, given[0], other)) add(near_miss::diagnostic_id(table, "coll.src_mismatch"));
    if (row.expert) add(near_miss::diagnostic_id(table, "coll.expert_gate"));
    if (op.buffer)
      for (const char* id : {"coll.buffer_shape", "coll.buffer_type"}) add(near_miss::diagnostic_id(table, id));
    add(near_miss::diagnostic_id(table, "call.axis"));
    // The first shape step of the row's parts (an accept row's via runs first).
    std::vector<const TransitionRow*> parts;
    if (row.compose.empty()) parts.push_back(&row);
    for (int c : row.compose) parts.push_back(&table.transitions[c]);
    for (const TransitionRow* part : parts) {
      if (part->shape.empty()) continue;
      ShapeStepKind kind = part->shape.front().kind;
      if (kind == ShapeStepKind::Split) add(near_miss::diagnostic_id(table, "shape.divisible"));
      if (kind == ShapeStepKind::Unstack) add(near_miss::diagnostic_id(table, "shape.axis_size"));
      break;
    }
  }

  // Propagation: a shard moved onto a dim of the label a rejecting row
  // names (a kind with a labelling), or onto one no row of its kind admits.
  for (const PropagationRow& row : table.propagation) {
    bool labelled = false;
    for (ShapeRule kind : row.kinds) labelled |= labels_of(kind) != 0;
    if (!labelled) continue;
    add(near_miss::diagnostic_id(table, "prop.no_strategy"));
    if (row.reject) add(table.info(row.rule).id);
  }

  // The order of a dim's axes, contradicted by another operand directly
  // (two axes swapped) or through a cycle (three rotated; spec_order).
  // Offered for a labelled call only, as the propagation breaks above.
  bool labelled_kind = false;
  for (const PropagationRow& row : table.propagation)
    for (ShapeRule kind : row.kinds) labelled_kind |= labels_of(kind) != 0;
  if (labelled_kind) {
    add(near_miss::diagnostic_id(table, "prop.order_conflict"));
    add(near_miss::diagnostic_id(table, "prop.order_cycle"));
  }

  for (const LossRow& r : table.losses)
    if (r.reject && near_miss::loss_row(table, r.ty) == &r - table.losses.data()) add(table.info(r.rule).id);
  add(near_miss::diagnostic_id(table, "assert.mismatch"));

  std::vector<std::string> ordered;
  for (const RuleInfo& info : table.rules)
    if (ids.count(info.id)) ordered.push_back(info.id);
  return ordered;
}

}  // namespace spmdcheck
