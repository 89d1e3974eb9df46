// Special values on the default table (executor/special_values.h): the
// pinned programs of tests/soundness/special/, and the search.
//
// What special data found on the default table (DESIGN.md, "Special values"):
//   (1) P x R with an infinity in the R factor: the distributive law
//       (a1 + a2) * inf = a1 * inf + a2 * inf fails (inf - inf and 0 * inf
//       are NaN), for mul, mm, bmm, dot, addbmm, baddbmm, and backward
//       (a P cotangent times an infinity). No typing rule can see whether a
//       factor is finite: the table states the assumption (`[table] assumes
//       = ["finite_factors"]`) and the oracle compares such values on their
//       invariants only. These tests assert both sides: with the assumption
//       the pinned programs pass and say why a value went unchecked; the
//       same table without it is found unsound on the same programs.
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
#include "oracle/value_tolerance.h"
#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"
#include "soundness/soundness_search.h"
#include "tests/soundness/table_edits.h"

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

constexpr int kRate = 25;   // percent of input elements special
constexpr int kSeeds = 40;  // data seeds 1..kSeeds

// The default table claiming soundness on all data: its assumption removed.
const RuleTable& without_assumption() {
  static const std::shared_ptr<const RuleTable> table = [] {
    TableLoadResult parsed =
        parse_rule_table(testing::edited_default_table({{"assumes = [\"finite_factors\"]", ""}}), "no_assumption.toml");
    EXPECT_TRUE(parsed.table);
    EXPECT_FALSE(parsed.table->assumes.finite_factors);
    return parsed.table;
  }();
  return *table;
}

struct Found {
  int failed = 0;      // data seeds on which the property fails
  int non_finite = 0;  // of them, failures where the reference or the ranks hold NaN or an infinity
  int assumption = 0;  // data seeds with a value or gradient not compared: outside finite_factors
  std::string first;
};

int outside_assumption(const PropertyOutcome& out) {
  int n = 0;
  for (const auto* verdicts : {&out.consistency.values, &out.gradient_verdicts})
    for (const ValueVerdict& v : *verdicts) n += v.checked && v.loose == LooseReason::Assumption;
  return n;
}

Found search_seeds(const RuleTable& table, const Program& p, int rate, bool gradients) {
  at::set_num_threads(1);
  Found found;
  PropertyOptions options;
  options.special_rate = rate;
  options.gradients = gradients;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    PropertyOutcome out = check_program_property(table, p, seed, options);
    EXPECT_TRUE(out.error.empty()) << out.error;
    found.assumption += outside_assumption(out) > 0;
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
  bool gradients;  // the finding is backward
  int rate;        // percent of input elements special
};

class SpecialFinding : public ::testing::TestWithParam<Pinned> {};

TEST_P(SpecialFinding, SoundUnderTheAssumptionAndFoundWithoutIt) {
  const Pinned& pin = GetParam();
  const Program p = load(pin.file);
  const Found regular = search_seeds(*default_rule_table(), p, 0, pin.gradients);
  EXPECT_EQ(regular.failed, 0) << regular.first;
  EXPECT_EQ(regular.assumption, 0) << "regular data holds no infinity";
  // With the assumption: no failure, and the values outside it say so.
  const Found assumed = search_seeds(*default_rule_table(), p, pin.rate, pin.gradients);
  EXPECT_EQ(assumed.failed, 0) << assumed.first;
  EXPECT_GT(assumed.assumption, 0) << pin.file << ": no data seed of " << kSeeds << " puts an infinity against a pending sum";
  // Without it: the same programs and data are found unsound, on special values.
  const Found special = search_seeds(without_assumption(), p, pin.rate, pin.gradients);
  EXPECT_GT(special.failed, 0) << pin.file << ": no data seed of " << kSeeds << " finds the finding";
  EXPECT_EQ(special.non_finite, special.failed) << "every failure is about a special value: " << special.first;
  EXPECT_EQ(special.assumption, 0) << "a table without the assumption compares everything it can";
  std::cout << pin.file << ": without the assumption " << special.failed << " of " << kSeeds << " data seeds fail (" << special.first
            << "); with it " << assumed.assumption << " seeds have values outside it\n";
}

// Forward only where the finding is forward; the backward one with
// gradients. The contractions at 5%: their terms (inner dim times a large
// magnitude times a factor) overflow f64 in most programs at 25%, and such
// values are compared loosely (LooseReason::Overflow).
INSTANTIATE_TEST_SUITE_P(DefaultTable, SpecialFinding,
                         ::testing::Values(Pinned{"mul_p_times_inf.spmd", false, kRate}, Pinned{"mm_p_times_inf.spmd", false, 5},
                                           Pinned{"bmm_p_times_inf.spmd", false, 5}, Pinned{"dot_p_times_inf.spmd", false, kRate},
                                           Pinned{"addbmm_p_times_inf.spmd", false, 5}, Pinned{"baddbmm_p_times_inf.spmd", false, 5},
                                           Pinned{"backward_r_times_inf.spmd", true, kRate}),
                         [](const auto& info) {
                           std::string name = info.param.file;
                           return name.substr(0, name.find('.'));
                         });

// finite_factors covers a derivative that is infinite at finite data (sqrt
// at +0): the search's shrunk program, on its data seed, fails without the
// assumption and is outside it with it (the gradient is not compared).
TEST(SpecialValues, AnInfiniteDerivativeAtFiniteDataIsOutsideTheAssumption) {
  at::set_num_threads(1);
  const Program p = load("backward_sqrt_at_zero.spmd");
  PropertyOptions options;
  options.special_rate = 5;
  const uint64_t seed = 7912094577922487121ULL;
  const PropertyOutcome without = check_program_property(without_assumption(), p, seed, options);
  ASSERT_TRUE(without.failed()) << "the data seed no longer puts x1 at 0";
  EXPECT_TRUE(without.gradient.has_value()) << "the gradient, not the forward value, is wrong";
  const PropertyOutcome with = check_program_property(*default_rule_table(), p, seed, options);
  EXPECT_FALSE(with.failed()) << with.first_failure().describe(p.mesh);
  EXPECT_GT(outside_assumption(with), 0);
}

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
// the other settings the defaults): the default table, under its
// assumption, gives nothing; without the assumption the search finds P x inf.
TEST(SpecialValues, SearchWithSpecialDataFindsPTimesInfinityOnlyWithoutTheAssumption) {
  at::set_num_threads(1);
  SearchOptions options;
  options.seed = 1000;
  options.max_programs = 300;
  options.stop_at_first = true;
  ASSERT_EQ(options.settings.special_percent, 10) << "on in a tenth of the programs by default";
  options.settings.special_percent = 25;
  ASSERT_EQ(options.settings.special_rate, 5);
  SearchReport sound = run_soundness_search(*default_rule_table(), options);
  EXPECT_EQ(sound.programs, 300);
  EXPECT_TRUE(sound.counterexamples.empty()) << sound.counterexamples.front().inconsistency.describe(
                                                    sound.counterexamples.front().shrunk.mesh)
                                             << "\n"
                                             << print_program(sound.counterexamples.front().shrunk);
  SearchReport report = run_soundness_search(without_assumption(), options);
  ASSERT_EQ(report.counterexamples.size(), 1u) << "no counterexample in " << report.programs << " programs";
  const Counterexample& cx = report.counterexamples.front();
  EXPECT_GT(cx.special_rate, 0) << "found on a program with special data";
  EXPECT_TRUE(!std::isfinite(cx.inconsistency.want) || !std::isfinite(cx.inconsistency.got)) << cx.inconsistency.describe(cx.shrunk.mesh);
  std::cout << report.programs << " programs; " << cx.inconsistency.describe(cx.shrunk.mesh) << "\n" << print_program(cx.shrunk);
}

TEST(SpecialValues, AnUnknownAssumptionIsATableErrorAtItsPosition) {
  TableLoadResult parsed = parse_rule_table(
      testing::edited_default_table({{"assumes = [\"finite_factors\"]", "assumes = [\"finite_factors\", \"no_nan\"]"}}), "bad.toml");
  ASSERT_FALSE(parsed.table);
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->rule_id, "table.schema");
  EXPECT_NE(parsed.error->message.find("unknown assumption 'no_nan'"), std::string::npos) << parsed.error->message;
  EXPECT_EQ(parsed.error->loc.col, 30) << "at the name's opening quote";
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
  EXPECT_NE(s.to_string().find(" scalars=10 special=10 special_rate=5 "), std::string::npos) << s.to_string();
  std::string error;
  auto parsed = parse_generation_settings("special=40 special_rate=7", error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->special_percent, 40);
  EXPECT_EQ(parsed->special_rate, 7);
  EXPECT_EQ(parse_generation_settings(parsed->to_string(), error)->to_string(), parsed->to_string());
  EXPECT_FALSE(parse_generation_settings("special=101", error));
  EXPECT_FALSE(parse_generation_settings("special_rate=-1", error));
}

// log_softmax's nonfinite_by_kernel = ["bf16"]: LibTorch 1.13's bf16 kernel
// gives its own non-finite results (tests/soundness/special/). Each pinned
// program passes on the default table at the data seed that found it, its
// result compared on its invariants for that reason, and fails with the
// field removed: the field, and nothing else, is what keeps it quiet.
TEST(SpecialValues, Bf16LogSoftmaxWithANonFiniteOperandIsComparedOnItsInvariants) {
  TableLoadResult without = parse_rule_table(testing::edited_default_table({{"nonfinite_by_kernel = [\"bf16\"]\n", ""}}), "edited.toml");
  ASSERT_TRUE(without.table);
  const std::pair<const char*, uint64_t> pins[] = {{"bf16_log_softmax_inf_other_slice.spmd", 1723297754819390489ull},
                                                   {"bf16_log_softmax_inf_own_slice.spmd", 13362589780292963666ull}};
  for (const auto& [file, seed] : pins) {
    const Program p = load(file);
    PropertyOptions options;
    options.special_rate = 5;
    options.gradients = false;
    const PropertyOutcome with_field = check_program_property(*default_rule_table(), p, seed, options);
    ASSERT_TRUE(with_field.error.empty()) << with_field.error;
    EXPECT_FALSE(with_field.failed()) << file;
    EXPECT_EQ(with_field.consistency.values.back().loose, LooseReason::NonFiniteKernel) << file;
    EXPECT_TRUE(check_program_property(*without.table, p, seed, options).failed()) << file << ": the bf16 kernel agreed after all";
  }
}

// The same kernel gives -inf from finite operands where its float
// exp(x - max) underflows: the pinned program passes with the field, its
// result compared on its invariants, and fails without it.
TEST(SpecialValues, Bf16LogSoftmaxBelowFloatsExpRangeIsComparedOnItsInvariants) {
  const Program p = load("bf16_log_softmax_underflow.spmd");
  constexpr uint64_t seed = 8389319695456011338ull;
  const PropertyOutcome with_field = check_program_property(*default_rule_table(), p, seed);
  ASSERT_TRUE(with_field.error.empty()) << with_field.error;
  EXPECT_FALSE(with_field.failed()) << with_field.first_failure().describe(p.mesh);
  EXPECT_EQ(with_field.consistency.values.back().loose, LooseReason::NonFiniteKernel);
  TableLoadResult without = parse_rule_table(testing::edited_default_table({{"nonfinite_by_kernel = [\"bf16\"]\n", ""}}), "edited.toml");
  ASSERT_TRUE(without.table);
  EXPECT_TRUE(check_program_property(*without.table, p, seed).failed()) << "the bf16 kernel agreed after all";
}

// A P value's sum may pass its dtype's range while no rank's piece does:
// the reference rounds it to -inf, the ranks' f64 sum is finite, and the
// two match (special_match's overflow threshold). The value is compared,
// not loose, and the reference does hold an infinity the ranks do not.
TEST(SpecialValues, APartialSumPastTheDtypesRangeMatchesTheReferencesInfinity) {
  const Program p = load("bf16_partial_sum_overflow.spmd");
  constexpr uint64_t seed = 141736609182424675ull;
  PropertyOptions options;
  options.special_rate = 5;
  const PropertyOutcome outcome = check_program_property(*default_rule_table(), p, seed, options);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_FALSE(outcome.failed()) << outcome.first_failure().describe(p.mesh);
  const ValueVerdict& last = outcome.consistency.values.back();
  EXPECT_TRUE(last.compared);
  EXPECT_EQ(last.loose, LooseReason::None);
  EXPECT_TRUE(last.ok);
  EXPECT_FALSE(last.finite) << "the pinned data no longer overflow bf16's range";
}

// addmm at alpha = 0: f64 skips the product, bf16 gives 0 * inf = NaN. The
// pinned program passes with addmm's nonfinite_by_kernel, its result
// compared on its invariants, and fails without the field.
TEST(SpecialValues, Bf16AddmmAtAlphaZeroWithAnInfiniteFactorIsComparedOnItsInvariants) {
  const Program p = load("bf16_addmm_alpha_zero_inf.spmd");
  constexpr uint64_t seed = 14416659108692448665ull;
  PropertyOptions options;
  options.special_rate = 5;
  const PropertyOutcome with_field = check_program_property(*default_rule_table(), p, seed, options);
  ASSERT_TRUE(with_field.error.empty()) << with_field.error;
  EXPECT_FALSE(with_field.failed()) << with_field.first_failure().describe(p.mesh);
  EXPECT_EQ(with_field.consistency.values.back().loose, LooseReason::NonFiniteKernel);
  const std::string field = "nonfinite_by_kernel = [\"bf16\"]\nmessage = \"beta * input + alpha * (mat1 @ mat2)";
  TableLoadResult without =
      parse_rule_table(testing::edited_default_table({{field, "message = \"beta * input + alpha * (mat1 @ mat2)"}}), "edited.toml");
  ASSERT_TRUE(without.table);
  EXPECT_TRUE(check_program_property(*without.table, p, seed, options).failed()) << "the bf16 kernel agreed after all";
}

// A decomposition's factor errors scale with the factors of their own term:
// a zero added input does not cancel the product's carried error.
TEST(SpecialValues, ADecompositionsZeroInputDoesNotCancelItsProductsError) {
  const Program p = load("bf16_baddbmm_zero_input.spmd");
  const PropertyOutcome outcome = check_program_property(*default_rule_table(), p, 5534809052730548922ull);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_FALSE(outcome.failed()) << outcome.first_failure().describe(p.mesh);
  EXPECT_TRUE(outcome.consistency.values.back().compared);
  EXPECT_GT(outcome.consistency.values.back().tolerance, 0);
}

// A P operand's pieces may far exceed their sum, so a rank's product
// overflows where the reference's does not: the overflow test bounds what
// each rank holds. Both pinned programs pass at the seeds that found them,
// their last value compared on its invariants for that reason.
TEST(SpecialValues, APartialWhosePiecesOverflowOnARankIsComparedOnItsInvariants) {
  const std::pair<const char*, uint64_t> pins[] = {{"bf16_bmm_partial_pieces_overflow.spmd", 13603963601055613778ull},
                                                   {"bf16_einsum_partial_pieces_overflow.spmd", 12084386694512540710ull}};
  for (const auto& [file, seed] : pins) {
    const Program p = load(file);
    PropertyOptions options;
    options.special_rate = 5;
    options.gradients = false;
    const PropertyOutcome outcome = check_program_property(*default_rule_table(), p, seed, options);
    ASSERT_TRUE(outcome.error.empty()) << outcome.error;
    EXPECT_FALSE(outcome.failed()) << file;
    EXPECT_EQ(outcome.consistency.values.back().loose, LooseReason::Overflow) << file;
  }
}

// The rank bound itself: a P factor whose sum is small but whose pieces are
// 16 times a large factor reaches bf16's range only through its pieces.
TEST(SpecialValues, TheOverflowTestReadsThePiecesOfAPartialInput) {
  ParseResult parsed = parse_program("mesh tp=2\ninput x : bf16[2, 1] {tp: P}\ninput w : bf16[1, 2] {tp: R}\ny = mm(x, w)\noutput y\n");
  ASSERT_TRUE(parsed.program);
  const RuleTable& table = *default_rule_table();
  const CheckResult checked = check_program(table, *parsed.program);
  ASSERT_TRUE(checked.ok());
  const double large = 0x1.8p124;                              // executor/special_values.h's large bf16 magnitude
  const std::vector<double> magnitudes = {1.0, large, large};  // x's sum, w, y
  const std::vector<double> pieces = {16.0, 0, 0};             // x's largest piece
  EXPECT_FALSE(value_tolerances(table, *parsed.program, checked, &magnitudes).back().overflow);
  EXPECT_TRUE(value_tolerances(table, *parsed.program, checked, &magnitudes, nullptr, &pieces).back().overflow);
  const std::vector<double> small_pieces = {1.0, 0, 0};
  EXPECT_FALSE(value_tolerances(table, *parsed.program, checked, &magnitudes, nullptr, &small_pieces).back().overflow);
}

// A divisor near its pole grows what a rank holds by 1 / its distance: a
// P dividend's large piece over a divisor of 1/64 overflows on that rank.
TEST(SpecialValues, TheOverflowTestReadsADivisorsDistanceToItsPole) {
  ParseResult parsed = parse_program("mesh tp=2\ninput x : bf16[2] {tp: P}\ninput w : bf16[2] {tp: R}\ny = div(x, w)\noutput y\n");
  ASSERT_TRUE(parsed.program);
  const RuleTable& table = *default_rule_table();
  const CheckResult checked = check_program(table, *parsed.program);
  ASSERT_TRUE(checked.ok());
  const double large = 0x1.8p124;
  const std::vector<double> magnitudes = {1.0, 0x1p-6, 64.0};  // x's sum, w, y
  const std::vector<double> pieces = {large, 0, 0};
  const PoleDistance near_zero = [](int, double) { return 0x1p-6; };
  EXPECT_TRUE(value_tolerances(table, *parsed.program, checked, &magnitudes, &near_zero, &pieces).back().overflow);
  const PoleDistance far = [](int, double) { return 1.0; };
  EXPECT_FALSE(value_tolerances(table, *parsed.program, checked, &magnitudes, &far, &pieces).back().overflow);
}

}  // namespace
}  // namespace spmdcheck
