// The kernels' results may share storage with their arguments (contiguous
// views, kernels/local_kernels.h), and the ranks' inputs are views of one
// stacked leaf per input (soundness/program_inputs.h): both are sound only
// because nothing writes a value in place. LibTorch counts in-place writes
// in a version counter that a view shares with its base, so a write through
// any alias shows on every tensor of the storage.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "generators/program_generator.h"
#include "oracle/reference_interpreter.h"
#include "rules/table_loader.h"
#include "soundness/gradient_check.h"
#include "soundness/program_inputs.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

using Versions = std::vector<std::vector<int64_t>>;  // per value, per hosted rank

Versions versions(const std::vector<RankTensors>& values) {
  Versions out(values.size());
  for (size_t v = 0; v < values.size(); ++v)
    for (const at::Tensor& t : values[v]) out[v].push_back(t.defined() ? t._version() : -1);
  return out;
}

// The first value of `before` whose version differs in `after`, or "". A
// tensor may be built in place (a communicator's sum, an embedding), so its
// version on creation is whatever that took: only later changes count.
std::string changed(const Versions& before, const Versions& after, const char* what) {
  for (size_t v = 0; v < before.size() && v < after.size(); ++v)
    if (before[v] != after[v]) return std::string(what) + " " + std::to_string(v) + " was written in place";
  return {};
}

struct ProgramRun {
  ProgramInputs inputs;
  Execution execution;
};

ProgramRun execute(const RuleTable& table, const Program& p, const CheckResult& checked, Communicator& comm, uint64_t data_seed) {
  ProgramRun run;
  run.inputs = make_program_inputs(p, checked, MeshLayout(p.mesh), comm.hosted_ranks(), data_seed, /*gradients=*/true, 0);
  run.execution = execute_program(table, p, checked, comm, run.inputs.tensors);
  return run;
}

// Each prefix of the program is run: a value's version after the statement
// that makes it must stay what it is after every later statement (a later
// statement writing an earlier value, or an input, shows here). Then the
// whole program's backward passes, ranks' and reference's, must change no
// version of a value, an input or a reference item.
TEST(InPlace, NoStatementOrBackwardPassWritesAValueAnInputOrAReferenceItem) {
  at::set_num_threads(1);
  const RuleTable& table = *default_rule_table();
  int ran = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    SeededChooser chooser(seed);
    const Program p = generate_program(table, {}, chooser);
    if (p.mesh.num_global > 0) continue;  // local programs: the local reference below
    const CheckResult checked = check_program(table, p);
    ASSERT_TRUE(checked.ok()) << seed;
    const MeshLayout layout(p.mesh);
    SimulatedCommunicator comm(layout);
    const uint64_t data_seed = data_seed_for(seed);
    Versions previous_values, previous_inputs;
    for (size_t k = 1; k <= p.statements.size(); ++k) {
      Program prefix = p;
      prefix.statements.resize(k);
      const CheckResult prefix_checked = check_program(table, prefix);
      if (!prefix_checked.ok()) continue;  // e.g. a loss statement cut from its value's typing
      const ProgramRun run = execute(table, prefix, prefix_checked, comm, data_seed);
      ASSERT_TRUE(run.execution.error.empty()) << seed << ": " << run.execution.error;
      const Versions values = versions(run.execution.values), inputs = versions(run.inputs.tensors);
      EXPECT_EQ(changed(previous_values, values, "value"), "") << "program seed " << seed << ", statement " << k;
      EXPECT_EQ(changed(previous_inputs, inputs, "input"), "") << "program seed " << seed << ", statement " << k;
      previous_values = values;
      previous_inputs = inputs;
    }
    ProgramRun run = execute(table, p, checked, comm, data_seed);
    ASSERT_TRUE(run.execution.error.empty()) << seed << ": " << run.execution.error;
    ReferenceRun reference = run_reference(table, p, checked, layout, run.inputs.denotations);
    ASSERT_TRUE(reference.error.empty()) << seed << ": " << reference.error;
    std::vector<RankTensors> items;
    for (const Denotation& d : reference.values) items.push_back(d.items);
    const Versions values = versions(run.execution.values), inputs = versions(run.inputs.tensors), reference_items = versions(items);
    const Cotangents cotangents = make_cotangents(table, checked, layout, comm.hosted_ranks(), data_seed);
    backward_ranks(run.execution.values, cotangents);
    backward_reference(reference, cotangents);
    EXPECT_EQ(changed(values, versions(run.execution.values), "value"), "") << "program seed " << seed << ", backward";
    EXPECT_EQ(changed(inputs, versions(run.inputs.tensors), "input"), "") << "program seed " << seed << ", backward";
    EXPECT_EQ(changed(reference_items, versions(items), "reference value"), "") << "program seed " << seed << ", backward";
    ++ran;
  }
  EXPECT_GT(ran, 100);
}

// The check above can fail: an in-place write through a view of a stacked
// input shows on the other ranks' views of it.
TEST(InPlace, AWriteThroughOneRanksViewShowsOnEveryRank) {
  at::Tensor stacked = at::zeros({2, 3}, at::kDouble);
  std::vector<at::Tensor> ranks = stacked.unbind(0);
  const Versions before = versions({ranks});
  ranks[0].add_(1);
  EXPECT_NE(changed(before, versions({ranks}), "input"), "");
  EXPECT_EQ(ranks[1]._version(), before[0][1] + 1);  // the other rank's view shares the counter
}

}  // namespace
}  // namespace spmdcheck
