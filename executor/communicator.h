#pragma once
// Collectives over one mesh axis for the ranks this process hosts. Three
// implementations share the one executor: simulated ranks in one process
// (every rank hosted), MPI (one rank, CPU tensors) and NCCL (one rank, GPU).
//
// Contract: every rank calls the same collectives in the same (program)
// order. Per call, `in` holds one entry per hosted rank, in hosted_ranks()
// order, and so does the result. Within one fiber all tensors have one shape
// and dtype. Collectives are pure functions of their inputs: they never
// alias or modify an input.
#include <ATen/ATen.h>

#include <vector>

#include "program/mesh_layout.h"

namespace spmdcheck {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual const MeshLayout& layout() const = 0;
  virtual const std::vector<int>& hosted_ranks() const = 0;

  // out[h] = sum over the fiber of hosted rank h along `axis` of the inputs.
  virtual std::vector<at::Tensor> all_reduce_sum(int axis, const std::vector<at::Tensor>& in) = 0;
  // out[h][k] = the input of the rank at coordinate k of h's fiber.
  virtual std::vector<std::vector<at::Tensor>> all_gather(int axis, const std::vector<at::Tensor>& in) = 0;
  // send[h][k] goes to coordinate k of h's fiber; out[h][k] came from coordinate k.
  virtual std::vector<std::vector<at::Tensor>> all_to_all(int axis, const std::vector<std::vector<at::Tensor>>& send) = 0;
  // chunks[h][k] is h's contribution to coordinate k; out[h] = sum over the
  // fiber of the contributions to h's own coordinate.
  virtual std::vector<at::Tensor> reduce_scatter_sum(int axis, const std::vector<std::vector<at::Tensor>>& chunks) = 0;
};

}  // namespace spmdcheck
