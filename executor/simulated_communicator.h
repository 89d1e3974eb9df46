#pragma once
// All ranks of the mesh in one process: one group per mesh-axis fiber. The
// reference for what the MPI and NCCL communicators must compute; sums are
// taken in coordinate order.
#include "executor/communicator.h"

namespace spmdcheck {

class SimulatedCommunicator : public Communicator {
 public:
  explicit SimulatedCommunicator(MeshLayout layout);
  const MeshLayout& layout() const override { return layout_; }
  const std::vector<int>& hosted_ranks() const override { return ranks_; }

  std::vector<at::Tensor> all_reduce_sum(int axis, const std::vector<at::Tensor>& in) override;
  std::vector<std::vector<at::Tensor>> all_gather(int axis, const std::vector<at::Tensor>& in) override;
  std::vector<std::vector<at::Tensor>> all_to_all(int axis, const std::vector<std::vector<at::Tensor>>& send) override;
  std::vector<at::Tensor> reduce_scatter_sum(int axis, const std::vector<std::vector<at::Tensor>>& chunks) override;

 private:
  MeshLayout layout_;
  std::vector<int> ranks_;  // 0 .. num_ranks - 1
};

}  // namespace spmdcheck
