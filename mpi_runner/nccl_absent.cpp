// Built instead of nccl_communicator.cpp where CMake found no CUDA toolkit
// and NCCL, or SPMDCHECK_WITH_NCCL is OFF.
#include "mpi_runner/nccl_communicator.h"

namespace spmdcheck {

bool nccl_compiled() { return false; }

NcclStart start_nccl_communicator(const MeshLayout&, const std::vector<std::string>&, MPI_Comm, Reduction) {
  return NcclStart{nullptr, 77, "this build has no NCCL backend (CMake found no CUDA toolkit with NCCL, or SPMDCHECK_WITH_NCCL is OFF)"};
}

}  // namespace spmdcheck
