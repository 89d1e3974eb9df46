#pragma once
// A local op's typing on one mesh axis, from its rows alone: the
// nonlinear_arg rows on non-linear parameters, then the combine rows of the
// op's linearity class over its operands or, for an op with a `typing`
// expression (decompositions: addmm is LINEAR(MULTILINEAR(beta, input),
// MULTILINEAR(alpha, mat1, mat2))), node by node from the leaves up, each
// node's result an operand of its parent. One definition shared by the
// checker, the generators, near misses and behaviour signatures, which
// differ only in how a combine row is looked up (the checker's compiled
// table, or the rows in table order as a cross-check of compile()).
#include <optional>
#include <span>
#include <string>

#include "rules/rule_table.h"

namespace spmdcheck {

// One operand of a local op on one axis: a value's type, or a number.
struct AxisOperand {
  int param = -1;          // OpRow::params index
  std::optional<Ty> type;  // nullopt: a number written at the parameter
  // Written by keyword: a `reads = "positional"` nonlinear_arg row does not
  // see it. Generators, which spell a call after typing it, pass true (any
  // spelling may follow; the checker decides the one written).
  bool by_keyword = false;
};

struct LocalJudgment {
  bool decided = false;  // false: no row matches (an unlinted table)
  bool rejects = false;
  RuleIndex rule = kNoRule;
  Ty result = Ty::R;  // accepted: the root's result
  // The operands of the deciding node (for messages).
  KindMask present = 0;
  int partials = 0;
};

enum class CombineLookup : uint8_t { Compiled, TableOrder };

LocalJudgment judge_local_axis(const RuleTable& table, const OpRow& op, std::span<const AxisOperand> operands, CombineLookup lookup);

// Whether a plain number at parameter `p` is a weak scalar operand: at a
// scalar_operand / nonlinear_operand parameter, or a number parameter a
// typing expression names.
bool number_is_weak_scalar(const OpRow& op, int p);
// Whether the value at parameter `p` takes part in typing: a typing role,
// or a parameter a typing expression names (a typed scalar alpha).
bool param_types(const OpRow& op, int p);

// Parses a typing expression over `op`'s parameters (linearity names from
// `table`); the error names the byte offset.
struct TypingParse {
  std::vector<TypingNode> nodes;
  std::optional<std::pair<size_t, std::string>> error;
};
TypingParse parse_typing(const RuleTable& table, const OpRow& op, std::string_view text);
std::string typing_text(const RuleTable& table, const OpRow& op);  // "" when the op has none

// "R, P, scalar": operand kinds for messages.
std::string operand_kinds_text(KindMask present, int partials);

}  // namespace spmdcheck
