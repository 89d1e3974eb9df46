// The factories' kernels (zeros, ones, full, their *_like forms, arange,
// linspace, eye) through checked bindings (test::run_call), each spelt
// positionally and by keyword: PyTorch's values and default dtypes, and the
// checker's shapes and dtypes equal to what the kernels make.
#include "executor_test_support.h"

namespace spmdcheck {
namespace {

using test::apply;
using test::f64;
using test::iota;
using test::same;

at::Tensor f32(std::vector<double> values, std::vector<int64_t> sizes) { return f64(std::move(values), std::move(sizes)).to(at::kFloat); }
at::Tensor i64(std::vector<double> values, std::vector<int64_t> sizes) { return f64(std::move(values), std::move(sizes)).to(at::kLong); }

// The value `y = CALL` is checked to have (dtype and shape).
ValueInfo checked_value(const std::string& call) {
  const test::CheckedProgram p = test::check_text("mesh m=2\ny = " + call + "\n");
  return p.checked.ok() ? p.checked.values.back() : ValueInfo{};
}

TEST(FactoryKernels, ZerosAndOnesAreF32OfTheGivenSize) {
  EXPECT_TRUE(same(apply("zeros([2, 3])"), f32({0, 0, 0, 0, 0, 0}, {2, 3})));
  EXPECT_TRUE(same(apply("zeros(size=[2, 3])"), f32({0, 0, 0, 0, 0, 0}, {2, 3})));
  EXPECT_TRUE(same(apply("zeros(3)"), f32({0, 0, 0}, {3})));  // PyTorch's zeros(3)
  EXPECT_TRUE(same(apply("zeros([])"), at::zeros({}, at::kFloat)));
  EXPECT_TRUE(same(apply("ones([1, 2])"), f32({1, 1}, {1, 2})));
  EXPECT_TRUE(same(apply("ones(size=2)"), f32({1, 1}, {2})));
}

TEST(FactoryKernels, FullInfersItsDtypeFromTheFillValue) {
  EXPECT_TRUE(same(apply("full([2], 0.5)"), f32({0.5, 0.5}, {2})));
  EXPECT_TRUE(same(apply("full([2], 2)"), i64({2, 2}, {2})));  // an int fill: i64 (PyTorch 2.x)
  EXPECT_TRUE(same(apply("full([2], 2.0)"), f32({2, 2}, {2})));
  EXPECT_TRUE(same(apply("full(size=[1, 2], fill_value=-0.25)"), f32({-0.25, -0.25}, {1, 2})));
  EXPECT_TRUE(same(apply("full([1], fill_value=-3)"), i64({-3}, {1})));
}

TEST(FactoryKernels, LikeFormsKeepTheInputsShapeAndDtype) {
  at::Tensor x = iota({2, 3});
  EXPECT_TRUE(same(apply("zeros_like(x0)", {x}), at::zeros({2, 3}, at::kDouble)));
  EXPECT_TRUE(same(apply("zeros_like(input=x0)", {x.to(at::kBFloat16)}), at::zeros({2, 3}, at::kBFloat16)));
  EXPECT_TRUE(same(apply("ones_like(x0)", {x.to(at::kFloat)}), at::ones({2, 3}, at::kFloat)));
  EXPECT_TRUE(same(apply("ones_like(input=x0)", {x}), at::ones({2, 3}, at::kDouble)));
  EXPECT_TRUE(same(apply("full_like(x0, 3)", {x}), at::full({2, 3}, 3.0, at::kDouble)));  // an int fill keeps the dtype
  EXPECT_TRUE(same(apply("full_like(x0, fill_value=0.5)", {x.to(at::kFloat)}), at::full({2, 3}, 0.5, at::kFloat)));
  EXPECT_TRUE(same(apply("full_like(input=x0, fill_value=-1)", {x}), at::full({2, 3}, -1.0, at::kDouble)));
}

TEST(FactoryKernels, ArangeCountsFromStartByStepBeforeEnd) {
  EXPECT_TRUE(same(apply("arange(0, 5)"), i64({0, 1, 2, 3, 4}, {5})));
  EXPECT_TRUE(same(apply("arange(0, 5, 2)"), i64({0, 2, 4}, {3})));
  EXPECT_TRUE(same(apply("arange(0, 5, step=2)"), i64({0, 2, 4}, {3})));
  EXPECT_TRUE(same(apply("arange(start=1, end=2.5, step=0.5)"), f32({1, 1.5, 2}, {3})));
  EXPECT_TRUE(same(apply("arange(3, -0.5, -1)"), f32({3, 2, 1, 0}, {4})));
  EXPECT_TRUE(same(apply("arange(0.0, 3)"), f32({0, 1, 2}, {3})));
  EXPECT_TRUE(same(apply("arange(-1, 1, 0.75)"), f32({-1, -0.25, 0.5}, {3})));
  EXPECT_TRUE(same(apply("arange(5, 0, -2)"), i64({5, 3, 1}, {3})));
}

TEST(FactoryKernels, LinspaceAndEye) {
  EXPECT_TRUE(same(apply("linspace(0, 1, 5)"), f32({0, 0.25, 0.5, 0.75, 1}, {5})));
  EXPECT_TRUE(same(apply("linspace(start=-1, end=1, steps=3)"), f32({-1, 0, 1}, {3})));
  EXPECT_TRUE(same(apply("linspace(2.5, 0, 1)"), f32({2.5}, {1})));
  EXPECT_TRUE(same(apply("eye(2)"), f32({1, 0, 0, 1}, {2, 2})));
  EXPECT_TRUE(same(apply("eye(2, 3)"), f32({1, 0, 0, 0, 1, 0}, {2, 3})));
  EXPECT_TRUE(same(apply("eye(n=2, m=1)"), f32({1, 0}, {2, 1})));
  EXPECT_TRUE(same(apply("eye(3, None)"), f32({1, 0, 0, 0, 1, 0, 0, 0, 1}, {3, 3})));
}

// The checker's dtype and shape must be the kernel's: they decide what the
// executor expects (a disagreement is an unrunnable program).
TEST(FactoryKernels, TheCheckersShapesAndDtypesAreTheKernels) {
  for (const char* call :
       {"zeros([2, 3])", "ones(4)", "full([3, 1], 2)", "full([3, 1], 0.5)", "arange(0, 7, 3)", "arange(0, 7.5, 3)", "arange(1, -1, -0.5)",
        "arange(-3, 4, 3)", "arange(0.25, 1, 0.25)", "linspace(0, 1, 4)", "eye(2)", "eye(2, m=5)"}) {
    const ValueInfo v = checked_value(call);
    const at::Tensor y = apply(call);
    EXPECT_EQ(y.sizes(), at::IntArrayRef(v.shape.dims.data(), v.shape.rank)) << call;
    EXPECT_EQ(y.scalar_type(), to_scalar_type(v.dtype)) << call;
    EXPECT_EQ(v.type.axis[0], Ty::R) << call;  // no operands: R on every axis
    EXPECT_FALSE(v.scalar) << call;
  }
}

// A factory's values do not depend on its operand's: no gradient flows.
TEST(FactoryKernels, NoGradientFlowsThroughALikeForm) {
  at::Tensor x = iota({2, 2}).requires_grad_(true);
  at::Tensor y = apply("zeros_like(x0)", {x});
  EXPECT_FALSE(y.requires_grad());
  EXPECT_FALSE(apply("full_like(x0, 2)", {x}).requires_grad());
}

TEST(FactoryKernels, ResultsNeverAliasOperands) {
  at::Tensor x = iota({2, 2});
  for (const char* op : {"zeros_like", "ones_like"}) {
    at::Tensor y = apply(std::string(op) + "(x0)", {x});
    EXPECT_FALSE(y.is_alias_of(x)) << op;
    EXPECT_TRUE(y.is_contiguous()) << op;
  }
}

}  // namespace
}  // namespace spmdcheck
