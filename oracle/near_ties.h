#pragma once
// Near ties of ops that pick elements by comparing them (OpRow::ties: sort,
// topk, max and min with a dim). With exact data the ranks and the reference
// compare the same values and PyTorch's choice at a tie is deterministic, so
// they pick alike. An inexact operand differs between them by up to its
// tolerance, so two elements within twice the tolerance of each other may
// be ordered differently: the indices (and an unsorted topk's values) and
// the gradient, which the indices route, may then differ legitimately. Such
// a call's results are not compared (oracle/consistency) and no gradient
// through it is (soundness/gradient_check), as near a kink or a pole.
#include <ATen/ATen.h>

#include "oracle/checker.h"
#include "oracle/denotation.h"

namespace spmdcheck {

// Whether the ties op `r` (rows of `table`) has an operand whose reference
// value holds a near tie along the compared dim; `tolerance(v)` is value
// v's forward tolerance (0: exact, never near a tie), `reference(v)` its
// reference denotation.
template <typename Tolerance, typename Reference>
bool near_tie(const RuleTable& table, const BindingStmt& b, const ResolvedBinding& r, Tolerance tolerance, Reference reference);

// One item: whether two elements along `dim` (canonical) are within `gap`.
bool item_has_near_tie(const at::Tensor& item, int64_t dim, double gap);

// The compared dim of op row `op` in binding `b` (canonical against `rank`).
int64_t ties_dim(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, int rank);

template <typename Tolerance, typename Reference>
bool near_tie(const RuleTable& table, const BindingStmt& b, const ResolvedBinding& r, Tolerance tolerance, Reference reference) {
  if (r.is_transition || table.ops[r.row].ties.empty()) return false;
  const OpRow& op = table.ops[r.row];
  for (const TypingOperand& o : typing_operands(op, b, r)) {
    if (o.value < 0 || op.params[o.param].role == ParamRole::Index) continue;  // numbers and indices are not compared
    const double tol = tolerance(o.value);
    if (tol <= 0) continue;
    for (const at::Tensor& item : reference(o.value).items)
      if (item_has_near_tie(item, ties_dim(op, b, r, static_cast<int>(item.dim())), 2 * tol)) return true;
  }
  return false;
}

}  // namespace spmdcheck
