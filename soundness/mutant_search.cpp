#include "soundness/mutant_search.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "common/seed_stream.h"
#include "generators/program_generator.h"
#include "generators/program_shrinker.h"
#include "mutation/judgment_signature.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

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
    case MutantVerdict::SoundRelaxation: return "sound relaxation";
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

namespace {

using Clock = std::chrono::steady_clock;

struct SeedResult {
  MutantRun run;
  std::optional<MutantKill> kill;
  RuleHits hits;        // of the mutant's rows, over the programs generated from the mutant
  int64_t relaxed = 0;  // programs the mutant accepts and the original rejects that ran
};

// The statements value `name` depends on: its binding, the bindings of the
// names those use, transitively, and their inputs; then `output name`.
Program cone_of(const Program& p, const std::string& name) {
  std::set<std::string> needed = {name};
  std::vector<const Statement*> kept;
  auto use = [&](const ArgValue& v) {
    if (v.kind == ArgValue::Kind::Name || v.kind == ArgValue::Kind::NameList) needed.insert(v.names.begin(), v.names.end());
  };
  for (auto it = p.statements.rbegin(); it != p.statements.rend(); ++it) {
    if (const auto* in = std::get_if<InputStmt>(&*it); in && needed.count(in->name)) kept.push_back(&*it);
    const auto* b = std::get_if<BindingStmt>(&*it);
    if (!b || std::none_of(b->names.begin(), b->names.end(), [&](const std::string& n) { return needed.count(n) > 0; })) continue;
    kept.push_back(&*it);
    for (const Arg& a : b->args) use(a.value);
    for (const KwArg& kw : b->kwargs) use(kw.value);
  }
  Program cone;
  cone.mesh = p.mesh;
  for (auto it = kept.rbegin(); it != kept.rend(); ++it) cone.statements.push_back(**it);
  OutputStmt out;
  out.names = {name};
  out.name_locs = {SourceLoc{}};  // parallel to names, as the checker reads them
  cone.statements.push_back(out);
  return cone;
}

// Whether the original fails `q` on the same data: it accepts q and q runs
// inconsistently (the original's counterexample, not the mutant's).
bool original_fails(const RuleTable& original, const Program& q, uint64_t data_seed, const PropertyOptions& property) {
  return check_program(original, q).ok() && check_program_property(original, q, data_seed, property).failed();
}

// Whether `p` fails the property under the mutant for the mutation's sake:
// it runs inconsistently under the mutant's types, and not also under the
// original's (a program the original accepts and fails on the same data
// is the original's counterexample, which its own search reports: with
// special values, a framework issue recorded in DESIGN.md "Special values").
bool fails_by_mutation(const RuleTable& original, const RuleTable& mutant, const Program& p, uint64_t data_seed,
                       const PropertyOptions& property, PropertyOutcome* outcome = nullptr) {
  PropertyOutcome o = check_program_property(mutant, p, data_seed, property);
  if (!o.error.empty() || !o.failed()) return false;
  if (original_fails(original, p, data_seed, property)) return false;
  // A forward failure of a value the original types alike in the program
  // cut down to that value's cone (an oracle limit, DESIGN.md §4, that a
  // statement only the mutant accepts elsewhere let through).
  const Inconsistency& first = o.first_failure();
  if (first.kind != Inconsistency::Kind::Execution && !first.name.empty() && !o.gradient.has_value() &&
      original_fails(original, cone_of(p, first.name), data_seed, property))
    return false;
  if (outcome) *outcome = std::move(o);
  return true;
}

// An unsound acceptance: the mutant's program runs inconsistently.
std::optional<MutantKill> unsound_acceptance(const RuleTable& original, const RuleTable& mutant, const Program& p, uint64_t program_seed,
                                             const PropertyOptions& property) {
  const uint64_t data_seed = data_seed_for(program_seed);
  PropertyOutcome outcome;
  if (!fails_by_mutation(original, mutant, p, data_seed, property, &outcome)) return std::nullopt;
  MutantKill kill;
  kill.program_seed = program_seed;
  kill.special_rate = property.special_rate;
  kill.program = shrink_program(mutant, p, [&](const Program& q) { return fails_by_mutation(original, mutant, q, data_seed, property); });
  PropertyOutcome again;
  if (!fails_by_mutation(original, mutant, kill.program, data_seed, property, &again)) {  // cannot happen while runs are deterministic
    kill.program = p;
    again = std::move(outcome);
  }
  kill.failure = again.first_failure().describe(kill.program.mesh);
  return kill;
}

// An unjustified rejection: the mutant rejects the original's program, which
// runs consistently under the original's types.
std::optional<MutantKill> unjustified_rejection(const RuleTable& original, const RuleTable& mutant, const Program& p, uint64_t program_seed,
                                                const PropertyOptions& property) {
  if (check_program(mutant, p).ok()) return std::nullopt;
  const uint64_t data_seed = data_seed_for(program_seed);
  auto consistent = [&](const Program& q) {
    PropertyOutcome o = check_program_property(original, q, data_seed, property);
    return o.error.empty() && !o.failed();
  };
  if (!consistent(p)) return std::nullopt;  // the original is at fault: its own search reports that
  MutantKill kill;
  kill.program_seed = program_seed;
  kill.rejection = true;
  kill.special_rate = property.special_rate;
  kill.program = shrink_program(original, p, [&](const Program& q) { return !check_program(mutant, q).ok(); });
  if (!consistent(kill.program)) kill.program = p;
  const CheckResult rejected = check_program(mutant, kill.program);
  kill.failure = "the mutant rejects it [" + (rejected.error ? rejected.error->rule_id : std::string("?")) +
                 "], but the original types it and it runs consistently forward and backward";
  return kill;
}

SeedResult search_seed(const RuleTable& original, const RuleTable& mutant, uint64_t seed, const MutantSearchOptions& options) {
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  PropertyOptions property;
  property.gradients = options.gradients;
  // Special values as the soundness search mixes them (some bug classes,
  // nansum typed LINEAR, show only on NaN); a failure the original shares
  // is not a kill (fails_by_mutation).
  SeedResult r;
  r.run.seed = seed;
  r.hits.assign(mutant.rules.size(), 0);
  for (int64_t i = 0;; ++i) {
    if (options.budget_programs > 0 && i >= options.budget_programs) break;
    if (options.budget_seconds > 0 && elapsed() >= options.budget_seconds) break;
    if (options.budget_programs <= 0 && options.budget_seconds <= 0) break;
    const uint64_t program_seed = program_seed_of(seed, static_cast<uint64_t>(i));
    SeededChooser from_mutant(program_seed), from_original(program_seed);
    const Program p = generate_program(mutant, options.settings, from_mutant);
    const Program q = generate_program(original, options.settings, from_original);
    r.run.programs = i + 1;
    property.special_rate = special_data_for(options.settings, data_seed_for(program_seed)) ? options.settings.special_rate : 0;
    // Timed before shrinking: the kill is found here.
    const bool accepted = check_program(mutant, p, &r.hits).ok();
    const bool relaxed = accepted && options.count_relaxed && !check_program(original, p).ok();
    const bool unsound = accepted && check_program_property(mutant, p, data_seed_for(program_seed), property).failed();
    r.relaxed += relaxed && !unsound;
    const bool rejects = !unsound && !check_program(mutant, q).ok();
    if (!unsound && !rejects) continue;
    r.run.seconds = elapsed();
    r.kill = unsound ? unsound_acceptance(original, mutant, p, program_seed, property)
                     : unjustified_rejection(original, mutant, q, program_seed, property);
    if (r.kill) {
      r.run.killed = true;
      return r;
    }
  }
  r.run.seconds = elapsed();
  return r;
}

}  // namespace

MutantOutcome run_mutant(const RuleTable& original, const Mutant& mutant, const MutantSearchOptions& given) {
  // A global SPMD mutant (a propagation row, a spec update) only shows in
  // global programs: its searches generate them.
  MutantSearchOptions options = given;
  if (mutant.global) options.settings.global_percent = 100;
  MutantOutcome out;
  TableLoadResult loaded = load_rule_table(mutant.text, mutant.name);
  const bool lint_failed = loaded.error.has_value();
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
  // Searched past the linter: a mutant that differs only in `meaning` fields
  // runs every program as the original does (no run reads a meaning), so
  // only the linter can refuse it, and did.
  if (lint_failed && first_behaviour_difference(original, table, /*meanings=*/false).empty()) {
    out.verdict = MutantVerdict::Equivalent;
    out.detail = "differs only in meanings, which no run reads (the reference computes the law): the linter's alone, " + out.detail;
    return out;
  }
  // A mutant that only accepts more than the original (any operator) can
  // survive as a sound relaxation: the search counts the programs it newly
  // accepts that ran consistently.
  MutantSearchOptions search = options;
  search.count_relaxed = only_relaxes(original, table);
  for (int j = 0; j < options.seeds; ++j) {
    SeedResult r = search_seed(original, table, options.seed + static_cast<uint64_t>(j), search);
    out.runs.push_back(r.run);
    out.relaxed_runs += r.relaxed;
    if (auto it = table.compiled.rule_by_id.find(mutant.row_id); it != table.compiled.rule_by_id.end()) out.row_hits += r.hits[it->second];
    if (r.kill && (!out.shortest || count_bindings(r.kill->program) < count_bindings(out.shortest->program)))
      out.shortest = std::move(r.kill);
  }
  const int killed = out.killed_runs();
  out.verdict = killed == options.seeds ? MutantVerdict::Killed : MutantVerdict::Survived;
  const bool relaxes = mutant.op == MutationOperator::AcceptRejected || mutant.op == MutationOperator::LegalizeCell;
  if (killed == 0 && relaxes && out.row_hits > 0) {
    out.verdict = MutantVerdict::SoundRelaxation;
    out.detail = std::string(mutant.op == MutationOperator::LegalizeCell ? "the newly legal row" : "the newly accepted combination") +
                 " ran " + std::to_string(out.row_hits) + " times, always consistently";
  } else if (killed == 0 && out.relaxed_runs > 0) {
    out.verdict = MutantVerdict::SoundRelaxation;
    out.detail = std::to_string(out.relaxed_runs) + " programs that only the mutant accepts ran, always consistently";
  }
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
