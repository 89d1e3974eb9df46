// The checker's environment after a rejection: a rejected statement changes
// nothing (oracle/check_context.h's contract), multi-result statements
// included, so a statement-at-a-time generator can go on from the same state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

std::vector<std::string> value_names(const CheckResult& r) {
  std::vector<std::string> out;
  for (const ValueInfo& v : r.values) out.push_back(v.name);
  return out;
}

Program parse_ok(const std::string& text) {
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << (parsed.error ? parsed.error->message : "");
  return *parsed.program;
}

// `m, x = max(x, 0)`: the second result rebinds x. The first name must not
// stay bound: check_program's values are the environment before the statement.
TEST(CheckerState, RejectedMultiResultBindsNoName) {
  const auto table = default_rule_table();
  const Program p = parse_ok("mesh dp=2\ninput x : f64[4, 6] {dp: R}\nm, x = max(x, 0)\n");
  const CheckResult r = check_program(*table, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->rule_id, "name.rebound");
  EXPECT_EQ(value_names(r), std::vector<std::string>{"x"});
  EXPECT_TRUE(r.bindings.empty());
}

// The same name twice in one statement (the parser refuses it; a program
// built in code may have it) is a rebinding, and binds nothing.
TEST(CheckerState, RepeatedResultNameBindsNothing) {
  const auto table = default_rule_table();
  Program p = parse_ok("mesh dp=2\ninput x : f64[4, 6] {dp: R}\nm, k = max(x, 0)\n");
  std::get<BindingStmt>(p.statements[1]).names[1] = "m";
  const CheckResult r = check_program(*table, p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->rule_id, "name.rebound");
  EXPECT_EQ(value_names(r), std::vector<std::string>{"x"});
}

// Statement at a time: after the rejection the first name is still free.
TEST(CheckerState, NameFreeAfterRejectedMultiResult) {
  const auto table = default_rule_table();
  const Program p = parse_ok("mesh dp=2\ninput x : f64[4, 6] {dp: R}\nm, x = max(x, 0)\nm, k = max(x, 0)\n");
  ProgramChecker checker(*table, p.mesh);
  ASSERT_FALSE(checker.add(p.statements[0]).has_value());
  const std::optional<Diagnostic> rejected = checker.add(p.statements[1]);
  ASSERT_TRUE(rejected.has_value());
  EXPECT_EQ(checker.result().values.size(), 1u);
  const std::optional<Diagnostic> accepted = checker.add(p.statements[2]);
  EXPECT_FALSE(accepted.has_value()) << accepted->rule_id << ": " << accepted->message;
  EXPECT_EQ(value_names(checker.result()), (std::vector<std::string>{"x", "m", "k"}));
  EXPECT_EQ(checker.result().bindings.size(), 1u);
}

}  // namespace
}  // namespace spmdcheck
