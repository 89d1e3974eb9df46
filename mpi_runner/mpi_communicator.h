#pragma once
// The MPI communicator: this process hosts one rank of the mesh (its world
// rank), CPU tensors, one MPI communicator per mesh axis (MPI_Comm_split of
// the world by fiber, ordered by the coordinate on the axis).
//
// Reductions: `Ordered` (the default) gathers the fiber's tensors and sums
// them locally in coordinate order, ((x_0 + x_1) + x_2) + ..., exactly as
// SimulatedCommunicator does, so results are bitwise those of the simulated
// ranks and identical on every rank of a fiber. `Native` uses
// MPI_Allreduce / MPI_Reduce_scatter_block (f64 and f32; bf16 stays
// ordered), whose order is the library's: with it the runner measures, and
// reports, whether the library's results are bit-identical across ranks.
//
// Every call first agrees on the tensors' shape and dtype within the fiber
// (one small allreduce), so a disagreement is an exception on every rank of
// the fiber, as in the simulated communicator, never a corrupt transfer.
// Collectives block inside a BlockingScope of the watchdog.
#include <mpi.h>

#include <string>
#include <vector>

#include "executor/communicator.h"
#include "program/program.h"

namespace spmdcheck {

enum class Reduction { Ordered, Native };

// One mesh axis seen from this process: an MPI communicator over its fiber
// (MPI_Comm_split of the world; the communicator's rank is the coordinate).
struct MpiAxis {
  MPI_Comm comm = MPI_COMM_NULL;
  std::string name;
  std::vector<int> ranks;  // world ranks of this process's fiber, by coordinate
};

std::vector<MpiAxis> split_mesh_axes(const MeshLayout& layout, const std::vector<std::string>& names, MPI_Comm world);
void free_mesh_axes(std::vector<MpiAxis>& axes);
// Every rank of the fiber learns whether all hold one shape and dtype, and
// throws std::invalid_argument if not (one small allreduce).
void require_uniform_fiber(const MpiAxis& axis, const char* operation, const at::Tensor& t);
// Sums the slices of `stacked` along dim 0 in order: the float operations of
// SimulatedCommunicator.
at::Tensor ordered_sum(const at::Tensor& stacked);

class MpiCommunicator : public Communicator {
 public:
  // `world` has one process per rank of `layout` (checked by the caller);
  // `axis_names` name the axes in watchdog messages.
  MpiCommunicator(MeshLayout layout, std::vector<std::string> axis_names, MPI_Comm world, Reduction reduction);
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  const MeshLayout& layout() const override { return layout_; }
  const std::vector<int>& hosted_ranks() const override { return hosted_; }
  void set_reduction(Reduction reduction) { reduction_ = reduction; }

  std::vector<at::Tensor> all_reduce_sum(int axis, const std::vector<at::Tensor>& in) override;
  std::vector<std::vector<at::Tensor>> all_gather(int axis, const std::vector<at::Tensor>& in) override;
  std::vector<std::vector<at::Tensor>> all_to_all(int axis, const std::vector<std::vector<at::Tensor>>& send) override;
  std::vector<at::Tensor> reduce_scatter_sum(int axis, const std::vector<std::vector<at::Tensor>>& chunks) override;

 private:
  const MpiAxis& axis_of(int axis, size_t inputs) const;
  at::Tensor gather_stacked(const MpiAxis& a, const at::Tensor& x, const char* operation) const;
  at::Tensor exchange_stacked(const MpiAxis& a, const std::vector<at::Tensor>& send, const char* operation) const;

  MeshLayout layout_;
  std::vector<int> hosted_;
  std::vector<MpiAxis> axes_;
  Reduction reduction_;
};

// Makes glibc serve large allocations from the heap and keep freed memory,
// so the fresh output tensors of collectives reuse pages instead of fresh
// mmaps: MPI writing into never-touched pages was measured 15x slower than
// into reused ones (raw MPI_Allgather, 16 MiB per rank, bench/mpi). Call once
// per process before the first collective.
void reuse_large_buffers();

// The byte count of a tensor as an MPI count; throws past INT_MAX.
int mpi_byte_count(const at::Tensor& t);

}  // namespace spmdcheck
