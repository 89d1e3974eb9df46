// Contractions: mm, bmm, mv, dot (fixed ranks, no broadcasting) and einsum
// (its equation over a list of operands). Each reads its row's parameters
// by name.
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }

}  // namespace

void register_contraction_kernels(KernelRegistry& r) {
  r["mm"] = [](const KernelCall& c) { return one(at::mm(c.tensor("input"), c.tensor("mat2"))); };
  r["bmm"] = [](const KernelCall& c) { return one(at::bmm(c.tensor("input"), c.tensor("mat2"))); };
  r["mv"] = [](const KernelCall& c) { return one(at::mv(c.tensor("input"), c.tensor("vec"))); };
  r["dot"] = [](const KernelCall& c) { return one(at::dot(c.tensor("input"), c.tensor("tensor"))); };
  r["einsum"] = [](const KernelCall& c) { return one(at::einsum(c.arg("equation").text, c.arg("operands").tensors)); };
}

}  // namespace spmdcheck
