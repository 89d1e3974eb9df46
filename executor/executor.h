#pragma once
// The executor: runs a checked program on the hosted ranks of a
// Communicator. Local ops run per rank with their PyTorch meaning
// (kernels/local_kernels.h); coercions and collectives run the local action of each
// primitive transition step the checker resolved, through the Communicator.
// The same code serves simulated, MPI and NCCL ranks.
#include <ATen/ATen.h>

#include <string>
#include <vector>

#include "executor/communicator.h"
#include "oracle/checker.h"

namespace spmdcheck {

using RankTensors = std::vector<at::Tensor>;  // one per hosted rank

struct Execution {
  std::vector<RankTensors> values;  // per CheckResult::values entry
  std::string error;                // non-empty if the program could not run (e.g. no kernel)
};

// `inputs`: per input statement, in program order, the hosted ranks' tensors.
Execution execute_program(const RuleTable& table, const Program& program, const CheckResult& checked, Communicator& comm,
                          std::vector<RankTensors> inputs);

// One primitive transition step (a row's action with resolved dims) on the
// hosted ranks' tensors. Exposed for the adjoint tests and the benchmarks.
RankTensors apply_transition_step(const RuleTable& table, const TransitionStep& step, int axis, Communicator& comm, const RankTensors& in);

}  // namespace spmdcheck
