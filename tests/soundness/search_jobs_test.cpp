// Independent streams and workers (issue 16 items 1-2): different seeds
// search different programs; `program_seed` replays one program exactly;
// the report of a --programs budget is the same for every number of jobs,
// with and without a counterexample that stops the search.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <set>

#include "common/seed_stream.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "soundness/soundness_search.h"
#include "table_edits.h"

namespace spmdcheck {
namespace {

TEST(SeedStreams, DifferentSeedsShareNoProgramSeed) {
  std::set<uint64_t> seen;
  for (uint64_t seed = 1; seed <= 50; ++seed)
    for (uint64_t i = 0; i < 200; ++i) EXPECT_TRUE(seen.insert(program_seed_of(seed, i)).second) << "seed " << seed << " program " << i;
  // Consecutive seeds were overlapping windows before (program i of S was S + i).
  EXPECT_NE(program_seed_of(2, 0), program_seed_of(1, 1));
}

// Everything a report holds that does not depend on the clock.
void expect_same_report(const SearchReport& a, const SearchReport& b) {
  EXPECT_EQ(a.programs, b.programs);
  EXPECT_EQ(a.statements, b.statements);
  EXPECT_EQ(a.hits, b.hits);
  EXPECT_EQ(a.features, b.features);
  EXPECT_EQ(a.errors, b.errors);
  EXPECT_EQ(a.first_found_programs, b.first_found_programs);
  ASSERT_EQ(a.counterexamples.size(), b.counterexamples.size());
  for (size_t k = 0; k < a.counterexamples.size(); ++k) {
    EXPECT_EQ(a.counterexamples[k].program_seed, b.counterexamples[k].program_seed);
    EXPECT_EQ(a.counterexamples[k].index, b.counterexamples[k].index);
    EXPECT_EQ(print_program(a.counterexamples[k].shrunk), print_program(b.counterexamples[k].shrunk));
    EXPECT_EQ(a.counterexamples[k].inconsistency.describe(a.counterexamples[k].shrunk.mesh),
              b.counterexamples[k].inconsistency.describe(b.counterexamples[k].shrunk.mesh));
  }
}

TEST(SearchJobs, AProgramBudgetGivesTheSameReportForEveryNumberOfJobs) {
  at::set_num_threads(1);
  SearchOptions options;
  options.seed = 42;
  options.max_programs = 37;  // not a multiple of the chunk size
  options.gradients = false;
  options.jobs = 1;
  const SearchReport one = run_soundness_search(*default_rule_table(), options);
  EXPECT_EQ(one.programs, 37);
  for (int jobs : {2, 3}) {
    options.jobs = jobs;
    SCOPED_TRACE("jobs " + std::to_string(jobs));
    expect_same_report(one, run_soundness_search(*default_rule_table(), options));
  }
}

// exp typed LINEAR: P flows through exp. The first counterexample of the
// stream stops the search; with more workers some run past it and their
// programs must not count.
TEST(SearchJobs, TheFirstCounterexampleOfTheStreamIsTheSameForEveryNumberOfJobs) {
  at::set_num_threads(1);
  TableLoadResult broken = parse_rule_table(
      testing::edited_default_table({{"name = \"exp\"\nlinearity = \"NONLINEAR\"", "name = \"exp\"\nlinearity = \"LINEAR\""}}), "exp_linear.toml");
  ASSERT_TRUE(broken.table);
  SearchOptions options;
  options.seed = 3;
  options.max_programs = 3000;
  options.gradients = false;
  options.settings.special_percent = 0;
  options.jobs = 1;
  const SearchReport one = run_soundness_search(*broken.table, options);
  ASSERT_EQ(one.counterexamples.size(), 1u) << "no counterexample in " << one.programs << " programs";
  EXPECT_EQ(one.first_found_programs, one.programs);
  EXPECT_EQ(one.counterexamples[0].index + 1, one.programs);
  EXPECT_EQ(one.counterexamples[0].program_seed, program_seed_of(3, static_cast<uint64_t>(one.counterexamples[0].index)));
  options.jobs = 2;
  expect_same_report(one, run_soundness_search(*broken.table, options));

  // The replay: the program seed alone, one program, the same counterexample.
  SearchOptions replay;
  replay.program_seed = one.counterexamples[0].program_seed;
  replay.gradients = false;
  replay.settings = options.settings;
  const SearchReport again = run_soundness_search(*broken.table, replay);
  EXPECT_EQ(again.programs, 1);
  ASSERT_EQ(again.counterexamples.size(), 1u);
  EXPECT_EQ(print_program(again.counterexamples[0].shrunk), print_program(one.counterexamples[0].shrunk));
}

}  // namespace
}  // namespace spmdcheck
