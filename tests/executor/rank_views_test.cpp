// A rank's tensor may be a view into a stacked tensor (a stacked input leaf:
// ProgramInputs::stacked_leaves), at an offset that differs by rank. R and I
// values are compared bitwise across ranks, so a kernel must compute a view
// exactly as it computes a tensor of its own, wherever the view lies.
//
// This is what the executor relies on, and what running one op on the whole
// stacked tensor does not give: there LibTorch's vectorised loops run over
// all ranks' elements at once, and an element's place in the loop (vector
// body or scalar tail) changes the last bit of tanh, exp, gelu, sigmoid,
// silu and log1p (DESIGN.md §4, Throughput).
#include <cstring>

#include "executor_test_support.h"

namespace spmdcheck {
namespace {

// Bitwise equal (a NaN's sign and payload included).
bool identical(const at::Tensor& a, const at::Tensor& b) {
  if (a.sizes() != b.sizes() || a.scalar_type() != b.scalar_type()) return false;
  const at::Tensor ac = a.contiguous(), bc = b.contiguous();
  return std::memcmp(ac.data_ptr(), bc.data_ptr(), static_cast<size_t>(ac.numel()) * ac.element_size()) == 0;
}

TEST(RankViews, AKernelComputesARanksViewAsItsOwnTensor) {
  const std::vector<std::string> calls = {
      "tanh(x0)", "exp(x0)",      "gelu(x0)",       "sigmoid(x0)", "silu(x0)",   "sqrt(x0)",  "softmax(x0, -1)", "log_softmax(x0, -1)",
      "sum(x0)",  "mean(x0, -1)", "cumsum(x0, -1)", "norm(x0)",    "pow(x0, 3)", "div(x0, 3)"};
  int compared = 0;
  for (const at::ScalarType dtype : {at::kDouble, at::kFloat, at::kBFloat16}) {
    for (int64_t n = 1; n <= 40; ++n) {
      // Four ranks' rows of one stacked tensor, each row the same values.
      const at::Tensor own = (at::arange(n, at::kDouble) * 0.37 - 3.1).to(dtype);
      const at::Tensor stacked = own.unsqueeze(0).expand({4, n}).contiguous();
      for (const std::string& call : calls) {
        const at::Tensor want = test::run_call(call, {own}).at(0);
        for (int64_t h = 0; h < 4; ++h) {
          const at::Tensor view = stacked.select(0, h);
          ASSERT_EQ(view.storage_offset(), h * n);
          EXPECT_TRUE(identical(test::run_call(call, {view}).at(0), want))
              << call << " on the view of rank " << h << ", " << n << " elements, " << c10::toString(dtype);
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, 3 * 40 * 14 * 4);
}

}  // namespace
}  // namespace spmdcheck
