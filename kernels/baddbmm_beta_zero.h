#pragma once
// A workaround for a LibTorch bug, kept apart so that it is seen and can be
// dropped with the bug: LibTorch 1.13's (Debian 12's) at::baddbmm on CPU with
// beta == 0 reads its uninitialized output, so about a third of the calls
// return NaN or garbage whatever the input (measured in f64, f32 and bf16;
// addmm, addmv, addbmm and addr are not affected). A rank whose piece of a
// P-typed beta was 0 computed garbage, and one seed gave different verdicts
// from run to run (found by a distributed soundness campaign).
// tests/executor/local_kernels_test.cpp (BaddbmmWithBetaZeroIgnoresItsInputEveryTime) pins it.
#include <ATen/ATen.h>

namespace spmdcheck {

// at::baddbmm as PyTorch documents it: beta * input + alpha * (batch1 @
// batch2), and for beta == 0 alpha * (batch1 @ batch2) with the input
// ignored (its NaN and infinities not propagated), in the promoted dtype;
// its gradients are LibTorch's BaddbmmBackward formulas, in their order, so
// ranks with beta 0 and ranks without agree where the types say they must
// (a first version computed them as mul(bmm) and the generation fuzzer found
// an R gradient with -0 on one rank and 0 on another).
at::Tensor documented_baddbmm(const at::Tensor& input, const at::Tensor& batch1, const at::Tensor& batch2, const at::Scalar& beta,
                              const at::Scalar& alpha);

}  // namespace spmdcheck
