// bench/jobs: the soundness search's throughput at --jobs 2 against
// --jobs 1, measured in one run on the same programs (stream 1, the default
// settings, gradients on; a --programs budget, so both runs check exactly
// the same programs and must agree). Target (issue 16): at least 1.8x on a
// 2-core machine. Runs alternate 1, 2, 1, 2, ... and the best of each is
// kept, so a neighbour's load on a shared machine costs both sides alike.
// Usage: bench_jobs [PROGRAMS [ROUNDS]] (default 2000 programs, 3 rounds:
// shorter runs are dominated by the noise of a shared machine).
#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "bench/bench_args.h"
#include "rules/table_loader.h"
#include "soundness/soundness_search.h"

int main(int argc, char** argv) {
  using namespace spmdcheck;
  const char* usage = "bench_jobs [PROGRAMS [ROUNDS]]";
  const auto programs = static_cast<int64_t>(bench::positive_arg(argc, argv, 1, 2000, usage));
  const int rounds = static_cast<int>(bench::positive_arg(argc, argv, 2, 3, usage));
  at::set_num_threads(1);
  SearchOptions options;
  options.seed = 1;
  options.max_programs = programs;
  options.stop_at_first = false;
  double best[3] = {0, 0, 0};  // programs/s at 1 and 2 jobs
  int64_t statements[3] = {0, 0, 0};
  for (int round = 0; round < rounds; ++round)
    for (int jobs : {1, 2}) {
      options.jobs = jobs;
      const SearchReport report = run_soundness_search(*default_rule_table(), options);
      best[jobs] = std::max(best[jobs], static_cast<double>(report.programs) / report.seconds);
      statements[jobs] = report.statements;
      std::printf("round %d, --jobs %d: %lld programs in %.2f s = %.0f programs/s\n", round + 1, jobs,
                  static_cast<long long>(report.programs), report.seconds, report.programs / report.seconds);
    }
  const double ratio = best[2] / best[1];
  std::printf("cores: %u; best --jobs 1: %.0f programs/s, best --jobs 2: %.0f programs/s; ratio %.2fx (target >= 1.8x: %s)\n",
              std::thread::hardware_concurrency(), best[1], best[2], ratio, ratio >= 1.8 ? "met" : "NOT met");
  if (statements[1] != statements[2]) {
    std::printf("ERROR: the two runs checked different programs (%lld against %lld statements)\n", static_cast<long long>(statements[1]),
                static_cast<long long>(statements[2]));
    return 1;
  }
  return 0;
}
