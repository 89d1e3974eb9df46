#pragma once
// The NCCL communicator: one rank per process and one GPU per rank,
// bootstrapped through MPI (rank 0's ncclUniqueId broadcast, one world
// communicator, then ncclCommSplit per mesh axis, ordered by coordinate).
// CPU LibTorch tensors are staged through device buffers; CUDA tensors
// (a LibTorch with CUDA) are used in place. Reductions as in
// MpiCommunicator: `Ordered` gathers and sums in coordinate order (bitwise
// the simulated results), `Native` uses ncclAllReduce/ncclReduceScatter.
// Shape and dtype agreement per call goes through the MPI axis
// communicators; every wait (cudaStreamQuery) goes through the watchdog.
//
// Compiled only where CMake found the CUDA toolkit and NCCL
// (SPMDCHECK_WITH_NCCL); otherwise make_nccl_communicator says so.
#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "mpi_runner/mpi_communicator.h"

namespace spmdcheck {

struct NcclStart {
  std::unique_ptr<Communicator> comm;  // null: not started
  int exit_code = 0;                   // 77: no GPU or no NCCL in this build; 2: more ranks than GPUs on a node
  std::string message;                 // why not, or what was started
};

bool nccl_compiled();

// Collective over `world`: every rank gets the same exit_code.
NcclStart start_nccl_communicator(const MeshLayout& layout, const std::vector<std::string>& axis_names, MPI_Comm world,
                                  Reduction reduction);

}  // namespace spmdcheck
