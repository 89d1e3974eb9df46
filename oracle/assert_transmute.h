#pragma once
// Asserts that retype their value (RuleTable::assert_transmutes): where a
// refining assert names, on an axis, the dst of a transmute row and the value
// has the row's src there (and no spec entry), the assert stands for that
// coercion, `NAME = OP(NAME, AXIS, src=SRC, dst=DST)`, as spmd_types 6dbe9e2's
// assert_type overwrites V with P (runtime.py:492-496). The checker checks
// each such coercion as a binding that rebinds NAME (so it is judged by its
// own transition row, counts as its hit and has a ResolvedBinding), and
// records it in CheckResult::transmutes. What runs a program (executor,
// reference, tolerances, gradients: every consumer that walks statements in
// step with CheckResult::bindings) runs lowered_program(), in which each
// such assert is preceded by its coercions. DESIGN.md §2.6.
#include <cstddef>
#include <utility>

#include "common/small_vector.h"
#include "oracle/checker.h"

namespace spmdcheck {

// The coercion an assert of `name` stands for on `axis` (row: a transmute
// row of `table`); every location is `loc`, the assert's type.
BindingStmt transmute_statement(const RuleTable& table, const Mesh& mesh, const std::string& name, int axis, int row, SourceLoc loc);

// The transmute row by which a refining assert naming `written` on `axis`
// retypes `v`, or -1: none applies (an axis of size 1 is never compared;
// one whose V shards a dim keeps its type, see the table's NOT MODELLED).
int transmute_row(const RuleTable& table, const Mesh& mesh, const ValueInfo& v, int axis, Ty written);

// What statement `i` of a checked program adds to CheckResult::values and
// ::bindings: an input one value; a binding its results and one binding; a
// transmuting assert a value and a binding per coercion; others nothing.
// For consumers that walk the program as written in step with `checked`.
struct StatementCounts {
  size_t values = 0, bindings = 0;
};
StatementCounts statement_counts(const Program& program, const CheckResult& checked, size_t i);

// `program` with each transmuting assert of `checked` preceded by its
// coercions: the statements CheckResult::values and ::bindings follow.
// `checked` must be check_program(table, program)'s accepted result.
Program lowered_program(const Program& program, const CheckResult& checked);

namespace check {
class Context;

// The (axis, transmute row) pairs on which `written` retypes `v`, in mesh
// order; empty where the table has no transmutes or none applies. An axis of
// size 1 is never compared, so never retyped.
SmallVector<std::pair<int, int>, kMaxAxes> transmutes_asked(const Context& ctx, const ValueInfo& v, const LocalType& written);

// Checks each coercion of `asked` in turn as a binding of `name`, recording
// them in ctx.result.transmutes for statement ctx.statement; false (with
// ctx.error) where one is rejected.
[[nodiscard]] bool apply_transmutes(Context& ctx, const std::string& name, const SmallVector<std::pair<int, int>, kMaxAxes>& asked,
                                    SourceLoc loc);

}  // namespace check
}  // namespace spmdcheck
