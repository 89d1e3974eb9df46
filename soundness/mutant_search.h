#pragma once
// Killing one mutant: load it like any rule file, recognise equivalent
// mutants by their behaviour signature (mutation/judgment_signature.h), then
// run the soundness search (forward and backward) on the
// mutant table from K seeds, each until its first counterexample or the
// budget. The mutation benchmark (`spmdcheck mutants`) and the tightness
// report (`spmdcheck tightness`) are built on this.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generators/generation_settings.h"
#include "mutation/mutant.h"
#include "soundness/soundness_search.h"

namespace spmdcheck {

enum class MutantVerdict : uint8_t {
  Killed,        // every seed found a counterexample within the budget
  CaughtByLint,  // the linter rejects the mutant: no user can load it
  Survived,      // some seed found none within the budget: a weakness
  // An accept-rejected or legalize-cell mutant that survived although the
  // searches ran the combination it newly accepts or the row it makes legal
  // (`row_hits` times), every time consistently: the original's rejection is
  // a convention, not needed for soundness (tightness reports the
  // accept-rejected ones as not justified). Not a failure of the search.
  SoundRelaxation,
  Equivalent,          // same behaviour signature as the original: nothing to find
  EquivalentByIntent,  // an intent-only change (expert gate): same behaviour signature
  Unloadable,          // the mutant does not parse: an operator bug
};
std::string_view mutant_verdict_name(MutantVerdict v);
bool verdict_is_failure(MutantVerdict v);  // Survived, Unloadable

struct MutantSearchOptions {
  uint64_t seed = 1;  // search j of a mutant checks the program stream seed + j (common/seed_stream.h)
  int seeds = 3;      // K
  double budget_seconds = 30;
  int64_t budget_programs = 0;  // 0: no limit besides the time
  GenerationSettings settings;
  bool gradients = true;
  // Search mutants the linter rejects (when they parse) instead of counting
  // them as caught. Tightness wants this: a candidate that leaves a dead row
  // behind is still a question about values.
  bool search_lint_failures = false;
  // Count the programs only the mutant accepts (run_mutant sets it for a
  // mutant that only relaxes the original: one more check per program).
  bool count_relaxed = false;
};

struct MutantRun {
  uint64_t seed = 0;
  bool killed = false;
  double seconds = 0;    // to the first kill (before shrinking), or the whole search if none
  int64_t programs = 0;  // likewise
};

// A shrunk program that kills a mutant.
struct MutantKill {
  uint64_t program_seed = 0;
  Program program;
  bool rejection = false;  // an unjustified rejection (else an unsound acceptance)
  int special_rate = 0;    // percent of input elements special in its data (0: none)
  std::string failure;     // what went wrong, one line
};

struct MutantOutcome {
  MutantVerdict verdict = MutantVerdict::Survived;
  std::string detail;  // the lint finding, the load error, or the equivalence reason
  std::vector<MutantRun> runs;
  int64_t row_hits = 0;                // how often the searched programs used the mutated row
  int64_t relaxed_runs = 0;            // programs only the mutant accepts that ran consistently (only_relaxes mutants)
  std::optional<MutantKill> shortest;  // over the seeds, fewest shrunk statements
  int killed_runs() const;
};

MutantOutcome run_mutant(const RuleTable& original, const Mutant& mutant, const MutantSearchOptions& options);

// Statistics over the killed runs of outcomes: time and programs to the
// first counterexample.
struct KillStatistics {
  int runs = 0;
  double mean_seconds = 0, median_seconds = 0, max_seconds = 0;
  double mean_programs = 0, median_programs = 0;
  int64_t max_programs = 0;
};
KillStatistics kill_statistics(const std::vector<MutantRun>& runs);

}  // namespace spmdcheck
