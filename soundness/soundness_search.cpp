#include "soundness/soundness_search.h"

#include <chrono>

#include "executor/rank_group.h"
#include "generators/program_generator.h"
#include "generators/program_shrinker.h"
#include "soundness/program_property.h"

namespace spmdcheck {

SearchReport run_soundness_search(const RuleTable& table, const SearchOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  SearchReport report;
  report.hits.assign(table.rules.size(), 0);
  PropertyOptions property;
  property.gradients = options.gradients;
  property.ranks = options.ranks;
  auto out_of_time = [&] {
    const bool late = options.max_seconds > 0 && elapsed() >= options.max_seconds;
    return options.ranks && options.max_seconds > 0 ? options.ranks->from_checker(late) : late;
  };
  for (int64_t i = 0;; ++i) {
    if (options.max_programs > 0 && i >= options.max_programs) break;
    if (out_of_time()) break;
    if (options.max_programs <= 0 && options.max_seconds <= 0) break;
    const uint64_t program_seed = options.seed + static_cast<uint64_t>(i);
    SeededChooser chooser(program_seed);
    Program program = generate_program(table, options.settings, chooser);
    count_features(table, program, check_program(table, program, &report.hits), report.features);
    property.special_rate = special_data_for(options.settings, data_seed_for(program_seed)) ? options.settings.special_rate : 0;
    PropertyOutcome outcome = check_program_property(table, program, data_seed_for(program_seed), property);
    ++report.programs;
    report.statements += static_cast<int64_t>(outcome.checked.bindings.size());
    if (!outcome.error.empty()) {
      report.errors.push_back("seed " + std::to_string(program_seed) + ": " + outcome.error);
    } else if (outcome.failed()) {
      if (report.counterexamples.empty()) {
        report.first_found_seconds = elapsed();
        report.first_found_programs = report.programs;
      }
      const uint64_t data_seed = data_seed_for(program_seed);
      Counterexample cx;
      cx.program_seed = program_seed;
      cx.special_rate = property.special_rate;
      cx.original = program;
      cx.shrunk = shrink_program(table, program, [&](const Program& p) { return check_program_property(table, p, data_seed, property).failed(); });
      PropertyOutcome again = check_program_property(table, cx.shrunk, data_seed, property);
      if (!again.failed()) {  // cannot happen while runs are deterministic; keep the original then
        cx.shrunk = program;
        again = outcome;
      }
      cx.inconsistency = again.first_failure();
      report.counterexamples.push_back(std::move(cx));
    }
    if (options.progress && (i % 16 == 0 || !report.counterexamples.empty()))
      options.progress(SearchProgress{report.programs, static_cast<int64_t>(report.counterexamples.size()), elapsed()});
    if (options.stop_at_first && !report.counterexamples.empty()) break;
  }
  report.seconds = elapsed();
  if (options.progress) options.progress(SearchProgress{report.programs, static_cast<int64_t>(report.counterexamples.size()), report.seconds});
  return report;
}

std::vector<std::string> never_hit_rows(const RuleTable& table, const RuleHits& hits) {
  std::vector<std::string> out;
  for (size_t r = 0; r < table.rules.size(); ++r) {
    const RuleInfo& info = table.rules[r];
    if (info.rejects || info.section == RowSection::Type || info.section == RowSection::Diagnostic) continue;
    if (r >= hits.size() || hits[r] == 0) out.push_back(info.id);
  }
  return out;
}

}  // namespace spmdcheck
