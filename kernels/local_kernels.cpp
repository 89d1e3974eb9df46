// The PyTorch meaning of local ops: a registry from op name to kernel. A new
// op is one entry here (and a row in the table), only where its meaning is
// new; there is no per-op branching elsewhere. A kernel reads its arguments
// by the parameter names of its row (KernelCall): numbers at operand
// positions are already 0-dim tensors of the binding's dtype, so `add(x, 1)`
// keeps x's dtype exactly as a PyTorch weak scalar would.
//
// Contract of every kernel's results, as apply_local_kernel returns them:
// contiguous tensors (a strided view is copied out), which may share
// storage with an argument; no code writes a value in place.
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

// A strided view (transpose, expand, diagonal) is copied out contiguous; a
// contiguous result is kept even where it aliases an argument (reshape,
// unsqueeze, narrow along dim 0, contiguous itself), as PyTorch returns it.
// Nothing writes a value in place (the kernels, actions and communicators
// all write fresh outputs), so sharing storage cannot corrupt a value, and
// autograd sums what flows back through shared storage as it would for
// PyTorch's own views. A copy is a node of the backward graph on every
// rank and in the reference: the contiguous views were a sixth of the
// nodes of a search's backward passes.
// LibTorch 1.13's expand of an operand with no elements makes a view with
// negative sizes (`[]` to `[0, -2]`) instead of refusing; the copy every
// view used to get refused it, as this does now for any result.
at::Tensor contiguous_result(at::Tensor y) {
  for (int64_t size : y.sizes())
    TORCH_CHECK(size >= 0, "the kernel made a tensor of negative size ", y.sizes());  // a c10::Error, as ATen's own refusals
  return y.is_contiguous() ? y : y.clone(at::MemoryFormat::Contiguous);
}

}  // namespace

bool has_local_kernel(const std::string& op_name) { return registry().count(op_name) != 0; }

std::optional<std::vector<at::Tensor>> apply_local_kernel(const KernelCall& call) {
  auto it = registry().find(call.op.name);
  if (it == registry().end()) return std::nullopt;
  std::vector<at::Tensor> results = it->second(call);
  for (at::Tensor& y : results) y = contiguous_result(std::move(y));
  return results;
}

}  // namespace spmdcheck
