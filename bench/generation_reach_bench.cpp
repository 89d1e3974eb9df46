// bench/generation_reach: what generated programs reach (issue 12, items 4
// and 5), measured on N programs (default 20,000) of the given settings
// (default: the default GenerationSettings):
//  (1) per generation-coverage feature (generators/generation_coverage.h),
//      how many programs hit it, and which reachable features none hit;
//  (2) the fraction of bindings whose gradient is exercised: a cotangent
//      reaches them backwards from the values make_cotangents seeds;
//  (3) tolerance honesty: per dtype, the share of compared values (and of
//      programs holding such a value) whose tolerance is at least their
//      reference magnitude, so an O(1) error there would pass unseen;
//      measured on the first M programs (default 2,000) forward only.
// Usage: bench_generation_reach [N] [M] [settings text]
#include <ATen/Parallel.h>

#include <array>
#include <cstdio>
#include <map>
#include <set>

#include "bench/bench_args.h"
#include "executor/executor.h"
#include "generators/generation_coverage.h"
#include "generators/program_generator.h"
#include "rules/table_loader.h"
#include "soundness/gradient_check.h"
#include "soundness/gradient_cones.h"
#include "soundness/program_property.h"

using namespace spmdcheck;

int main(int argc, char** argv) {
  at::set_num_threads(1);
  const char* usage = "bench_generation_reach [PROGRAMS [TOLERANCE_PROGRAMS [SETTINGS]]]";
  const auto n = static_cast<int64_t>(bench::positive_arg(argc, argv, 1, 20000, usage));
  const auto m = static_cast<int64_t>(bench::positive_arg(argc, argv, 2, 2000, usage));
  std::string error;
  GenerationSettings settings;
  if (argc > 3) {
    auto parsed = parse_generation_settings(argv[3], error);
    if (!parsed) {
      std::fprintf(stderr, "bad settings: %s\n", error.c_str());
      return 2;
    }
    settings = *parsed;
  }
  const RuleTable& table = *default_rule_table();
  std::printf("bench/generation_reach: %lld programs, settings: %s\n", static_cast<long long>(n), settings.to_string().c_str());

  FeatureHits programs_with;  // feature -> programs hitting it
  int64_t bindings = 0, exercised = 0, transitions = 0, transitions_exercised = 0;
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t seed = 1 + static_cast<uint64_t>(i);
    SeededChooser chooser(seed);
    Program p = generate_program(table, settings, chooser);
    CheckResult checked = check_program(table, p);
    FeatureHits one;
    count_features(table, p, checked, one);
    for (const auto& [f, c] : one)
      if (c) ++programs_with[f];
    const MeshLayout layout(p.mesh);
    std::vector<int> hosted(static_cast<size_t>(layout.num_ranks()));
    for (int r = 0; r < layout.num_ranks(); ++r) hosted[r] = r;
    const Cotangents cot = make_cotangents(table, checked, layout, hosted, data_seed_for(seed));
    const std::vector<bool> reached = reached_backwards(checked, cot.outputs);
    for (const ResolvedBinding& b : checked.bindings) {
      ++bindings;
      exercised += reached[b.value];
      transitions += b.is_transition;
      transitions_exercised += b.is_transition && reached[b.value];
    }
  }
  std::printf("\n(1) generation coverage: programs hitting each feature\n");
  for (const std::string& f : reachable_features(table, settings)) {
    auto it = programs_with.find(f);
    std::printf("  %-52s %7llu\n", f.c_str(), static_cast<unsigned long long>(it == programs_with.end() ? 0 : it->second));
  }
  std::vector<std::string> never = never_reached_features(table, settings, programs_with);
  std::printf("  never reached (%zu):", never.size());
  for (const std::string& f : never) std::printf(" %s", f.c_str());
  std::printf("\n\n(2) gradients: %lld of %lld bindings (%.1f%%) receive a cotangent; transitions %lld of %lld (%.1f%%)\n",
              static_cast<long long>(exercised), static_cast<long long>(bindings), 100.0 * exercised / std::max<int64_t>(1, bindings),
              static_cast<long long>(transitions_exercised), static_cast<long long>(transitions),
              100.0 * transitions_exercised / std::max<int64_t>(1, transitions));

  // (3) Tolerance honesty, forward only, on the first m programs.
  std::map<std::string, std::array<int64_t, 4>> per_dtype;  // values compared, loose values, programs with it, programs loose
  PropertyOptions forward;
  forward.gradients = false;
  for (int64_t i = 0; i < m && i < n; ++i) {
    const uint64_t seed = 1 + static_cast<uint64_t>(i);
    SeededChooser chooser(seed);
    Program p = generate_program(table, settings, chooser);
    PropertyOutcome out = check_program_property(table, p, data_seed_for(seed), forward);
    if (!out.error.empty()) continue;
    std::set<std::string> has, loose;
    for (size_t v = 0; v < out.consistency.values.size(); ++v) {
      const ValueVerdict& verdict = out.consistency.values[v];
      if (!verdict.checked || !verdict.compared) continue;
      const std::string d(dtype_name(out.checked.values[v].dtype));
      auto& row = per_dtype[d];
      ++row[0];
      has.insert(d);
      if (verdict.tolerance > 0 && verdict.tolerance >= verdict.magnitude) {
        ++row[1];
        loose.insert(d);
      }
    }
    for (const std::string& d : has) ++per_dtype[d][2];
    for (const std::string& d : loose) ++per_dtype[d][3];
  }
  std::printf("\n(3) tolerance >= reference magnitude (an O(1) error would pass), first %lld programs, forward:\n",
              static_cast<long long>(m));
  for (const auto& [d, row] : per_dtype)
    std::printf("  %-5s values %lld of %lld (%.2f%%); programs %lld of %lld (%.1f%%)\n", d.c_str(), static_cast<long long>(row[1]),
                static_cast<long long>(row[0]), 100.0 * row[1] / std::max<int64_t>(1, row[0]), static_cast<long long>(row[3]),
                static_cast<long long>(row[2]), 100.0 * row[3] / std::max<int64_t>(1, row[2]));
  return 0;
}
