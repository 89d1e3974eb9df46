#include "oracle/backward_step.h"

namespace spmdcheck {
namespace {

// The forward value of the parameter bound to `from` (Src or Dst), or -1.
int64_t bound_dim(const TransitionRow& row, const TransitionStep& step, DimBinding::From from) {
  for (size_t i = 0; i < row.dims.size(); ++i)
    if (row.dims[i].from == from) return step.dims[i];
  return -1;
}

}  // namespace

TransitionStep backward_step(const RuleTable& table, const TransitionStep& forward) {
  TransitionStep out;
  if (forward.row < 0) return out;
  const TransitionRow& row = table.transitions[forward.row];
  if (row.backward < 0) return out;
  const TransitionRow& back = table.transitions[row.backward];
  out.row = row.backward;
  for (const DimBinding& d : back.dims) {
    int64_t value = d.default_value;
    bool mapped = false;
    for (const auto& [param, own] : row.backward_dims) {
      if (param != d.param) continue;
      int index = row.dim_index(own);
      if (index >= 0) {
        value = forward.dims[index];
        mapped = true;
      }
    }
    if (!mapped && d.from == DimBinding::From::Src) value = bound_dim(row, forward, DimBinding::From::Dst);
    if (!mapped && d.from == DimBinding::From::Dst) value = bound_dim(row, forward, DimBinding::From::Src);
    out.dims.push_back(value);
  }
  return out;
}

}  // namespace spmdcheck
