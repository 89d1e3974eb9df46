// Kernels of the ops with several results or index operands (split, chunk,
// unbind, narrow, select, index_select, gather, max, min, sort, topk), on
// hand-made operands through checked calls (test::run_call), positional and
// by keyword; and the shape rules against LibTorch: on edge cases, the
// checker accepts a call exactly when LibTorch runs it, with its shapes.
#include <functional>

#include "executor_test_support.h"
#include "kernels/local_kernels.h"

namespace spmdcheck {
namespace {

using test::f64;
using test::iota;
using test::same;

at::Tensor i64(std::vector<int64_t> values, std::vector<int64_t> sizes) {
  return at::tensor(values, at::TensorOptions().dtype(at::kLong)).reshape(sizes).clone();
}

// The results of `y0, y1, ... = CALL` (test::run_call), `n` of them.
std::vector<at::Tensor> apply(const std::string& call, const std::vector<at::Tensor>& inputs, int n) {
  std::vector<at::Tensor> y = test::run_call(call, inputs, n);
  EXPECT_EQ(y.size(), static_cast<size_t>(n)) << call;
  return y;
}
at::Tensor apply1(const std::string& call, const std::vector<at::Tensor>& inputs) {
  std::vector<at::Tensor> y = apply(call, inputs, 1);
  return y.empty() ? at::Tensor() : y[0];
}

TEST(ResultsKernels, SplitBySizeOrBySections) {
  at::Tensor x = iota({5, 2});
  std::vector<at::Tensor> y = apply("split(x0, 2)", {x}, 3);
  ASSERT_EQ(y.size(), 3u);
  EXPECT_TRUE(same(y[0], f64({0, 1, 2, 3}, {2, 2})));
  EXPECT_TRUE(same(y[2], f64({8, 9}, {1, 2})));  // the last piece is smaller
  y = apply("split(tensor=x0, split_size_or_sections=[1, 4])", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({0, 1}, {1, 2})));
  EXPECT_TRUE(same(y[1], x.narrow(0, 1, 4).contiguous()));
  y = apply("split(x0, [1, 1], dim=-1)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[1], f64({1, 3, 5, 7, 9}, {5, 1})));
  EXPECT_TRUE(same(apply1("split(x0, 9)", {x}), x));  // beyond the size: one piece
  y = apply("split(x0, [5])", {x}, 1);                // a list of one is split_with_sizes
  ASSERT_EQ(y.size(), 1u);
  EXPECT_TRUE(same(y[0], x));
}

TEST(ResultsKernels, ChunkGivesAtMostChunksPiecesOfTheCeilingSize) {
  at::Tensor x = iota({2, 6});
  std::vector<at::Tensor> y = apply("chunk(x0, 4, 1)", {x}, 3);  // ceil(6 / 4) = 2
  ASSERT_EQ(y.size(), 3u);
  for (const at::Tensor& t : y) EXPECT_EQ(t.sizes(), at::IntArrayRef({2, 2}));
  EXPECT_TRUE(same(y[2], f64({4, 5, 10, 11}, {2, 2})));
  y = apply("chunk(input=x0, chunks=2)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[1], iota({1, 6}, 6)));
}

TEST(ResultsKernels, UnbindRemovesTheDim) {
  at::Tensor x = iota({3, 2});
  std::vector<at::Tensor> y = apply("unbind(x0, 1)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({0, 2, 4}, {3})));
  y = apply("unbind(input=x0)", {x}, 3);
  ASSERT_EQ(y.size(), 3u);
  EXPECT_TRUE(same(y[2], f64({4, 5}, {2})));
  at::Tensor v = f64({7, 8}, {2});
  y = apply("unbind(x0, dim=-1)", {v}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[1], at::scalar_tensor(8.0, at::kDouble)));
}

TEST(ResultsKernels, NarrowAndSelectCountNegativePositionsFromTheEnd) {
  at::Tensor x = iota({2, 6});
  EXPECT_TRUE(same(apply1("narrow(x0, 1, -4, 3)", {x}), f64({2, 3, 4, 8, 9, 10}, {2, 3})));
  EXPECT_TRUE(same(apply1("narrow(input=x0, dim=-1, start=1, length=2)", {x}), f64({1, 2, 7, 8}, {2, 2})));
  EXPECT_EQ(apply1("narrow(x0, 1, 6, 0)", {x}).sizes(), at::IntArrayRef({2, 0}));  // the end is a start
  EXPECT_TRUE(same(apply1("select(x0, 1, -6)", {x}), f64({0, 6}, {2})));
  EXPECT_TRUE(same(apply1("select(input=x0, index=1, dim=0)", {x}), iota({6}, 6)));
}

TEST(ResultsKernels, IndexSelectTakesSlicesAtTheIndices) {
  at::Tensor x = iota({2, 4});
  at::Tensor i = i64({3, 0, 3}, {3});
  EXPECT_TRUE(same(apply1("index_select(x0, 1, x1)", {x, i}), f64({3, 0, 3, 7, 4, 7}, {2, 3})));
  EXPECT_TRUE(same(apply1("index_select(x0, dim=0, index=x1)", {x, i64({1}, {1})}), iota({1, 4}, 4)));
  EXPECT_TRUE(same(apply1("index_select(x0, -1, x1)", {x, i64({2}, {})}), f64({2, 6}, {2, 1})));  // a 0-d index
}

TEST(ResultsKernels, GatherReadsTheIndexAlongDim) {
  at::Tensor x = iota({2, 3});
  at::Tensor i = i64({2, 2, 0, 1}, {2, 2});
  EXPECT_TRUE(same(apply1("gather(x0, 1, x1)", {x, i}), f64({2, 2, 3, 4}, {2, 2})));
  EXPECT_TRUE(same(apply1("gather(input=x0, dim=0, index=x1, sparse_grad=true)", {x, i64({1, 0, 1}, {1, 3})}), f64({3, 1, 5}, {1, 3})));
  EXPECT_TRUE(same(apply1("gather(x0, 0, x1)", {at::scalar_tensor(5.0, at::kDouble), i64({0, 0}, {2})}), f64({5, 5}, {2})));
}

TEST(ResultsKernels, MaxAndMinGiveValuesAndTheFirstIndexAtATie) {
  at::Tensor x = f64({1, 3, 3, 0, -2, -2}, {2, 3});
  std::vector<at::Tensor> y = apply("max(x0, 1)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({3, 0}, {2})));
  EXPECT_TRUE(same(y[1], i64({1, 0}, {2})));
  y = apply("min(input=x0, dim=-1, keepdim=true)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({1, -2}, {2, 1})));
  EXPECT_TRUE(same(y[1], i64({0, 1}, {2, 1})));
  y = apply("max(x0, 0, true)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[1], i64({0, 0, 0}, {1, 3})));
}

TEST(ResultsKernels, SortAlongDimStableOnRequest) {
  at::Tensor x = f64({2, -1, 2, 0}, {1, 4});
  std::vector<at::Tensor> y = apply("sort(x0)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({-1, 0, 2, 2}, {1, 4})));
  EXPECT_EQ(y[1].scalar_type(), at::kLong);
  y = apply("sort(x0, -1, true, stable=true)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({2, 2, 0, -1}, {1, 4})));
  EXPECT_TRUE(same(y[1], i64({0, 2, 3, 1}, {1, 4})));  // a stable sort keeps the tie in order
  y = apply("sort(input=x0, dim=0, descending=false)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[1], i64({0, 0, 0, 0}, {1, 4})));
}

TEST(ResultsKernels, TopkTakesTheKExtremes) {
  at::Tensor x = f64({4, -1, 3, 0, 5, 2}, {2, 3});
  std::vector<at::Tensor> y = apply("topk(x0, 2)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({4, 3, 5, 2}, {2, 2})));
  EXPECT_TRUE(same(y[1], i64({0, 2, 1, 2}, {2, 2})));
  y = apply("topk(input=x0, k=1, dim=0, largest=false, sorted=true)", {x}, 2);
  ASSERT_EQ(y.size(), 2u);
  EXPECT_TRUE(same(y[0], f64({0, -1, 2}, {1, 3})));
  EXPECT_TRUE(same(y[1], i64({1, 0, 1}, {1, 3})));
}

// Pieces along dim 0 are contiguous views, kept; pieces along another dim
// are strided, copied out.
TEST(ResultsKernels, ResultsAreContiguousAndStridedPiecesAreCopies) {
  at::Tensor x = iota({4, 2});
  for (const auto& [call, n, alias] : std::vector<std::tuple<std::string, int, bool>>{{"split(x0, 2)", 2, true},
                                                                                      {"chunk(x0, 2)", 2, true},
                                                                                      {"unbind(x0, 1)", 2, false},
                                                                                      {"narrow(x0, 0, 1, 2)", 1, true},
                                                                                      {"narrow(x0, 1, 1, 1)", 1, false},
                                                                                      {"select(x0, 0, 1)", 1, true}}) {
    for (const at::Tensor& y : apply(call, {x}, n)) {
      EXPECT_EQ(y.is_alias_of(x), alias) << call;
      EXPECT_TRUE(y.is_contiguous()) << call;
    }
  }
}

// ------------------------------------------------ shape rules vs LibTorch ----

struct EdgeCase {
  std::string call;  // on x0 (and x1)
  std::vector<at::Tensor> inputs;
  std::function<std::vector<at::Tensor>(const std::vector<at::Tensor>&)> torch;  // what PyTorch runs
};

std::vector<at::Tensor> many(std::vector<at::Tensor> t) { return t; }
std::vector<at::Tensor> pair(std::tuple<at::Tensor, at::Tensor> t) { return {std::get<0>(t), std::get<1>(t)}; }

// The checker's verdict on `y... = CALL` with the result count LibTorch gives.
CheckResult check_call(const EdgeCase& c, int results) {
  std::string text = "mesh m=1\n";
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    std::string shape;
    for (int64_t s : c.inputs[i].sizes()) shape += (shape.empty() ? "" : ", ") + std::to_string(s);
    text += "input x" + std::to_string(i) + " : " + test::dtype_text(c.inputs[i].scalar_type()) + "[" + shape + "] {m: V}\n";
  }
  std::string names;
  for (int i = 0; i < std::max(results, 1); ++i) names += (i ? ", y" : "y") + std::to_string(i);
  ParseResult parsed = parse_program(text + names + " = " + c.call + "\n");
  EXPECT_TRUE(parsed.program) << c.call;
  return parsed.program ? check_program(*default_rule_table(), *parsed.program) : CheckResult{};
}

TEST(ResultsShapeRules, AcceptExactlyWhatLibTorchRuns) {
  const at::Tensor v4 = iota({4}), m46 = iota({4, 6}), s = at::scalar_tensor(1.0, at::kDouble);
  const std::vector<EdgeCase> cases = {
      {"split(x0, 0)", {v4}, [](auto& x) { return many(x[0].split(0)); }},
      {"split(x0, 5)", {v4}, [](auto& x) { return many(x[0].split(5)); }},
      {"split(x0, -1)", {v4}, [](auto& x) { return many(x[0].split(-1)); }},
      {"split(x0, [4, 0])",
       {v4},
       [](auto& x) {
         return many(x[0].split_with_sizes({4, 0}));
       }},
      {"split(x0, [5, -1])",
       {v4},
       [](auto& x) {
         return many(x[0].split_with_sizes({5, -1}));
       }},
      {"split(x0, [3])", {v4}, [](auto& x) { return many(x[0].split_with_sizes({3})); }},
      {"split(x0, 1)", {s}, [](auto& x) { return many(x[0].split(1)); }},
      {"chunk(x0, 0)", {v4}, [](auto& x) { return many(x[0].chunk(0)); }},
      {"chunk(x0, 3)", {v4}, [](auto& x) { return many(x[0].chunk(3)); }},
      {"chunk(x0, 9)", {v4}, [](auto& x) { return many(x[0].chunk(9)); }},
      {"unbind(x0)", {s}, [](auto& x) { return many(x[0].unbind(0)); }},
      {"narrow(x0, 0, 4, 0)", {v4}, [](auto& x) { return many({x[0].narrow(0, 4, 0)}); }},
      {"narrow(x0, 0, -4, 4)", {v4}, [](auto& x) { return many({x[0].narrow(0, -4, 4)}); }},
      {"narrow(x0, 0, -5, 1)", {v4}, [](auto& x) { return many({x[0].narrow(0, -5, 1)}); }},
      {"narrow(x0, 0, 5, 0)", {v4}, [](auto& x) { return many({x[0].narrow(0, 5, 0)}); }},
      {"narrow(x0, 0, 1, 4)", {v4}, [](auto& x) { return many({x[0].narrow(0, 1, 4)}); }},
      {"narrow(x0, 0, 1, -1)", {v4}, [](auto& x) { return many({x[0].narrow(0, 1, -1)}); }},
      {"narrow(x0, 0, 0, 1)", {s}, [](auto& x) { return many({x[0].narrow(0, 0, 1)}); }},
      {"select(x0, 0, -4)", {v4}, [](auto& x) { return many({x[0].select(0, -4)}); }},
      {"select(x0, 0, 4)", {v4}, [](auto& x) { return many({x[0].select(0, 4)}); }},
      {"select(x0, 0, -5)", {v4}, [](auto& x) { return many({x[0].select(0, -5)}); }},
      {"select(x0, 0, 0)", {s}, [](auto& x) { return many({x[0].select(0, 0)}); }},
      {"index_select(x0, 0, x1)", {s, i64({0}, {1})}, [](auto& x) { return many({at::index_select(x[0], 0, x[1])}); }},
      {"index_select(x0, 0, x1)", {s, i64({0}, {})}, [](auto& x) { return many({at::index_select(x[0], 0, x[1])}); }},
      {"index_select(x0, -1, x1)", {s, i64({0, 0}, {2})}, [](auto& x) { return many({at::index_select(x[0], -1, x[1])}); }},
      {"index_select(x0, 1, x1)", {m46, i64({0, 1, 2, 3}, {2, 2})}, [](auto& x) { return many({at::index_select(x[0], 1, x[1])}); }},
      {"index_select(x0, 1, x1)", {m46, i64({5}, {})}, [](auto& x) { return many({at::index_select(x[0], 1, x[1])}); }},
      {"index_select(x0, 2, x1)", {m46, i64({0}, {1})}, [](auto& x) { return many({at::index_select(x[0], 2, x[1])}); }},
      {"index_select(x0, 0, x1)", {v4, at::ones({2}, at::kBool)}, [](auto& x) { return many({at::index_select(x[0], 0, x[1])}); }},
      {"gather(x0, 1, x1)", {m46, i64({0, 0, 0, 0, 0, 0, 0}, {1, 7})}, [](auto& x) { return many({at::gather(x[0], 1, x[1])}); }},
      {"gather(x0, 0, x1)", {m46, i64({0, 0, 0, 0, 0, 0, 0}, {1, 7})}, [](auto& x) { return many({at::gather(x[0], 0, x[1])}); }},
      {"gather(x0, 0, x1)", {m46, i64({0, 0}, {2})}, [](auto& x) { return many({at::gather(x[0], 0, x[1])}); }},
      {"gather(x0, 0, x1)", {s, i64({0}, {})}, [](auto& x) { return many({at::gather(x[0], 0, x[1])}); }},
      {"gather(x0, 0, x1)", {v4, i64({0}, {})}, [](auto& x) { return many({at::gather(x[0], 0, x[1])}); }},
      {"gather(x0, 0, x1)", {s, i64({0, 0, 0}, {3})}, [](auto& x) { return many({at::gather(x[0], 0, x[1])}); }},
      {"gather(x0, 1, x1)", {m46, i64(std::vector<int64_t>(10, 0), {5, 2})}, [](auto& x) { return many({at::gather(x[0], 1, x[1])}); }},
      {"gather(x0, 0, x1)", {v4, at::zeros({2}, at::kBool)}, [](auto& x) { return many({at::gather(x[0], 0, x[1])}); }},
      {"max(x0, 0)", {s}, [](auto& x) { return pair(at::max(x[0], 0)); }},
      {"max(x0, -1, true)", {s}, [](auto& x) { return pair(at::max(x[0], -1, true)); }},
      {"min(x0, 1)", {s}, [](auto& x) { return pair(at::min(x[0], 1)); }},
      {"sort(x0)", {s}, [](auto& x) { return pair(at::sort(x[0])); }},
      {"sort(x0, 1)", {s}, [](auto& x) { return pair(at::sort(x[0], 1)); }},
      {"topk(x0, 1)", {s}, [](auto& x) { return pair(at::topk(x[0], 1)); }},
      {"topk(x0, 2)", {s}, [](auto& x) { return pair(at::topk(x[0], 2)); }},
      {"topk(x0, 0)", {v4}, [](auto& x) { return pair(at::topk(x[0], 0)); }},
      {"topk(x0, 5, 0)", {v4}, [](auto& x) { return pair(at::topk(x[0], 5, 0)); }},
      {"topk(x0, -1)", {v4}, [](auto& x) { return pair(at::topk(x[0], -1)); }},
  };
  for (const EdgeCase& c : cases) {
    std::optional<std::vector<at::Tensor>> torch;
    try {
      torch = c.torch(c.inputs);
    } catch (const c10::Error&) {
    }
    const CheckResult checked = check_call(c, torch ? static_cast<int>(torch->size()) : 1);
    if (!torch) {
      EXPECT_FALSE(checked.ok()) << c.call << ": LibTorch refuses it, the checker accepts it";
      continue;
    }
    if (torch->empty()) continue;  // no results: no statement binds none
    ASSERT_TRUE(checked.ok()) << c.call << ": LibTorch runs it, the checker says " << checked.error->rule_id << ": "
                              << checked.error->message;
    for (size_t r = 0; r < torch->size(); ++r) {
      const Shape& want = checked.values[c.inputs.size() + r].shape;
      EXPECT_EQ((*torch)[r].sizes(), at::IntArrayRef(want.dims.data(), want.rank)) << c.call << " result " << r;
    }
  }
}

// An empty value comes only from an op (inputs have no empty dims): max
// over an empty dim is refused by both, over another dim accepted by both.
TEST(ResultsShapeRules, AnEmptyReducedDimIsRefusedByBoth) {
  const at::Tensor empty = at::zeros({0, 3}, at::kDouble);
  EXPECT_THROW(at::max(empty, 0), c10::Error);
  EXPECT_EQ(std::get<0>(at::max(empty, 1)).sizes(), at::IntArrayRef({0}));
  auto verdict = [](const std::string& reduce) {
    ParseResult parsed = parse_program("mesh m=1\ninput x : f64[4, 3] {m: V}\ne = narrow(x, 0, 0, 0)\n" + reduce + "\n");
    EXPECT_TRUE(parsed.program);
    return check_program(*default_rule_table(), *parsed.program);
  };
  const CheckResult refused = verdict("m, i = max(e, 0)");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error->rule_id, "shape.argument_range");
  const CheckResult accepted = verdict("m, i = max(e, 1)");
  ASSERT_TRUE(accepted.ok()) << accepted.error->message;
  EXPECT_EQ(accepted.values.back().shape.rank, 1);
  EXPECT_EQ(accepted.values.back().shape.dims[0], 0);
}

}  // namespace
}  // namespace spmdcheck
