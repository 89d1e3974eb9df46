// Property 2's bookkeeping (issue 12, item 5): which values get cotangents,
// how far cotangents reach, and which inputs' comparisons a kink or a non-finite value switches off.
#include <gtest/gtest.h>

#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/gradient_check.h"
#include "soundness/gradient_cones.h"

namespace spmdcheck {
namespace {

CheckResult checked(const std::string& text) {
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << parsed.error->message;
  CheckResult r = check_program(*default_rule_table(), *parsed.program);
  EXPECT_TRUE(r.ok()) << r.error->message;
  return r;
}

// Values: x 0, y 1, a 2, b 3, c 4, d 5.
const char* kTwoBranches =
    "mesh dp=2\ninput x : f64[3] {dp: R}\ninput y : f64[3] {dp: R}\n"
    "a = relu(x)\nb = exp(y)\nc = add(a, 1)\nd = mul(b, 2)\noutput c\n";

TEST(GradientCones, CotangentsReachBackwardsFromTheSeededValues) {
  const CheckResult r = checked(kTwoBranches);
  EXPECT_EQ(cotangent_values(r), (std::vector<int>{4}));
  // With the output alone, y's branch gets no gradient; seeding the unconsumed d too reaches it.
  EXPECT_FALSE(reached_backwards(r, r.outputs)[1]);
  const std::vector<bool> reached = reached_backwards(r, {4, 5});
  for (int v = 0; v < 6; ++v) EXPECT_TRUE(reached[v]) << v;
}

ForwardFacts plain_facts(const CheckResult& r) {
  ForwardFacts f;
  f.magnitude.assign(r.values.size(), 1.0);
  f.finite.assign(r.values.size(), true);
  f.infinite.assign(r.values.size(), false);
  f.partial_cotangent.assign(r.values.size(), false);
  f.compared.assign(r.values.size(), true);
  f.tolerance.assign(r.values.size(), 0.0);
  f.eps_units.assign(r.values.size(), 0.0);
  f.near_kink.assign(r.bindings.size(), {});
  return f;
}

TEST(GradientCones, AKinkSkipsOnlyTheInputsItsOperandDependsOn) {
  const CheckResult r = checked(kTwoBranches);
  ForwardFacts f = plain_facts(r);
  f.near_kink[0] = {0};  // relu's operand x is near 0
  const std::vector<InputCone> cones = input_cones(r, {0, 1}, {4, 5}, f);
  EXPECT_TRUE(cones[0].near_kink);
  EXPECT_FALSE(cones[1].near_kink);
}

TEST(GradientCones, NonFiniteValuesSkipTheInputsWhosePathsTheyAreOn) {
  const CheckResult r = checked(
      "mesh dp=2\ninput x : f64[3] {dp: R}\ninput y : f64[3] {dp: R}\ninput z : f64[3] {dp: R}\n"
      "a = exp(x)\nb = mul(a, y)\nc = neg(z)\noutput b, c\n");
  ForwardFacts f = plain_facts(r);
  f.finite[3] = false;  // a overflowed: y's gradient (g * a) is affected too, z's is not
  const std::vector<InputCone> cones = input_cones(r, {0, 1, 2}, cotangent_values(r), f);
  EXPECT_TRUE(cones[0].non_finite);
  EXPECT_TRUE(cones[1].non_finite);
  EXPECT_FALSE(cones[2].non_finite);
}

// finite_factors: a pending sum (P cotangent) flowing back through a
// binding whose operand or result holds an infinity is outside the
// assumption, for the inputs on that binding's paths only.
TEST(GradientCones, APendingSumTimesAnInfinityMarksOnlyThePathsThroughIt) {
  const CheckResult r = checked(
      "mesh dp=2\ninput x : f64[3] {dp: R}\ninput w : f64[3] {dp: R}\ninput z : f64[3] {dp: V}\n"
      "a = mul(x, w)\nc = neg(z)\noutput a, c\n");
  ForwardFacts f = plain_facts(r);
  f.infinite[1] = true;                                    // w holds an infinity
  f.partial_cotangent = {true, true, false, true, false};  // the R values' gradients are P
  std::vector<InputCone> cones = input_cones(r, {0, 1, 2}, cotangent_values(r), f);
  EXPECT_TRUE(cones[0].partial_times_infinity);
  EXPECT_TRUE(cones[1].partial_times_infinity);
  EXPECT_FALSE(cones[2].partial_times_infinity);
  f.partial_cotangent = {false, false, false, false, false};  // no pending sum: every product is computed whole
  cones = input_cones(r, {0, 1, 2}, cotangent_values(r), f);
  EXPECT_FALSE(cones[0].partial_times_infinity);
}

TEST(GradientCones, MagnitudesAndUnitsComeFromTheInputsOwnPaths) {
  const CheckResult r = checked(kTwoBranches);
  ForwardFacts f = plain_facts(r);
  f.magnitude[3] = 50;  // b = exp(y)
  f.eps_units[3] = 9;
  const std::vector<InputCone> cones = input_cones(r, {0, 1}, {4, 5}, f);
  EXPECT_EQ(cones[0].forward_max, 1.0);
  EXPECT_EQ(cones[0].eps_units, 0.0);
  EXPECT_EQ(cones[1].forward_max, 50.0);
  EXPECT_EQ(cones[1].eps_units, 9.0);
}

}  // namespace
}  // namespace spmdcheck
