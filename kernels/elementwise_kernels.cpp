// Elementwise local ops: each reads its row's parameters by name.
#include "kernels/kernel_families.h"

namespace spmdcheck {
namespace {

std::vector<at::Tensor> one(at::Tensor t) { return {std::move(t)}; }

}  // namespace

at::Tensor divide(const KernelCall& c) {
  const KernelArg& mode = c.arg("rounding_mode");
  if (mode.kind == KernelArg::Kind::None) return at::div(c.tensor("input"), c.tensor("other"));
  return at::div(c.tensor("input"), c.tensor("other"), c10::string_view(mode.text));
}

namespace {

#define SPMD_UNARY(fn) [](const KernelCall& c) { return one(fn(c.tensor("input"))); }

}  // namespace

void register_elementwise_kernels(KernelRegistry& r) {
  r["neg"] = SPMD_UNARY(at::neg);
  r["clone"] = SPMD_UNARY(at::clone);
  r["exp"] = SPMD_UNARY(at::exp);
  r["tanh"] = SPMD_UNARY(at::tanh);
  r["relu"] = SPMD_UNARY(at::relu);
  r["abs"] = SPMD_UNARY(at::abs);
  r["add"] = [](const KernelCall& c) { return one(at::add(c.tensor("input"), c.tensor("other"), c.number("alpha", 1))); };
  r["sub"] = [](const KernelCall& c) { return one(at::sub(c.tensor("input"), c.tensor("other"), c.number("alpha", 1))); };
  r["mul"] = [](const KernelCall& c) { return one(at::mul(c.tensor("input"), c.tensor("other"))); };
  r["div"] = [](const KernelCall& c) { return one(divide(c)); };
}

#undef SPMD_UNARY

}  // namespace spmdcheck
