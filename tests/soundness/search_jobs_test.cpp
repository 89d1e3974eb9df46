// Independent streams, workers and shares (issue 16 items 1-3): different seeds
// search different programs; `program_seed` replays one program exactly;
// the report of a --programs budget is the same for every number of jobs
// and for every number of processes' shares merged, with and without a
// counterexample that stops the search.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <set>

#include "common/seed_stream.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "same_report.h"
#include "soundness/soundness_search.h"
#include "table_edits.h"

namespace spmdcheck {
namespace {

using testing::expect_same_report;

TEST(SeedStreams, DifferentSeedsShareNoProgramSeed) {
  std::set<uint64_t> seen;
  for (uint64_t seed = 1; seed <= 50; ++seed)
    for (uint64_t i = 0; i < 200; ++i) EXPECT_TRUE(seen.insert(program_seed_of(seed, i)).second) << "seed " << seed << " program " << i;
  // Consecutive seeds were overlapping windows before (program i of S was S + i).
  EXPECT_NE(program_seed_of(2, 0), program_seed_of(1, 1));
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

TEST(StreamShares, TheSharesOfAProgramBudgetMergeIntoTheReportOfOneProcess) {
  at::set_num_threads(1);
  SearchOptions options;
  options.seed = 8;
  options.max_programs = 61;  // the last chunk partial, parts of unequal length
  options.gradients = false;
  const SearchReport one = run_soundness_search(*default_rule_table(), options);
  for (int parts : {2, 4}) {
    SCOPED_TRACE("parts " + std::to_string(parts));
    std::vector<SearchChunk> chunks;
    std::set<int64_t> begins;
    for (int part = 0; part < parts; ++part) {
      SearchOptions share = options;
      share.share = StreamShare{part, parts};
      for (SearchChunk& c : search_chunks(*default_rule_table(), share)) {
        EXPECT_EQ(c.begin / kSearchChunkPrograms % parts, part) << "chunk at " << c.begin << " is not this share's";
        EXPECT_TRUE(begins.insert(c.begin).second) << "chunk at " << c.begin << " searched twice";
        chunks.push_back(std::move(c));
      }
    }
    EXPECT_EQ(begins.size(), 8u);  // ceil(61 / 8): every chunk of the budget, once
    expect_same_report(one, merge_chunks(*default_rule_table(), options, std::move(chunks), 0));
  }
}

// exp typed LINEAR: P flows through exp. The first counterexample of the
// stream stops the search; with more workers some run past it and their
// programs must not count.
TEST(SearchJobs, TheFirstCounterexampleOfTheStreamIsTheSameForEveryNumberOfJobs) {
  at::set_num_threads(1);
  TableLoadResult broken;
  SearchOptions options = testing::exp_linear_search(broken);
  ASSERT_TRUE(broken.table);
  options.jobs = 1;
  const SearchReport one = run_soundness_search(*broken.table, options);
  ASSERT_EQ(one.counterexamples.size(), 1u) << "no counterexample in " << one.programs << " programs";
  EXPECT_EQ(one.first_found_programs, one.programs);
  EXPECT_EQ(one.counterexamples[0].index + 1, one.programs);
  EXPECT_EQ(one.counterexamples[0].program_seed, program_seed_of(3, static_cast<uint64_t>(one.counterexamples[0].index)));
  options.jobs = 2;
  expect_same_report(one, run_soundness_search(*broken.table, options));
  // Three processes' shares, each searched to its own first counterexample
  // (no exchange: the merge alone must cut at the stream's first).
  options.jobs = 1;
  std::vector<SearchChunk> chunks;
  for (int part = 0; part < 3; ++part) {
    SearchOptions share = options;
    share.share = StreamShare{part, 3};
    for (SearchChunk& c : search_chunks(*broken.table, share)) chunks.push_back(std::move(c));
  }
  expect_same_report(one, merge_chunks(*broken.table, options, std::move(chunks), 0));

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
