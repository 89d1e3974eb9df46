// Local ops with several results or index operands (split, chunk, unbind,
// narrow, select, index_select, gather, max, min, sort, topk): each reads its
// row's parameters by name. The strided views several of them return are
// copied out by apply_local_kernel; contiguous ones are kept (local_kernels.h).
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }
std::vector<at::Tensor> values_and_indices(std::tuple<at::Tensor, at::Tensor> t) { return {std::get<0>(t), std::get<1>(t)}; }

// torch.split: an int is the pieces' size (Tensor.split), a list their
// sizes (split_with_sizes), as torch.split dispatches on the argument.
std::vector<at::Tensor> split(const KernelCall& c) {
  const at::Tensor& x = c.tensor("tensor");
  const KernelArg& sizes = c.arg("split_size_or_sections");
  const int64_t dim = c.integer("dim", 0);
  return sizes.kind == KernelArg::Kind::Int ? x.split(sizes.integer, dim) : x.split_with_sizes(sizes.ints, dim);
}

// gather's sparse_grad only chooses a sparse layout for the input's
// gradient, whose values are the same; the framework compares dense
// gradients, so the kernel takes the dense path whatever the call says.
std::vector<at::Tensor> gather(const KernelCall& c) {
  return one(at::gather(c.tensor("input"), c.integer("dim", 0), c.tensor("index"), /*sparse_grad=*/false));
}

template <bool kMax>
std::vector<at::Tensor> extreme(const KernelCall& c) {
  const at::Tensor& x = c.tensor("input");
  const int64_t dim = c.integer("dim", 0);
  const bool keepdim = c.boolean("keepdim", false);
  return values_and_indices(kMax ? at::max(x, dim, keepdim) : at::min(x, dim, keepdim));
}

}  // namespace

void register_results_kernels(KernelRegistry& r) {
  r["split"] = split;
  r["chunk"] = [](const KernelCall& c) { return c.tensor("input").chunk(c.integer("chunks", 1), c.integer("dim", 0)); };
  r["unbind"] = [](const KernelCall& c) { return c.tensor("input").unbind(c.integer("dim", 0)); };
  r["narrow"] = [](const KernelCall& c) {
    return one(c.tensor("input").narrow(c.integer("dim", 0), c.integer("start", 0), c.integer("length", 0)));
  };
  r["select"] = [](const KernelCall& c) { return one(c.tensor("input").select(c.integer("dim", 0), c.integer("index", 0))); };
  r["index_select"] = [](const KernelCall& c) { return one(at::index_select(c.tensor("input"), c.integer("dim", 0), c.tensor("index"))); };
  r["gather"] = gather;
  r["max"] = extreme<true>;
  r["min"] = extreme<false>;
  r["sort"] = [](const KernelCall& c) {
    return values_and_indices(
        at::sort(c.tensor("input"), c10::optional<bool>(c.boolean("stable", false)), c.integer("dim", -1), c.boolean("descending", false)));
  };
  r["topk"] = [](const KernelCall& c) {
    return values_and_indices(
        at::topk(c.tensor("input"), c.integer("k", 0), c.integer("dim", -1), c.boolean("largest", true), c.boolean("sorted", true)));
  };
}

}  // namespace spmdcheck
