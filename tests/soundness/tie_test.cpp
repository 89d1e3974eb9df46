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
