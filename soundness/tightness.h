#pragma once
// Tightness (brief property 5): is every rejection of the table justified?
// For each rejecting row, every way of accepting what it rejects (each
// candidate result type, mutation/mutation_operators.h) is searched for a
// counterexample, forward and backward. A rule is justified when every
// candidate is killed; a candidate that survives is an acceptance the search
// could not fault, so the rule may forbid more than it must.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "soundness/mutant_search.h"

namespace spmdcheck {

enum class Justification : uint8_t {
  Justified,     // every candidate was killed
  NotJustified,  // some candidate survived the budget
  Convention,    // not justified, and the row says so (`convention = true`): a choice of the rules, not needed for soundness
  NeverFires,    // accepting changes no judgment: the row is unreachable
  NotAnalysed,   // no candidate can be formed (see `reason`)
};
std::string_view justification_name(Justification j);

struct TightnessCandidate {
  Mutant mutant;
  MutantOutcome outcome;
};

struct RuleTightness {
  std::string rule_id;
  RowSection section = RowSection::Diagnostic;
  Justification verdict = Justification::NotAnalysed;
  std::string reason;  // for NotAnalysed
  std::vector<TightnessCandidate> candidates;
};

struct TightnessReport {
  std::vector<RuleTightness> rules;  // every rejecting row, in table order
  double seconds = 0;
  int count(Justification j) const;
};

// One rejecting row (`rule_id`), as check_tightness judges each.
RuleTightness check_rule_tightness(const RuleTable& table, std::string_view table_text, const MutantSearchOptions& options, RuleIndex rule);

// Every rejecting row, its candidates searched on `jobs` worker threads
// (the report does not depend on the number); `progress(done, total,
// outcome)` is called on the calling thread after each candidate.
TightnessReport check_tightness(const RuleTable& table, std::string_view table_text, const MutantSearchOptions& options, int jobs = 1,
                                const std::function<void(size_t, size_t, const MutantOutcome&)>& progress = {});

}  // namespace spmdcheck
