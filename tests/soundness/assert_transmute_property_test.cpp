// A transmuting assert runs as the coercion it stands for (oracle/
// assert_transmute.h): the ranks keep their data, the reference reads the
// value by the reinterpret law (V -> P: the sum of the list), and gradients
// flow through it unchanged, as through spmd_types' assert_type, which adds
// no autograd node.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "generators/generation_coverage.h"
#include "generators/program_generator.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

TEST(AssertTransmuteProperty, AProgramWithARetypedValueComputesItsMeaningForwardAndBackward) {
  at::set_num_threads(1);
  const char* text =
      "mesh dp=2 tp=2\n\ninput x : f64[2, 3] {dp: V, tp: I}\ninput w : f64[2, 3] {dp: R, tp: I}\n"
      "y = mul(x, w)\nassert y : {dp: P, tp: I}\nz = sum(y)\nloss z\n";
  ParseResult parsed = parse_program(text);
  ASSERT_TRUE(parsed.program) << parsed.error->message;
  const auto table = embedded_rule_table("spmd_types_6dbe9e2");
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const PropertyOutcome outcome = check_program_property(*table, *parsed.program, seed);
    ASSERT_TRUE(outcome.error.empty()) << outcome.error;
    EXPECT_FALSE(outcome.failed()) << "seed " << seed << ": " << outcome.first_failure().describe(parsed.program->mesh);
    ASSERT_EQ(outcome.checked.transmutes.size(), 1u);
    // x, w, y, y retyped (compared as P: the sum of the pieces), z.
    ASSERT_EQ(outcome.consistency.values.size(), 5u);
    EXPECT_TRUE(outcome.consistency.values[3].compared);
    EXPECT_TRUE(outcome.gradient_verdicts[0].compared) << "x's gradient comes back through the assert";
  }
}

// The reference reads the retyped value by the reinterpret law, never by the
// transmute row: a row whose action moves data (every rank then holds the
// sum) while it still says V -> P gives a counterexample (unlinted table).
TEST(AssertTransmuteProperty, ATransmuteRowThatMovesDataIsCaughtByTheReference) {
  at::set_num_threads(1);
  std::string text(embedded_spmd_types_6dbe9e2_table_text());
  const std::string row =
      "id = \"coerce.reinterpret.v_to_p\"\nsource = \"spmd_types/_local.py:202-443\"\nop = \"reinterpret\"\n"
      "src = \"V\"\ndst = \"P\"\naction = \"identity\"\n";
  const size_t at = text.find(row);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, row.size(), row.substr(0, row.size() - std::string("\"identity\"\n").size()) + "\"all_reduce_sum\"\n");
  TableLoadResult broken = parse_rule_table(text, "broken.toml");
  ASSERT_TRUE(broken.table) << broken.error->message;
  ParseResult parsed = parse_program("mesh dp=2\n\ninput x : f64[3] {dp: V}\nassert x : {dp: P}\noutput x\n");
  ASSERT_TRUE(parsed.program);
  const PropertyOutcome outcome = check_program_property(*broken.table, *parsed.program, 1);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_TRUE(outcome.consistency.first.has_value()) << "the ranks hold twice the sum the law says";
  const PropertyOutcome sound = check_program_property(*embedded_rule_table("spmd_types_6dbe9e2"), *parsed.program, 1);
  EXPECT_FALSE(sound.failed());
}

TEST(AssertTransmuteProperty, GeneratedProgramsOfTheAsImplementedTableRetypeValues) {
  const auto table = embedded_rule_table("spmd_types_6dbe9e2");
  GenerationSettings settings;
  FeatureHits features;
  int with_transmutes = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    SeededChooser chooser(seed);
    const Program p = generate_program(*table, settings, chooser);
    const CheckResult checked = check_program(*table, p);
    ASSERT_TRUE(checked.ok()) << print_program(p) << checked.error->message;
    count_features(*table, p, checked, features);
    if (!checked.transmutes.empty()) ++with_transmutes;
    // The program as printed reads back to the same checked values.
    ParseResult again = parse_program(print_program(p));
    ASSERT_TRUE(again.program);
    EXPECT_EQ(check_program(*table, *again.program).values.size(), checked.values.size());
  }
  EXPECT_GE(with_transmutes, 30) << "about one program in two has one";
  EXPECT_GE(features["assert_transmute"], static_cast<uint64_t>(with_transmutes));
  // The default table's asserts never retype: its programs have none.
  SeededChooser chooser(1);
  EXPECT_TRUE(check_program(*default_rule_table(), generate_program(*default_rule_table(), settings, chooser)).transmutes.empty());
}

}  // namespace
}  // namespace spmdcheck
