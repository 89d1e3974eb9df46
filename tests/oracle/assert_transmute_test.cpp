// Transmuting asserts (oracle/assert_transmute.h, RuleTable::
// assert_transmutes): spmd_types 6dbe9e2's assert_type overwrites V with P
// (runtime.py:492-496), so the as-implemented table's assert stands for
// reinterpret(V, P) on that axis and the value is P from then on.
#include <gtest/gtest.h>

#include <string>

#include "oracle/assert_transmute.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

const char* kTransmute =
    "mesh dp=2 tp=2\n"
    "input x : f64[2, 3] {dp: V, tp: R}\n"
    "assert x : {dp: P, tp: R}\n"
    "y = all_reduce(x, dp, src=P, dst=R)\n"
    "output y\n";

Program parsed(const std::string& text) {
  ParseResult p = parse_program(text);
  if (!p.program) throw std::runtime_error(p.error->message);
  return *p.program;
}

TEST(AssertTransmute, TheAsImplementedAssertRetypesVToPByTheReinterpretRow) {
  const auto table = embedded_rule_table("spmd_types_6dbe9e2");
  const Program program = parsed(kTransmute);
  const CheckResult r = check_program(*table, program);
  ASSERT_TRUE(r.ok()) << r.error->message;
  // x (V), x retyped (P), y.
  ASSERT_EQ(r.values.size(), 3u);
  EXPECT_EQ(r.values[0].type.axis[0], Ty::V);
  EXPECT_EQ(r.values[1].name, "x");
  EXPECT_EQ(r.values[1].type.axis[0], Ty::P);
  EXPECT_EQ(r.values[1].type.axis[1], Ty::R);
  EXPECT_EQ(r.values[2].type.axis[0], Ty::R);
  ASSERT_EQ(r.bindings.size(), 2u);
  EXPECT_TRUE(r.bindings[0].by_assert);
  EXPECT_TRUE(r.bindings[0].is_transition);
  EXPECT_EQ(table->info(table->transitions[r.bindings[0].row].rule).id, "coerce.reinterpret.v_to_p");
  EXPECT_EQ(r.bindings[0].operands[0], 0);
  EXPECT_EQ(r.bindings[1].operands[0], 1) << "the all_reduce reads the retyped x";
  ASSERT_EQ(r.transmutes.size(), 1u);
  EXPECT_EQ(r.transmutes[0].statement, 1u);

  // The default table's assert is exact: the same program is refused.
  const CheckResult exact = check_program(*default_rule_table(), program);
  ASSERT_FALSE(exact.ok());
  EXPECT_EQ(exact.error->rule_id, "assert.mismatch");
}

TEST(AssertTransmute, TheLoweredProgramHasTheCoercionBeforeTheAssertAndFollowsTheCheckedValues) {
  const auto table = embedded_rule_table("spmd_types_6dbe9e2");
  const Program program = parsed(kTransmute);
  const CheckResult r = check_program(*table, program);
  ASSERT_TRUE(r.ok());
  const Program lowered = lowered_program(program, r);
  ASSERT_EQ(lowered.statements.size(), program.statements.size() + 1);
  const auto* coercion = std::get_if<BindingStmt>(&lowered.statements[1]);
  ASSERT_NE(coercion, nullptr);
  EXPECT_EQ(print_statement(lowered.mesh, lowered.statements[1]), "x = reinterpret(x, dp, src=V, dst=P)");
  EXPECT_TRUE(std::holds_alternative<AssertStmt>(lowered.statements[2]));
  // Counting the program as written reaches every checked value and binding.
  size_t values = 0, bindings = 0;
  for (size_t i = 0; i < program.statements.size(); ++i) {
    values += statement_counts(program, r, i).values;
    bindings += statement_counts(program, r, i).bindings;
  }
  EXPECT_EQ(values, r.values.size());
  EXPECT_EQ(bindings, r.bindings.size());
}

TEST(AssertTransmute, AnAxisThatShardsADimOrHasSizeOneIsNotRetyped) {
  const auto table = embedded_rule_table("spmd_types_6dbe9e2");
  // spmd_types keeps the spec entry here (NOT MODELLED): refused.
  const CheckResult sharded =
      check_program(*table, parsed("mesh dp=2 tp=2\nglobal tp\ninput x : f64[4, 6] {dp: V, tp: S(0)}\nassert x : {dp: V, tp: P}\n"));
  ASSERT_FALSE(sharded.ok());
  EXPECT_EQ(sharded.error->rule_id, "assert.mismatch");
  // A size-1 axis is not compared, so not retyped either: x stays V there.
  const CheckResult single = check_program(*table, parsed("mesh dp=1 tp=2\ninput x : f64[4] {dp: V, tp: V}\nassert x : {dp: P, tp: V}\n"));
  ASSERT_TRUE(single.ok()) << single.error->message;
  EXPECT_TRUE(single.transmutes.empty());
  EXPECT_EQ(single.values.back().type.axis[0], Ty::V);
}

// The table with reinterpret(R, P), an expert row, as a second transmute: an
// assert retyping dp (V -> P) and tp (R -> P) binds the first coercion and
// is then refused by the second's expert gate.
std::string with_transmutes(const std::string& list, const std::string& recheck = "refine") {
  std::string text(embedded_spmd_types_6dbe9e2_table_text());
  const std::string setting = "assert_transmutes = [\"coerce.reinterpret.v_to_p\"]\n";
  const size_t at = text.find(setting);
  if (at == std::string::npos) throw std::runtime_error("no assert_transmutes in the as-implemented table");
  text.replace(at, setting.size(), "assert_transmutes = [" + list + "]\n");
  const std::string refine = "assert_recheck = \"refine\"\n";
  text.replace(text.find(refine), refine.size(), "assert_recheck = \"" + recheck + "\"\n");
  return text;
}

TEST(AssertTransmute, ARejectedTransmutingAssertLeavesTheCheckerAsItWas) {
  TableLoadResult loaded = load_rule_table(with_transmutes("\"coerce.reinterpret.v_to_p\", \"coerce.reinterpret.r_to_p\""), "t.toml");
  ASSERT_TRUE(loaded.table) << loaded.error->message;
  const Program program = parsed("mesh dp=2 tp=2\ninput x : f64[2] {dp: V, tp: R}\nassert x : {dp: P, tp: P}\n");
  ProgramChecker checker(*loaded.table, program.mesh);
  ASSERT_FALSE(checker.add(program.statements[0]));
  const std::optional<Diagnostic> refused = checker.add(program.statements[1]);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->rule_id, "coll.expert_gate") << refused->message;
  EXPECT_EQ(checker.result().values.size(), 1u);
  EXPECT_TRUE(checker.result().bindings.empty());
  EXPECT_TRUE(checker.result().transmutes.empty());
  // x still denotes the input: V on dp, so reinterpret(V, P) of it holds.
  const Program next = parsed("mesh dp=2 tp=2\ninput x : f64[2] {dp: V, tp: R}\ny = reinterpret(x, dp, src=V, dst=P)\n");
  ASSERT_FALSE(checker.add(next.statements[1])) << "x is V again";
  EXPECT_EQ(checker.result().bindings.back().operands[0], 0);
}

std::string lint_ids(const std::string& text) {
  TableLoadResult loaded = parse_rule_table(text, "t.toml");
  if (!loaded.table) return "load error: " + loaded.error->message;
  std::string out;
  for (const Diagnostic& d : lint_rule_table(*loaded.table))
    if (d.rule_id == "table.lint.transmute") out += d.message + "\n";
  return out;
}

TEST(AssertTransmute, TheLinterRefusesATransmuteThatIsNoRetypeOrThatAnExactAssertCannotApply) {
  EXPECT_EQ(lint_ids(with_transmutes("\"coerce.reinterpret.v_to_p\"")), "");
  EXPECT_NE(lint_ids(with_transmutes("\"no.such.row\"")).find("'no.such.row', which is not a transition row"), std::string::npos);
  EXPECT_NE(lint_ids(with_transmutes("\"coll.all_reduce.p_to_r\"")).find("must be a legal primitive row of a reinterpret-law op"),
            std::string::npos)
      << "an all_reduce moves data";
  EXPECT_NE(lint_ids(with_transmutes("\"coerce.reinterpret.v_to_v\"")).find("between two different types"), std::string::npos);
  EXPECT_NE(lint_ids(with_transmutes("\"coerce.reinterpret.v_to_p\", \"coerce.reinterpret.v_to_p\"")).find("retypes as"),
            std::string::npos);
  EXPECT_NE(lint_ids(with_transmutes("\"coerce.reinterpret.v_to_p\"", "exact")).find("needs assert_recheck"), std::string::npos);
}

}  // namespace
}  // namespace spmdcheck
