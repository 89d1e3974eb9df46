#pragma once
// The summary spmdcheck-mpi prints on rank 0, nccl-tests style: the run, a
// line per rank with its coordinates, host and #wrong, every counterexample
// with its shrunk program and replay lines, then OK or FAILED.
#include <optional>
#include <string>
#include <vector>

#include "mpi_runner/runner_options.h"
#include "soundness/soundness_search.h"

namespace spmdcheck {

struct RunnerReport {
  const RuleTable& table;
  const SearchOptions& search;
  const RunnerOptions& args;
  const SearchReport& result;
  std::vector<std::string> hosts;  // per rank
  std::string backend;             // what ran, in words
  // Set when a counterexample (R/I values differing between ranks) went away
  // with --reduction ordered: the library's reduction, not the table.
  std::optional<std::string> library_finding;
};

// The replay command of one program on the same ranks.
std::string mpi_replay_line(const RunnerReport& r, uint64_t program_seed);
std::string runner_summary(const RunnerReport& r);
bool runner_ok(const SearchReport& result);

}  // namespace spmdcheck
