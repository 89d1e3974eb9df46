#pragma once
// The PyTorch meaning of local ops, by op name (the `name` of an [[op]] row).
// Shared by the executor (per rank) and the reference interpreter (per
// denotation item): a local op means the same everywhere. Collectives are
// not here; the reference never uses the executor's collectives.
#include <ATen/ATen.h>

#include <optional>
#include <string>
#include <vector>

#include "kernels/kernel_call.h"

namespace spmdcheck {

// Evaluates `call`: one tensor per result, each contiguous; a result may
// share storage with an argument (a contiguous view), so no caller may write
// a value in place. Returns nullopt when no kernel exists
// for the op name (a table may define ops the executor cannot run; the
// caller reports it).
std::optional<std::vector<at::Tensor>> apply_local_kernel(const KernelCall& call);

bool has_local_kernel(const std::string& op_name);

}  // namespace spmdcheck
