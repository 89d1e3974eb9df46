#pragma once
// `spmdcheck soundness` and `spmdcheck run` (LibTorch-linked commands).
#include <cstdint>
#include <optional>
#include <string>

#include "rules/rule_table.h"

namespace spmdcheck {

struct SoundnessArgs {
  uint64_t seed = 1;
  std::optional<uint64_t> program_seed;  // --program-seed: replay one program
  int jobs = 0;                          // 0: the number of cores
  int64_t programs = -1;                 // -1: not given
  double seconds = 0;                    // 0: not given
  std::string json_file;
  std::string html_file;     // --html: the report page
  std::string gen;           // generation settings text
  bool progress = true;      // only drawn when standard error is a terminal
  bool gradients = true;     // property 2 (gradients) as well as property 1
  bool distributed = false;  // one share of an mpirun job (mpi_runner/distributed_search.h)
  bool global = false;       // --global: every program has a global axis (generation's global=100)
};

int run_soundness_command(const RuleTable& table, const std::string& rules_file, const SoundnessArgs& args);

// `run FILE`: one program on simulated ranks, per-value consistency.
// `special_rate`: PropertyOptions::special_rate (0: regular data only).
int run_run_command(const RuleTable& table, const std::string& file, uint64_t seed, bool gradients, int special_rate = 0);

}  // namespace spmdcheck
