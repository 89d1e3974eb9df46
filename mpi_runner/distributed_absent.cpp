// spmdcheck built without MPI: `soundness --distributed` explains and exits.
#include "mpi_runner/distributed_search.h"

namespace spmdcheck {

DistributedOutcome run_distributed_search(const RuleTable&, const SearchOptions&) {
  DistributedOutcome outcome;
  outcome.error = "this spmdcheck was built without MPI (install libopenmpi-dev openmpi-bin and rebuild)";
  return outcome;
}

int finish_distributed_search(const DistributedOutcome&, int code) { return code; }

}  // namespace spmdcheck
