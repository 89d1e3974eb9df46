// Kernels of the shape and structure ops (kernels/shape_structure_kernels.cpp),
// reached as the executor reaches them: a checked binding of the default
// table, its arguments bound to the row's parameters, then make_kernel_call.
// Values are hand-computed; every op is called positionally and by keyword.
#include "executor_test_support.h"

namespace spmdcheck {
namespace {

using test::apply;
using test::f64;
using test::iota;
using test::same;

const at::Tensor kA = f64({1, 2}, {2});  // [1, 2]
at::Tensor scalar(double v) { return at::scalar_tensor(v, at::kDouble); }

TEST(StructureKernels, StackAddsADim) {
  const at::Tensor b = f64({3, 4}, {2});
  EXPECT_TRUE(same(apply("stack([x0, x1])", {kA, b}), f64({1, 2, 3, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("stack([x0, x1], 1)", {kA, b}), f64({1, 3, 2, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("stack(tensors=[x0, x1], dim=-1)", {kA, b}), f64({1, 3, 2, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("stack(x0, x1)", {scalar(5), scalar(6)}), f64({5, 6}, {2})));
}

TEST(StructureKernels, HorizontalVerticalAndDepthStacks) {
  EXPECT_TRUE(same(apply("hstack([x0, x1])", {kA, f64({3}, {1})}), f64({1, 2, 3}, {3})));
  EXPECT_TRUE(same(apply("hstack(tensors=[x0, x1])", {f64({1, 2}, {2, 1}), f64({3, 4, 5, 6}, {2, 2})}), f64({1, 3, 4, 2, 5, 6}, {2, 3})));
  const at::Tensor rows = f64({3, 4, 5, 6}, {2, 2});
  EXPECT_TRUE(same(apply("vstack([x0, x1])", {kA, rows}), f64({1, 2, 3, 4, 5, 6}, {3, 2})));
  EXPECT_TRUE(same(apply("vstack(tensors=[x0, x1])", {kA, rows}), f64({1, 2, 3, 4, 5, 6}, {3, 2})));
  EXPECT_TRUE(same(apply("row_stack([x0, x1])", {kA, rows}), f64({1, 2, 3, 4, 5, 6}, {3, 2})));
  EXPECT_TRUE(same(apply("row_stack(tensors=[x1, x0])", {kA, rows}), f64({3, 4, 5, 6, 1, 2}, {3, 2})));
  // 1-D [n] is laid out as [1, n, 1]: depth-stacking two gives [1, 2, 2].
  EXPECT_TRUE(same(apply("dstack([x0, x1])", {kA, f64({3, 4}, {2})}), f64({1, 3, 2, 4}, {1, 2, 2})));
  EXPECT_TRUE(same(apply("dstack(tensors=[x0, x0])", {rows}), f64({3, 3, 4, 4, 5, 5, 6, 6}, {2, 2, 2})));
}

TEST(StructureKernels, ColumnStackMakesColumnsOfVectors) {
  EXPECT_TRUE(same(apply("column_stack([x0, x1])", {kA, f64({3, 4}, {2, 1})}), f64({1, 3, 2, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("column_stack(tensors=[x0, x1])", {scalar(5), scalar(6)}), f64({5, 6}, {1, 2})));
}

TEST(StructureKernels, BlockDiagPlacesBlocksOnTheDiagonal) {
  const at::Tensor row = f64({1, 2}, {1, 2}), one = f64({3}, {1}), s = scalar(5);
  const at::Tensor want = f64({1, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 5}, {3, 4});
  EXPECT_TRUE(same(apply("block_diag([x0, x1, x2])", {row, one, s}), want));
  EXPECT_TRUE(same(apply("block_diag(x0, x1, x2)", {row, one, s}), want));
  EXPECT_TRUE(same(apply("block_diag(tensors=[x0, x1, x2])", {row, one, s}), want));
}

TEST(StructureKernels, ConcatIsCat) {
  const at::Tensor a = f64({1, 2}, {1, 2}), b = f64({3, 4}, {1, 2});
  EXPECT_TRUE(same(apply("concat([x0, x1])", {a, b}), f64({1, 2, 3, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("concat(tensors=[x0, x1], dim=1)", {a, b}), f64({1, 2, 3, 4}, {1, 4})));
}

TEST(StructureKernels, ReshapeViewAndViewAs) {
  const at::Tensor x = iota({2, 3});
  EXPECT_TRUE(same(apply("reshape(x0, [3, -1])", {x}), f64({0, 1, 2, 3, 4, 5}, {3, 2})));
  EXPECT_TRUE(same(apply("reshape(input=x0, shape=6)", {x}), f64({0, 1, 2, 3, 4, 5}, {6})));
  EXPECT_TRUE(same(apply("reshape(x0, [])", {f64({7}, {1, 1})}), scalar(7)));
  EXPECT_TRUE(same(apply("view(x0, [-1])", {x}), f64({0, 1, 2, 3, 4, 5}, {6})));
  EXPECT_TRUE(same(apply("view(input=x0, size=[3, 2])", {x}), f64({0, 1, 2, 3, 4, 5}, {3, 2})));
  // A reference item may be a strided view (a chunk): view reads it as its values.
  const at::Tensor strided = iota({3, 2}).t();  // [[0, 2, 4], [1, 3, 5]]
  EXPECT_TRUE(same(apply("view(x0, [6])", {strided}), f64({0, 2, 4, 1, 3, 5}, {6})));
  EXPECT_TRUE(same(apply("view_as(x0, x1)", {x, iota({3, 2}, 10)}), f64({0, 1, 2, 3, 4, 5}, {3, 2})));
  EXPECT_TRUE(same(apply("view_as(input=x0, other=x1)", {x, iota({6}, 10)}), f64({0, 1, 2, 3, 4, 5}, {6})));
}

TEST(StructureKernels, FlattenUnflattenRavel) {
  const at::Tensor x = iota({2, 3, 2});
  EXPECT_TRUE(same(apply("flatten(x0)", {x}), iota({12})));
  EXPECT_TRUE(same(apply("flatten(x0, 1)", {x}), iota({2, 6})));
  EXPECT_TRUE(same(apply("flatten(input=x0, start_dim=0, end_dim=-2)", {x}), iota({6, 2})));
  EXPECT_TRUE(same(apply("flatten(x0)", {scalar(4)}), f64({4}, {1})));
  EXPECT_TRUE(same(apply("unflatten(x0, 0, [2, -1])", {iota({6})}), iota({2, 3})));
  EXPECT_TRUE(same(apply("unflatten(input=x0, dim=-1, sizes=[3, 2])", {iota({6})}), iota({3, 2})));
  EXPECT_TRUE(same(apply("ravel(x0)", {iota({2, 3})}), iota({6})));
  EXPECT_TRUE(same(apply("ravel(input=x0)", {iota({3, 2}).t()}), f64({0, 2, 4, 1, 3, 5}, {6})));
}

TEST(StructureKernels, TransposesAndPermutations) {
  const at::Tensor x = iota({2, 3});  // [[0, 1, 2], [3, 4, 5]]
  const at::Tensor xt = f64({0, 3, 1, 4, 2, 5}, {3, 2});
  EXPECT_TRUE(same(apply("t(x0)", {x}), xt));
  EXPECT_TRUE(same(apply("t(input=x0)", {kA}), kA));
  // [[[0, 1, 2]], [[3, 4, 5]]] with every dim reversed: out[k][0][i] = x[i][0][k].
  const at::Tensor rev = f64({0, 3, 1, 4, 2, 5}, {3, 1, 2});
  EXPECT_TRUE(same(apply("T(x0)", {iota({2, 1, 3})}), rev));
  EXPECT_TRUE(same(apply("T(input=x0)", {x}), xt));
  EXPECT_TRUE(same(apply("mT(x0)", {iota({1, 2, 3})}), f64({0, 3, 1, 4, 2, 5}, {1, 3, 2})));
  EXPECT_TRUE(same(apply("mT(input=x0)", {x}), xt));
  EXPECT_TRUE(same(apply("permute(x0, [1, 0])", {x}), xt));
  EXPECT_TRUE(same(apply("permute(input=x0, dims=[2, 0, 1])", {iota({1, 2, 3})}), rev));
  EXPECT_TRUE(same(apply("movedim(x0, 0, -1)", {x}), xt));
  EXPECT_TRUE(same(apply("movedim(input=x0, source=[0, 2], destination=[2, 0])", {iota({2, 1, 3})}), rev));
  EXPECT_TRUE(same(apply("swapaxes(x0, 0, 1)", {x}), xt));
  EXPECT_TRUE(same(apply("swapaxes(input=x0, axis0=-1, axis1=0)", {x}), xt));
}

TEST(StructureKernels, SqueezeTakesNoDimAnIntOrAList) {
  const at::Tensor x = iota({1, 3, 1});
  EXPECT_TRUE(same(apply("squeeze(x0)", {x}), iota({3})));
  EXPECT_TRUE(same(apply("squeeze(x0, 0)", {x}), iota({3, 1})));
  EXPECT_TRUE(same(apply("squeeze(input=x0, dim=[0, -1])", {x}), iota({3})));
  EXPECT_TRUE(same(apply("squeeze(x0, [1, 2])", {x}), iota({1, 3})));  // dim 1 is not of size 1: kept
  EXPECT_TRUE(same(apply("squeeze(x0, dim=0)", {scalar(2)}), scalar(2)));
  EXPECT_TRUE(same(apply("unsqueeze(x0, 0)", {kA}), f64({1, 2}, {1, 2})));
  EXPECT_TRUE(same(apply("unsqueeze(input=x0, dim=-1)", {kA}), f64({1, 2}, {2, 1})));
}

TEST(StructureKernels, ExpandAndBroadcastTo) {
  const at::Tensor col = f64({1, 2}, {2, 1});
  EXPECT_TRUE(same(apply("expand(x0, [2, 3])", {col}), f64({1, 1, 1, 2, 2, 2}, {2, 3})));
  EXPECT_TRUE(same(apply("expand(input=x0, size=[2, 2, -1])", {col}), f64({1, 2, 1, 2}, {2, 2, 1})));
  const at::Tensor row = f64({1, 2, 3}, {3});
  EXPECT_TRUE(same(apply("expand_as(x0, x1)", {row, iota({2, 3})}), f64({1, 2, 3, 1, 2, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("expand_as(input=x0, other=x1)", {row, iota({2, 3})}), f64({1, 2, 3, 1, 2, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("broadcast_to(x0, [2, 3])", {row}), f64({1, 2, 3, 1, 2, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("broadcast_to(input=x0, size=[2, -1])", {row}), f64({1, 2, 3, 1, 2, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("broadcast_to(x0, [3])", {scalar(4)}), f64({4, 4, 4}, {3})));
}

TEST(StructureKernels, FlipsAndRolls) {
  const at::Tensor x = iota({2, 3});  // [[0, 1, 2], [3, 4, 5]]
  EXPECT_TRUE(same(apply("flip(x0, [0])", {x}), f64({3, 4, 5, 0, 1, 2}, {2, 3})));
  EXPECT_TRUE(same(apply("flip(input=x0, dims=[0, 1])", {x}), f64({5, 4, 3, 2, 1, 0}, {2, 3})));
  EXPECT_TRUE(same(apply("flip(x0, -1)", {x}), f64({2, 1, 0, 5, 4, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("fliplr(x0)", {x}), f64({2, 1, 0, 5, 4, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("fliplr(input=x0)", {x}), f64({2, 1, 0, 5, 4, 3}, {2, 3})));
  EXPECT_TRUE(same(apply("flipud(x0)", {x}), f64({3, 4, 5, 0, 1, 2}, {2, 3})));
  EXPECT_TRUE(same(apply("flipud(input=x0)", {kA}), f64({2, 1}, {2})));
  EXPECT_TRUE(same(apply("roll(x0, 1)", {x}), f64({5, 0, 1, 2, 3, 4}, {2, 3})));
  EXPECT_TRUE(same(apply("roll(input=x0, shifts=1, dims=1)", {x}), f64({2, 0, 1, 5, 3, 4}, {2, 3})));
  EXPECT_TRUE(same(apply("roll(x0, [1, -1], [0, 1])", {x}), f64({4, 5, 3, 1, 2, 0}, {2, 3})));
  EXPECT_TRUE(same(apply("roll(x0, [1, 1], [1, 1])", {x}), f64({1, 2, 0, 4, 5, 3}, {2, 3})));  // dim 1 twice
}

TEST(StructureKernels, DiagonalAtAnOffset) {
  const at::Tensor m = iota({3, 3});
  EXPECT_TRUE(same(apply("diagonal(x0)", {m}), f64({0, 4, 8}, {3})));
  EXPECT_TRUE(same(apply("diagonal(x0, 1)", {m}), f64({1, 5}, {2})));
  EXPECT_TRUE(same(apply("diagonal(x0, -1, 1, 0)", {m}), f64({1, 5}, {2})));
  EXPECT_TRUE(same(apply("diagonal(input=x0, offset=-1, dim1=0, dim2=1)", {m}), f64({3, 7}, {2})));
  // out[i][k] = x[i][k][k], the diagonal appended as the last dim.
  EXPECT_TRUE(same(apply("diagonal(x0, 0, 1, 2)", {iota({2, 2, 3})}), f64({0, 4, 6, 10}, {2, 2})));
}

TEST(StructureKernels, RepeatTileAndRepeatInterleave) {
  EXPECT_TRUE(same(apply("repeat(x0, [2])", {kA}), f64({1, 2, 1, 2}, {4})));
  EXPECT_TRUE(same(apply("repeat(x0, 2)", {kA}), f64({1, 2, 1, 2}, {4})));
  EXPECT_TRUE(same(apply("repeat(input=x0, repeats=[2, 1])", {kA}), f64({1, 2, 1, 2}, {2, 2})));
  const at::Tensor m = f64({1, 2, 3, 4}, {2, 2});
  EXPECT_TRUE(same(apply("tile(x0, [2])", {kA}), f64({1, 2, 1, 2}, {4})));
  EXPECT_TRUE(same(apply("tile(input=x0, dims=[2])", {m}), f64({1, 2, 1, 2, 3, 4, 3, 4}, {2, 4})));  // padded to [1, 2]
  EXPECT_TRUE(same(apply("repeat_interleave(x0, 2)", {kA}), f64({1, 1, 2, 2}, {4})));
  EXPECT_TRUE(same(apply("repeat_interleave(x0, 2)", {m}), f64({1, 1, 2, 2, 3, 3, 4, 4}, {8})));  // flattened
  EXPECT_TRUE(same(apply("repeat_interleave(input=x0, repeats=2, dim=0)", {m}), f64({1, 2, 1, 2, 3, 4, 3, 4}, {4, 2})));
  EXPECT_TRUE(same(apply("repeat_interleave(x0, 2, -1, output_size=4)", {m}), f64({1, 1, 2, 2, 3, 3, 4, 4}, {2, 4})));
}

TEST(StructureKernels, UnfoldTakesWindows) {
  const at::Tensor v = f64({1, 2, 3, 4, 5}, {5});
  EXPECT_TRUE(same(apply("unfold(x0, 0, 2, 2)", {v}), f64({1, 2, 3, 4}, {2, 2})));
  EXPECT_TRUE(same(apply("unfold(input=x0, dimension=0, size=3, step=1)", {v}), f64({1, 2, 3, 2, 3, 4, 3, 4, 5}, {3, 3})));
  EXPECT_TRUE(same(apply("unfold(x0, -1, 2, 1)", {iota({2, 3})}), f64({0, 1, 1, 2, 3, 4, 4, 5}, {2, 2, 2})));
  EXPECT_TRUE(same(apply("unfold(x0, 0, 1, 1)", {scalar(3)}), f64({3}, {1})));
}

// Every result is contiguous: a strided view is copied out, a contiguous
// one is kept (it shares the operand's storage, as in PyTorch).
TEST(StructureKernels, ViewsAreContiguousAndStridedOnesAreCopies) {
  const at::Tensor x = iota({2, 1, 3});
  for (const char* call :
       {"permute(x0, [2, 0, 1])", "T(x0)", "expand(x0, [2, 2, 3])", "unfold(x0, 2, 2, 1)", "diagonal(x0, 0, 0, 2)", "movedim(x0, 0, 2)"}) {
    const at::Tensor y = apply(call, {x});
    EXPECT_FALSE(y.is_alias_of(x)) << call;
    EXPECT_TRUE(y.is_contiguous()) << call;
  }
  for (const char* call : {"reshape(x0, [6])", "view(x0, [3, 2])", "squeeze(x0)", "flatten(x0)"}) {
    const at::Tensor y = apply(call, {x});
    EXPECT_TRUE(y.is_alias_of(x)) << call;
    EXPECT_TRUE(y.is_contiguous()) << call;
  }
}

}  // namespace
}  // namespace spmdcheck

namespace spmdcheck {
namespace {

// LibTorch 1.13's expand of an operand without elements makes a view of
// negative sizes instead of refusing; the kernel refuses it as ATen refuses
// other bad shapes (a c10::Error, which the executor and the reference
// report as a kernel's refusal).
// The kernel is called directly: the checker refuses these calls
// (shape.expand), which StructureShapes holds against ATen.
TEST(StructureKernels, AResultOfNegativeSizeIsRefused) {
  const RuleTable& table = *default_rule_table();
  const OpRow& expand = table.ops[table.compiled.op_by_name.at("expand")];
  for (const auto& [input, size] :
       std::vector<std::pair<at::Tensor, std::vector<int64_t>>>{{scalar(3), {0, -2, -3}}, {f64({1}, {1}), {-2, 0}}}) {
    KernelArg tensor, ints;
    tensor.kind = KernelArg::Kind::Tensor;
    tensor.tensor = input;
    ints.kind = KernelArg::Kind::Ints;
    ints.ints = size;
    EXPECT_THROW(apply_local_kernel(KernelCall{expand, {tensor, ints}, at::kDouble}), c10::Error) << c10::str(size);
  }
}

}  // namespace
}  // namespace spmdcheck
