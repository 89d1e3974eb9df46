#pragma once
// A workaround for a LibTorch bug, kept apart so that it is seen and can be
// dropped with the bug: LibTorch 1.13's (Debian 12's) GeluBackward on CPU
// reads a non-contiguous incoming gradient wrongly in f32 and bf16 (zeros
// or garbage; f64 is right), as when a permute follows gelu. Found by the
// soundness search; tests/executor/numeric_kernels_test.cpp
// (GradientsDoNotDependOnTheUpstreamLayout) pins it for every elementwise op.
#include <ATen/ATen.h>

namespace spmdcheck {

// y itself in the forward; in the backward, the gradient of y made
// contiguous before it reaches y's producer.
at::Tensor with_contiguous_gradient(const at::Tensor& y);

}  // namespace spmdcheck
