// One test per case of tests/oracle/rule_cases/*.cases (format in
// rule_case_loader.h): an `accept` case must check and fire its row, a
// `reject` case must be rejected by exactly its row at exactly LINE:COL with a
// message and a fix. RuleCaseCoverage keeps every row of the default table
// covered, so a new row needs its cases.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "oracle/checker.h"
#include "program/program_text.h"
#include "rule_case_loader.h"
#include "rules/table_loader.h"

namespace spmdcheck::test {

// Printed by gtest for a failing parameter: where to find the case.
void PrintTo(const RuleCase& c, std::ostream* os) {
  *os << c.file << ":" << c.line << ": ### " << c.id;
  if (c.accept)
    *os << " accept";
  else
    *os << " reject " << c.want.line << ":" << c.want.col;
}

namespace {

const RuleCaseSet& all_cases() {
  static const RuleCaseSet set = load_rule_cases(SPMDCHECK_SOURCE_DIR "/tests/oracle/rule_cases");
  return set;
}

// Rows no case can reach, with the reason. The tests fail if one of these
// gains a case or leaves the table, so the list stays true.
const std::map<std::string, std::string>& unreachable_rows() {
  static const std::map<std::string, std::string> rows = {
      // The parser rejects a repeated keyword first (syntax.keyword_duplicate),
      // so the checker's own duplicate check never sees parsed text.
      {"call.keyword_duplicate", "parse_program rejects duplicate keywords"},
      // Two axes reach one result dim of the default rows only from one
      // operand's dim, whose axis tuple orders them: every row that carries a
      // shard needs every operand sharded on that identity, or R beside it.
      {"prop.same_dim_unordered", "the default propagation rows land two axes on one dim only from one ordered tuple"},
  };
  return rows;
}

class RuleCaseTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleCaseTest, Holds) {
  const RuleCase& c = GetParam();
  ::testing::ScopedTrace trace(c.path.c_str(), static_cast<int>(c.line), "case " + c.name);
  std::shared_ptr<const RuleTable> table = default_rule_table();
  const RuleIndex rule = table->find_rule(c.id);
  ASSERT_NE(rule, kNoRule) << "the default table has no row '" << c.id << "'";
  ASSERT_EQ(c.accept, !table->info(rule).rejects)
      << c.id << (c.accept ? " rejects: write a reject case" : " accepts: write an accept case");

  ParseResult parsed = parse_program(c.program);
  ASSERT_TRUE(parsed.program.has_value()) << format_diagnostic("<case>", *parsed.error) << c.program;
  RuleHits hits;
  CheckResult result = check_program(*table, *parsed.program, &hits);
  ASSERT_EQ(hits.size(), table->rules.size());
  if (c.accept) {
    ASSERT_TRUE(result.ok()) << format_diagnostic("<case>", *result.error) << c.program;
    EXPECT_GT(hits[rule], 0u) << "the program checks, but row " << c.id << " did not fire\n" << c.program;
    return;
  }
  ASSERT_FALSE(result.ok()) << "expected " << c.id << ", but the program checks\n" << c.program;
  const Diagnostic& d = *result.error;
  const std::string shown = format_diagnostic("<case>", d) + c.program;
  EXPECT_EQ(d.rule_id, c.id) << shown;
  EXPECT_EQ(d.loc.line, c.want.line) << shown;
  EXPECT_EQ(d.loc.col, c.want.col) << shown;
  EXPECT_FALSE(d.message.empty()) << shown;
  EXPECT_FALSE(d.fix.empty()) << shown;
  EXPECT_GT(hits[rule], 0u) << "a rejecting row counts when it rejects";
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleCaseTest, ::testing::ValuesIn(all_cases().cases),
                         [](const ::testing::TestParamInfo<RuleCase>& info) { return info.param.name; });

TEST(RuleCaseFiles, LoadWithoutErrors) {
  for (const std::string& e : all_cases().errors) ADD_FAILURE() << e;
  EXPECT_FALSE(all_cases().cases.empty());
}

TEST(RuleCaseCoverage, EveryCaseNamesARowOfTheDefaultTable) {
  std::shared_ptr<const RuleTable> table = default_rule_table();
  for (const RuleCase& c : all_cases().cases) {
    RuleIndex r = table->find_rule(c.id);
    if (r == kNoRule) {
      ADD_FAILURE() << c.file << ":" << c.line << ": no row '" << c.id << "' in the default table";
    } else if (table->info(r).section == RowSection::Type) {
      ADD_FAILURE() << c.file << ":" << c.line << ": " << c.id << " is a type row, which the checker never fires";
    } else if (unreachable_rows().count(c.id)) {
      ADD_FAILURE() << c.file << ":" << c.line << ": " << c.id << " is listed as unreachable; drop it from unreachable_rows()";
    }
  }
}

// The reason call.keyword_duplicate is in unreachable_rows() stays true.
TEST(RuleCaseCoverage, ParserRejectsDuplicateKeywordsBeforeTheChecker) {
  ParseResult parsed = parse_program("mesh tp=2\ninput p : f64[4] {tp: P}\ny = all_reduce(p, tp, dst=R, dst=I)\n");
  ASSERT_FALSE(parsed.program.has_value());
  EXPECT_EQ(parsed.error->rule_id, "syntax.keyword_duplicate");
}

// Messages name a collective with its forms as written, also after the
// checker has canonicalised a negative shard dim (the op text is formatted
// lazily, only for a failure).
TEST(RuleCaseMessages, CollectiveFormsAppearAsWritten) {
  ParseResult parsed = parse_program("mesh tp=2\ninput v : f64[4, 6] {tp: V}\ny = all_gather(v, tp, src=S(-1), dst=R, gather_dim=0)\n");
  ASSERT_TRUE(parsed.program.has_value());
  CheckResult result = check_program(*default_rule_table(), *parsed.program);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->rule_id, "coll.dim_conflict");
  EXPECT_NE(result.error->message.find("all_gather(src=S(-1), dst=R)"), std::string::npos) << result.error->message;
}

TEST(RuleCaseCoverage, EveryRowHasItsCase) {
  std::shared_ptr<const RuleTable> table = default_rule_table();
  std::set<std::string> accepted, rejected;
  for (const RuleCase& c : all_cases().cases) (c.accept ? accepted : rejected).insert(c.id);
  for (const auto& [id, reason] : unreachable_rows())
    EXPECT_NE(table->find_rule(id), kNoRule) << "unreachable_rows() names " << id << ", which the table lacks";
  int covered = 0;
  for (const RuleInfo& info : table->rules) {
    // Type rows describe the letters (duals, denotations); no judgment fires them.
    if (info.section == RowSection::Type || unreachable_rows().count(info.id)) continue;
    if (info.rejects) {
      EXPECT_TRUE(rejected.count(info.id)) << info.id << " (" << section_name(info.section) << ") rejects but has no `reject` case";
    } else {
      EXPECT_TRUE(accepted.count(info.id)) << info.id << " (" << section_name(info.section) << ") accepts but has no `accept` case";
    }
    ++covered;
  }
  EXPECT_GT(covered, 0);
}

}  // namespace
}  // namespace spmdcheck::test
