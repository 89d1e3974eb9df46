#pragma once
// A distributed soundness search (`mpirun -np K spmdcheck soundness
// --distributed ...`, DESIGN.md §4b): every process is one share of the
// stream (SearchOptions::share, part = its MPI rank); processes tell each
// other their first counterexample so none runs past it; each sends its
// chunks to rank 0, which merges them into the one report. No collective runs
// inside a program: each process checks its programs on simulated ranks.
// The header names no MPI type; where spmdcheck is built without MPI the
// implementation (distributed_absent.cpp) says so.
#include <string>

#include "soundness/soundness_search.h"

namespace spmdcheck {

struct DistributedOutcome {
  bool started = false;  // false: MPI could not be used; `error` says why
  std::string error;
  int rank = 0, processes = 1;
  SearchReport report;  // rank 0: the merged report; other ranks: empty
};

// Starts MPI (once per process) and runs this process's share of `options`
// (its share and exchange are set here; progress is drawn on rank 0 only).
DistributedOutcome run_distributed_search(const RuleTable& table, const SearchOptions& options);

// Every process returns rank 0's `code` (the others' own is ignored), so
// mpirun's exit status is the report's; ends MPI where it was started.
int finish_distributed_search(const DistributedOutcome& outcome, int code);

}  // namespace spmdcheck
