// Ops that pick elements by comparing them (the `ties` rows: sort, topk,
// max, min) at near ties of an inexact operand. Here bf16 partial products
// round on each rank before the all_reduce sums them, so r on the ranks is
// within its tolerance of the reference's r but not equal, and rows of 32
// values hold pairs closer than that: the ranks may order them otherwise,
// and the indices differ (want 17, got 30 at element 5 of j without the
// rows' `ties`). Such results are not compared, nor the gradients through
// them; their invariants still are. Exact ties (tests/soundness/
// results_program_test.cpp) are compared and agree.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

constexpr const char* kProgram =
    "mesh dp=8\n\ninput x : bf16[4, 16] {dp: P}\ninput w : bf16[16, 32] {dp: R}\nm = matmul(x, w)\n"
    "r = all_reduce(m, dp, src=P, dst=R)\ns, i = max(r, 1)\nt, j = sort(r, 1)\nu, k = topk(r, 3)\noutput s, i, t, j, u, k\n";

const Program& program() {
  static const Program p = *parse_program(kProgram).program;
  return p;
}

PropertyOutcome run(const RuleTable& table) {
  at::set_num_threads(1);
  return check_program_property(table, program(), 1);  // data seed 1: `spmdcheck run FILE --seed 1`
}

TEST(Ties, ResultsOfANearTieAreNotCompared) {
  const PropertyOutcome outcome = run(*default_rule_table());
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_FALSE(outcome.failed()) << outcome.first_failure().describe(program().mesh);
  const auto value = [&](std::string_view name) {
    for (size_t v = 0; v < outcome.checked.values.size(); ++v)
      if (outcome.checked.values[v].name == name) return v;
    ADD_FAILURE() << "no value " << name;
    return size_t{0};
  };
  const size_t r = value("r"), j = value("j");
  EXPECT_TRUE(outcome.consistency.values[r].compared);
  EXPECT_GT(outcome.consistency.values[r].tolerance, 0) << "r is inexact";
  EXPECT_TRUE(outcome.consistency.values[j].checked);
  EXPECT_FALSE(outcome.consistency.values[j].compared);
  EXPECT_TRUE(outcome.gradient_verdicts[1].checked);
  EXPECT_FALSE(outcome.gradient_verdicts[1].compared) << "w's gradient flows through the picks";
}

TEST(Ties, WithoutTheTiesRowsTheIndicesAreAFalseAlarm) {
  std::string text(embedded_default_table_text());
  for (size_t at = text.find("ties = \"dim\"\n"); at != std::string::npos; at = text.find("ties = \"dim\"\n")) text.erase(at, 13);
  TableLoadResult table = load_rule_table(text, "no_ties.toml");
  ASSERT_TRUE(table.table) << table.error->message;
  const PropertyOutcome outcome = run(*table.table);
  ASSERT_TRUE(outcome.failed());
  EXPECT_EQ(outcome.first_failure().name, "j");
}

}  // namespace
}  // namespace spmdcheck

namespace spmdcheck {
namespace {

// eq and ne are not monotone, so the corners of their operands' error box
// do not bound them: here mm's bf16 result v7 is within its tolerance of
// x2 at element 1, equal to it on the rank and not in the reference, while
// every corner of the box says "not equal" (found by `soundness --global
// --seed 12`; the local form of its program). Where two operands' intervals
// meet, a comparison is not compared; its invariants are.
TEST(Ties, AComparisonOfOperandsWithinTheirTolerancesIsNotCompared) {
  at::set_num_threads(1);
  const Program p = *parse_program(
                         "mesh dp=1\n\ninput x0 : bf16[5, 1] {dp: R}\nv0 = swapaxes(x0, 0, axis1=-1)\nv3 = sigmoid(input=v0)\n"
                         "v4 = sub(v0, v3, alpha=2.0)\ninput x1 : bf16[5, 5] {dp: V}\nv7 = mm(input=v4, mat2=x1)\n"
                         "input x2 : bf16[1, 5] {dp: V}\nv8 = ne(x2, v7)\noutput v8\n")
                         .program;
  const PropertyOutcome outcome = check_program_property(*default_rule_table(), p, 6421874130493952701ull);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_FALSE(outcome.failed()) << outcome.first_failure().describe(p.mesh);
  const ValueVerdict& v8 = outcome.consistency.values.back();
  EXPECT_TRUE(v8.checked && v8.ok);
  EXPECT_FALSE(v8.compared);  // invariants only: the operands meet within their tolerances
}

// A typed scalar at an operand position is rounded to the call's dtype on
// the ranks, so the corner box widens by that rounding: here the bf16
// divisor sigmoid(s0), rounded, moved a truncated quotient across an integer
// (9 on the ranks, 8 in the reference) while the scalar's own tolerance was
// 2.5e-15. Found by `soundness --global --seed 102` (program seed
// 10716738603559830963, shrunk; the data seed of its replay line).
TEST(Ties, AScalarRoundedToTheCallsDtypeWidensTheJumpBox) {
  at::set_num_threads(1);
  const Program p = *parse_program(
                         "mesh dp=1\nglobal dp\n\ninput s0 : scalar {dp: R}\nv5 = sigmoid(s0)\ninput x9 : bf16[1, 2] {dp: S(0)}\n"
                         "v16 = div(x9, v5, rounding_mode=\"trunc\")\noutput v5\n")
                         .program;
  const PropertyOutcome outcome = check_program_property(*default_rule_table(), p, 8866654490869418652ull);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_FALSE(outcome.failed()) << outcome.first_failure().describe(p.mesh);
  const ValueVerdict& v16 = outcome.consistency.values.back();
  EXPECT_TRUE(v16.checked && v16.ok);
  EXPECT_EQ(v16.loose, LooseReason::Jump);
}

}  // namespace
}  // namespace spmdcheck
