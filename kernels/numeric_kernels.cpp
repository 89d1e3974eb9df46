// The numeric op family (elementwise, reductions, non-linear ops): each
// kernel reads its row's parameters by name and calls the ATen function
// PyTorch's Python API calls. Numbers at operand positions arrive as 0-dim
// tensors of the binding's dtype (kernel_call.h), so pow(x, 2) is
// torch.pow(x, torch.tensor(2.0, dtype=x.dtype)): the same values as the
// Python scalar up to rounding, and a gradient for a tensor exponent.
#include "kernels/contiguous_gradient.h"
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }

#define SPMD_UNARY(fn) [](const KernelCall& c) { return one(fn(c.tensor("input"))); }
#define SPMD_BINARY(fn) [](const KernelCall& c) { return one(fn(c.tensor("input"), c.tensor("other"))); }

// The dims a reduction reads: the given ones, or every dim for None (so
// that keepdim keeps them all, as PyTorch's dim=None does).
std::vector<int64_t> reduced_dims(const KernelCall& c, const at::Tensor& x) {
  const KernelArg& dim = c.arg("dim");
  if (dim.kind != KernelArg::Kind::None) return dim.ints;
  std::vector<int64_t> all(static_cast<size_t>(x.dim()));
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  return all;
}

// nansum/nanmean(input, dim=None, keepdim=False). A 0-d input with dim
// None reduces nothing and keeps its shape.
template <bool kMean>
std::vector<at::Tensor> nan_reduce(const KernelCall& c) {
  const at::Tensor& x = c.tensor("input");
  const bool keepdim = c.boolean("keepdim", false);
  if (c.is_none("dim") && x.dim() == 0) return one(kMean ? at::nanmean(x) : at::nansum(x));
  const std::vector<int64_t> dims = reduced_dims(c, x);
  return one(kMean ? at::nanmean(x, dims, keepdim) : at::nansum(x, dims, keepdim));
}

// torch.norm(input, p, dim, keepdim) with a number p: torch.linalg.vector_norm.
std::vector<at::Tensor> norm(const KernelCall& c) {
  const at::Tensor& x = c.tensor("input");
  const at::Scalar p(c.number("p", 2));
  const bool keepdim = c.boolean("keepdim", false);
  if (c.is_none("dim")) {
    if (!keepdim || x.dim() == 0) return one(at::linalg_vector_norm(x, p, c10::nullopt, keepdim));
    return one(at::linalg_vector_norm(x, p, reduced_dims(c, x), true));
  }
  return one(at::linalg_vector_norm(x, p, c.arg("dim").ints, keepdim));
}

// clamp(input, min=None, max=None) with number bounds (the shape rule
// requires one).
std::vector<at::Tensor> clamp(const KernelCall& c) {
  const c10::optional<at::Scalar> lo = c.is_none("min") ? c10::nullopt : c10::optional<at::Scalar>(c.number("min", 0));
  const c10::optional<at::Scalar> hi = c.is_none("max") ? c10::nullopt : c10::optional<at::Scalar>(c.number("max", 0));
  return one(at::clamp(c.tensor("input"), lo, hi));
}

std::vector<at::Tensor> gelu(const KernelCall& c) {
  const KernelArg& mode = c.arg("approximate");
  // with_contiguous_gradient: a LibTorch 1.13 bug (kernels/contiguous_gradient.h).
  return one(with_contiguous_gradient(at::gelu(c.tensor("input"), mode.kind == KernelArg::Kind::String ? mode.text : std::string("none"))));
}

}  // namespace

void register_numeric_kernels(KernelRegistry& r) {
  r["positive"] = SPMD_UNARY(at::positive);
  r["detach"] = SPMD_UNARY(at::detach);
  r["contiguous"] = [](const KernelCall& c) { return one(c.tensor("input").contiguous()); };
  r["nansum"] = nan_reduce<false>;
  r["nanmean"] = nan_reduce<true>;
  r["cumsum"] = [](const KernelCall& c) { return one(at::cumsum(c.tensor("input"), c.integer("dim", 0))); };
  r["divide"] = [](const KernelCall& c) { return std::vector<at::Tensor>{divide(c)}; };  // torch.divide is div
  r["true_divide"] = SPMD_BINARY(at::true_divide);
  r["pow"] = [](const KernelCall& c) { return one(at::pow(c.tensor("input"), c.tensor("exponent"))); };
  r["sqrt"] = SPMD_UNARY(at::sqrt);
  r["sigmoid"] = SPMD_UNARY(at::sigmoid);
  r["softmax"] = [](const KernelCall& c) { return one(at::softmax(c.tensor("input"), c.integer("dim", 0))); };
  r["log_softmax"] = [](const KernelCall& c) { return one(at::log_softmax(c.tensor("input"), c.integer("dim", 0))); };
  r["gelu"] = gelu;
  r["silu"] = SPMD_UNARY(at::silu);
  r["where"] = [](const KernelCall& c) { return one(at::where(c.tensor("condition"), c.tensor("input"), c.tensor("other"))); };
  r["clamp"] = clamp;
  r["maximum"] = SPMD_BINARY(at::maximum);
  // Piecewise constant: its derivative is 0 wherever it exists. LibTorch
  // 1.13 has no derivative for it (backward throws), so the result is
  // computed off the graph: no gradient flows back, the same as zeros.
  r["floor_divide"] = [](const KernelCall& c) { return one(at::floor_divide(c.tensor("input").detach(), c.tensor("other").detach())); };
  r["norm"] = norm;
  r["eq"] = SPMD_BINARY(at::eq);
  r["ne"] = SPMD_BINARY(at::ne);
  r["lt"] = SPMD_BINARY(at::lt);
  r["le"] = SPMD_BINARY(at::le);
  r["gt"] = SPMD_BINARY(at::gt);
  r["ge"] = SPMD_BINARY(at::ge);
}

#undef SPMD_UNARY
#undef SPMD_BINARY

}  // namespace spmdcheck
