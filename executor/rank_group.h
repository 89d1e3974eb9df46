#pragma once
// Where the ranks of a property check run. Simulated: every rank in this
// process (the default). MPI/NCCL: one rank per process, and the processes
// must take the same decisions, so the property check meets at a few
// agreement points that every process reaches in the same order:
//   begin -> [execute] -> any(error) -> gather(values) -> from_checker(verdict)
//         -> [backward] -> any(error) -> gather(gradients) -> from_checker(verdict)
// Only the checker process runs the reference interpreter and compares; the
// others learn its verdict.
#include <cstdint>
#include <memory>
#include <vector>

#include "executor/communicator.h"
#include "executor/executor.h"

namespace spmdcheck {

class RankGroup {
 public:
  virtual ~RankGroup() = default;
  // Called by every process at the start of each property check. Returns the
  // communicator for `layout`, or null when these processes cannot host that
  // mesh (MPI: the world size or the mesh differs); then the program is not
  // run (the shrinker's mesh candidates are skipped that way).
  virtual Communicator* begin(const Program& program, const MeshLayout& layout, uint64_t data_seed) = 0;
  // True on the one process that runs the reference and compares.
  virtual bool is_checker() const = 0;
  // Every process passes, per value, its hosted ranks' tensors (each value
  // has one shape and dtype on every rank). The checker gets per value every
  // rank's tensor in rank order; the other processes an empty vector.
  virtual std::vector<RankTensors> gather(const std::vector<RankTensors>& hosted) = 0;
  // True on every process if `flag` is true on any.
  virtual bool any(bool flag) = 0;
  // Every process gets the checker's `value`.
  virtual bool from_checker(bool value) = 0;
};

// Every rank in this process, over a SimulatedCommunicator per mesh.
class SimulatedRankGroup : public RankGroup {
 public:
  SimulatedRankGroup();
  ~SimulatedRankGroup() override;
  Communicator* begin(const Program& program, const MeshLayout& layout, uint64_t data_seed) override;
  bool is_checker() const override { return true; }
  std::vector<RankTensors> gather(const std::vector<RankTensors>& hosted) override { return hosted; }
  bool any(bool flag) override { return flag; }
  bool from_checker(bool value) override { return value; }

 private:
  std::unique_ptr<Communicator> comm_;  // the current program's mesh
};

}  // namespace spmdcheck
