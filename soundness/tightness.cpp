#include "soundness/tightness.h"

#include <algorithm>
#include <chrono>

#include "mutation/mutation_operators.h"
#include "soundness/parallel_map.h"

namespace spmdcheck {

std::string_view justification_name(Justification j) {
  switch (j) {
    case Justification::Justified: return "justified";
    case Justification::NotJustified: return "NOT JUSTIFIED";
    case Justification::Convention: return "convention";
    case Justification::NeverFires: return "never fires";
    case Justification::NotAnalysed: return "not analysed";
  }
  return "?";
}

int TightnessReport::count(Justification j) const {
  return static_cast<int>(std::count_if(rules.begin(), rules.end(), [j](const RuleTightness& r) { return r.verdict == j; }));
}

namespace {

std::string not_analysed_reason(RowSection section) {
  if (section == RowSection::Transition)
    return "an illegal transition cell no primitive row of its op fits (no action whose meaning suits the cell)";
  if (section == RowSection::Propagation) return "a shard propagation rejection: global programs are not generated yet (DESIGN.md §8)";
  return "not a typing judgment (names, arity, keywords, shapes, dtypes)";
}

Justification verdict_of(const std::vector<TightnessCandidate>& candidates) {
  bool all_equivalent = true;
  for (const TightnessCandidate& c : candidates) {
    if (c.outcome.verdict != MutantVerdict::Equivalent) all_equivalent = false;
    if (c.outcome.verdict == MutantVerdict::Survived || c.outcome.verdict == MutantVerdict::SoundRelaxation ||
        c.outcome.verdict == MutantVerdict::Unloadable)
      return Justification::NotJustified;
  }
  return all_equivalent ? Justification::NeverFires : Justification::Justified;
}

// A typing judgment accepts with each candidate result; an illegal cell
// becomes legal with each primitive row of its op (its action, meaning and
// backward): the relaxations a fix could be.
std::vector<Mutant> candidates_for(const RuleTable& table, std::string_view table_text, const RuleInfo& info) {
  return info.section == RowSection::Transition ? legalization_candidates(table, table_text, info.id)
                                                : acceptance_candidates(table, table_text, info.id);
}

// Candidates may fail the linter (a dead row left behind): still a question about values.
MutantSearchOptions tightness_search(const MutantSearchOptions& options) {
  MutantSearchOptions search = options;
  search.search_lint_failures = true;
  return search;
}

// The verdict of a rule from its searched candidates.
RuleTightness judge(const RuleInfo& info, std::vector<TightnessCandidate> candidates) {
  RuleTightness rule;
  rule.rule_id = info.id;
  rule.section = info.section;
  rule.candidates = std::move(candidates);
  if (rule.candidates.empty()) {
    rule.reason = not_analysed_reason(info.section);
    return rule;
  }
  rule.verdict = verdict_of(rule.candidates);
  // A rejection the table declares a convention may be relaxed soundly: the
  // search confirms what the row says, and that is no failure. A candidate
  // that does not load (an operator bug) confirms nothing.
  const bool all_loaded = std::none_of(rule.candidates.begin(), rule.candidates.end(),
                                       [](const TightnessCandidate& c) { return c.outcome.verdict == MutantVerdict::Unloadable; });
  if (rule.verdict == Justification::NotJustified && info.convention && all_loaded) rule.verdict = Justification::Convention;
  return rule;
}

}  // namespace

RuleTightness check_rule_tightness(const RuleTable& table, std::string_view table_text, const MutantSearchOptions& options,
                                   RuleIndex rule_index) {
  const RuleInfo& info = table.info(rule_index);
  const MutantSearchOptions search = tightness_search(options);
  std::vector<TightnessCandidate> searched;
  for (Mutant& m : candidates_for(table, table_text, info)) {
    MutantOutcome outcome = run_mutant(table, m, search);
    searched.push_back(TightnessCandidate{std::move(m), std::move(outcome)});
  }
  return judge(info, std::move(searched));
}

TightnessReport check_tightness(const RuleTable& table, std::string_view table_text, const MutantSearchOptions& options, int jobs,
                                const std::function<void(size_t, size_t, const MutantOutcome&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  // Every candidate of every rejecting row, one task each (a row's
  // candidates are as unequal as different rows').
  std::vector<const RuleInfo*> rejecting;
  std::vector<std::vector<Mutant>> candidates;
  std::vector<std::pair<size_t, size_t>> tasks;  // (rule, candidate)
  for (const RuleInfo& info : table.rules) {
    if (!info.rejects) continue;
    rejecting.push_back(&info);
    candidates.push_back(candidates_for(table, table_text, info));
    for (size_t c = 0; c < candidates.back().size(); ++c) tasks.emplace_back(rejecting.size() - 1, c);
  }
  const MutantSearchOptions search = tightness_search(options);
  std::vector<MutantOutcome> outcomes = parallel_map<MutantOutcome>(
      tasks.size(), jobs, [&](size_t t) { return run_mutant(table, candidates[tasks[t].first][tasks[t].second], search); }, progress);
  std::vector<std::vector<TightnessCandidate>> searched(rejecting.size());
  for (size_t t = 0; t < tasks.size(); ++t)
    searched[tasks[t].first].push_back(TightnessCandidate{std::move(candidates[tasks[t].first][tasks[t].second]), std::move(outcomes[t])});
  TightnessReport report;
  for (size_t r = 0; r < rejecting.size(); ++r) report.rules.push_back(judge(*rejecting[r], std::move(searched[r])));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace spmdcheck
