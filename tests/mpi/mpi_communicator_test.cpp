// Run under mpirun -np 4: the MPI communicator computes what the simulated
// communicator computes, bitwise, for every collective of the interface and
// every primitive transition row of the default table, on the 2x2 and 4x1
// meshes, in f64, f32 and bf16, with both reductions for exact data and the
// ordered reduction for inexact data. Each process compares its own rank.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstring>

#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "mpi_runner/mpi_communicator.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

bool bitwise_equal(const at::Tensor& a, const at::Tensor& b) {
  if (a.sizes() != b.sizes() || a.scalar_type() != b.scalar_type()) return false;
  const at::Tensor ca = a.contiguous(), cb = b.contiguous();
  return std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.numel() * ca.element_size()) == 0;
}

// Per rank of the mesh, deterministic data: exact (dyadic) or not.
std::vector<at::Tensor> rank_data(int ranks, std::vector<int64_t> shape, at::ScalarType dtype, bool exact) {
  std::vector<at::Tensor> out;
  for (int r = 0; r < ranks; ++r) {
    at::Tensor t = at::arange(at::IntArrayRef(shape).size() ? c10::multiply_integers(shape) : 1, at::kDouble).reshape(shape);
    t = exact ? (t - 3 * r) / 4 : at::sin(t * 0.37 + r) * 1e3;
    out.push_back(t.to(dtype));
  }
  return out;
}

class MpiCommunicatorTest : public ::testing::TestWithParam<std::tuple<std::vector<int64_t>, at::ScalarType, Reduction>> {};

TEST_P(MpiCommunicatorTest, EveryTransitionRowMatchesSimulated) {
  at::set_num_threads(1);
  const auto& [sizes, dtype, reduction] = GetParam();
  const MeshLayout layout(sizes);
  ASSERT_EQ(layout.num_ranks(), 4);
  const int me = world_rank();
  SimulatedCommunicator sim(layout);
  MpiCommunicator mpi(layout, {"a", "b"}, MPI_COMM_WORLD, reduction);
  // Native sums are order-free only for exact data.
  const bool exact = reduction == Reduction::Native || dtype == at::kBFloat16;
  const RuleTable& table = *default_rule_table();
  int rows = 0;
  for (int axis = 0; axis < layout.num_axes(); ++axis) {
    const int64_t n = layout.axis_size(axis);
    for (size_t i = 0; i < table.transitions.size(); ++i) {
      const TransitionRow& row = table.transitions[i];
      if (!row.primitive() || !row.action) continue;
      TransitionStep step;
      step.row = static_cast<int>(i);
      step.dims.assign(row.dims.size(), 0);  // dim 0: every action kind's pieces and slots fit the shape below
      const std::vector<at::Tensor> all = rank_data(layout.num_ranks(), {n, 2 * n, 3}, dtype, exact);
      const RankTensors want = apply_transition_step(table, step, axis, sim, all);
      const RankTensors got = apply_transition_step(table, step, axis, mpi, {all[me]});
      ASSERT_EQ(got.size(), 1u);
      EXPECT_TRUE(bitwise_equal(got[0], want[me])) << table.info(row.rule).id << " on axis " << axis << " rank " << me;
      ++rows;
    }
  }
  EXPECT_GT(rows, 10);
}

INSTANTIATE_TEST_SUITE_P(Meshes, MpiCommunicatorTest,
                         ::testing::Combine(::testing::Values(std::vector<int64_t>{2, 2}, std::vector<int64_t>{4, 1}),
                                            ::testing::Values(at::kDouble, at::kFloat, at::kBFloat16),
                                            ::testing::Values(Reduction::Ordered, Reduction::Native)));

// Row-major 2x2 mesh: axis-0 fibers {0,2} {1,3}, axis-1 fibers {0,1} {2,3}.
TEST(MpiCommunicator, DisagreeingShapesThrowOnEveryRankOfTheFiber) {
  const MeshLayout layout(std::vector<int64_t>{2, 2});
  MpiCommunicator mpi(layout, {"a", "b"}, MPI_COMM_WORLD, Reduction::Ordered);
  const int me = world_rank();
  const at::Tensor x = at::ones({me == 3 ? 3 : 2}, at::kDouble);  // rank 3 differs
  if (me == 2 || me == 3) {
    EXPECT_THROW(mpi.all_reduce_sum(1, {x}), std::invalid_argument) << "rank " << me;
  } else {
    EXPECT_NO_THROW(mpi.all_reduce_sum(1, {x})) << "rank " << me;
  }
  if (me == 1 || me == 3) {
    EXPECT_THROW(mpi.all_gather(0, {x}), std::invalid_argument) << "rank " << me;
  } else {
    EXPECT_NO_THROW(mpi.all_gather(0, {x})) << "rank " << me;
  }
}

}  // namespace
}  // namespace spmdcheck

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0)
    delete ::testing::UnitTest::GetInstance()->listeners().Release(
        ::testing::UnitTest::GetInstance()->listeners().default_result_printer());
  const int failed = RUN_ALL_TESTS();
  int any = failed;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return any;
}
