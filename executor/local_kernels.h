#pragma once
// The PyTorch meaning of local ops, by op name (the `name` of an [[op]] row).
// Shared by the executor (per rank) and the reference interpreter (per
// denotation item): a local op means the same everywhere. Collectives are
// not here; the reference never uses the executor's collectives.
#include <ATen/ATen.h>

#include <optional>
#include <string>
#include <vector>

#include "program/program.h"

namespace spmdcheck {

// One operand: a tensor, or a literal (a weak scalar or an ignored factor).
struct KernelOperand {
  std::optional<at::Tensor> tensor;
  double literal = 0;
};

// Evaluates binding `b` (op name, keywords) on `operands` (one per positional
// argument). Literals become 0-dim tensors of `dtype`. Returns nullopt when no
// kernel exists for the op name (a table may define ops the executor cannot
// run; the caller reports it).
std::optional<at::Tensor> apply_local_kernel(const BindingStmt& b, const std::vector<KernelOperand>& operands, at::ScalarType dtype);

bool has_local_kernel(const std::string& op_name);

at::ScalarType to_scalar_type(DType d);

}  // namespace spmdcheck
