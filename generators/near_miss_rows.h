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

#include "oracle/shard_propagation.h"
#include "rules/local_typing.h"
#include "rules/rule_table.h"

namespace spmdcheck::near_miss {

// One axis of a local op's typing operands (rules/local_typing.h: a type
// per operand, nullopt for a number, each with its parameter).
struct AxisOperands {
  std::vector<AxisOperand> operands;
};

// The rule deciding the axis, read off the rows in table order (the
// checker reads the compiled tables): rules/local_typing.h's judgment.
LocalJudgment judge_local_axis(const RuleTable& table, const OpRow& op, const AxisOperands& operands);

// The transition row of comm op `comm` covering src x dst (shard dims
// canonical), the first in table order; -1 if none.
int transition_cell(const RuleTable& table, int comm, const Form& src, const Form& dst);

// An input of type `given` is admitted where a transition expects `expected`.
bool admitted_as(const RuleTable& table, int comm, Ty expected, Ty given);

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

// The rule rejecting op `op`'s tensor operands placed so on one global axis,
// read off the table's propagation rows in table order (the first row of
// the op's shape kind that matches decides): a rejecting row's id, or
// prop.no_strategy where no row matches; empty where an accepting row does.
std::string propagation_break_rule(const RuleTable& table, const OpRow& op, const check::OperandPlacements& operands);

// The id of a diagnostic row the checker cites, if the table has it (else empty).
std::string diagnostic_id(const RuleTable& table, std::string_view id);

}  // namespace spmdcheck::near_miss
