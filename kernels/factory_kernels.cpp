// Factories: tensors made from sizes and numbers (zeros, ones, full, arange,
// linspace, eye), created in the call's dtype (the checker sets it to the
// result's dtype for a call without operands; the reference computes in
// f64), and the *_like forms, which take their input's shape and dtype.
// Their values do not depend on any operand's data, so no gradient flows
// through them.
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }

// A number parameter as PyTorch receives it: an integer stays an integer.
at::Scalar scalar(const KernelArg& a) { return a.kind == KernelArg::Kind::Int ? at::Scalar(a.integer) : at::Scalar(a.number); }

at::TensorOptions options(const KernelCall& c) { return at::TensorOptions().dtype(c.dtype); }

std::vector<at::Tensor> eye(const KernelCall& c) {
  const int64_t n = c.integer("n", 0);
  return one(c.is_none("m") ? at::eye(n, options(c)) : at::eye(n, c.integer("m", n), options(c)));
}

}  // namespace

void register_factory_kernels(KernelRegistry& r) {
  r["zeros"] = [](const KernelCall& c) { return one(at::zeros(c.arg("size").ints, options(c))); };
  r["ones"] = [](const KernelCall& c) { return one(at::ones(c.arg("size").ints, options(c))); };
  r["full"] = [](const KernelCall& c) { return one(at::full(c.arg("size").ints, scalar(c.arg("fill_value")), options(c))); };
  r["zeros_like"] = [](const KernelCall& c) { return one(at::zeros_like(c.tensor("input"))); };
  r["ones_like"] = [](const KernelCall& c) { return one(at::ones_like(c.tensor("input"))); };
  r["full_like"] = [](const KernelCall& c) { return one(at::full_like(c.tensor("input"), scalar(c.arg("fill_value")))); };
  r["arange"] = [](const KernelCall& c) {
    return one(at::arange(scalar(c.arg("start")), scalar(c.arg("end")), scalar(c.arg("step")), options(c)));
  };
  r["linspace"] = [](const KernelCall& c) {
    return one(at::linspace(scalar(c.arg("start")), scalar(c.arg("end")), c.integer("steps", 0), options(c)));
  };
  r["eye"] = eye;
}

}  // namespace spmdcheck
