// Property 3 (adjoint identity): one ctest case per legal transition row of
// the default table (every form, axis sizes 1-4, every explicit dim), plus a
// RapidCheck property over random rows and cases. Data are dyadic, so the two
// pairings must agree exactly.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "adjoint_support.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

std::vector<int> legal_rows() {
  std::vector<int> rows;
  const RuleTable& t = *default_rule_table();
  for (size_t i = 0; i < t.transitions.size(); ++i)
    // Rows with a backward: a no_gradient op (the raw torch.distributed
    // collectives) has no adjoint to check.
    if (!t.transitions[i].illegal && !t.comm_ops[t.transitions[i].op].no_gradient) rows.push_back(static_cast<int>(i));
  return rows;
}

class AdjointIdentity : public ::testing::TestWithParam<int> {};

TEST_P(AdjointIdentity, HoldsForEveryForm) {
  const RuleTable& table = *default_rule_table();
  int applicable = 0, communicating = 0;
  uint64_t seed = 1;
  for (const AdjointCase& c : adjoint_cases_for_row(table, GetParam())) {
    AdjointResult r = run_adjoint_case(table, c, seed++);
    if (!r.applicable) continue;
    ++applicable;
    communicating += c.n >= 2;
    ASSERT_EQ(r.lhs, r.rhs) << "<backward(g), dx> != <g, forward(dx)> for\n" << r.program;
  }
  EXPECT_GT(communicating, 0) << "no applicable case with an axis of size >= 2";
  EXPECT_GT(applicable, 0);
}

INSTANTIATE_TEST_SUITE_P(EveryRow, AdjointIdentity, ::testing::ValuesIn(legal_rows()), [](const auto& info) {
  std::string id = default_rule_table()->info(default_rule_table()->transitions[info.param].rule).id;
  for (char& ch : id)
    if (ch == '.') ch = '_';
  return id;
});

RC_GTEST_PROP(AdjointIdentity, RandomRowsAndCases, ()) {
  const RuleTable& table = *default_rule_table();
  const std::vector<int> rows = legal_rows();
  const int row = rows[*rc::gen::inRange<size_t>(0, rows.size())];
  const std::vector<AdjointCase> cases = adjoint_cases_for_row(table, row);
  const AdjointCase& c = cases[*rc::gen::inRange<size_t>(0, cases.size())];
  AdjointResult r = run_adjoint_case(table, c, *rc::gen::arbitrary<uint64_t>());
  RC_PRE(r.applicable);
  RC_ASSERT(r.lhs == r.rhs);
}

}  // namespace
}  // namespace spmdcheck
