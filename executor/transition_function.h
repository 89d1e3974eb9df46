#pragma once
// A transition step as a LibTorch autograd Function over the hosted ranks'
// tensors: forward runs the row's action through the Communicator; backward
// runs the row's backward row (oracle/backward_step.h) on the gradients
// through the same Communicator. The table and the Communicator must outlive
// the backward pass.
#include "executor/executor.h"

namespace spmdcheck {

RankTensors apply_transition_step_differentiable(const RuleTable& table, const TransitionStep& step, int axis, Communicator& comm,
                                                 const RankTensors& in);

}  // namespace spmdcheck
