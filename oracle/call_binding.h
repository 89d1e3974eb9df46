#pragma once
// Binding a local op's call to its row's parameters (oracle/call_binding.cpp).
#include "oracle/check_context.h"

namespace spmdcheck::check {

// Fills r.params (one per parameter of table row `row`) and r.operands (the bound values,
// parameter by parameter). Fails with call.arity (too many positional
// arguments), call.keyword_unknown, call.keyword_duplicate,
// call.argument_twice, call.argument_missing, call.argument_value (a value
// the role does not hold), name.unbound, call.scalar_position (a typed
// scalar at a structural parameter) or dtype.index.
[[nodiscard]] bool bind_call_arguments(Context& ctx, const BindingStmt& b, int row, ResolvedBinding& r);

// The row a bound call of `base` (a base row: RuleTable::compiled.op_by_name)
// is typed by: the first variant of its name whose `when` value the bound
// argument equals (kind and value, as written), else `base` where every
// parameter variants select on holds its default; else -1, with `miss` (if
// given) naming the parameter and the values it takes. The variants declare
// the base's parameters, so `r`'s binding holds for the result.
struct VariantMiss {
  int param = -1;
  std::string choices;  // "None, \"trunc\", \"floor\""
};
int select_op_row(const RuleTable& table, int base, const BindingStmt& b, const ResolvedBinding& r, VariantMiss* miss = nullptr);

// Where parameter `p`'s argument is written: a positional value, a
// keyword's key (as version 1 reported keyword errors), the op for a default.
SourceLoc bound_loc(const BindingStmt& b, const BoundParam& p);

}  // namespace spmdcheck::check
