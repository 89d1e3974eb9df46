// The PyTorch meaning of local ops: a registry from op name to kernel. A new
// op is one entry here (and a row in the table), only where its meaning is
// new; there is no per-op branching elsewhere. A kernel reads its arguments
// by the parameter names of its row (KernelCall): numbers at operand
// positions are already 0-dim tensors of the binding's dtype, so `add(x, 1)`
// keeps x's dtype exactly as a PyTorch weak scalar would.
//
// Contract of every kernel: the results are fresh, contiguous tensors that
// share no storage with an argument (apply_local_kernel enforces it), so a
// later in-place use can never corrupt a value of another binding.
#include "kernels/local_kernels.h"

#include <unordered_map>

#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

const KernelRegistry& registry() {
  static const KernelRegistry kernels = [] {
    KernelRegistry r;
    register_elementwise_kernels(r);
    register_structure_kernels(r);
    register_decomposition_kernels(r);
    register_shape_structure_kernels(r);
    register_numeric_kernels(r);
    register_contraction_kernels(r);
    register_factory_kernels(r);
    register_results_kernels(r);
    return r;
  }();
  return kernels;
}

// A view (transpose) or a pass-through would alias an argument: copy it out.
at::Tensor fresh(at::Tensor y, const KernelCall& call) {
  bool alias = !y.is_contiguous();
  for (const KernelArg& a : call.args) {
    if (a.kind == KernelArg::Kind::Tensor) alias = alias || y.is_alias_of(a.tensor);
    for (const at::Tensor& t : a.tensors) alias = alias || y.is_alias_of(t);
  }
  return alias ? y.clone(at::MemoryFormat::Contiguous) : y;
}

}  // namespace

bool has_local_kernel(const std::string& op_name) { return registry().count(op_name) != 0; }

std::optional<std::vector<at::Tensor>> apply_local_kernel(const KernelCall& call) {
  auto it = registry().find(call.op.name);
  if (it == registry().end()) return std::nullopt;
  std::vector<at::Tensor> results = it->second(call);
  for (at::Tensor& y : results) y = fresh(std::move(y), call);
  return results;
}

}  // namespace spmdcheck
