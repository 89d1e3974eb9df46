#pragma once
// The corner check of ops whose value may jump (OpRow::jumps, DESIGN.md §4):
// comparisons and floor_divide jump, sqrt and pow leave their domain or grow
// without bound near 0. There the first-order error bound (value_tolerance)
// does not hold, so whether the ranks' value can be compared is decided by
// evaluating the op (its kernel, in f64) at the corners of its operands'
// error box: every inexact floating operand at its reference value plus or
// minus its tolerance. For an op monotone in each operand on the box (every
// row with `jumps`), the corners bound what the ranks can compute from
// operands within their tolerances.
#include <vector>

#include "oracle/consistency.h"
#include "oracle/reference_interpreter.h"

namespace spmdcheck {

// Whether value `value`, the result of local-op binding `b` (statement
// `stmt`, a row with `jumps`), may lie farther from the reference than its
// tolerance `allowed` allows: true when at some corner of the box, for some
// element, the op's result differs from the reference result by more than
// `allowed` less the op's own rounding (row tolerance, eps of the dtype,
// times the local scale), or at all for a bool or integer result. False
// when every operand is exact. `verdicts[o].tolerance` is operand o's
// absolute tolerance and `magnitudes[o]` its largest reference magnitude.
bool may_jump(const RuleTable& table, const CheckResult& checked, const BindingStmt& stmt, const ResolvedBinding& b,
              const MeshLayout& layout, const ReferenceRun& reference, const std::vector<ValueVerdict>& verdicts,
              const std::vector<double>& magnitudes, int value, double allowed);

}  // namespace spmdcheck
