// SimulatedCommunicator: every primitive on hand-made data over meshes of
// one to three axes with sizes 1 to 4. The expected fibers are computed here
// from rank coordinates directly (not with MeshLayout::fiber).
#include "executor/simulated_communicator.h"
#include "executor_test_support.h"

namespace spmdcheck {
namespace {

using test::expected_fiber;
using test::iota;
using test::same;

const std::vector<std::vector<int64_t>> kMeshes = {{1}, {4}, {3}, {2, 3}, {4, 1}, {3, 1, 2}, {2, 2, 2}, {1, 4, 2}};

// Runs `body(layout, comm, axis)` for every mesh and axis.
template <typename Body>
void for_every_mesh_axis(Body body) {
  for (const auto& sizes : kMeshes) {
    MeshLayout layout(sizes);
    SimulatedCommunicator comm(layout);
    for (int axis = 0; axis < layout.num_axes(); ++axis) {
      SCOPED_TRACE(::testing::Message() << "mesh of " << sizes.size() << " axes, axis " << axis << " of size " << sizes[axis]);
      body(layout, comm, axis);
    }
  }
}

void expect_unaliased(const std::vector<at::Tensor>& out, const std::vector<at::Tensor>& inputs) {
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_TRUE(out[i].is_contiguous());
    for (const at::Tensor& x : inputs) EXPECT_FALSE(out[i].is_alias_of(x));
    for (size_t j = 0; j < i; ++j) EXPECT_FALSE(out[i].is_alias_of(out[j]));
  }
}

TEST(SimulatedCommunicator, HostsEveryRankInOrder) {
  SimulatedCommunicator comm(MeshLayout({2, 3}));
  EXPECT_EQ(comm.hosted_ranks(), (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(comm.layout().sizes(), (std::vector<int64_t>{2, 3}));
}

TEST(SimulatedCommunicator, AllReduceSumsEachFiber) {
  for_every_mesh_axis([](const MeshLayout& layout, SimulatedCommunicator& comm, int axis) {
    std::vector<at::Tensor> in;
    for (int r = 0; r < layout.num_ranks(); ++r) in.push_back(iota({2, 3}, 100.0 * r));
    std::vector<at::Tensor> out = comm.all_reduce_sum(axis, in);
    ASSERT_EQ(out.size(), in.size());
    for (int r = 0; r < layout.num_ranks(); ++r) {
      at::Tensor want = at::zeros({2, 3}, at::kDouble);
      for (int q : expected_fiber(layout, r, axis)) want += in[q];
      EXPECT_TRUE(same(out[r], want)) << "rank " << r;
    }
    expect_unaliased(out, in);
  });
}

TEST(SimulatedCommunicator, AllReduceAddsInCoordinateOrder) {
  // (1 + 1e17) + -1e17 == 0 in f64 (1e17 + 1 rounds to 1e17), while the
  // reverse order (-1e17 + 1e17) + 1 == 1.
  MeshLayout layout({2, 3});
  SimulatedCommunicator comm(layout);
  std::vector<at::Tensor> in;
  const double terms[3] = {1.0, 1e17, -1e17};
  for (int r = 0; r < 6; ++r) in.push_back(at::scalar_tensor(terms[layout.coord(r, 1)], at::kDouble));
  for (const at::Tensor& y : comm.all_reduce_sum(1, in)) EXPECT_EQ(y.item<double>(), 0.0);
  std::vector<std::vector<at::Tensor>> chunks(6);
  for (int r = 0; r < 6; ++r)
    for (int k = 0; k < 3; ++k) chunks[r].push_back(in[r]);
  for (const at::Tensor& y : comm.reduce_scatter_sum(1, chunks)) EXPECT_EQ(y.item<double>(), 0.0);
}

TEST(SimulatedCommunicator, AllGatherListsTheFiberByCoordinate) {
  for_every_mesh_axis([](const MeshLayout& layout, SimulatedCommunicator& comm, int axis) {
    std::vector<at::Tensor> in;
    for (int r = 0; r < layout.num_ranks(); ++r) in.push_back(iota({3}, 10.0 * r));
    std::vector<std::vector<at::Tensor>> out = comm.all_gather(axis, in);
    ASSERT_EQ(out.size(), in.size());
    for (int r = 0; r < layout.num_ranks(); ++r) {
      std::vector<int> fiber = expected_fiber(layout, r, axis);
      ASSERT_EQ(out[r].size(), fiber.size());
      for (size_t k = 0; k < fiber.size(); ++k) EXPECT_TRUE(same(out[r][k], in[fiber[k]]));
      expect_unaliased(out[r], in);
    }
  });
}

TEST(SimulatedCommunicator, AllToAllDeliversSlotKToCoordinateK) {
  for_every_mesh_axis([](const MeshLayout& layout, SimulatedCommunicator& comm, int axis) {
    const int64_t n = layout.axis_size(axis);
    std::vector<std::vector<at::Tensor>> send(layout.num_ranks());
    for (int r = 0; r < layout.num_ranks(); ++r)
      for (int64_t k = 0; k < n; ++k) send[r].push_back(iota({2}, 1000.0 * r + 10.0 * k));
    std::vector<std::vector<at::Tensor>> out = comm.all_to_all(axis, send);
    ASSERT_EQ(out.size(), send.size());
    for (int r = 0; r < layout.num_ranks(); ++r) {
      std::vector<int> fiber = expected_fiber(layout, r, axis);
      ASSERT_EQ(static_cast<int64_t>(out[r].size()), n);
      for (int64_t k = 0; k < n; ++k) EXPECT_TRUE(same(out[r][k], send[fiber[k]][layout.coord(r, axis)])) << r << " from " << k;
      for (const auto& s : send) expect_unaliased(out[r], s);
    }
  });
}

TEST(SimulatedCommunicator, ReduceScatterSumsTheContributionsToEachCoordinate) {
  for_every_mesh_axis([](const MeshLayout& layout, SimulatedCommunicator& comm, int axis) {
    const int64_t n = layout.axis_size(axis);
    std::vector<std::vector<at::Tensor>> chunks(layout.num_ranks());
    for (int r = 0; r < layout.num_ranks(); ++r)
      for (int64_t k = 0; k < n; ++k) chunks[r].push_back(iota({2, 2}, 1000.0 * r + 10.0 * k));
    std::vector<at::Tensor> out = comm.reduce_scatter_sum(axis, chunks);
    ASSERT_EQ(out.size(), chunks.size());
    for (int r = 0; r < layout.num_ranks(); ++r) {
      at::Tensor want = at::zeros({2, 2}, at::kDouble);
      for (int q : expected_fiber(layout, r, axis)) want += chunks[q][layout.coord(r, axis)];
      EXPECT_TRUE(same(out[r], want)) << "rank " << r;
    }
    for (const auto& c : chunks) expect_unaliased(out, c);
  });
}

TEST(SimulatedCommunicator, RejectsCallsThatBreakTheContract) {
  SimulatedCommunicator comm(MeshLayout({2}));
  EXPECT_THROW(comm.all_reduce_sum(0, {iota({2})}), std::invalid_argument);             // one tensor for two ranks
  EXPECT_THROW(comm.all_reduce_sum(1, {iota({2}), iota({2})}), std::invalid_argument);  // no axis 1
  EXPECT_THROW(comm.all_gather(0, {iota({2}), iota({3})}), std::invalid_argument);      // shapes differ in a fiber
  EXPECT_THROW(comm.all_to_all(0, {{iota({2})}, {iota({2})}}), std::invalid_argument);  // one slot, two coordinates
  EXPECT_THROW(comm.reduce_scatter_sum(0, {{iota({2}), iota({2})}, {iota({2})}}), std::invalid_argument);
}

}  // namespace
}  // namespace spmdcheck
