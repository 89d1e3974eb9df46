#include "soundness/tightness.h"

#include <algorithm>
#include <chrono>

#include "mutation/mutation_operators.h"

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

}  // namespace

RuleTightness check_rule_tightness(const RuleTable& table, std::string_view table_text, const MutantSearchOptions& options,
                                   RuleIndex rule_index) {
  const RuleInfo& info = table.info(rule_index);
  MutantSearchOptions search = options;
  search.search_lint_failures = true;
  RuleTightness rule;
  rule.rule_id = info.id;
  rule.section = info.section;
  // A typing judgment accepts with each candidate result; an illegal cell
  // becomes legal with each primitive row of its op (its action, meaning
  // and backward): the relaxations a fix could be.
  std::vector<Mutant> candidates = info.section == RowSection::Transition ? legalization_candidates(table, table_text, info.id)
                                                                          : acceptance_candidates(table, table_text, info.id);
  for (Mutant& m : candidates) {
    MutantOutcome outcome = run_mutant(table, m, search);
    rule.candidates.push_back(TightnessCandidate{std::move(m), std::move(outcome)});
  }
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

TightnessReport check_tightness(const RuleTable& table, std::string_view table_text, const MutantSearchOptions& options,
                                const std::function<void(int, int, const std::string&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  TightnessReport report;
  std::vector<RuleIndex> rejecting;
  for (size_t r = 0; r < table.rules.size(); ++r)
    if (table.rules[r].rejects) rejecting.push_back(static_cast<RuleIndex>(r));
  for (size_t i = 0; i < rejecting.size(); ++i) {
    if (progress) progress(static_cast<int>(i), static_cast<int>(rejecting.size()), table.info(rejecting[i]).id);
    report.rules.push_back(check_rule_tightness(table, table_text, options, rejecting[i]));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace spmdcheck
