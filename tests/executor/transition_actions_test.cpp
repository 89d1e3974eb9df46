// apply_transition_step for every ActionKind, against the per-rank formulas
// of spmd-types-rules.md §3.3 (rank r of an axis of size n, x_k the input of
// coordinate k of r's fiber), on small hand-made inputs: sizes 1 to 4,
// multi-axis meshes, zero and non-zero dims. A few cases spell out the
// expected tensors literally as anchors.
#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "executor_test_support.h"

namespace spmdcheck {
namespace {

using test::expected_fiber;
using test::f64;
using test::iota;
using test::row_with_action;
using test::same;

const RuleTable& table() { return *default_rule_table(); }

// A step of the first default row with `kind`, its action's parameters set to
// d0 and d1 (whatever the order of the row's dims).
TransitionStep step_for(ActionKind kind, int64_t d0, int64_t d1, const at::Tensor& x) {
  TransitionStep step;
  step.row = row_with_action(kind);
  EXPECT_GE(step.row, 0) << "no default row has action " << action_kind_info(kind).name;
  const TransitionRow& row = table().transitions[step.row];
  step.dims.assign(row.dims.size(), 0);
  const int64_t d[2] = {d0, d1};
  for (int i = 0; i < action_kind_info(kind).num_params; ++i) step.dims[row.action->params[i]] = d[i];
  step.in_shape.rank = static_cast<uint8_t>(x.dim());
  for (int64_t i = 0; i < x.dim(); ++i) step.in_shape.dims[i] = x.size(i);
  return step;
}

RankTensors run(ActionKind kind, const MeshLayout& layout, int axis, int64_t d0, int64_t d1, const RankTensors& in) {
  SimulatedCommunicator comm(layout);
  return apply_transition_step(table(), step_for(kind, d0, d1, in[0]), axis, comm, in);
}

at::Tensor sum(const std::vector<at::Tensor>& xs) {
  at::Tensor acc = at::zeros_like(xs[0]);
  for (const at::Tensor& x : xs) acc = acc + x;
  return acc;
}

// The §3.3 formula of `kind` for coordinate r of a fiber holding xs.
at::Tensor formula(ActionKind kind, const std::vector<at::Tensor>& xs, int64_t r, int64_t d0, int64_t d1) {
  const int64_t n = static_cast<int64_t>(xs.size());
  const at::Tensor& x = xs[r];
  std::vector<at::Tensor> parts;
  switch (kind) {
    case ActionKind::Identity: return x;
    case ActionKind::AllReduceSum: return sum(xs);
    case ActionKind::GatherStack: return at::stack(xs, d0);
    case ActionKind::GatherCat: return at::cat(xs, d0);
    case ActionKind::ReduceScatterSelect: return sum(xs).select(d0, r);
    case ActionKind::ReduceScatterChunk: return sum(xs).chunk(n, d0)[r];
    case ActionKind::AllToAllStack:
      for (const at::Tensor& xk : xs) parts.push_back(xk.unbind(d0)[r]);
      return at::stack(parts, d1);
    case ActionKind::AllToAllChunk:
      for (const at::Tensor& xk : xs) parts.push_back(xk.chunk(n, d0)[r]);
      return at::cat(parts, d1);
    case ActionKind::Select: return x.select(d0, r);
    case ActionKind::Chunk: return x.chunk(n, d0)[r];
    case ActionKind::KeepOnRank0: return r == 0 ? x : at::zeros_like(x);
    case ActionKind::EmbedStack:  // slots along a new dim d: only slot r is x
      for (int64_t k = 0; k < n; ++k) parts.push_back(k == r ? x : at::zeros_like(x));
      return at::stack(parts, d0);
    case ActionKind::EmbedCat:
      for (int64_t k = 0; k < n; ++k) parts.push_back(k == r ? x : at::zeros_like(x));
      return at::cat(parts, d0);
  }
  return {};
}

struct AxisCase {
  std::vector<int64_t> sizes;
  int axis;
};
const std::vector<AxisCase> kMeshAxes = {{{1}, 0}, {{2}, 0}, {{3}, 0}, {{4}, 0}, {{2, 3}, 1}, {{2, 3}, 0}, {{4, 1}, 1}, {{3, 1, 2}, 2}};

// Per kind, the dims to try (d0, d1) on a rank-3 input [2, 3, 2] whose dim
// d0 is resized to what the kind needs (n or 2n).
struct KindCases {
  ActionKind kind;
  enum { Any, EqualsN, MultipleOfN } need;
  std::vector<std::pair<int64_t, int64_t>> dims;
};
const std::vector<KindCases> kCases = {
    {ActionKind::Identity, KindCases::Any, {{0, 0}}},
    {ActionKind::AllReduceSum, KindCases::Any, {{0, 0}}},
    {ActionKind::GatherStack, KindCases::Any, {{0, 0}, {1, 0}, {3, 0}}},  // stack positions 0..rank
    {ActionKind::GatherCat, KindCases::Any, {{0, 0}, {2, 0}}},
    {ActionKind::ReduceScatterSelect, KindCases::EqualsN, {{0, 0}, {2, 0}}},
    {ActionKind::ReduceScatterChunk, KindCases::MultipleOfN, {{0, 0}, {1, 0}}},
    {ActionKind::AllToAllStack, KindCases::EqualsN, {{0, 0}, {1, 2}, {2, 0}}},
    {ActionKind::AllToAllChunk, KindCases::MultipleOfN, {{0, 0}, {1, 2}, {2, 0}}},
    {ActionKind::Select, KindCases::EqualsN, {{0, 0}, {2, 0}}},
    {ActionKind::Chunk, KindCases::MultipleOfN, {{0, 0}, {1, 0}}},
    {ActionKind::KeepOnRank0, KindCases::Any, {{0, 0}}},
    {ActionKind::EmbedStack, KindCases::Any, {{0, 0}, {2, 0}, {3, 0}}},
    {ActionKind::EmbedCat, KindCases::Any, {{0, 0}, {2, 0}}},
};

TEST(TransitionActions, EveryActionKindHasADefaultRow) {
  std::vector<bool> seen(kNumActionKinds);
  for (const KindCases& c : kCases) {
    EXPECT_GE(row_with_action(c.kind), 0) << action_kind_info(c.kind).name;
    seen[static_cast<int>(c.kind)] = true;
  }
  for (int k = 0; k < kNumActionKinds; ++k) EXPECT_TRUE(seen[k]) << "kind " << k << " is not tested below";
}

TEST(TransitionActions, EveryKindFollowsItsPerRankFormula) {
  for (const KindCases& c : kCases) {
    for (const AxisCase& m : kMeshAxes) {
      MeshLayout layout(m.sizes);
      const int64_t n = layout.axis_size(m.axis);
      for (auto [d0, d1] : c.dims) {
        SCOPED_TRACE(::testing::Message() << action_kind_info(c.kind).name << "(" << d0 << ", " << d1 << ") on axis " << m.axis
                                          << " of size " << n << " of a " << m.sizes.size() << "-axis mesh");
        std::vector<int64_t> shape = {2, 3, 2};
        if (c.need == KindCases::EqualsN) shape[d0] = n;
        if (c.need == KindCases::MultipleOfN) shape[d0] = 2 * n;
        RankTensors in;
        for (int rank = 0; rank < layout.num_ranks(); ++rank) in.push_back(iota(shape, 100.0 * rank));
        RankTensors out = run(c.kind, layout, m.axis, d0, d1, in);
        ASSERT_EQ(out.size(), in.size());
        for (int rank = 0; rank < layout.num_ranks(); ++rank) {
          std::vector<at::Tensor> xs;
          for (int q : expected_fiber(layout, rank, m.axis)) xs.push_back(in[q]);
          EXPECT_TRUE(same(out[rank], formula(c.kind, xs, layout.coord(rank, m.axis), d0, d1))) << "rank " << rank;
          EXPECT_TRUE(out[rank].is_contiguous());
          for (const at::Tensor& x : in) EXPECT_FALSE(out[rank].is_alias_of(x)) << "rank " << rank << " aliases an input";
        }
      }
    }
  }
}

// ------------------------------------------------------------ anchors ----

TEST(TransitionActions, GatherStackAndCatSpelledOut) {
  MeshLayout two({2});
  RankTensors in = {f64({1, 2}, {2}), f64({3, 4}, {2})};
  RankTensors stacked = run(ActionKind::GatherStack, two, 0, 1, 0, in);
  for (const at::Tensor& y : stacked) EXPECT_TRUE(same(y, f64({1, 3, 2, 4}, {2, 2})));
  RankTensors cat = run(ActionKind::GatherCat, two, 0, 0, 0, in);
  for (const at::Tensor& y : cat) EXPECT_TRUE(same(y, f64({1, 2, 3, 4}, {4})));
}

TEST(TransitionActions, ReduceScatterSpelledOut) {
  MeshLayout two({2});
  RankTensors in = {f64({1, 2, 3, 4}, {2, 2}), f64({10, 20, 30, 40}, {2, 2})};  // sum [[11, 22], [33, 44]]
  RankTensors select = run(ActionKind::ReduceScatterSelect, two, 0, 1, 0, in);  // columns
  EXPECT_TRUE(same(select[0], f64({11, 33}, {2})));
  EXPECT_TRUE(same(select[1], f64({22, 44}, {2})));
  RankTensors chunk = run(ActionKind::ReduceScatterChunk, two, 0, 0, 0, in);  // row blocks
  EXPECT_TRUE(same(chunk[0], f64({11, 22}, {1, 2})));
  EXPECT_TRUE(same(chunk[1], f64({33, 44}, {1, 2})));
}

TEST(TransitionActions, AllToAllSpelledOut) {
  MeshLayout two({2});
  RankTensors in = {f64({0, 1, 2, 3}, {1, 4}), f64({4, 5, 6, 7}, {1, 4})};
  RankTensors chunk = run(ActionKind::AllToAllChunk, two, 0, /*split=*/1, /*concat=*/0, in);
  EXPECT_TRUE(same(chunk[0], f64({0, 1, 4, 5}, {2, 2})));
  EXPECT_TRUE(same(chunk[1], f64({2, 3, 6, 7}, {2, 2})));
  RankTensors rows = {f64({0, 1, 2, 3}, {2, 2}), f64({4, 5, 6, 7}, {2, 2})};
  RankTensors stack = run(ActionKind::AllToAllStack, two, 0, /*split=*/0, /*concat=*/1, rows);
  EXPECT_TRUE(same(stack[0], f64({0, 4, 1, 5}, {2, 2})));  // stack([row 0 of x_0, row 0 of x_1], 1)
  EXPECT_TRUE(same(stack[1], f64({2, 6, 3, 7}, {2, 2})));
}

TEST(TransitionActions, LocalCoercionsSpelledOut) {
  MeshLayout mesh({2, 2});  // axis 1: ranks 0, 2 have coordinate 0; ranks 1, 3 coordinate 1
  RankTensors in(4, f64({1, 2, 3, 4}, {2, 2}));
  RankTensors sel = run(ActionKind::Select, mesh, 1, 1, 0, in);
  EXPECT_TRUE(same(sel[2], f64({1, 3}, {2})));
  EXPECT_TRUE(same(sel[3], f64({2, 4}, {2})));
  RankTensors chunk = run(ActionKind::Chunk, mesh, 1, 0, 0, in);
  EXPECT_TRUE(same(chunk[0], f64({1, 2}, {1, 2})));
  EXPECT_TRUE(same(chunk[1], f64({3, 4}, {1, 2})));
  RankTensors keep = run(ActionKind::KeepOnRank0, mesh, 1, 0, 0, in);
  EXPECT_TRUE(same(keep[2], in[2]));
  EXPECT_TRUE(same(keep[3], at::zeros({2, 2}, at::kDouble)));
  RankTensors col = {f64({1, 2}, {2, 1}), f64({3, 4}, {2, 1}), f64({5, 6}, {2, 1}), f64({7, 8}, {2, 1})};
  RankTensors cat = run(ActionKind::EmbedCat, mesh, 1, 1, 0, col);
  EXPECT_TRUE(same(cat[0], f64({1, 0, 2, 0}, {2, 2})));
  EXPECT_TRUE(same(cat[1], f64({0, 3, 0, 4}, {2, 2})));
  RankTensors stack = run(ActionKind::EmbedStack, mesh, 0, 0, 0, col);  // axis 0: ranks 2, 3 have coordinate 1
  EXPECT_TRUE(same(stack[3], f64({0, 0, 7, 8}, {2, 2, 1})));
}

TEST(TransitionActions, SizeOneAxesKeepTheData) {
  MeshLayout one({1});
  RankTensors in = {iota({1, 3})};
  for (ActionKind k : {ActionKind::Identity, ActionKind::AllReduceSum, ActionKind::GatherCat, ActionKind::ReduceScatterChunk,
                       ActionKind::AllToAllChunk, ActionKind::Chunk, ActionKind::KeepOnRank0, ActionKind::EmbedCat})
    EXPECT_TRUE(same(run(k, one, 0, 0, 0, in)[0], in[0])) << action_kind_info(k).name;
  EXPECT_TRUE(same(run(ActionKind::Select, one, 0, 0, 0, in)[0], iota({3})));
  EXPECT_TRUE(same(run(ActionKind::GatherStack, one, 0, 0, 0, in)[0], iota({1, 1, 3})));
}

TEST(TransitionActions, RejectsRowsWithoutAnActionAndIndivisibleDims) {
  SimulatedCommunicator comm(MeshLayout({2}));
  TransitionStep composite;
  composite.row = table().find_transition("coll.all_reduce.v_to_r");
  ASSERT_GE(composite.row, 0);
  EXPECT_THROW(apply_transition_step(table(), composite, 0, comm, {iota({2}), iota({2})}), std::invalid_argument);
  RankTensors odd = {iota({3}), iota({3})};
  EXPECT_THROW(apply_transition_step(table(), step_for(ActionKind::Chunk, 0, 0, odd[0]), 0, comm, odd), std::invalid_argument);
  EXPECT_THROW(apply_transition_step(table(), step_for(ActionKind::Identity, 0, 0, odd[0]), 0, comm, {iota({3})}), std::invalid_argument);
}

}  // namespace
}  // namespace spmdcheck
