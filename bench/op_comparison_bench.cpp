// bench/op_comparison: per local op row, how the values it computes in
// generated programs are compared (forward, simulated ranks): compared
// (bitwise or within tolerance), or not compared: because an operand was
// not compared (inherited), or at the op itself (its reference value is
// non-finite, or it is near its pole, or the corner check of a row with
// `jumps` found it in doubt: oracle/jump_check). A row whose values are mostly not compared is
// weakly tested, whatever its hit count. Usage:
//   bench_op_comparison [N programs, default 2000] [settings text]
#include <ATen/Parallel.h>

#include <array>
#include <cstdio>
#include <map>

#include "bench/bench_args.h"
#include "generators/program_generator.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

using namespace spmdcheck;

int main(int argc, char** argv) {
  at::set_num_threads(1);
  const auto n = static_cast<int64_t>(bench::positive_arg(argc, argv, 1, 2000, "bench_op_comparison [PROGRAMS [SETTINGS]]"));
  std::string error;
  GenerationSettings settings;
  if (argc > 2) {
    auto parsed = parse_generation_settings(argv[2], error);
    if (!parsed) {
      std::fprintf(stderr, "bad settings: %s\n", error.c_str());
      return 2;
    }
    settings = *parsed;
  }
  const RuleTable& table = *default_rule_table();
  std::printf("bench/op_comparison: %lld programs, forward, settings: %s\n", static_cast<long long>(n), settings.to_string().c_str());
  enum { kValues, kExact, kCompared, kInherited, kOwn };
  std::map<std::string, std::array<int64_t, 5>> per_op;
  PropertyOptions forward;
  forward.gradients = false;
  forward.all_values = true;
  int64_t failed = 0;
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t seed = 1 + static_cast<uint64_t>(i);
    SeededChooser chooser(seed);
    Program p = generate_program(table, settings, chooser);
    PropertyOutcome out = check_program_property(table, p, data_seed_for(seed), forward);
    if (!out.error.empty() || out.failed()) {
      ++failed;
      continue;
    }
    const std::vector<ValueVerdict>& verdicts = out.consistency.values;
    for (const ResolvedBinding& b : out.checked.bindings) {
      if (b.is_transition) continue;
      auto& row = per_op[table.ops[b.row].name];
      for (int v = b.value; v < b.value + b.num_results; ++v) {
        const ValueVerdict& verdict = verdicts[static_cast<size_t>(v)];
        ++row[kValues];
        if (verdict.compared) {
          ++row[kCompared];
          row[kExact] += verdict.tolerance == 0;
          continue;
        }
        bool inherited = false;
        for (int o : b.operands) inherited = inherited || !verdicts[static_cast<size_t>(o)].compared;
        ++row[inherited ? kInherited : kOwn];
      }
    }
  }
  std::printf("%-14s %8s %9s %8s %9s %8s\n", "op", "values", "compared", "bitwise", "inherited", "own");
  for (const OpRow& op : table.ops) {
    const auto& row = per_op[op.name];
    const double pct = 100.0 * static_cast<double>(row[kCompared]) / static_cast<double>(std::max<int64_t>(1, row[kValues]));
    std::printf("%-14s %8lld %8.1f%% %8lld %9lld %8lld\n", op.name.c_str(), static_cast<long long>(row[kValues]), pct,
                static_cast<long long>(row[kExact]), static_cast<long long>(row[kInherited]), static_cast<long long>(row[kOwn]));
  }
  std::printf("programs skipped (failed or not runnable): %lld\n", static_cast<long long>(failed));
  return 0;
}
