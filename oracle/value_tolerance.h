#pragma once
// How far a rank-computed value may be from the reference, in units of its
// dtype's machine epsilon times the largest magnitude in its cone. Zero means
// exact (bitwise): f64 data through exact ops only. Inexact local ops add the
// tolerance their row declares; errors carried from operands grow with the
// number of terms an op sums; ops in f32/bf16 may round at every step.
#include <vector>

#include "oracle/checker.h"

namespace spmdcheck {

struct ValueTolerance {
  double eps_units = 0;  // 0: exact
};

std::vector<ValueTolerance> value_tolerances(const RuleTable& table, const Program& program, const CheckResult& checked);

double dtype_epsilon(DType d);

}  // namespace spmdcheck
