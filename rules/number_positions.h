#pragma once
// Where a plain number can stand in a call of a local op, as the generators
// write calls and PyTorch takes them: a literal at an operand of an
// elementwise op with two or more operands (`add(x, 2)`, `eq(2, x)`), and a
// number parameter a typing expression names (addmm's alpha and beta, plain
// or a typed scalar). The parameter's role decides what a number there
// means (rules/local_typing.h, number_is_weak_scalar); this decides only
// whether one can be written, so that generators, coverage and behaviour
// signatures enumerate the same calls whatever the roles say.
#include "rules/rule_table.h"

namespace spmdcheck {

// Whether a literal may be written at typing parameter `p` of `op` (an
// elementwise op's operand: never an index, never an operands list).
bool literal_may_stand(const OpRow& op, int p);

// literal_may_stand, or a number parameter a typing expression names.
bool number_may_stand(const OpRow& op, int p);

}  // namespace spmdcheck
