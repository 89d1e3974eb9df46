#include "soundness/forward_property.h"

#include <ATen/Parallel.h>

#include <functional>

#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "executor/test_data.h"
#include "oracle/reference_interpreter.h"

namespace spmdcheck {

uint64_t data_seed_for(uint64_t program_seed) { return program_seed * 0x9e3779b97f4a7c15ull + 0x5eed; }

PropertyOutcome check_forward_property(const RuleTable& table, const Program& program, uint64_t data_seed, bool all_values) {
  PropertyOutcome out;
  out.checked = check_program(table, program);
  if (!out.checked.ok()) {
    out.error = "the program does not type-check: " + out.checked.error->message;
    return out;
  }
  at::set_num_threads(1);
  const MeshLayout layout(program.mesh);
  SimulatedCommunicator comm(layout);
  std::vector<Denotation> denotations;
  std::vector<RankTensors> inputs;
  for (const Statement& s : program.statements) {
    const auto* in = std::get_if<InputStmt>(&s);
    if (!in) continue;
    // Each input's data depends on its name only, so shrinking (which
    // removes other statements) keeps the data of what remains.
    DataRng rng(data_seed ^ std::hash<std::string>{}(in->name));
    denotations.push_back(make_input_denotation(*in, layout, rng));
    inputs.push_back(realize_denotation(denotations.back(), in->dtype, layout, comm.hosted_ranks(), rng));
  }
  Execution run = execute_program(table, program, out.checked, comm, std::move(inputs));
  if (!run.error.empty()) {
    out.error = run.error;
    return out;
  }
  ReferenceRun reference = run_reference(table, program, out.checked, layout, std::move(denotations));
  if (!reference.error.empty()) {
    out.error = reference.error;
    return out;
  }
  out.consistency = check_consistency(table, program, out.checked, layout, reference, run.values, all_values);
  return out;
}

}  // namespace spmdcheck
