// The decompositions: beta * input + alpha * product (at::addmm and kin).
#include "kernels/baddbmm_beta_zero.h"
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

template <at::Tensor (*F)(const at::Tensor&, const at::Tensor&, const at::Tensor&, const at::Scalar&, const at::Scalar&)>
std::vector<at::Tensor> decomposition(const KernelCall& c, const char* a, const char* b) {
  return {F(c.tensor("input"), c.tensor(a), c.tensor(b), c.number("beta", 1), c.number("alpha", 1))};
}

}  // namespace

void register_decomposition_kernels(KernelRegistry& r) {
  r["addmm"] = [](const KernelCall& c) { return decomposition<at::addmm>(c, "mat1", "mat2"); };
  r["addmv"] = [](const KernelCall& c) { return decomposition<at::addmv>(c, "mat", "vec"); };
  r["addbmm"] = [](const KernelCall& c) { return decomposition<at::addbmm>(c, "batch1", "batch2"); };
  r["baddbmm"] = [](const KernelCall& c) { return decomposition<documented_baddbmm>(c, "batch1", "batch2"); };
  r["addr"] = [](const KernelCall& c) { return decomposition<at::addr>(c, "vec1", "vec2"); };
}

}  // namespace spmdcheck
