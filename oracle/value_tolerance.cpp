#include "oracle/value_tolerance.h"

#include <algorithm>

namespace spmdcheck {

double dtype_epsilon(DType d) {
  switch (d) {
    case DType::F64: return 0x1p-52;
    case DType::F32: return 0x1p-23;
    case DType::BF16: return 0x1p-7;
  }
  return 0x1p-52;
}

std::vector<ValueTolerance> value_tolerances(const RuleTable& table, const Program& program, const CheckResult& checked) {
  std::vector<ValueTolerance> tol(checked.values.size());
  size_t next_binding = 0;
  for (const Statement& stmt : program.statements) {
    // Inputs are k/4: exact in every dtype (their tolerance stays 0).
    if (!std::holds_alternative<BindingStmt>(stmt)) continue;
    const ResolvedBinding& b = checked.bindings[next_binding++];
    const ValueInfo& v = checked.values[b.value];
    double carried = 0;
    double fanin = 1;
    for (int o : b.operands) {
      if (o < 0) continue;
      carried = std::max(carried, tol[o].eps_units);
      const Shape& s = checked.values[o].shape;
      double elements = 1;
      for (int i = 0; i < s.rank; ++i) elements *= static_cast<double>(s.dims[i]);
      fanin = std::max(fanin, elements);  // a crude bound on the terms any output element sums
    }
    double own = 0;
    if (b.is_transition) {
      fanin = static_cast<double>(program.mesh.axes[b.axis].size);
    } else {
      own = table.ops[b.row].tolerance_eps;
    }
    const double rounding = v.dtype == DType::F64 ? 0 : 1;
    tol[b.value].eps_units = carried * (fanin + 1) + own + rounding * (fanin + 1);
  }
  return tol;
}

}  // namespace spmdcheck
