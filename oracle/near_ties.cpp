#include "oracle/near_ties.h"

#include <ATen/ATen.h>

namespace spmdcheck {

bool item_has_near_tie(const at::Tensor& item, int64_t dim, double gap) {
  if (item.dim() == 0 || item.size(dim) < 2) return false;
  const at::Tensor sorted = std::get<0>(item.detach().to(at::kDouble).sort(dim));
  const int64_t n = sorted.size(dim);
  const at::Tensor steps = sorted.narrow(dim, 1, n - 1) - sorted.narrow(dim, 0, n - 1);
  return steps.le(gap).any().item<bool>();  // NaN steps (non-finite data) are poisoned elsewhere
}

int64_t ties_dim(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, int rank) {
  const ArgValue* v = bound_arg(op, b, r, op.param_index(op.ties));
  const int64_t d = v && v->kind == ArgValue::Kind::Int ? v->integer : 0;
  const int64_t positions = std::max(rank, 1);
  return rank == 0 ? 0 : (d % positions + positions) % positions;  // the checker checked it is in range
}

}  // namespace spmdcheck
