// The ctest soundness suite (label soundness): RapidCheck properties with
// pinned seeds (RC_PARAMS is set by CMake) on the default table.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "generators/program_generator.h"
#include "generators/rapidcheck_chooser.h"
#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"
#include "soundness/soundness_search.h"

namespace spmdcheck {
namespace {

GenerationSettings small_settings() {
  GenerationSettings s;
  s.min_statements = 2;
  s.max_statements = 16;
  return s;
}

// Property 6: every generated program type-checks.
RC_GTEST_PROP(Soundness, EveryGeneratedProgramTypeChecks, ()) {
  at::set_num_threads(1);
  RapidCheckChooser chooser;
  Program p = generate_program(*default_rule_table(), small_settings(), chooser);
  CheckResult r = check_program(*default_rule_table(), p);
  RC_ASSERT(r.ok());
}

// Properties 1 and 2: forward and gradient consistency of every generated program.
RC_GTEST_PROP(Soundness, ForwardAndGradientConsistency, (uint64_t data_seed)) {
  at::set_num_threads(1);
  RapidCheckChooser chooser;
  const RuleTable& table = *default_rule_table();
  Program p = generate_program(table, small_settings(), chooser);
  PropertyOutcome outcome = check_program_property(table, p, data_seed);
  RC_ASSERT(outcome.error.empty());
  if (outcome.failed()) RC_FAIL(outcome.first_failure().describe(p.mesh) + "\n" + print_program(p));
}

// Issue 13's coverage goal: every row of the default table is hit within
// the first 5000 programs of the default settings (a fifth of them global),
// propagation rows included (the rarest, matmul's and bmm's batch and
// column rows, are hit 2-4 times: DESIGN.md §8).
TEST(Soundness, DefaultSettingsReachEveryAcceptingRowWithin5000Programs) {
  const RuleTable& table = *default_rule_table();
  ASSERT_GT(GenerationSettings{}.global_percent, 0);
  RuleHits hits(table.rules.size(), 0);
  for (uint64_t seed = 1; seed <= 5000; ++seed) {
    SeededChooser chooser(seed);
    check_program(table, generate_program(table, {}, chooser), &hits);
  }
  std::string ids;
  const std::vector<std::string> never = never_hit_rows(table, hits);
  for (const std::string& id : never) ids += " " + id;
  EXPECT_TRUE(never.empty()) << never.size() << " rows never hit:" << ids;
}

// `soundness --global` (global=100): every program has global axes, and
// every accepting row, propagation rows included, is hit within 5000 programs.
TEST(Soundness, GlobalSettingsReachEveryAcceptingRowWithin5000Programs) {
  const RuleTable& table = *default_rule_table();
  GenerationSettings settings;
  settings.global_percent = 100;
  RuleHits hits(table.rules.size(), 0);
  for (uint64_t seed = 1; seed <= 5000; ++seed) {
    SeededChooser chooser(seed);
    const Program p = generate_program(table, settings, chooser);
    ASSERT_GT(p.mesh.num_global, 0) << "seed " << seed;
    check_program(table, p, &hits);
  }
  std::vector<std::string> never = never_hit_rows(table, hits);
  EXPECT_TRUE(never.empty()) << never.size() << " rows never hit, first: " << (never.empty() ? "" : never.front());
}

TEST(Soundness, DefaultTableSearchFindsNothing) {
  at::set_num_threads(1);
  SearchOptions options;
  options.seed = 1000;
  options.max_programs = 300;
  // The default settings, special values in a tenth of the programs: the
  // table is sound on them under its assumption finite_factors
  // (tests/soundness/special_values_test.cpp).
  ASSERT_GT(options.settings.special_percent, 0);
  SearchReport report = run_soundness_search(*default_rule_table(), options);
  EXPECT_EQ(report.programs, 300);
  EXPECT_TRUE(report.errors.empty()) << report.errors.front();
  for (const Counterexample& cx : report.counterexamples)
    ADD_FAILURE() << cx.inconsistency.describe(cx.shrunk.mesh) << "\n" << print_program(cx.shrunk);
}

}  // namespace
}  // namespace spmdcheck
