// Local ops of the shape and structure family (stack, reshape, permute,
// expand, flip, repeat, ...): each reads its row's parameters by name. The
// checker has already judged the call by PyTorch's shape rules
// (oracle/shapes_structure*.cpp), so a kernel is the ATen call itself.
// Views (reshape, permute, expand, ...) alias their input; apply_local_kernel
// copies the strided ones out and keeps the contiguous ones (local_kernels.h).
#include <algorithm>
#include <stdexcept>

#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }

const at::Tensor& input(const KernelCall& c) { return c.tensor("input"); }
const std::vector<at::Tensor>& tensors(const KernelCall& c) { return c.arg("tensors").tensors; }
// An `ints` parameter (an int is a list of one; None is empty).
const std::vector<int64_t>& ints(const KernelCall& c, std::string_view param) { return c.arg(param).ints; }
c10::optional<int64_t> optional_int(const KernelCall& c, std::string_view param) {
  return c.is_none(param) ? c10::nullopt : c10::optional<int64_t>(c.integer(param, 0));
}

// squeeze(input, dim=None): PyTorch 2.x also takes a list of dims, which
// LibTorch 1.13 does not: each listed size-1 dim is squeezed, the highest
// first so the lower ones keep their index. The dims are checked as 2.x's
// dim_list_to_bitset does (the checker has done so before any run).
at::Tensor squeeze(const KernelCall& c) {
  const at::Tensor& x = input(c);
  if (c.is_none("dim")) return at::squeeze(x);
  const int64_t positions = std::max<int64_t>(x.dim(), 1);
  std::vector<int64_t> dims;
  for (int64_t d : ints(c, "dim")) {
    if (d < -positions || d >= positions) throw std::invalid_argument("squeeze: dim " + std::to_string(d) + " out of range");
    dims.push_back(d < 0 ? d + positions : d);
  }
  std::sort(dims.rbegin(), dims.rend());
  if (std::adjacent_find(dims.begin(), dims.end()) != dims.end()) throw std::invalid_argument("squeeze: a dim appears twice");
  at::Tensor y = x;
  for (int64_t d : dims)
    if (x.dim() > 0 && y.size(d) == 1) y = y.squeeze(d);
  return y;
}

// Tensor.T: every dim reversed (a permute: numpy_T would warn for rank != 2).
at::Tensor reverse_dims(const KernelCall& c) {
  const at::Tensor& x = input(c);
  std::vector<int64_t> order(static_cast<size_t>(x.dim()));
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(order.size() - 1 - i);
  return x.permute(order);
}

}  // namespace

void register_shape_structure_kernels(KernelRegistry& r) {
  r["stack"] = [](const KernelCall& c) { return one(at::stack(tensors(c), c.integer("dim", 0))); };
  r["hstack"] = [](const KernelCall& c) { return one(at::hstack(tensors(c))); };
  r["vstack"] = [](const KernelCall& c) { return one(at::vstack(tensors(c))); };
  r["row_stack"] = [](const KernelCall& c) { return one(at::row_stack(tensors(c))); };
  r["dstack"] = [](const KernelCall& c) { return one(at::dstack(tensors(c))); };
  r["column_stack"] = [](const KernelCall& c) { return one(at::column_stack(tensors(c))); };
  r["block_diag"] = [](const KernelCall& c) { return one(at::block_diag(tensors(c))); };
  r["concat"] = [](const KernelCall& c) { return one(at::concat(tensors(c), c.integer("dim", 0))); };

  r["reshape"] = [](const KernelCall& c) { return one(at::reshape(input(c), ints(c, "shape"))); };
  // Tensor.view needs compatible strides: the ranks' values are contiguous,
  // a reference item may be a view of a chunk, so view a contiguous copy.
  r["view"] = [](const KernelCall& c) { return one(input(c).contiguous().view(ints(c, "size"))); };
  r["view_as"] = [](const KernelCall& c) { return one(input(c).contiguous().view_as(c.tensor("other"))); };
  r["flatten"] = [](const KernelCall& c) { return one(at::flatten(input(c), c.integer("start_dim", 0), c.integer("end_dim", -1))); };
  r["unflatten"] = [](const KernelCall& c) { return one(at::unflatten(input(c), c.integer("dim", 0), ints(c, "sizes"))); };
  r["ravel"] = [](const KernelCall& c) { return one(at::ravel(input(c))); };

  r["t"] = [](const KernelCall& c) { return one(at::t(input(c))); };
  r["T"] = [](const KernelCall& c) { return one(reverse_dims(c)); };
  r["mT"] = [](const KernelCall& c) { return one(input(c).mT()); };
  r["permute"] = [](const KernelCall& c) { return one(input(c).permute(ints(c, "dims"))); };
  r["movedim"] = [](const KernelCall& c) { return one(at::movedim(input(c), ints(c, "source"), ints(c, "destination"))); };
  r["swapaxes"] = [](const KernelCall& c) { return one(at::swapaxes(input(c), c.integer("axis0", 0), c.integer("axis1", 0))); };
  r["squeeze"] = [](const KernelCall& c) { return one(squeeze(c)); };
  r["unsqueeze"] = [](const KernelCall& c) { return one(at::unsqueeze(input(c), c.integer("dim", 0))); };

  r["expand"] = [](const KernelCall& c) { return one(input(c).expand(ints(c, "size"))); };
  r["expand_as"] = [](const KernelCall& c) { return one(input(c).expand_as(c.tensor("other"))); };
  r["broadcast_to"] = [](const KernelCall& c) { return one(at::broadcast_to(input(c), ints(c, "size"))); };

  r["flip"] = [](const KernelCall& c) { return one(at::flip(input(c), ints(c, "dims"))); };
  r["fliplr"] = [](const KernelCall& c) { return one(at::fliplr(input(c))); };
  r["flipud"] = [](const KernelCall& c) { return one(at::flipud(input(c))); };
  r["roll"] = [](const KernelCall& c) { return one(at::roll(input(c), ints(c, "shifts"), ints(c, "dims"))); };
  r["diagonal"] = [](const KernelCall& c) {
    return one(at::diagonal(input(c), c.integer("offset", 0), c.integer("dim1", 0), c.integer("dim2", 1)));
  };
  r["repeat"] = [](const KernelCall& c) { return one(input(c).repeat(ints(c, "repeats"))); };
  r["tile"] = [](const KernelCall& c) { return one(at::tile(input(c), ints(c, "dims"))); };
  r["repeat_interleave"] = [](const KernelCall& c) {
    return one(at::repeat_interleave(input(c), c.integer("repeats", 1), optional_int(c, "dim"), optional_int(c, "output_size")));
  };
  r["unfold"] = [](const KernelCall& c) {
    return one(input(c).unfold(c.integer("dimension", 0), c.integer("size", 1), c.integer("step", 1)));
  };
}

}  // namespace spmdcheck
