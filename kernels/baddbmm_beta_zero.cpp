#include "kernels/baddbmm_beta_zero.h"

#include <torch/csrc/autograd/custom_function.h>

namespace spmdcheck {
namespace {

// LibTorch's maybe_multiply (FunctionsManual.cpp): t * s, except t itself
// where s is 1. The exception matters bit for bit: a bf16 mul by 1 turns the
// -NaN of a vectorised bmm into +NaN (c10's float-to-bf16 rounding writes
// every NaN as 0x7FC0), so a rank on this path and one on the builtin's gave
// an R gradient nan against -nan (found by a default-table global search at
// seed 102; LocalKernels.BaddbmmGradientsAtBetaZeroAreTheBuiltinsBitForBit).
at::Tensor maybe_multiply(const at::Tensor& t, double s) { return s == 1 ? t : t.mul(s); }

// baddbmm at beta == 0 with the forward PyTorch documents and the backward of
// LibTorch's own BaddbmmBackward (derivatives.yaml: self maybe_multiply(grad,
// beta), batch1 maybe_multiply(grad.bmm(batch2^T), alpha), batch2
// maybe_multiply(batch1^T.bmm(grad), alpha)), so a rank that takes this path
// computes its gradients in the same order as the ranks whose beta is not 0
// (an R gradient must agree bit for bit, signed zeros and NaN signs included).
struct BetaZeroBaddbmm : torch::autograd::Function<BetaZeroBaddbmm> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, const at::Tensor& batch1,
                            const at::Tensor& batch2, double alpha) {
    ctx->save_for_backward({batch1, batch2});
    ctx->saved_data["alpha"] = alpha;
    at::Tensor product = maybe_multiply(at::bmm(batch1, batch2), alpha);
    return product.to(at::result_type(product, input));
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const double alpha = ctx->saved_data["alpha"].toDouble();
    const at::Tensor& grad = grads[0];
    // The input's gradient is grad * 0 (signed zeros, NaN where grad is not
    // finite), summed to the input's shape by the engine as for the builtin.
    return {grad.mul(0.0), maybe_multiply(grad.bmm(saved[1].transpose(1, 2)), alpha),
            maybe_multiply(saved[0].transpose(1, 2).bmm(grad), alpha), at::Tensor()};
  }
};

}  // namespace

at::Tensor documented_baddbmm(const at::Tensor& input, const at::Tensor& batch1, const at::Tensor& batch2, const at::Scalar& beta,
                              const at::Scalar& alpha) {
  if (beta.toDouble() != 0) return at::baddbmm(input, batch1, batch2, beta, alpha);
  return BetaZeroBaddbmm::apply(input, batch1, batch2, alpha.toDouble());
}

}  // namespace spmdcheck
