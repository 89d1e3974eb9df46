// Local kernels: the PyTorch meaning of every op of the default table, on
// hand-made operands; keywords, literals and the registry's contract.
#include <cmath>

#include "kernels/local_kernels.h"
#include "executor_test_support.h"

namespace spmdcheck {
namespace {

using test::f64;
using test::iota;
using test::same;

BindingStmt binding(std::string op, std::vector<std::pair<std::string, int64_t>> int_kwargs = {}) {
  BindingStmt b;
  b.name = "y";
  b.op = std::move(op);
  for (auto& [key, value] : int_kwargs) {
    KwArg kw;
    kw.key = key;
    kw.value.kind = KwValue::Kind::Int;
    kw.value.integer = value;
    b.kwargs.push_back(kw);
  }
  return b;
}

KernelOperand val(const at::Tensor& x) { return KernelOperand{x, 0}; }
KernelOperand lit(double v) { return KernelOperand{std::nullopt, v}; }

at::Tensor apply(const BindingStmt& b, std::vector<KernelOperand> ops, at::ScalarType dtype = at::kDouble) {
  std::optional<at::Tensor> y = apply_local_kernel(b, ops, dtype);
  EXPECT_TRUE(y.has_value()) << b.op;
  return y ? *y : at::Tensor();
}

TEST(LocalKernels, EveryOpOfTheDefaultTableHasAKernel) {
  for (const OpRow& op : default_rule_table()->ops) EXPECT_TRUE(has_local_kernel(op.name)) << op.name;
  EXPECT_FALSE(has_local_kernel("softmax"));
  EXPECT_FALSE(apply_local_kernel(binding("softmax"), {val(iota({2}))}, at::kDouble).has_value());
}

TEST(LocalKernels, ElementwiseUnaryOps) {
  at::Tensor x = f64({-1.5, 0, 2}, {3});
  EXPECT_TRUE(same(apply(binding("neg"), {val(x)}), f64({1.5, 0, -2}, {3})));
  EXPECT_TRUE(same(apply(binding("clone"), {val(x)}), x));
  EXPECT_TRUE(same(apply(binding("relu"), {val(x)}), f64({0, 0, 2}, {3})));
  EXPECT_TRUE(same(apply(binding("abs"), {val(x)}), f64({1.5, 0, 2}, {3})));
  // Transcendentals: vectorised LibTorch may differ from libm in the last bit.
  EXPECT_TRUE(at::allclose(apply(binding("exp"), {val(x)}), f64({std::exp(-1.5), 1, std::exp(2.0)}, {3}), 1e-15, 0));
  EXPECT_TRUE(at::allclose(apply(binding("tanh"), {val(x)}), f64({std::tanh(-1.5), 0, std::tanh(2.0)}, {3}), 1e-15, 0));
}

TEST(LocalKernels, ReductionsOverADimOrEverything) {
  at::Tensor x = f64({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_TRUE(same(apply(binding("sum"), {val(x)}), at::scalar_tensor(21.0, at::kDouble)));
  EXPECT_TRUE(same(apply(binding("sum", {{"dim", 0}}), {val(x)}), f64({5, 7, 9}, {3})));
  EXPECT_TRUE(same(apply(binding("sum", {{"dim", -1}}), {val(x)}), f64({6, 15}, {2})));
  EXPECT_TRUE(same(apply(binding("mean"), {val(x)}), at::scalar_tensor(3.5, at::kDouble)));
  EXPECT_TRUE(same(apply(binding("mean", {{"dim", 1}}), {val(x)}), f64({2, 5}, {2})));
}

TEST(LocalKernels, TransposeDefaultsToTheFirstTwoDimsAndIsContiguous) {
  at::Tensor x = iota({2, 3, 1});
  at::Tensor y = apply(binding("transpose"), {val(x)});
  EXPECT_TRUE(same(y, x.transpose(0, 1).contiguous()));
  EXPECT_TRUE(y.is_contiguous());
  EXPECT_TRUE(same(apply(binding("transpose", {{"dim0", 2}, {"dim1", -3}}), {val(x)}), x.transpose(2, 0).contiguous()));
  // Swapping a dim with itself is a view of the operand: still a fresh tensor.
  at::Tensor same_dim = apply(binding("transpose", {{"dim0", 1}, {"dim1", 1}}), {val(x)});
  EXPECT_TRUE(same(same_dim, x));
  EXPECT_FALSE(same_dim.is_alias_of(x));
}

TEST(LocalKernels, BinaryOpsBroadcast) {
  at::Tensor a = f64({1, 2, 3, 4}, {2, 2});
  at::Tensor b = f64({10, 20}, {2});
  EXPECT_TRUE(same(apply(binding("add"), {val(a), val(b)}), f64({11, 22, 13, 24}, {2, 2})));
  EXPECT_TRUE(same(apply(binding("sub"), {val(a), val(b)}), f64({-9, -18, -7, -16}, {2, 2})));
  EXPECT_TRUE(same(apply(binding("mul"), {val(a), val(b)}), f64({10, 40, 30, 80}, {2, 2})));
  EXPECT_TRUE(same(apply(binding("div"), {val(b), val(a)}), f64({10, 10, 10. / 3, 5}, {2, 2})));
}

TEST(LocalKernels, LiteralsAreZeroDimTensorsOfTheBindingsDtype) {
  at::Tensor x = f64({1, 2}, {2}).to(at::kFloat);
  at::Tensor y = apply(binding("add"), {val(x), lit(0.5)}, at::kFloat);
  EXPECT_TRUE(same(y, f64({1.5, 2.5}, {2}).to(at::kFloat)));
  EXPECT_TRUE(same(apply(binding("sub"), {lit(1), val(x)}, at::kFloat), f64({0, -1}, {2}).to(at::kFloat)));
  EXPECT_TRUE(same(apply(binding("div"), {lit(1), val(x)}, at::kFloat), f64({1, 0.5}, {2}).to(at::kFloat)));
  at::Tensor h = x.to(at::kBFloat16);
  EXPECT_EQ(apply(binding("mul"), {val(h), lit(3)}, at::kBFloat16).scalar_type(), at::kBFloat16);
}

TEST(LocalKernels, OutPartialIsATypingKeywordOnly) {
  BindingStmt b = binding("matmul");
  KwArg kw;
  kw.key = "out_partial";
  kw.value.kind = KwValue::Kind::NameList;
  kw.value.names = {"dp", "tp"};
  b.kwargs.push_back(kw);
  at::Tensor a = f64({1, 2, 3, 4}, {2, 2}), c = f64({1, 0, 0, 1}, {2, 2});
  EXPECT_TRUE(same(apply(b, {val(a), val(c)}), a));
  b.op = "mul";
  EXPECT_TRUE(same(apply(b, {val(a), val(c)}), f64({1, 0, 0, 4}, {2, 2})));
}

TEST(LocalKernels, MatmulFollowsTorchMatmul) {
  at::Tensor a = iota({2, 3}), b = iota({3, 4}), batch = iota({5, 2, 3}), v = iota({3});
  EXPECT_TRUE(same(apply(binding("matmul"), {val(a), val(b)}), at::mm(a, b)));
  EXPECT_TRUE(same(apply(binding("matmul"), {val(batch), val(b)}), at::matmul(batch, b)));
  EXPECT_TRUE(same(apply(binding("matmul"), {val(a), val(v)}), at::mv(a, v)));
  EXPECT_EQ(apply(binding("matmul"), {val(batch), val(b)}).sizes(), at::IntArrayRef({5, 2, 4}));
}

TEST(LocalKernels, CatIsVariadicAlongDim) {
  at::Tensor a = f64({1, 2}, {1, 2}), b = f64({3, 4, 5, 6}, {2, 2});
  EXPECT_TRUE(same(apply(binding("cat"), {val(a), val(b)}), f64({1, 2, 3, 4, 5, 6}, {3, 2})));
  EXPECT_TRUE(same(apply(binding("cat", {{"dim", 1}}), {val(b), val(b), val(b)}), at::cat({b, b, b}, 1)));
  at::Tensor one = apply(binding("cat"), {val(a)});
  EXPECT_TRUE(same(one, a));
  EXPECT_FALSE(one.is_alias_of(a));
}

TEST(LocalKernels, ResultsNeverAliasOperands) {
  at::Tensor x = iota({2, 2});
  for (const char* op : {"neg", "clone", "exp", "tanh", "relu", "abs", "sum", "mean", "transpose"}) {
    at::Tensor y = apply(binding(op), {val(x)});
    EXPECT_FALSE(y.is_alias_of(x)) << op;
    EXPECT_TRUE(y.is_contiguous()) << op;
  }
}

TEST(LocalKernels, WrongOperandCountsThrow) {
  EXPECT_THROW(apply_local_kernel(binding("neg"), {val(iota({2})), val(iota({2}))}, at::kDouble), std::invalid_argument);
  EXPECT_THROW(apply_local_kernel(binding("add"), {val(iota({2}))}, at::kDouble), std::invalid_argument);
}

TEST(LocalKernels, DtypesMapToScalarTypes) {
  EXPECT_EQ(to_scalar_type(DType::F64), at::kDouble);
  EXPECT_EQ(to_scalar_type(DType::F32), at::kFloat);
  EXPECT_EQ(to_scalar_type(DType::BF16), at::kBFloat16);
}

}  // namespace
}  // namespace spmdcheck
