#include "soundness/mutant_search.h"

#include <algorithm>

#include "mutation/judgment_signature.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

double median(std::vector<double> xs) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  const size_t n = xs.size();
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

}  // namespace

std::string_view mutant_verdict_name(MutantVerdict v) {
  switch (v) {
    case MutantVerdict::Killed: return "killed";
    case MutantVerdict::CaughtByLint: return "caught by lint";
    case MutantVerdict::Survived: return "SURVIVED";
    case MutantVerdict::Equivalent: return "equivalent";
    case MutantVerdict::EquivalentByIntent: return "equivalent (intent)";
    case MutantVerdict::Unloadable: return "UNLOADABLE";
  }
  return "?";
}

bool verdict_is_failure(MutantVerdict v) { return v == MutantVerdict::Survived || v == MutantVerdict::Unloadable; }

int MutantOutcome::killed_runs() const {
  return static_cast<int>(std::count_if(runs.begin(), runs.end(), [](const MutantRun& r) { return r.killed; }));
}

MutantOutcome run_mutant(const RuleTable& original, const Mutant& mutant, const MutantSearchOptions& options) {
  MutantOutcome out;
  TableLoadResult loaded = load_rule_table(mutant.text, mutant.name);
  if (loaded.error) {
    out.detail = "[" + loaded.error->rule_id + "] " + loaded.error->message;
    TableLoadResult parsed = parse_rule_table(mutant.text, mutant.name);
    if (!parsed.table || !options.search_lint_failures) {
      out.verdict = parsed.table ? MutantVerdict::CaughtByLint : MutantVerdict::Unloadable;
      return out;
    }
    loaded = std::move(parsed);
  }
  const RuleTable& table = *loaded.table;
  // Equal behaviour signatures: the mutant accepts and runs every program
  // as the original does, so no search can kill it.
  if (first_behaviour_difference(original, table).empty()) {
    out.verdict = mutant.equivalent_by_intent ? MutantVerdict::EquivalentByIntent : MutantVerdict::Equivalent;
    out.detail = mutant.equivalent_by_intent ? "changes intent only (the behaviour signature is the original's)"
                                             : "same behaviour signature as the original";
    return out;
  }
  for (int j = 0; j < options.seeds; ++j) {
    SearchOptions search;
    search.seed = options.seed + static_cast<uint64_t>(j) * kMutantSeedStride;
    search.max_seconds = options.budget_seconds;
    search.max_programs = options.budget_programs;
    search.settings = options.settings;
    search.gradients = options.gradients;
    search.stop_at_first = true;
    SearchReport report = run_soundness_search(table, search);
    MutantRun run;
    run.seed = search.seed;
    run.killed = !report.counterexamples.empty();
    run.seconds = run.killed ? report.first_found_seconds : report.seconds;
    run.programs = run.killed ? report.first_found_programs : report.programs;
    out.runs.push_back(run);
    if (run.killed) {
      Counterexample& cx = report.counterexamples.front();
      if (!out.shortest || cx.shrunk.statements.size() < out.shortest->shrunk.statements.size()) out.shortest = std::move(cx);
    }
  }
  const int killed = out.killed_runs();
  if (killed == options.seeds) out.verdict = MutantVerdict::Killed;
  else out.verdict = MutantVerdict::Survived;
  if (out.verdict == MutantVerdict::Survived)
    out.detail += (out.detail.empty() ? "" : "; ") + std::string("killed by ") + std::to_string(killed) + " of " +
                  std::to_string(options.seeds) + " seeds";
  return out;
}

KillStatistics kill_statistics(const std::vector<MutantRun>& runs) {
  KillStatistics s;
  std::vector<double> seconds, programs;
  for (const MutantRun& r : runs) {
    if (!r.killed) continue;
    seconds.push_back(r.seconds);
    programs.push_back(static_cast<double>(r.programs));
    s.max_seconds = std::max(s.max_seconds, r.seconds);
    s.max_programs = std::max(s.max_programs, r.programs);
  }
  s.runs = static_cast<int>(seconds.size());
  if (s.runs == 0) return s;
  for (size_t i = 0; i < seconds.size(); ++i) {
    s.mean_seconds += seconds[i] / s.runs;
    s.mean_programs += programs[i] / s.runs;
  }
  s.median_seconds = median(seconds);
  s.median_programs = median(programs);
  return s;
}

}  // namespace spmdcheck
