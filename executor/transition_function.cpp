#include "executor/transition_function.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

#include "executor/activity.h"
#include "oracle/backward_step.h"

namespace spmdcheck {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct StepCall {
  const RuleTable* table;
  TransitionStep step;
  int axis;
  Communicator* comm;
};

class TransitionFunction : public torch::autograd::Function<TransitionFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const StepCall* call, at::TensorList in) {
    ctx->saved_data["table"] = reinterpret_cast<int64_t>(call->table);
    ctx->saved_data["comm"] = reinterpret_cast<int64_t>(call->comm);
    ctx->saved_data["row"] = static_cast<int64_t>(call->step.row);
    ctx->saved_data["axis"] = static_cast<int64_t>(call->axis);
    ctx->saved_data["dims"] = std::vector<int64_t>(call->step.dims.begin(), call->step.dims.end());
    // The statement this step belongs to, named by watchdog messages in backward.
    ctx->saved_data["program"] = reinterpret_cast<int64_t>(current_activity().program);
    ctx->saved_data["statement"] = reinterpret_cast<int64_t>(current_activity().statement);
    return apply_transition_step(*call->table, call->step, call->axis, *call->comm, RankTensors(in.begin(), in.end()));
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto* table = reinterpret_cast<const RuleTable*>(ctx->saved_data["table"].toInt());
    auto* comm = reinterpret_cast<Communicator*>(ctx->saved_data["comm"].toInt());
    TransitionStep forward;
    forward.row = static_cast<int>(ctx->saved_data["row"].toInt());
    const std::vector<int64_t> dims = ctx->saved_data["dims"].toIntVector();
    forward.dims = TransitionDims(dims.begin(), dims.end());
    const TransitionStep back = backward_step(*table, forward);
    ActivityScope activity(ExecutorActivity{reinterpret_cast<const Program*>(ctx->saved_data["program"].toInt()),
                                            reinterpret_cast<const Statement*>(ctx->saved_data["statement"].toInt()), true});
    if (back.row < 0) throw std::runtime_error("transition row without a backward row");
    RankTensors out = apply_transition_step(*table, back, static_cast<int>(ctx->saved_data["axis"].toInt()), *comm, grads);
    variable_list result;
    result.reserve(out.size() + 1);
    result.emplace_back();  // the StepCall argument has no gradient
    for (at::Tensor& t : out) result.push_back(std::move(t));
    return result;
  }
};

}  // namespace

RankTensors apply_transition_step_differentiable(const RuleTable& table, const TransitionStep& step, int axis, Communicator& comm,
                                                 const RankTensors& in) {
  const StepCall call{&table, step, axis, &comm};
  return TransitionFunction::apply(&call, at::TensorList(in));
}

}  // namespace spmdcheck
