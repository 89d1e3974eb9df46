#pragma once
// Judgments of the rule table read directly off its rows, for near-miss
// generation: which row decides a local op's operand kinds on one axis, which
// row covers a transition cell, whether an input type is accepted where a
// transition expects another. These read the rows in table order ("first
// matching row decides"), not the checker's compiled lookup tables, so a near
// miss also cross-checks `RuleTable::compile()` and the checker against the rows.
// Not a public interface beyond the near-miss generator.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_table.h"

namespace spmdcheck::near_miss {

// One axis of a local op application: the type of each argument position
// (nullopt: a literal) and whether a literal sits at a weak-scalar position.
// One axis of a local op's typing operands: a type per operand slot
// (nullopt: a number), which slots the nonlinear_arg rows judge, and whether
// a weak scalar takes part.
struct AxisOperands {
  std::vector<std::optional<Ty>> types;
  std::vector<bool> nonlinear;  // parallel to types; missing entries: false
  bool scalar = false;
};

// The rule deciding the axis, in the checker's order for one axis: the first
// nonlinear_arg row forbidding a type at a non-linear slot,
// else the first combine row of the op's linearity class matching the operand
// kinds and P count. `decided` is false when no row matches (an unlinted table).
struct LocalJudgment {
  bool decided = false;
  bool rejects = false;
  RuleIndex rule = kNoRule;
  Ty result = Ty::R;  // accepted: the combine row's result
};
LocalJudgment judge_local_axis(const RuleTable& table, const OpRow& op, const AxisOperands& operands);

// The transition row of comm op `comm` covering src x dst (shard dims
// canonical), the first in table order; -1 if none.
int transition_cell(const RuleTable& table, int comm, const Form& src, const Form& dst);

// An input of type `given` is admitted where a transition expects `expected`.
bool admitted_as(const RuleTable& table, Ty expected, Ty given);

// The first out_partial / loss row for a type; -1 if none.
int out_partial_row(const RuleTable& table, Ty from);
int loss_row(const RuleTable& table, Ty ty);

// Every form an input of `rank` can be written with: R, I, V, P and S(k) for
// each dim k.
std::vector<Form> all_forms(int rank);

// The rule rejecting a transition written with `src` over an operand of type
// `got` (dst and the expert flag as written), in the checker's order: the
// cell's row if it is illegal; else, if the cell is legal and its gate open,
// coll.src_mismatch when `got` is not admitted as src. Empty when the src
// breaks nothing or more than one premise (an open cell that is also gated).
std::string src_break_rule(const RuleTable& table, int comm, const Form& src, const Form& dst, bool expert, Ty got);
// The illegal row of the cell src x dst, or empty.
std::string dst_break_rule(const RuleTable& table, int comm, const Form& src, const Form& dst);

// The id of a diagnostic row the checker cites, if the table has it (else empty).
std::string diagnostic_id(const RuleTable& table, std::string_view id);

}  // namespace spmdcheck::near_miss
