#include "soundness/program_property.h"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/record_function.h>

#include <functional>

#include "executor/executor.h"
#include "executor/rank_group.h"
#include "executor/special_values.h"
#include "executor/test_data.h"
#include "oracle/assert_transmute.h"
#include "oracle/global_reference.h"
#include "oracle/reference_interpreter.h"
#include "soundness/gradient_check.h"
#include "soundness/program_inputs.h"

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

void run_property(const RuleTable& table, const Program& program, uint64_t data_seed, const PropertyOptions& options, PropertyOutcome& out);

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
  // Transmuting asserts run as the coercions they stand for: every consumer
  // below walks the statements in step with the checked bindings.
  if (out.checked.transmutes.empty())
    run_property(table, program, data_seed, options, out);
  else
    run_property(table, lowered_program(program, out.checked), data_seed, options, out);
  return out;
}

namespace {

// Runs `step`, turning an exception into `error` (kept if already set), so
// every process still reaches the next agreement point of its RankGroup.
template <typename Step>
void local_step(std::string& error, Step&& step) {
  try {
    step();
  } catch (const c10::Error& e) {
    if (error.empty()) error = e.what_without_backtrace();
  } catch (const std::exception& e) {
    if (error.empty()) error = e.what();
  }
}

// What the processes other than the checker record when the checker's verdict
// is a failure: failed() holds, the details are in the checker's report.
Inconsistency found_by_checker() {
  Inconsistency bad;
  bad.kind = Inconsistency::Kind::Execution;
  bad.name = "the program";
  bad.message = "found by the checking process (see its report)";
  return bad;
}

// Every process of `group` passes the agreement points in the same order,
// whatever fails locally (RankGroup's contract).
void run_property(const RuleTable& table, const Program& program, uint64_t data_seed, const PropertyOptions& options,
                  PropertyOutcome& out) {
  at::set_num_threads(1);
  // No profiler observes a property run; with RecordFunction off, the
  // thread-local state each autograd node sets and restores is cheaper (2%
  // of a search's instructions, callgrind).
  at::DisableRecordFunctionGuard no_record_functions;
  const MeshLayout layout(program.mesh);
  SimulatedRankGroup simulated;
  RankGroup& group = options.ranks ? *options.ranks : simulated;
  Communicator* comm = group.begin(program, layout, data_seed);
  if (!comm) {
    out.error = "the mesh cannot run on these ranks";
    return;
  }
  const bool checker = group.is_checker();
  std::string error;
  ProgramInputs inputs;
  Execution run;
  local_step(error, [&] {
    inputs = make_program_inputs(program, out.checked, layout, comm->hosted_ranks(), data_seed, options.gradients, options.special_rate);
    run = execute_program(table, program, out.checked, *comm, inputs.tensors);
    if (!run.error.empty()) error = run.error;
  });
  if (group.any(!error.empty())) {
    out.execution = execution_failure(error.empty() ? "failed on another rank" : error);
    return;
  }
  std::vector<RankTensors> all_values = group.gather(run.values);
  ReferenceRun reference;
  bool failed = false;
  if (checker) {
    local_step(error, [&] {
      // Property 8 where the program has global axes: the ranks must compute
      // what one device computes on the global tensors.
      reference = program.mesh.num_global > 0 ? run_global_reference(table, program, out.checked, layout, inputs.denotations)
                                              : run_reference(table, program, out.checked, layout, inputs.denotations);
      if (!reference.error.empty()) {
        error = "reference: " + reference.error;
        return;
      }
      at::NoGradGuard no_grad;
      out.consistency = check_consistency(table, program, out.checked, layout, reference, all_values, options.all_values);
    });
    if (!error.empty()) out.execution = execution_failure(error);
    failed = out.failed();
  }
  if (group.from_checker(failed)) {
    if (!checker) out.execution = found_by_checker();
    return;
  }
  if (!options.gradients) return;

  Cotangents cotangents;
  local_step(error, [&] {
    cotangents = make_cotangents(table, out.checked, layout, comm->hosted_ranks(), data_seed);
    backward_ranks(run.values, cotangents);
  });
  if (group.any(!error.empty())) {
    out.execution = execution_failure(error.empty() ? "backward failed on another rank" : "backward: " + error);
    return;
  }
  if (cotangents.outputs.empty()) return;  // nothing flows back (the same on every process)
  std::vector<RankTensors> all_gradients = group.gather(rank_gradients(inputs));
  failed = false;
  if (checker) {
    local_step(error, [&] {
      backward_reference(reference, cotangents);
      at::NoGradGuard no_grad;
      out.gradient_verdicts.resize(out.checked.values.size());
      GradientRun gradients{table,         program,       out.checked,        layout,          reference,
                            inputs.values, all_gradients, inputs.denotations, out.consistency, cotangents.max_abs};
      out.gradient = compare_gradients(gradients, cotangents.outputs, out.gradient_verdicts);
    });
    if (!error.empty()) out.execution = execution_failure("reference backward: " + error);
    failed = out.failed();
  }
  if (group.from_checker(failed) && !checker) out.gradient = found_by_checker();
}

}  // namespace

}  // namespace spmdcheck
