// Kernels of the numeric family (elementwise, reductions, non-linear ops),
// reached as the executor reaches them: a checked binding (test::run_call),
// its arguments bound to the row's parameters, then make_kernel_call. Values
// are hand-computed; each op is called positionally and by keyword.
#include <cmath>
#include <limits>

#include "executor_test_support.h"
#include "kernels/local_kernels.h"

namespace spmdcheck {
namespace {

using test::apply;
using test::f64;
using test::same;

at::Tensor mask(std::vector<double> values, std::vector<int64_t> sizes) { return f64(std::move(values), std::move(sizes)).to(at::kBool); }

// Transcendentals: vectorised LibTorch may differ from libm in the last bit.
::testing::AssertionResult close(const at::Tensor& got, const at::Tensor& want) {
  if (got.sizes() == want.sizes() && got.scalar_type() == want.scalar_type() && at::allclose(got, want, 1e-14, 1e-15))
    return ::testing::AssertionSuccess();
  std::ostringstream out;
  out << "got\n" << got << "\nwant\n" << want;
  return ::testing::AssertionFailure() << out.str();
}

TEST(NumericKernels, PositiveDetachAndContiguousKeepTheValues) {
  at::Tensor x = f64({-1.5, 0, 2}, {3});
  EXPECT_TRUE(same(apply("positive(x0)", {x}), x));
  EXPECT_TRUE(same(apply("positive(input=x0)", {x}), x));
  EXPECT_TRUE(same(apply("detach(x0)", {x}), x));
  EXPECT_TRUE(same(apply("detach(input=x0)", {x}), x));
  at::Tensor t = f64({1, 2, 3, 4, 5, 6}, {2, 3}).t();  // not contiguous
  at::Tensor c = apply("contiguous(x0)", {t});
  EXPECT_TRUE(same(c, t.contiguous()));
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_TRUE(same(apply("contiguous(input=x0)", {t}), t.contiguous()));
}

TEST(NumericKernels, DetachCutsTheGradientAndPositiveKeepsIt) {
  at::Tensor x = f64({1, 2}, {2}).set_requires_grad(true);
  EXPECT_FALSE(apply("detach(x0)", {x}).requires_grad());
  EXPECT_TRUE(apply("positive(x0)", {x}).requires_grad());
  EXPECT_TRUE(apply("contiguous(x0)", {x}).requires_grad());
}

TEST(NumericKernels, NanReductionsSkipNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  at::Tensor x = f64({1, nan, 3, 4, 5, nan}, {2, 3});
  EXPECT_TRUE(same(apply("nansum(x0)", {x}), at::scalar_tensor(13.0, at::kDouble)));
  EXPECT_TRUE(same(apply("nansum(x0, 0)", {x}), f64({5, 5, 3}, {3})));
  EXPECT_TRUE(same(apply("nansum(x0, dim=-1, keepdim=true)", {x}), f64({4, 9}, {2, 1})));
  EXPECT_TRUE(same(apply("nansum(input=x0, dim=[0, 1])", {x}), at::scalar_tensor(13.0, at::kDouble)));
  EXPECT_TRUE(same(apply("nansum(x0, None, true)", {x}), f64({13}, {1, 1})));
  EXPECT_TRUE(same(apply("nanmean(x0)", {x}), at::scalar_tensor(3.25, at::kDouble)));
  EXPECT_TRUE(same(apply("nanmean(x0, 1)", {x}), f64({2, 4.5}, {2})));
  EXPECT_TRUE(same(apply("nanmean(input=x0, keepdim=true)", {x}), f64({3.25}, {1, 1})));
  at::Tensor s = at::scalar_tensor(2.5, at::kDouble);
  EXPECT_TRUE(same(apply("nansum(x0)", {s}), s));
  EXPECT_TRUE(same(apply("nanmean(x0, -1)", {s}), s));
}

TEST(NumericKernels, CumsumAlongADim) {
  at::Tensor x = f64({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_TRUE(same(apply("cumsum(x0, 1)", {x}), f64({1, 3, 6, 4, 9, 15}, {2, 3})));
  EXPECT_TRUE(same(apply("cumsum(x0, -1)", {x}), f64({1, 3, 6, 4, 9, 15}, {2, 3})));
  EXPECT_TRUE(same(apply("cumsum(input=x0, dim=0)", {x}), f64({1, 2, 3, 5, 7, 9}, {2, 3})));
  at::Tensor s = at::scalar_tensor(2.5, at::kDouble);
  EXPECT_TRUE(same(apply("cumsum(x0, 0)", {s}), s));
}

TEST(NumericKernels, DivideAndTrueDivideAreDiv) {
  at::Tensor a = f64({1, 2, 3, 4}, {2, 2}), b = f64({10, 20}, {2});
  EXPECT_TRUE(same(apply("divide(x0, x1)", {b, a}), f64({10, 10, 10. / 3, 5}, {2, 2})));
  EXPECT_TRUE(same(apply("divide(input=x0, other=x1)", {b, a}), f64({10, 10, 10. / 3, 5}, {2, 2})));
  EXPECT_TRUE(same(apply("true_divide(x0, 4)", {a}), f64({0.25, 0.5, 0.75, 1}, {2, 2})));
  EXPECT_TRUE(same(apply("true_divide(1, other=x0)", {b}), f64({0.1, 0.05}, {2})));
}

TEST(NumericKernels, PowTakesATensorOrANumberOnEitherSide) {
  at::Tensor x = f64({-1.5, 0, 2}, {3}), e = f64({2, 3, -1}, {3});
  EXPECT_TRUE(same(apply("pow(x0, 2)", {x}), f64({2.25, 0, 4}, {3})));
  EXPECT_TRUE(same(apply("pow(input=x0, exponent=3)", {x}), f64({-3.375, 0, 8}, {3})));
  EXPECT_TRUE(same(apply("pow(x0, x1)", {x, e}), f64({2.25, 0, 0.5}, {3})));
  EXPECT_TRUE(close(apply("pow(2, exponent=x0)", {x}), f64({std::pow(2.0, -1.5), 1, 4}, {3})));
  EXPECT_TRUE(std::isnan(apply("pow(x0, 0.5)", {x})[0].item<double>()));  // a negative base, a fraction: NaN
}

TEST(NumericKernels, SqrtSigmoidSilu) {
  at::Tensor x = f64({0, 0.25, 4}, {3});
  EXPECT_TRUE(same(apply("sqrt(x0)", {x}), f64({0, 0.5, 2}, {3})));
  EXPECT_TRUE(same(apply("sqrt(input=x0)", {x}), f64({0, 0.5, 2}, {3})));
  EXPECT_TRUE(std::isnan(apply("sqrt(x0)", {f64({-1}, {1})})[0].item<double>()));
  at::Tensor z = f64({-2, 0, 2}, {3});
  const double s = 1 / (1 + std::exp(-2.0));
  EXPECT_TRUE(close(apply("sigmoid(x0)", {z}), f64({1 - s, 0.5, s}, {3})));
  EXPECT_TRUE(close(apply("sigmoid(input=x0)", {z}), f64({1 - s, 0.5, s}, {3})));
  EXPECT_TRUE(close(apply("silu(x0)", {z}), f64({-2 * (1 - s), 0, 2 * s}, {3})));
  EXPECT_TRUE(close(apply("silu(input=x0)", {z}), f64({-2 * (1 - s), 0, 2 * s}, {3})));
}

TEST(NumericKernels, SoftmaxAndLogSoftmaxNormaliseAlongDim) {
  // Rows [0, ln 3] and [ln 2, ln 2]: softmax [1/4, 3/4] and [1/2, 1/2].
  at::Tensor x = f64({0, std::log(3.0), std::log(2.0), std::log(2.0)}, {2, 2});
  const at::Tensor want = f64({0.25, 0.75, 0.5, 0.5}, {2, 2});
  EXPECT_TRUE(close(apply("softmax(x0, 1)", {x}), want));
  EXPECT_TRUE(close(apply("softmax(input=x0, dim=-1)", {x}), want));
  EXPECT_TRUE(close(apply("softmax(x0, 0)", {x}), f64({1. / 3, 0.6, 2. / 3, 0.4}, {2, 2})));
  EXPECT_TRUE(close(apply("log_softmax(x0, 1)", {x}), want.log()));
  EXPECT_TRUE(close(apply("log_softmax(input=x0, dim=-1)", {x}), want.log()));
  EXPECT_TRUE(same(apply("softmax(x0, 0)", {at::scalar_tensor(3.0, at::kDouble)}), at::scalar_tensor(1.0, at::kDouble)));
}

TEST(NumericKernels, GeluExactOrTanh) {
  at::Tensor x = f64({-1, 0, 2}, {3});
  auto exact = [](double v) { return 0.5 * v * (1 + std::erf(v / std::sqrt(2.0))); };
  auto tanh_form = [](double v) { return 0.5 * v * (1 + std::tanh(std::sqrt(2 / M_PI) * (v + 0.044715 * v * v * v))); };
  const at::Tensor want = f64({exact(-1), 0, exact(2)}, {3});
  EXPECT_TRUE(close(apply("gelu(x0)", {x}), want));
  EXPECT_TRUE(close(apply("gelu(input=x0, approximate=\"none\")", {x}), want));
  EXPECT_TRUE(close(apply("gelu(x0, approximate=\"tanh\")", {x}), f64({tanh_form(-1), 0, tanh_form(2)}, {3})));
}

TEST(NumericKernels, WhereSelectsByAMask) {
  at::Tensor m = mask({1, 0, 1}, {3}), a = f64({1, 2, 3}, {3}), b = f64({-1, -2, -3}, {3});
  EXPECT_TRUE(same(apply("where(x0, x1, x2)", {m, a, b}), f64({1, -2, 3}, {3})));
  EXPECT_TRUE(same(apply("where(condition=x0, input=x1, other=x2)", {m, a, b}), f64({1, -2, 3}, {3})));
  EXPECT_TRUE(same(apply("where(x0, x1, other=0.5)", {m, a}), f64({1, 0.5, 3}, {3})));
  EXPECT_TRUE(same(apply("where(x0, 2, x1)", {m, b}), f64({2, -2, 2}, {3})));
  // The mask broadcasts with the others: [2, 1] with [3] gives [2, 3].
  EXPECT_TRUE(same(apply("where(x0, x1, 0)", {mask({1, 0}, {2, 1}), a}), f64({1, 2, 3, 0, 0, 0}, {2, 3})));
}

TEST(NumericKernels, ClampTakesNumberBoundsOrNone) {
  at::Tensor x = f64({-1.5, 0, 2}, {3});
  EXPECT_TRUE(same(apply("clamp(x0, -1, 1)", {x}), f64({-1, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("clamp(x0, min=0)", {x}), f64({0, 0, 2}, {3})));
  EXPECT_TRUE(same(apply("clamp(input=x0, max=0.5)", {x}), f64({-1.5, 0, 0.5}, {3})));
  EXPECT_TRUE(same(apply("clamp(x0, None, 1)", {x}), f64({-1.5, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("clamp(x0, 1, -1)", {x}), f64({-1, -1, -1}, {3})));  // min > max: max wins
}

TEST(NumericKernels, MaximumAndFloorDivideBroadcast) {
  at::Tensor a = f64({1, 5, 3, 0}, {2, 2}), b = f64({3, 2}, {2});
  EXPECT_TRUE(same(apply("maximum(x0, x1)", {a, b}), f64({3, 5, 3, 2}, {2, 2})));
  EXPECT_TRUE(same(apply("maximum(input=x0, other=x1)", {a, b}), f64({3, 5, 3, 2}, {2, 2})));
  at::Tensor n = f64({7, -7, 7.5}, {3}), d = f64({2, 2, -2}, {3});
  EXPECT_TRUE(same(apply("floor_divide(x0, 2)", {n}), f64({3, -4, 3}, {3})));
  EXPECT_TRUE(same(apply("floor_divide(input=x0, other=x1)", {n, d}), f64({3, -4, -4}, {3})));
}

TEST(NumericKernels, NormIsTheVectorNormOfANumberP) {
  at::Tensor x = f64({3, 4, 0, -12}, {2, 2});
  EXPECT_TRUE(close(apply("norm(x0)", {x}), at::scalar_tensor(13.0, at::kDouble)));
  EXPECT_TRUE(close(apply("norm(x0, 1)", {x}), at::scalar_tensor(19.0, at::kDouble)));
  EXPECT_TRUE(close(apply("norm(x0, 2, 1)", {x}), f64({5, 12}, {2})));
  EXPECT_TRUE(close(apply("norm(input=x0, p=1, dim=0, keepdim=true)", {x}), f64({3, 16}, {1, 2})));
  EXPECT_TRUE(close(apply("norm(x0, p=2.0, dim=[0, 1])", {x}), at::scalar_tensor(13.0, at::kDouble)));
  EXPECT_TRUE(close(apply("norm(x0, keepdim=true)", {x}), f64({13}, {1, 1})));
  EXPECT_TRUE(close(apply("norm(x0, 3, -1)", {f64({1, 2}, {2})}), at::scalar_tensor(std::cbrt(9.0), at::kDouble)));
}

TEST(NumericKernels, ComparisonsGiveBoolMasks) {
  at::Tensor a = f64({1, 2, 3}, {3}), b = f64({2, 2, 2}, {3});
  EXPECT_TRUE(same(apply("eq(x0, x1)", {a, b}), mask({0, 1, 0}, {3})));
  EXPECT_TRUE(same(apply("eq(input=x0, other=2)", {a}), mask({0, 1, 0}, {3})));
  EXPECT_TRUE(same(apply("ne(x0, x1)", {a, b}), mask({1, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("ne(x0, other=x1)", {a, b}), mask({1, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("lt(x0, x1)", {a, b}), mask({1, 0, 0}, {3})));
  EXPECT_TRUE(same(apply("lt(input=x0, other=x1)", {a, b}), mask({1, 0, 0}, {3})));
  EXPECT_TRUE(same(apply("le(x0, 2)", {a}), mask({1, 1, 0}, {3})));
  EXPECT_TRUE(same(apply("le(x0, other=2)", {a}), mask({1, 1, 0}, {3})));
  EXPECT_TRUE(same(apply("gt(x0, x1)", {a, b}), mask({0, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("gt(input=x0, other=x1)", {a, b}), mask({0, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("ge(2, x0)", {a}), mask({1, 1, 0}, {3})));  // a number first: 2 >= a
  EXPECT_TRUE(same(apply("ge(input=x0, other=x1)", {a, b}), mask({0, 1, 1}, {3})));
}

// Computing ops make fresh tensors; positive, detach and contiguous return
// their operand's storage, as PyTorch does (kernels/local_kernels.h).
TEST(NumericKernels, ComputedResultsAreFreshAndPassThroughsKeepTheOperand) {
  at::Tensor x = f64({1, 2, 3, 4}, {2, 2});
  for (const char* call : {"nansum(x0)", "cumsum(x0, 0)", "sqrt(x0)", "softmax(x0, 1)", "clamp(x0, 0)", "norm(x0, 2, 0)", "gt(x0, 1)"}) {
    at::Tensor y = apply(call, {x});
    EXPECT_FALSE(y.is_alias_of(x)) << call;
    EXPECT_TRUE(y.is_contiguous()) << call;
  }
  for (const char* call : {"positive(x0)", "detach(x0)", "contiguous(x0)"}) {
    at::Tensor y = apply(call, {x});
    EXPECT_TRUE(same(y, x)) << call;
    EXPECT_TRUE(y.is_alias_of(x)) << call;
  }
  EXPECT_FALSE(apply("contiguous(x0)", {x.t()}).is_alias_of(x));  // a strided operand is copied
}

}  // namespace
}  // namespace spmdcheck

namespace spmdcheck {
namespace {

// The gradient of an elementwise op does not depend on the memory layout of
// the gradient flowing into it: a permute after the op hands it a
// non-contiguous one. LibTorch 1.13's GeluBackward on CPU reads such a
// gradient wrongly in f32 and bf16 (zeros or garbage; f64 is right), which
// the soundness search found; the gelu kernel makes its incoming gradient
// contiguous (kernels/contiguous_gradient.h). This test covers every
// elementwise op of one tensor operand, so another such bug shows here too.
TEST(NumericKernels, GradientsDoNotDependOnTheUpstreamLayout) {
  for (const char* call :
       {"exp(x0)", "tanh(x0)", "relu(x0)", "abs(x0)", "neg(x0)", "sqrt(x0)", "sigmoid(x0)", "gelu(x0)", "gelu(x0, approximate=\"tanh\")",
        "silu(x0)", "positive(x0)", "clamp(x0, 0.7, 1.5)", "pow(x0, 3)", "softmax(x0, 0)", "log_softmax(x0, 1)", "cumsum(x0, 1)"}) {
    for (at::ScalarType dtype : {at::kFloat, at::kBFloat16, at::kDouble}) {
      const at::Tensor data = at::linspace(0.5, 2.0, 6, at::TensorOptions().dtype(dtype)).reshape({2, 3, 1});
      const at::Tensor upstream = at::arange(1, 7, at::TensorOptions().dtype(dtype)).reshape({3, 1, 2});
      at::Tensor x = data.clone().requires_grad_(true);
      apply(call, {x}).permute({1, 2, 0}).backward(upstream);
      at::Tensor x_contiguous = data.clone().requires_grad_(true);
      apply(call, {x_contiguous}).backward(upstream.permute({2, 0, 1}).contiguous());
      EXPECT_TRUE(at::equal(x.grad(), x_contiguous.grad())) << call << " in " << at::toString(dtype) << ": through a permute\n"
                                                            << x.grad() << "\ncontiguous\n"
                                                            << x_contiguous.grad();
    }
  }
}

}  // namespace
}  // namespace spmdcheck
