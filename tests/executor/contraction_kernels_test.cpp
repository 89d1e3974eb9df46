// The contractions' kernels (mm, bmm, mv, dot, einsum) on hand-made operands,
// reached through checked bindings (test::run_call), each spelt positionally
// and by keyword; and einsum's shape rule (oracle/einsum_equation) against
// at::einsum itself: the checker must accept exactly the equations LibTorch
// runs, with the shapes it returns.
#include "executor_test_support.h"
#include "oracle/einsum_equation.h"

namespace spmdcheck {
namespace {

using test::apply;
using test::f64;
using test::iota;
using test::same;

TEST(ContractionKernels, MmMultipliesTwoMatrices) {
  at::Tensor a = f64({1, 2, 3, 4}, {2, 2}), b = f64({5, 6, 7, 8}, {2, 2});
  const at::Tensor want = f64({19, 22, 43, 50}, {2, 2});
  EXPECT_TRUE(same(apply("mm(x0, x1)", {a, b}), want));
  EXPECT_TRUE(same(apply("mm(x0, mat2=x1)", {a, b}), want));
  EXPECT_TRUE(same(apply("mm(mat2=x1, input=x0)", {a, b}), want));
  EXPECT_TRUE(same(apply("mm(x0, x1)", {iota({2, 3}), iota({3, 1})}), f64({5, 14}, {2, 1})));
}

TEST(ContractionKernels, BmmMultipliesBatchByBatch) {
  at::Tensor a = f64({1, 2, 3, 4}, {2, 1, 2}), b = f64({1, 1, 2, 0}, {2, 2, 1});
  const at::Tensor want = f64({3, 6}, {2, 1, 1});
  EXPECT_TRUE(same(apply("bmm(x0, x1)", {a, b}), want));
  EXPECT_TRUE(same(apply("bmm(input=x0, mat2=x1)", {a, b}), want));
}

TEST(ContractionKernels, MvAndDot) {
  at::Tensor m = f64({1, 2, 3, 4}, {2, 2}), v = f64({1, -1}, {2});
  EXPECT_TRUE(same(apply("mv(x0, x1)", {m, v}), f64({-1, -1}, {2})));
  EXPECT_TRUE(same(apply("mv(x0, vec=x1)", {m, v}), f64({-1, -1}, {2})));
  at::Tensor a = f64({1, 2, 3}, {3}), b = f64({4, 5, 6}, {3});
  EXPECT_TRUE(same(apply("dot(x0, x1)", {a, b}), at::scalar_tensor(32.0, at::kDouble)));
  EXPECT_TRUE(same(apply("dot(x0, tensor=x1)", {a, b}), at::scalar_tensor(32.0, at::kDouble)));
  EXPECT_EQ(apply("dot(x0, x1)", {a.to(at::kFloat), b.to(at::kFloat)}).scalar_type(), at::kFloat);
}

TEST(ContractionKernels, EinsumFollowsItsEquation) {
  at::Tensor a = f64({1, 2, 3, 4}, {2, 2}), b = f64({5, 6, 7, 8}, {2, 2});
  const at::Tensor product = f64({19, 22, 43, 50}, {2, 2});
  EXPECT_TRUE(same(apply("einsum(\"ij,jk->ik\", [x0, x1])", {a, b}), product));
  EXPECT_TRUE(same(apply("einsum(\"ij,jk\", [x0, x1])", {a, b}), product));         // implicit: i, k
  EXPECT_TRUE(same(apply("einsum(\"ij,jk\", x0, x1)", {a, b}), product));           // PyTorch's variadic form
  EXPECT_TRUE(same(apply("einsum(\"ij, jk -> ik\", [x0, x1])", {a, b}), product));  // spaces are ignored
  EXPECT_TRUE(same(apply("einsum(equation=\"ij,jk->ik\", operands=[x0, x1])", {a, b}), product));
  EXPECT_TRUE(same(apply("einsum(\"ij->ji\", [x0])", {a}), f64({1, 3, 2, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("einsum(\"ba\", [x0])", {a}), f64({1, 3, 2, 4}, {2, 2})));            // implicit output in label order: a, b
  EXPECT_TRUE(same(apply("einsum(\"Ba\", [x0])", {a}), a));                                    // uppercase first: B, a
  EXPECT_TRUE(same(apply("einsum(\"ii\", [x0])", {a}), at::scalar_tensor(5.0, at::kDouble)));  // the trace
  EXPECT_TRUE(same(apply("einsum(\"ii->i\", [x0])", {a}), f64({1, 4}, {2})));                  // the diagonal
  EXPECT_TRUE(same(apply("einsum(\"ij->\", [x0])", {a}), at::scalar_tensor(10.0, at::kDouble)));
  EXPECT_TRUE(same(apply("einsum(\"i,j->ij\", [x0, x1])", {f64({1, 2}, {2}), f64({3, 4, 5}, {3})}), f64({3, 4, 5, 6, 8, 10}, {2, 3})));
  // A size-1 dim broadcasts: j is 1 in x0 and 3 in x1.
  EXPECT_TRUE(
      same(apply("einsum(\"ij,jk->ik\", [x0, x1])", {f64({1, 2}, {2, 1}), f64({1, 2, 3, 4, 5, 6}, {3, 2})}), f64({9, 12, 18, 24}, {2, 2})));
  // The ellipsis: batch dims broadcast, kept or summed.
  at::Tensor batch = iota({2, 1, 3}), w = f64({1, 0, -1}, {3});
  EXPECT_TRUE(same(apply("einsum(\"...j,j->...\", [x0, x1])", {batch, w}), f64({-2, -2}, {2, 1})));
  EXPECT_TRUE(same(apply("einsum(\"...j,j\", [x0, x1])", {batch, w}), f64({-2, -2}, {2, 1})));
  EXPECT_TRUE(same(apply("einsum(\"...j,j->\", [x0, x1])", {batch, w}), at::scalar_tensor(-4.0, at::kDouble)));
}

// One equation against shapes: what the shape rule says and what at::einsum
// does must agree (both refuse, or both give the same shape).
void expect_agrees(const std::string& equation, const std::vector<std::vector<int64_t>>& shapes) {
  std::vector<Shape> metas;
  std::vector<at::Tensor> tensors;
  for (const std::vector<int64_t>& s : shapes) {
    Shape m;
    for (int64_t d : s) m.dims[m.rank++] = d;
    metas.push_back(m);
    tensors.push_back(at::ones(s, at::kDouble));
  }
  const EinsumPlan plan = plan_einsum(equation, metas);
  std::optional<at::Tensor> y;
  try {
    y = at::einsum(equation, tensors);
  } catch (const c10::Error&) {
  }
  ASSERT_EQ(plan.ok(), y.has_value()) << equation << ": " << plan.error;
  if (!y) return;
  std::vector<int64_t> want;
  for (int l : plan.output) want.push_back(plan.sizes[l]);
  EXPECT_EQ(y->sizes().vec(), want) << equation;
  // Every term summed: at::einsum of ones counts them.
  const double terms = einsum_summed_terms(plan);
  if (y->numel() > 0) EXPECT_EQ(y->max().item<double>(), terms) << equation;
}

TEST(ContractionKernels, EinsumShapeRuleAgreesWithLibTorch) {
  expect_agrees("ij,jk->ik", {{2, 3}, {3, 4}});
  expect_agrees("ij,jk->ik", {{2, 3}, {4, 5}});
  expect_agrees("ij,jk->ik", {{2, 1}, {4, 5}});
  expect_agrees("ij,jk", {{2, 3}, {3, 4}});
  expect_agrees("ij,jk->ki", {{2, 3}, {3, 4}});
  expect_agrees("ij,jk->ij", {{2, 3}, {3, 4}});
  expect_agrees("ii", {{3, 3}});
  expect_agrees("ii", {{3, 2}});
  expect_agrees("ii->i", {{1, 1}});
  expect_agrees("ii,i->i", {{1, 1}, {4}});
  expect_agrees("iij,j", {{2, 2, 3}, {3}});
  expect_agrees("jii->ji", {{3, 2, 2}});
  expect_agrees("ij->k", {{2, 3}});
  expect_agrees("ij->ii", {{2, 3}});
  expect_agrees("ijk", {{2, 3}});
  expect_agrees("i", {{2, 3}});
  expect_agrees("i1", {{2, 3}});
  expect_agrees("ij,jk,kl->il", {{2, 3}, {3, 4}, {4, 5}});
  expect_agrees("ij,jk", {{2, 3}});
  expect_agrees("ij", {{2, 3}, {3, 4}});
  expect_agrees("", {{}});
  expect_agrees("->", {{}});
  expect_agrees(",->", {{}, {}});
  expect_agrees("i,->i", {{3}, {}});
  expect_agrees("...", {{2, 3}});
  expect_agrees("...->", {{2, 3}});
  expect_agrees("...ij->...ji", {{4, 2, 3}});
  expect_agrees("...ij,...jk->...ik", {{5, 2, 3}, {3, 4}});
  expect_agrees("...ij,...jk->...ik", {{5, 2, 3}, {2, 3, 4}});
  expect_agrees("...ij,...jk->...ik", {{5, 2, 3}, {1, 3, 4}});
  expect_agrees("i...j,j...", {{2, 4, 3}, {3, 4}});
  expect_agrees("i...,i...->i", {{2, 4, 3}, {2, 1}});
  expect_agrees("i...,i...->i", {{2, 4, 3}, {2, 5}});
  expect_agrees("..i", {{2}});
  expect_agrees("i....", {{2}});
  expect_agrees("...i...", {{2}});
  expect_agrees("i->...i", {{2}});
  expect_agrees("i->i...", {{2}});
  expect_agrees("i->......", {{2}});
  expect_agrees("AaBb->aB", {{2, 3, 4, 5}});
  expect_agrees("bBaA", {{2, 3, 4, 5}});
  expect_agrees("i j , j k", {{2, 3}, {3, 4}});
  expect_agrees("ij-jk", {{2, 3}});
  expect_agrees("ij->j->i", {{2, 3}});
  expect_agrees("i>j", {{2, 3}});
  expect_agrees("ab,bc,cd,de", {{2, 1}, {3, 2}, {1, 4}, {4, 1}});
}

TEST(ContractionKernels, EinsumGradientTermsCountWhatEachOperandsGradientSums) {
  // d/dB of A[i,j] B[j,k] -> [i, k]: sums over i; d/dA over k.
  Shape a, b;
  a.rank = b.rank = 2;
  a.dims[0] = 5, a.dims[1] = 3, b.dims[0] = 3, b.dims[1] = 2;
  EinsumPlan plan = plan_einsum("ij,jk->ik", {a, b});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(einsum_summed_terms(plan), 3);
  EXPECT_EQ(einsum_gradient_terms(plan, {a, b}), 5);
  // An operand broadcast along j sums over j in its gradient as well.
  b.dims[0] = 1;
  plan = plan_einsum("ij,jk->ik", {a, b});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(einsum_gradient_terms(plan, {a, b}), 15);
}

}  // namespace
}  // namespace spmdcheck
