// Local ops that reduce, contract or rearrange: each reads its row's
// parameters by name.
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }

// sum/mean(input, dim=None, keepdim=False): None reduces every element.
template <bool kMean>
std::vector<at::Tensor> reduce(const KernelCall& c) {
  const at::Tensor& x = c.tensor("input");
  const KernelArg& dim = c.arg("dim");
  const bool keepdim = c.boolean("keepdim", false);
  if (dim.kind == KernelArg::Kind::None) {
    if (!keepdim) return one(kMean ? x.mean() : x.sum());
    std::vector<int64_t> all(static_cast<size_t>(x.dim()));
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
    return one(kMean ? x.mean(all, true) : x.sum(all, true));
  }
  return one(kMean ? x.mean(dim.ints, keepdim) : x.sum(dim.ints, keepdim));
}

}  // namespace

void register_structure_kernels(KernelRegistry& r) {
  r["sum"] = reduce<false>;
  r["mean"] = reduce<true>;
  r["transpose"] = [](const KernelCall& c) { return one(c.tensor("input").transpose(c.integer("dim0", 0), c.integer("dim1", 1))); };
  r["matmul"] = [](const KernelCall& c) { return one(at::matmul(c.tensor("input"), c.tensor("other"))); };
  r["cat"] = [](const KernelCall& c) { return one(at::cat(c.arg("tensors").tensors, c.integer("dim", 0))); };
}

}  // namespace spmdcheck
