// Runs a checked program on the hosted ranks of a Communicator.
//
// The executor follows the checker's resolution and nothing else: the value
// indices of operands, the op row of a local op, the primitive steps of a
// transition with their canonical dims. CheckResult::values holds one entry
// per input statement and per binding statement, in program order; the
// inputs are matched to input statements by position, the bindings carry
// their value index (ResolvedBinding::value).
//
// After each statement the produced tensors are checked against the
// checker's dtype and local shape: a disagreement means the table's shape
// steps and its actions (or the kernels and the shape rules) disagree, which
// is reported as an execution error naming the binding.
#include "executor/executor.h"

#include <ATen/core/grad_mode.h>

#include <sstream>
#include <stdexcept>

#include "executor/activity.h"
#include "executor/transition_function.h"
#include "kernels/local_kernels.h"

namespace spmdcheck {
namespace {

std::string sizes_text(const at::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// Empty if every hosted tensor has the value's dtype and local shape.
std::string mismatch(const ValueInfo& v, const RankTensors& tensors, size_t hosted) {
  if (tensors.size() != hosted) return "expected " + std::to_string(hosted) + " tensors, got " + std::to_string(tensors.size());
  const at::IntArrayRef want(v.shape.dims.data(), v.shape.rank);
  for (const at::Tensor& t : tensors) {
    if (!t.defined()) return "undefined tensor";
    if (t.sizes() != want) return "shape " + sizes_text(t) + " differs from the checked shape " + shape_to_string(v.shape);
    if (t.scalar_type() != to_scalar_type(v.dtype))
      return std::string("dtype ") + c10::toString(t.scalar_type()) + " differs from the checked dtype " + std::string(dtype_name(v.dtype));
  }
  return {};
}

// One RankTensors per result.
std::vector<RankTensors> run_local_op(const RuleTable& table, const BindingStmt& b, const ResolvedBinding& rb, const CheckResult& checked,
                                      const std::vector<RankTensors>& values, size_t hosted, std::string& error) {
  const std::string& op = table.ops[rb.row].name;
  if (!has_local_kernel(op)) {
    error = b.names[0] + ": no local kernel for op '" + op + "'";
    return {};
  }
  const at::ScalarType dtype = to_scalar_type(rb.dtype);
  std::vector<RankTensors> out(static_cast<size_t>(rb.num_results), RankTensors(hosted));
  for (size_t h = 0; h < hosted; ++h) {
    const KernelCall call = make_kernel_call(
        table, checked, b, rb, [&](int v) { return values[v][h]; }, dtype);
    std::vector<at::Tensor> results = *apply_local_kernel(call);
    if (results.size() != out.size()) {
      error = b.names[0] + ": kernel of '" + op + "' returned " + std::to_string(results.size()) + " results, the checker inferred " +
              std::to_string(out.size());
      return {};
    }
    for (size_t i = 0; i < results.size(); ++i) out[i][h] = std::move(results[i]);
  }
  return out;
}

RankTensors run_transition(const RuleTable& table, const ResolvedBinding& rb, Communicator& comm, const std::vector<RankTensors>& values) {
  RankTensors current = values[rb.operands.at(0)];
  // A raw torch.distributed collective is not differentiable: it computes on
  // the data alone, and nothing flows back through it.
  if (table.comm_ops[table.transitions[rb.row].op].no_gradient)
    for (at::Tensor& t : current) t = t.detach();
  // With gradients on (an input requires grad), each step is an autograd
  // Function whose backward is the row's backward row.
  bool differentiable = at::GradMode::is_enabled();
  for (const at::Tensor& t : current) differentiable = differentiable && t.requires_grad();
  for (const TransitionStep& step : rb.steps)
    current = differentiable ? apply_transition_step_differentiable(table, step, rb.axis, comm, current)
                             : apply_transition_step(table, step, rb.axis, comm, current);
  // A transition without steps would return its input tensor itself: a copy
  // gives the binding a tensor (and a backward node) of its own, so its
  // cotangent and its input's are seeded apart.
  if (rb.steps.empty())
    for (at::Tensor& t : current) t = t.clone(at::MemoryFormat::Contiguous);
  return current;
}

}  // namespace

Execution execute_program(const RuleTable& table, const Program& program, const CheckResult& checked, Communicator& comm,
                          std::vector<RankTensors> inputs) {
  Execution ex;
  if (!checked.ok()) {
    ex.error = "the program did not check: " + checked.error->message;
    return ex;
  }
  const size_t hosted = comm.hosted_ranks().size();
  ActivityScope activity(ExecutorActivity{&program, nullptr, false});  // cleared on return
  ex.values.resize(checked.values.size());
  size_t next_value = 0, next_input = 0, next_binding = 0;
  for (const Statement& stmt : program.statements) {
    std::string name;
    current_activity().statement = &stmt;
    try {
      if (const auto* in = std::get_if<InputStmt>(&stmt)) {
        name = in->name;
        if (next_input >= inputs.size()) {
          ex.error = "input " + name + ": no tensors given (" + std::to_string(inputs.size()) + " inputs)";
          return ex;
        }
        ex.values[next_value] = std::move(inputs[next_input++]);
      } else if (const auto* b = std::get_if<BindingStmt>(&stmt)) {
        name = b->names[0];
        const ResolvedBinding& rb = checked.bindings.at(next_binding++);
        if (rb.value != static_cast<int>(next_value)) {
          ex.error = name + ": the check result does not follow the program (value " + std::to_string(rb.value) + ", expected " +
                     std::to_string(next_value) + ")";
          return ex;
        }
        if (rb.is_transition) {
          ex.values[next_value] = run_transition(table, rb, comm, ex.values);
        } else {
          std::vector<RankTensors> results = run_local_op(table, *b, rb, checked, ex.values, hosted, ex.error);
          if (!ex.error.empty()) return ex;
          // All but the last result are checked here; the last one below.
          for (size_t i = 0; i + 1 < results.size(); ++i) {
            if (std::string bad = mismatch(checked.values[next_value], results[i], hosted); !bad.empty()) {
              ex.error = b->names[i] + ": " + bad;
              return ex;
            }
            ex.values[next_value++] = std::move(results[i]);
          }
          name = b->names.back();
          ex.values[next_value] = std::move(results.back());
        }
      } else {
        continue;  // asserts, outputs and the loss are typing statements only
      }
    } catch (const c10::Error& e) {  // a kernel or collective rejected its operands
      ex.error = name + ": " + e.what_without_backtrace();
      return ex;
    } catch (const std::exception& e) {
      ex.error = name + ": " + e.what();
      return ex;
    }
    std::string bad = mismatch(checked.values[next_value], ex.values[next_value], hosted);
    if (!bad.empty()) {
      ex.error = name + ": " + bad;
      return ex;
    }
    ++next_value;
  }
  if (next_input != inputs.size()) ex.error = "expected " + std::to_string(next_input) + " inputs, got " + std::to_string(inputs.size());
  if (next_value != checked.values.size())  // a transmuting assert's coercions: run lowered_program()
    ex.error = "the check result does not follow the program (" + std::to_string(checked.values.size()) + " values, the program binds " +
               std::to_string(next_value) + ")";
  return ex;
}

}  // namespace spmdcheck
