#include "soundness/program_property.h"

#include <ATen/Parallel.h>

#include <functional>

#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "executor/test_data.h"
#include "oracle/reference_interpreter.h"
#include "soundness/gradient_check.h"

namespace spmdcheck {

uint64_t data_seed_for(uint64_t program_seed) { return program_seed * 0x9e3779b97f4a7c15ull + 0x5eed; }

namespace {

Inconsistency execution_failure(const std::string& message) {
  Inconsistency bad;
  bad.kind = Inconsistency::Kind::Execution;
  bad.name = "the program";
  bad.message = "cannot run: " + message;
  return bad;
}

// The largest number of elements any value holds over all ranks.
double elements_to_run(const CheckResult& checked, const MeshLayout& layout) {
  double most = 0;
  for (const ValueInfo& v : checked.values) {
    double n = layout.num_ranks();
    for (int i = 0; i < v.shape.rank; ++i) n *= static_cast<double>(v.shape.dims[i]);
    most = std::max(most, n);
  }
  return most;
}

constexpr double kMaxElementsToRun = 1 << 24;

void run_property(const RuleTable& table, const Program& program, uint64_t data_seed, const PropertyOptions& options,
                  PropertyOutcome& out);

}  // namespace

PropertyOutcome check_program_property(const RuleTable& table, const Program& program, uint64_t data_seed, const PropertyOptions& options) {
  PropertyOutcome out;
  out.checked = check_program(table, program);
  if (!out.checked.ok()) {
    out.error = "the program does not type-check: " + out.checked.error->message;
    return out;
  }
  const MeshLayout layout(program.mesh);
  if (elements_to_run(out.checked, layout) > kMaxElementsToRun) {
    out.error = "the program is too large to execute (more than 2^24 elements in one value over all ranks)";
    return out;
  }
  try {
    run_property(table, program, data_seed, options, out);
  } catch (const c10::Error& e) {
    out.execution = execution_failure(e.what_without_backtrace());
  } catch (const std::exception& e) {
    out.execution = execution_failure(e.what());
  }
  return out;
}

namespace {

void run_property(const RuleTable& table, const Program& program, uint64_t data_seed, const PropertyOptions& options,
                  PropertyOutcome& out) {
  at::set_num_threads(1);
  const MeshLayout layout(program.mesh);
  SimulatedCommunicator comm(layout);
  std::vector<Denotation> denotations;
  std::vector<RankTensors> inputs;
  std::vector<int> input_values;
  size_t value = 0;
  for (const Statement& s : program.statements) {
    const auto* in = std::get_if<InputStmt>(&s);
    if (!in) {
      value += std::holds_alternative<BindingStmt>(s);
      continue;
    }
    input_values.push_back(static_cast<int>(value++));
    // Each input's data depends on its name only, so shrinking (which
    // removes other statements) keeps the data of what remains.
    DataRng rng(data_seed ^ std::hash<std::string>{}(in->name));
    denotations.push_back(make_input_denotation(*in, layout, rng));
    inputs.push_back(realize_denotation(denotations.back(), in->dtype, layout, comm.hosted_ranks(), rng));
    if (options.gradients) {
      for (at::Tensor& t : denotations.back().items) t = t.detach().set_requires_grad(true);
      for (at::Tensor& t : inputs.back()) t = t.detach().set_requires_grad(true);
    }
  }
  const std::vector<RankTensors> leaves = inputs;
  const std::vector<Denotation> reference_leaves = denotations;
  Execution run = execute_program(table, program, out.checked, comm, std::move(inputs));
  if (!run.error.empty()) {
    out.execution = execution_failure(run.error);
    return;
  }
  ReferenceRun reference = run_reference(table, program, out.checked, layout, std::move(denotations));
  if (!reference.error.empty()) {
    out.execution = execution_failure("reference: " + reference.error);
    return;
  }
  {
    at::NoGradGuard no_grad;
    out.consistency = check_consistency(table, program, out.checked, layout, reference, run.values, options.all_values);
  }
  if (!options.gradients || out.consistency.first) return;
  out.gradient_verdicts.resize(out.checked.values.size());
  GradientRun gradients{table, program, out.checked, layout, comm.hosted_ranks(), run.values, reference, input_values, leaves,
                        reference_leaves, out.consistency, data_seed};
  out.gradient = check_gradients(gradients, out.gradient_verdicts);
}

}  // namespace

}  // namespace spmdcheck
