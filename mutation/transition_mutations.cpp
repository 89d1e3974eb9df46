// Operators on transition rows: backward rows, local actions, expert gates
// (mutant_builder.h). Backward and action replacements keep only mutants the
// linter accepts: they model plausible implementation bugs, which a table
// author could write, not malformed rows.
#include "mutation/mutant_builder.h"

namespace spmdcheck {
namespace {

RowRef ref(const MutantBuilder& b, const TransitionRow& row) { return RowRef{"transition", b.id(row.rule)}; }

std::string action_call_text(const TransitionRow& row, ActionKind kind, std::array<uint8_t, 2> params) {
  const ActionKindInfo& info = action_kind_info(kind);
  std::string out(info.name);
  if (info.num_params == 0) return out;
  out += "(";
  for (int i = 0; i < info.num_params; ++i) out += (i ? ", " : "") + row.dims[params[i]].param;
  return out + ")";
}

// Two primitive rows A and B of one signature trade backward rows. The
// linter requires backward rows to be involutions, so their backward rows
// A' and B' are pointed back at B and A: the swap stays lint-clean, which is
// what a plausible slip in a hand-written table looks like.
void swap_backwards(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (size_t a = 0; a < t.transitions.size(); ++a) {
    const TransitionRow& ra = t.transitions[a];
    if (!ra.primitive() || ra.backward < 0) continue;
    for (size_t c = a + 1; c < t.transitions.size(); ++c) {
      const TransitionRow& rc = t.transitions[c];
      if (!rc.primitive() || rc.backward < 0 || rc.backward == ra.backward) continue;
      if (rc.src_kind() != ra.src_kind() || rc.dst_kind() != ra.dst_kind()) continue;
      const RowRef row_a = ref(b, ra), row_c = ref(b, rc);
      const RowRef back_a = ref(b, t.transitions[ra.backward]), back_c = ref(b, t.transitions[rc.backward]);
      b.add(
          MutationOperator::SwapBackward, row_a.id, row_c.id,
          row_a.id + " and " + row_c.id + " trade backward rows (" + back_a.id + ", " + back_c.id + ")",
          [=](TableDocument& d) {
            return d.set_string(back_a, "backward", row_c.id) && d.set_string(back_c, "backward", row_a.id) &&
                   d.set_string(row_a, "backward", back_c.id) && d.set_string(row_c, "backward", back_a.id);
          },
          MutantBuilder::Options{false, true});
    }
  }
}

void shift_ranks(MutantBuilder& b) {
  for (const TransitionRow& row : b.table().transitions) {
    // A shift of an action whose meaning ignores coordinates (keep_on_rank0's
    // P split sums to x whichever rank keeps it) would be an equivalent mutant.
    if (!row.primitive() || !row.action || !action_kind_info(row.action->kind).meaning_depends_on_coordinates) continue;
    const RowRef r = ref(b, row);
    b.add(MutationOperator::RankShift, r.id, "", r.id + ": rank r acts as rank r+1",
          [r](TableDocument& d) { return d.set_integer(r, "rank_shift", 1); });
  }
}

// Corner faults: an implementation right on the small cases a hand-written
// test tries (an axis of two ranks, a one-axis mesh) and wrong beyond them.
void corner_faults(MutantBuilder& b) {
  for (const TransitionRow& row : b.table().transitions) {
    if (!row.primitive() || !row.action || row.action->kind == ActionKind::Identity) continue;
    const RowRef r = ref(b, row);
    if (action_kind_info(row.action->kind).meaning_depends_on_coordinates)
      b.add(MutationOperator::SwapRanks, r.id, "", r.id + ": ranks 1 and 2 trade roles",
            [r](TableDocument& d) { return d.set_integer(r, "rank_swap", 1); });
    b.add(MutationOperator::FirstAxis, r.id, "", r.id + ": acts over the mesh's first axis",
          [r](TableDocument& d) { return d.set_bool(r, "first_axis", true); });
  }
}

void swap_action_dims(MutantBuilder& b) {
  for (const TransitionRow& row : b.table().transitions) {
    if (!row.primitive() || !row.action || action_kind_info(row.action->kind).num_params != 2) continue;
    const auto p = row.action->params;
    if (p[0] == p[1]) continue;
    const RowRef r = ref(b, row);
    const std::string text = action_call_text(row, row.action->kind, {p[1], p[0]});
    // The shape steps swap with the action (the linter checks that they
    // agree), so only the meaning tells the mutant from the original: an
    // implementation that splits and joins the wrong dims consistently.
    std::string shape;
    for (const ShapeStep& s : row.shape) {
      const uint8_t param = s.param == p[0] ? p[1] : s.param == p[1] ? p[0] : s.param;
      shape += (shape.empty() ? "" : " ") + std::string(shape_step_name(s.kind)) + "(" + row.dims[param].param + ")";
    }
    b.add(MutationOperator::SwapActionDims, r.id, "", r.id + "'s action is " + text + (shape.empty() ? "" : ", shape " + shape),
          [r, text, shape](TableDocument& d) {
            return d.set_string(r, "action", text) && (shape.empty() || d.set_string(r, "shape", shape));
          });
  }
}

void replace_actions(MutantBuilder& b) {
  for (const TransitionRow& row : b.table().transitions) {
    if (!row.primitive() || !row.action) continue;
    const int params = action_kind_info(row.action->kind).num_params;
    for (int k = 0; k < kNumActionKinds; ++k) {
      const ActionKind kind = static_cast<ActionKind>(k);
      if (kind == row.action->kind || action_kind_info(kind).num_params != params) continue;
      const RowRef r = ref(b, row);
      const std::string text = action_call_text(row, kind, row.action->params);
      b.add(
          MutationOperator::ReplaceAction, r.id, std::string(action_kind_info(kind).name), r.id + "'s action is " + text,
          [r, text](TableDocument& d) { return d.set_string(r, "action", text); }, MutantBuilder::Options{false, true});
    }
  }
}

void drop_expert_gates(MutantBuilder& b) {
  for (const TransitionRow& row : b.table().transitions) {
    if (!row.expert) continue;
    const RowRef r = ref(b, row);
    b.add(
        MutationOperator::DropExpertGate, r.id, "", r.id + " no longer needs expert=true",
        [r](TableDocument& d) { return d.erase(r, "expert"); }, MutantBuilder::Options{true, false});
  }
}

}  // namespace

void add_transition_mutants(MutantBuilder& b) {
  swap_backwards(b);
  shift_ranks(b);
  corner_faults(b);
  swap_action_dims(b);
  replace_actions(b);
  drop_expert_gates(b);
}

}  // namespace spmdcheck
