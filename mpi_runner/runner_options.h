#pragma once
// The command line of spmdcheck-mpi. Its flags follow `spmdcheck soundness`
// (--seed, --program-seed, --programs, --time, --gen, --rules, --no-grad, --no-progress)
// plus the mesh, the backend, the reduction and the watchdog.
#include <cstdint>
#include <optional>
#include <string>

#include "mpi_runner/mpi_rank_group.h"

namespace spmdcheck {

struct RunnerOptions {
  std::string mesh;                      // "dp=2,tp=2"
  uint64_t seed = 1;                     // the program stream (common/seed_stream.h)
  std::optional<uint64_t> program_seed;  // replay one program
  int64_t programs = -1;                 // -1: not given
  double seconds = 0;                    // 0: not given
  std::string gen;                       // generation settings text (its mesh, if any, must equal --mesh)
  std::string rules_file;                // empty: the embedded default table
  std::string backend = "mpi";
  std::string reduction = "ordered";
  double watchdog_seconds = 60;
  bool gradients = true;
  bool progress = true;
  TestFault fault;
};

struct ParsedOptions {
  std::optional<RunnerOptions> options;  // unset: exit with exit_code
  int exit_code = 0;
};

// Parses argv; prints help or usage errors only when `print` (rank 0).
ParsedOptions parse_runner_options(int argc, char** argv, bool print);

}  // namespace spmdcheck
