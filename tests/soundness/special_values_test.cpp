// Special values on the default table (executor/special_values.h): the
// pinned programs of tests/soundness/special/, and the search.
//
// The default table is NOT sound on special data, and these tests assert
// that the framework finds it (DESIGN.md, "Special values"):
//   (1) P x R with an infinity in the R factor: the distributive law
//       (a1 + a2) * inf = a1 * inf + a2 * inf fails (inf - inf and 0 * inf
//       are NaN), for mul, mm, bmm, dot, addbmm, baddbmm, and backward
//       (a P cotangent times an infinity);
//   (2) nansum / nanmean of a P input holding NaN are not linear (the NaN
//       sits on one rank's piece and only that rank drops it): fixed in the
//       table (NONLINEAR), so their programs are now rejected.
// The control program, where no P operand meets a special value, passes:
// the exact comparison does not flag sound programs.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "generators/generation_settings.h"
#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"
#include "soundness/soundness_search.h"

namespace spmdcheck {
namespace {

Program load(const std::string& name) {
  std::ifstream in(std::string(SPMDCHECK_SOURCE_DIR) + "/tests/soundness/special/" + name);
  std::stringstream text;
  text << in.rdbuf();
  ParseResult parsed = parse_program(text.str());
  if (!parsed.program) ADD_FAILURE() << name << " does not parse";
  return parsed.program ? *parsed.program : Program{};
}

constexpr int kRate = 25;    // percent of input elements special
constexpr int kSeeds = 40;   // data seeds 1..kSeeds

struct Found {
  int failed = 0;        // data seeds on which the property fails
  int non_finite = 0;    // of them, failures where the reference or the ranks hold NaN or an infinity
  std::string first;
};

Found search_seeds(const Program& p, int rate, bool gradients) {
  at::set_num_threads(1);
  Found found;
  PropertyOptions options;
  options.special_rate = rate;
  options.gradients = gradients;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    PropertyOutcome out = check_program_property(*default_rule_table(), p, seed, options);
    EXPECT_TRUE(out.error.empty()) << out.error;
    if (!out.failed()) continue;
    const Inconsistency& bad = out.first_failure();
    ++found.failed;
    found.non_finite += !std::isfinite(bad.want) || !std::isfinite(bad.got);
    if (found.first.empty()) found.first = "data seed " + std::to_string(seed) + ": " + bad.describe(p.mesh);
  }
  return found;
}

struct Pinned {
  const char* file;
  bool gradients;      // the finding is backward
  int rate;            // percent of input elements special
  bool non_finite;     // every failure shows NaN or an infinity (nansum's shows finite sums that differ)
};

class SpecialFinding : public ::testing::TestWithParam<Pinned> {};

TEST_P(SpecialFinding, RegularDataPassesAndSpecialDataFindsIt) {
  const Pinned& pin = GetParam();
  const Program p = load(pin.file);
  const Found regular = search_seeds(p, 0, pin.gradients);
  EXPECT_EQ(regular.failed, 0) << regular.first;
  const Found special = search_seeds(p, pin.rate, pin.gradients);
  EXPECT_GT(special.failed, 0) << pin.file << ": no data seed of " << kSeeds << " finds the finding";
  if (pin.non_finite) EXPECT_EQ(special.non_finite, special.failed) << "every failure is about a special value: " << special.first;
  std::cout << pin.file << ": " << special.failed << " of " << kSeeds << " data seeds fail; " << special.first << "\n";
}

// Forward only where the finding is forward; the backward one with
// gradients. The contractions at 5%: their terms (inner dim times a large
// magnitude times a factor) overflow f64 in most programs at 25%, and such
// values are compared loosely (LooseReason::Overflow).
INSTANTIATE_TEST_SUITE_P(DefaultTable, SpecialFinding,
                         ::testing::Values(Pinned{"mul_p_times_inf.spmd", false, kRate, true}, Pinned{"mm_p_times_inf.spmd", false, 5, true},
                                           Pinned{"bmm_p_times_inf.spmd", false, 5, true}, Pinned{"dot_p_times_inf.spmd", false, kRate, true},
                                           Pinned{"addbmm_p_times_inf.spmd", false, 5, true}, Pinned{"baddbmm_p_times_inf.spmd", false, 5, true},
                                           Pinned{"backward_r_times_inf.spmd", true, kRate, true}),
                         [](const auto& info) {
                           std::string name = info.param.file;
                           return name.substr(0, name.find('.'));
                         });

// Finding (2) is fixed in the table: nansum and nanmean are NONLINEAR, so
// the programs that showed it no longer type-check.
TEST(SpecialValues, NanReductionsOfAPartialAreRejected) {
  for (const char* file : {"nansum_p_nan.spmd", "nanmean_p_nan.spmd"}) {
    const CheckResult checked = check_program(*default_rule_table(), load(file));
    ASSERT_FALSE(checked.ok()) << file;
    EXPECT_EQ(checked.error->rule_id, "infer.partial_nonlinear") << file << ": " << checked.error->message;
  }
}

TEST(SpecialValues, ControlProgramIsComparedAndPasses) {
  const Program p = load("control_replicated.spmd");
  at::set_num_threads(1);
  PropertyOptions options;
  options.special_rate = 5;  // few large magnitudes, whose products overflow f32 (compared loosely)
  options.gradients = false;
  int non_finite_compared = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    PropertyOutcome out = check_program_property(*default_rule_table(), p, seed, options);
    ASSERT_TRUE(out.error.empty()) << out.error;
    EXPECT_FALSE(out.failed()) << "data seed " << seed << ": " << out.first_failure().describe(p.mesh);
    // Computed values whose reference holds NaN or an infinity are compared.
    for (size_t v = 2; v < out.consistency.values.size(); ++v) {
      const ValueVerdict& verdict = out.consistency.values[v];
      non_finite_compared += verdict.checked && verdict.compared && !verdict.finite;
    }
  }
  EXPECT_GE(non_finite_compared, 10) << "of " << kSeeds << " data seeds times 4 values";
}

// The search with special data in a quarter of the programs (special=25,
// the other settings the defaults) finds the default table's unsoundness on
// special data; at special=0, the default while that finding is open, it
// does not (Soundness.DefaultTableSearchFindsNothing).
TEST(SpecialValues, SearchWithSpecialDataFindsTheDefaultTablesSpecialValueFindings) {
  at::set_num_threads(1);
  SearchOptions options;
  options.seed = 1000;
  options.max_programs = 300;
  options.stop_at_first = true;
  ASSERT_EQ(options.settings.special_percent, 0) << "off by default while the P x inf finding is open";
  options.settings.special_percent = 25;
  ASSERT_EQ(options.settings.special_rate, 5);
  SearchReport report = run_soundness_search(*default_rule_table(), options);
  ASSERT_EQ(report.counterexamples.size(), 1u) << "no counterexample in " << report.programs << " programs";
  const Counterexample& cx = report.counterexamples.front();
  EXPECT_GT(cx.special_rate, 0) << "found on a program with special data";
  EXPECT_TRUE(!std::isfinite(cx.inconsistency.want) || !std::isfinite(cx.inconsistency.got)) << cx.inconsistency.describe(cx.shrunk.mesh);
  std::cout << report.programs << " programs; " << cx.inconsistency.describe(cx.shrunk.mesh) << "\n" << print_program(cx.shrunk);
}

TEST(SpecialValues, WhetherAProgramIsSpecialIsAFunctionOfItsSeedAtTheChosenPercent) {
  GenerationSettings s;
  s.special_percent = 25;
  int special = 0;
  for (uint64_t seed = 0; seed < 4000; ++seed) {
    const bool a = special_data_for(s, data_seed_for(seed));
    EXPECT_EQ(a, special_data_for(s, data_seed_for(seed)));
    special += a;
  }
  EXPECT_GT(special, 900);  // 1000 expected
  EXPECT_LT(special, 1100);
  s.special_percent = 0;
  for (uint64_t seed = 0; seed < 100; ++seed) EXPECT_FALSE(special_data_for(s, seed));
  s.special_percent = 100;
  for (uint64_t seed = 0; seed < 100; ++seed) EXPECT_TRUE(special_data_for(s, seed));
}

TEST(SpecialValues, SettingsTextCarriesTheSpecialSettings) {
  GenerationSettings s;
  EXPECT_NE(s.to_string().find(" scalars=10 special=0 special_rate=5 "), std::string::npos) << s.to_string();
  std::string error;
  auto parsed = parse_generation_settings("special=40 special_rate=7", error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->special_percent, 40);
  EXPECT_EQ(parsed->special_rate, 7);
  EXPECT_EQ(parse_generation_settings(parsed->to_string(), error)->to_string(), parsed->to_string());
  EXPECT_FALSE(parse_generation_settings("special=101", error));
  EXPECT_FALSE(parse_generation_settings("special_rate=-1", error));
}

}  // namespace
}  // namespace spmdcheck
