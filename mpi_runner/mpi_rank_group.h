#pragma once
// The RankGroup of the MPI runner: one rank per process over MPI_COMM_WORLD
// (a duplicate), rank 0 checks. Its agreement points are nonblocking MPI
// operations waited on by the watchdog. The communicator (MPI or NCCL) is
// fixed for the run: a program on another mesh (a shrinking candidate) is
// not hosted.
#include <mpi.h>

#include <cstdint>
#include <memory>

#include "executor/rank_group.h"

namespace spmdcheck {

// Test-only fault injection (`--test-fault KIND@RANK:CHECK`): at its CHECK-th
// property check rank RANK hangs (sleeps forever) or exits at once without
// MPI_Finalize, so tests can assert that the job fails and never hangs.
struct TestFault {
  enum class Kind { None, Hang, Exit } kind = Kind::None;
  int rank = -1;
  int64_t at_check = 0;
};

class MpiRankGroup : public RankGroup {
 public:
  MpiRankGroup(MPI_Comm world, std::unique_ptr<Communicator> comm, TestFault fault = {});
  Communicator* begin(const Program& program, const MeshLayout& layout, uint64_t data_seed) override;
  bool is_checker() const override { return rank_ == 0; }
  std::vector<RankTensors> gather(const std::vector<RankTensors>& hosted) override;
  bool any(bool flag) override;
  bool from_checker(bool value) override;

  Communicator& communicator() { return *comm_; }
  uint64_t data_seed() const { return data_seed_; }  // of the program being checked
  int64_t checks() const { return checks_; }

 private:
  MPI_Comm world_;
  int rank_ = 0, size_ = 1;
  std::unique_ptr<Communicator> comm_;
  TestFault fault_;
  uint64_t data_seed_ = 0;
  int64_t checks_ = 0;
};

}  // namespace spmdcheck
