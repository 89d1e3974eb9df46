// Property 6 (checker/generator agreement) on the default table, with pinned
// seeds: every generated program type-checks; generation is deterministic;
// fuzzer bytes (even none) give valid programs. (Coverage within the first
// 1,000 programs is a soundness-suite test.)
#include <gtest/gtest.h>

#include "generators/generation_coverage.h"
#include "generators/program_generator.h"
#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

std::string generate_text(uint64_t seed, const GenerationSettings& settings = {}) {
  SeededChooser chooser(seed);
  return print_program(generate_program(*default_rule_table(), settings, chooser));
}

TEST(Generator, EveryGeneratedProgramTypeChecks) {
  const RuleTable& table = *default_rule_table();
  GenerationStats stats;
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    SeededChooser chooser(seed);
    Program p = generate_program(table, {}, chooser, &stats);
    CheckResult r = check_program(table, p);
    ASSERT_TRUE(r.ok()) << "seed " << seed << ": " << format_diagnostic("generated", *r.error) << print_program(p);
    // The printed text is what reproducers show: it must parse back to a program that checks.
    ParseResult reparsed = parse_program(print_program(p));
    ASSERT_TRUE(reparsed.program) << reparsed.error->message;
    EXPECT_EQ(print_program(*reparsed.program), print_program(p));
  }
  // Construction, not filtering: the checker refuses few candidates.
  EXPECT_LT(stats.rejected * 20, stats.attempts) << stats.rejected << " of " << stats.attempts << " candidates refused";
}

// Issue 12: the default settings reach every generation-coverage feature
// (literal positions 0 and 1, both broadcasting sides, both dim and shard
// signs, every shard-bound keyword, axis sizes 1-8, every dtype).
TEST(Generator, DefaultSettingsReachEveryFeatureWithin2000Programs) {
  const RuleTable& table = *default_rule_table();
  const GenerationSettings settings;
  FeatureHits hits;
  for (uint64_t seed = 1; seed <= 2000; ++seed) {
    SeededChooser chooser(seed);
    Program p = generate_program(table, settings, chooser);
    count_features(table, p, check_program(table, p), hits);
  }
  const std::vector<std::string> never = never_reached_features(table, settings, hits);
  std::string list;
  for (const std::string& f : never) list += " " + f;
  EXPECT_TRUE(never.empty()) << never.size() << " features never reached:" << list;
  EXPECT_GT(hits["literal.add.input"], 0u);
  EXPECT_GT(hits["keyword.add.other"], 0u);
  EXPECT_GT(hits["axis_size.7"], 0u);
}

// Every binding of a generated program is consumed or an output, so its
// backward runs (issue 12, item 5).
TEST(Generator, EveryUnconsumedBindingIsAnOutput) {
  const RuleTable& table = *default_rule_table();
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    SeededChooser chooser(seed);
    Program p = generate_program(table, {}, chooser);
    CheckResult r = check_program(table, p);
    ASSERT_TRUE(r.ok());
    std::vector<bool> covered(r.values.size(), false);
    for (const ResolvedBinding& b : r.bindings)
      for (int o : b.operands)
        if (o >= 0) covered[o] = true;
    for (int o : r.outputs) covered[o] = true;
    for (const ResolvedBinding& b : r.bindings) EXPECT_TRUE(covered[b.value]) << "seed " << seed << ": " << r.values[b.value].name;
  }
}

TEST(Generator, SameSeedSameProgram) {
  for (uint64_t seed : {1u, 7u, 12345u}) EXPECT_EQ(generate_text(seed), generate_text(seed));
  EXPECT_NE(generate_text(1), generate_text(2));
}

TEST(Generator, SettingsRoundTripAndApply) {
  std::string error;
  auto s = parse_generation_settings("statements=3-5 axes=2-2 axis_size=2 mesh=dp=2,tp=2 weight.op.matmul=9", error);
  ASSERT_TRUE(s) << error;
  auto again = parse_generation_settings(s->to_string(), error);
  ASSERT_TRUE(again) << error;
  EXPECT_EQ(again->to_string(), s->to_string());
  SeededChooser chooser(3);
  Program p = generate_program(*default_rule_table(), *s, chooser);
  ASSERT_EQ(p.mesh.axes.size(), 2u);
  EXPECT_EQ(p.mesh.axes[0].name, "dp");
  EXPECT_FALSE(parse_generation_settings("statements=5-3", error));
  EXPECT_FALSE(parse_generation_settings("bogus=1", error));
}

TEST(Generator, FuzzerBytesGiveValidPrograms) {
  const RuleTable& table = *default_rule_table();
  std::vector<uint8_t> bytes;
  SeededChooser noise(99);
  for (int round = 0; round < 300; ++round) {
    ByteChooser chooser(bytes.data(), bytes.size());
    Program p = generate_program(table, {}, chooser);
    CheckResult r = check_program(table, p);
    ASSERT_TRUE(r.ok()) << "bytes of length " << bytes.size() << ": " << r.error->message << print_program(p);
    bytes.push_back(static_cast<uint8_t>(noise.choose(256)));
  }
}

}  // namespace
}  // namespace spmdcheck
