// Choices an implementation makes, stated as table data (DESIGN.md §2.6):
// which parameters a [[nonlinear_arg]] row applies to (`roles`) and whether
// it sees arguments written by keyword (`reads`). spmd_types 6dbe9e2 checks
// only its divisor, and only when written by position; the default table
// checks divisors and indices however they are spelt.
#include <gtest/gtest.h>

#include <string>

#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

CheckResult check(const RuleTable& table, const std::string& text) {
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << (parsed.error ? parsed.error->message : "");
  return check_program(table, *parsed.program);
}

// The default table with `fields` added to its nonlinear_arg row and, with
// `linear_index_select`, index_select classed LINEAR as spmd_types classes it.
std::shared_ptr<const RuleTable> with_nonlinear_row(const std::string& fields, bool linear_index_select = false) {
  std::string text(embedded_default_table_text());
  const std::string anchor = "id = \"infer.nonlinear_arg\"\n";
  text.replace(text.find(anchor), anchor.size(), anchor + fields);
  const std::string multilinear = "name = \"index_select\"\nlinearity = \"MULTILINEAR\"";
  if (linear_index_select) text.replace(text.find(multilinear), multilinear.size(), "name = \"index_select\"\nlinearity = \"LINEAR\"");
  TableLoadResult loaded = load_rule_table(text, "choices.toml");
  EXPECT_TRUE(loaded.table) << (loaded.error ? loaded.error->message : "");
  return loaded.table;
}

const char* kDivisor = "mesh dp=2\ninput x : f64[4] {dp: R}\ninput y : f64[4] {dp: P}\n";

TEST(ImplementationChoices, APositionalOnlyRowDoesNotSeeAKeywordDivisor) {
  const auto positional = with_nonlinear_row("reads = \"positional\"\n");
  const auto by_default = default_rule_table();
  for (const RuleTable* t : {positional.get(), by_default.get()}) {
    const CheckResult r = check(*t, std::string(kDivisor) + "z = div(x, y)\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->rule_id, "infer.nonlinear_arg");
  }
  const CheckResult by_keyword = check(*positional, std::string(kDivisor) + "z = div(x, other=y)\n");
  ASSERT_TRUE(by_keyword.ok()) << by_keyword.error->message;
  EXPECT_EQ(by_keyword.values.back().type.axis[0], Ty::P) << "MULTILINEAR with one P factor: what spmd_types infers";
  const CheckResult checked = check(*by_default, std::string(kDivisor) + "z = div(x, other=y)\n");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error->rule_id, "infer.nonlinear_arg");
}

TEST(ImplementationChoices, ARowForDivisorsOnlyDoesNotSeeAnIndex) {
  const std::string program = "mesh dp=2\ninput x : f64[4, 3] {dp: P}\ninput i : i64[2] {dp: P}\ny = index_select(x, 0, i)\n";
  const CheckResult strict = check(*default_rule_table(), program);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error->rule_id, "infer.nonlinear_arg");
  // spmd_types' index_select is LINEAR (the default table's is MULTILINEAR,
  // which refuses two P factors anyway): with its class and a divisors-only
  // row, the P index passes.
  auto divisors_only = with_nonlinear_row("roles = [\"nonlinear_operand\"]\n", true);
  const CheckResult loose = check(*divisors_only, program);
  ASSERT_TRUE(loose.ok()) << loose.error->message;
  EXPECT_EQ(loose.values.back().type.axis[0], Ty::P) << "LINEAR over all-P operands, the index among them";
}

TEST(ImplementationChoices, BadRolesAndReadsAreTableErrorsAtTheirPosition) {
  std::string text(embedded_default_table_text());
  const std::string anchor = "id = \"infer.nonlinear_arg\"\n";
  std::string bad_role = text, bad_reads = text;
  bad_role.replace(bad_role.find(anchor), anchor.size(), anchor + "roles = [\"divisor\"]\n");
  bad_reads.replace(bad_reads.find(anchor), anchor.size(), anchor + "reads = \"sometimes\"\n");
  TableLoadResult r1 = parse_rule_table(bad_role, "t.toml");
  ASSERT_TRUE(r1.error);
  EXPECT_EQ(r1.error->rule_id, "table.schema");
  EXPECT_NE(r1.error->message.find("unknown parameter role 'divisor'"), std::string::npos) << r1.error->message;
  EXPECT_EQ(r1.error->loc.col, 10u);
  TableLoadResult r2 = parse_rule_table(bad_reads, "t.toml");
  ASSERT_TRUE(r2.error);
  EXPECT_NE(r2.error->message.find("reads must be"), std::string::npos) << r2.error->message;
}

TEST(ImplementationChoices, EmbeddedTablesAreFoundByNameAndLoad) {
  ASSERT_NE(find_embedded_table("default"), nullptr);
  ASSERT_NE(find_embedded_table("spmd_types_6dbe9e2"), nullptr);
  EXPECT_EQ(find_embedded_table("rules/default_table.toml"), nullptr) << "a path is a file, not a name";
  EXPECT_EQ(embedded_rule_table("default")->name, default_rule_table()->name);
  EXPECT_EQ(embedded_rule_table("spmd_types_6dbe9e2")->name, "spmd_types-6dbe9e2-local");
  EXPECT_THROW(embedded_rule_table("nope"), std::invalid_argument);
}

}  // namespace
}  // namespace spmdcheck
