// bench/fuzz_properties: what one input of each torch-free fuzz target costs,
// replayed over its repository corpus in-process (no libFuzzer loop), split
// into the stages the property runs. The baseline of each target is its first
// stage, measured in the same run on the same inputs; the ratios say where an
// input's time goes and are what to compare across machines (absolute times
// on a shared machine vary by 2x). The budget line is the time per input that
// the 50,000 executions per second leave, for scale.
//   bench_fuzz_properties [CORPUS_ROOT] [SECONDS] [TARGET]
// (defaults fuzz/corpus, 1.0, every target; TARGET is e.g. checker_fuzzer).
// Built in the default preset (native code) and, with SPMDCHECK_BUILD_BENCH=ON,
// in the fuzz preset (ASan + UBSan + coverage callbacks, as the fuzzers run).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "bench/bench_args.h"
#include "fuzz/corpus_files.h"
#include "fuzz/fuzz_properties.h"
#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"

namespace {

using namespace spmdcheck;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::vector<std::string> read_corpus(const fs::path& dir) {
  std::vector<std::string> inputs;
  for (const fs::path& file : fuzz::corpus_files(dir))
    if (std::optional<std::string> bytes = fuzz::read_input(file)) inputs.push_back(std::move(*bytes));
  return inputs;
}

// Mean microseconds per input of `stage` over the corpus, repeating whole
// passes until `seconds` have elapsed (at least one pass).
double micros_per_input(const std::vector<std::string>& inputs, double seconds, const std::function<void(const std::string&)>& stage) {
  long runs = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    for (const std::string& input : inputs) stage(input);
    runs += static_cast<long>(inputs.size());
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  return elapsed * 1e6 / static_cast<double>(runs);
}

struct Stage {
  const char* name;
  std::function<void(const std::string&)> run;
};

const uint8_t* bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// The target to run (empty: all of them); set from the command line.
std::string only_target;

void report(const char* target, const fs::path& root, double seconds, const std::vector<Stage>& stages) {
  if (!only_target.empty() && only_target != target) return;
  const std::vector<std::string> inputs = read_corpus(root / target);
  size_t total_bytes = 0;
  for (const std::string& s : inputs) total_bytes += s.size();
  std::printf("%s: %zu inputs, %.0f bytes on average\n", target, inputs.size(),
              inputs.empty() ? 0.0 : static_cast<double>(total_bytes) / static_cast<double>(inputs.size()));
  if (inputs.empty()) return;
  // Warm-up: under ASan the first passes also fill the allocator's quarantine
  // (fresh pages), which would be charged to the baseline stage.
  micros_per_input(inputs, seconds, stages.back().run);
  double baseline = 0;
  for (const Stage& stage : stages) {
    const double us = micros_per_input(inputs, seconds, stage.run);
    if (baseline == 0) baseline = us;
    std::printf("  %-34s %9.2f us/input  %6.2fx baseline  %8.0f inputs/s\n", stage.name, us, us / baseline, 1e6 / us);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path("fuzz/corpus");
  const double seconds = bench::positive_arg(argc, argv, 2, 1.0, "bench_fuzz_properties [CORPUS_ROOT [SECONDS [TARGET]]]");
  if (argc > 3) only_target = argv[3];
  if (!fs::is_directory(root)) {
    std::fprintf(stderr, "bench_fuzz_properties: %s is not a directory (run from the repository root or pass the corpus root)\n",
                 root.c_str());
    return 2;
  }
  const RuleTable& table = *default_rule_table();
  std::printf(
      "bench/fuzz_properties: per-input cost over each repository corpus, one core, %.1f s per stage;\n"
      "50,000 executions per second leave 20 us per input, libFuzzer's own work included\n",
      seconds);

  report("program_text_fuzzer", root, seconds,
         {{"parse_program (baseline)", [](const std::string& s) { (void)parse_program(s); }},
          {"program_text_property", [](const std::string& s) { fuzz::program_text_property(bytes(s), s.size()); }}});

  report("checker_fuzzer", root, seconds,
         {{"parse_program (baseline)", [](const std::string& s) { (void)parse_program(s); }},
          {"parse_program + check_program",
           [&table](const std::string& s) {
             ParseResult parsed = parse_program(s);
             if (parsed.program) (void)check_program(table, *parsed.program);
           }},
          {"checker_property", [](const std::string& s) { fuzz::checker_property(bytes(s), s.size()); }}});

  report("rule_table_fuzzer", root, seconds,
         {{"toml::parse (baseline)",
           [](const std::string& s) {
             try {
               (void)toml::parse(std::string_view(s), std::string_view("fuzz.toml"));
             } catch (const toml::parse_error&) {
             }
           }},
          {"parse_rule_table", [](const std::string& s) { (void)parse_rule_table(s, "fuzz.toml"); }},
          {"rule_table_property (parse + lint)", [](const std::string& s) { fuzz::rule_table_property(bytes(s), s.size()); }}});
  return 0;
}
