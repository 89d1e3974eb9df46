// One broken table per lint rule: each is the default table with a single
// edit, and the linter must report exactly that rule (among possibly others
// the same edit implies).
#include <gtest/gtest.h>

#include <algorithm>

#include "rules/table_linter.h"
#include "table_patch.h"

namespace spmdcheck {
namespace {

struct LintCase {
  const char* name;
  const char* find;
  const char* replace;
  const char* expected_id;
};

const LintCase kCases[] = {
    {"duplicate_id", "id = \"infer.partial_affine\"", "id = \"infer.partial_nonlinear\"", "table.lint.duplicate_id"},
    {"id_format", "id = \"op.neg\"", "id = \"OpNeg\"", "table.lint.id_format"},
    {"missing_fix", "fix = \"make the I operand R with convert(x, {axis}, src=I, dst=R), or make the others I\"\n", "",
     "table.lint.missing_fix"},
    {"placeholder", "message = \"-x\"", "message = \"-{x}\"", "table.lint.placeholder"},
    {"types", "name = \"V\"\ngrad = \"V\"", "name = \"V\"\ngrad = \"P\"", "table.lint.types"},
    {"combine_total", "id = \"infer.partial\"\nwhen = { has = [\"P\"] }",
     "id = \"infer.partial\"\nwhen = { has = [\"P\"], linearity = [\"LINEAR\"] }", "table.lint.combine_total"},
    {"combine_dead", "when = { only = [\"R\", \"V\", \"scalar\"] }", "when = { only = [\"R\", \"scalar\"] }", "table.lint.combine_dead"},
    {"per_type_total", "type = \"V\"\nreject = true", "type = \"R\"\nreject = true", "table.lint.per_type_total"},
    {"op", "name = \"clone\"", "name = \"neg\"", "table.lint.op"},
    {"op_nonfinite_by_kernel_exact", "shape = \"elementwise\"\nmessage = \"-x\"",
     "shape = \"elementwise\"\nnonfinite_by_kernel = [\"bf16\"]\nmessage = \"-x\"", "table.lint.op"},
    {"op_param_role", "\"dim0: int = 0\"", "\"dim0: ints = 0\"", "table.lint.op"},
    {"op_param_missing", "\"dim0: int = 0\", \"dim1: int = 1\"", "\"dim0: int = 0\"", "table.lint.op"},
    {"op_operand_count", "params = [\"input: operand\", \"other: operand\", \"*\", \"out_partial: axes? = None\"]\nshape = \"matmul\"",
     "params = [\"input: operand\", \"*\", \"out_partial: axes? = None\"]\nshape = \"matmul\"", "table.lint.op"},
    {"op_poles_without_nonlinear", "params = [\"input: scalar_operand\", \"other: nonlinear_operand\"]",
     "params = [\"input: scalar_operand\", \"other: scalar_operand\"]", "table.lint.op"},
    {"cell_uncovered", "src = [\"P\"]\ndst = [\"R\", \"I\", \"V\", \"S\"]", "src = [\"P\"]\ndst = [\"R\", \"I\", \"V\"]",
     "table.lint.cell_uncovered"},
    {"cell_overlap", "src = [\"V\", \"S\"]\ndst = [\"R\", \"I\", \"P\"]", "src = [\"V\", \"S\"]\ndst = [\"R\", \"I\", \"P\", \"V\"]",
     "table.lint.cell_overlap"},
    {"backward_missing", "backward = \"coll.all_reduce.p_to_r\"", "backward = \"coll.all_reduce.p_to_x\"", "table.lint.backward_missing"},
    {"backward_signature", "backward = \"coerce.convert.v_to_p\"\nbackward_dims = { dim = \"dim\" }",
     "backward = \"coerce.convert.i_to_p\"", "table.lint.backward_signature"},
    {"backward_involution", "meaning = \"identity\"\nbackward = \"coerce.convert.r_to_p\"",
     "meaning = \"identity\"\nbackward = \"coerce.reinterpret.r_to_p\"", "table.lint.backward_involution"},
    {"backward_dims", "backward = \"coerce.convert.r_to_v\"\nbackward_dims = { dim = \"dim\" }", "backward = \"coerce.convert.r_to_v\"",
     "table.lint.backward_dims"},
    {"compose", "compose = [\"coerce.convert.i_to_r\", \"coerce.reinterpret.r_to_v\"]", "compose = [\"coerce.reinterpret.r_to_v\"]",
     "table.lint.compose"},
    {"dims", "dims = { gather_dim = 0 }\naction = \"gather_stack(gather_dim)\"",
     "dims = { gather_dim = \"src\" }\naction = \"gather_stack(gather_dim)\"", "table.lint.dims"},
    {"action_shape", "shape = \"stack(gather_dim)\"", "shape = \"concat(gather_dim)\"", "table.lint.action_shape"},
    {"meaning", "meaning = \"stack(gather_dim)\"", "meaning = \"unbind(gather_dim)\"", "table.lint.meaning"},
    {"law_type_denotation", "name = \"P\"\ngrad = \"R\"\ndenotation = \"sum\"", "name = \"P\"\ngrad = \"R\"\ndenotation = \"list\"",
     "table.lint.law"},
    {"law_of_a_named_op", "law = \"reinterpret\"", "law = \"convert\"", "table.lint.law"},
    {"source_missing", "description = \"spmd_types 0.2.0 local SPMD typing rules (strict mode)\"",
     "source_repository = \"meta-pytorch/spmd_types\"\nsource_commit = \"6dbe9e2\"", "table.lint.source"},
    {"source_without_line", "id = \"op.neg\"", "id = \"op.neg\"\nsource = \"spmd_types/_local.py\"", "table.lint.source"},
    {"law_meaning", "action = \"keep_on_rank0\"\nmeaning = \"identity\"", "action = \"keep_on_rank0\"\nmeaning = \"times_n\"",
     "table.lint.law"},
    {"law_dims", "dims = { dim = \"src\" }\naction = \"embed_cat(dim)\"", "dims = { dim = 0 }\naction = \"embed_cat(dim)\"",
     "table.lint.law"},
    {"law_shape", "dims = { dim = \"dst\" }\naction = \"chunk(dim)\"\nmeaning = \"chunk(dim)\"\nshape = \"split(dim)\"",
     "dims = { dim = \"dst\" }\naction = \"identity\"\nmeaning = \"chunk(dim)\"", "table.lint.law"},
    {"law_compose", "compose = [\"coerce.convert.i_to_r\", \"coerce.reinterpret.r_to_v\"]",
     "compose = [\"coerce.convert.i_to_r\", \"coerce.convert.r_to_v\"]", "table.lint.law"},
    {"law_undefined_cell", "id = \"coerce.reinterpret.partial_src\"\nop = \"reinterpret\"\nsrc = [\"P\"]\ndst = [\"R\", \"I\", \"V\"]",
     "id = \"coerce.reinterpret.p_to_r\"\nop = \"reinterpret\"\nsrc = \"P\"\ndst = \"R\"\naction = \"identity\"\nmeaning = \"identity\"\n"
     "backward = \"coerce.reinterpret.p_to_r\"\nmessage = \"broken\"\n\n[[transition]]\nid = \"coerce.reinterpret.partial_src\"\nop = "
     "\"reinterpret\"\nsrc = [\"P\"]\ndst = [\"I\", \"V\"]",
     "table.lint.law"},
    {"required_diagnostic", "id = \"shape.cat\"", "id = \"shape.concat\"", "table.lint.required_diagnostic"},
    {"op_without_operands_or_no_operands",
     "results = [\"f32\"]\nno_operands = \"R\"\ndata_width = \"numbers\"\nshape = \"sized\"\nmessage = \"a tensor of zeros",
     "results = [\"f32\"]\ndata_width = \"numbers\"\nshape = \"sized\"\nmessage = \"a tensor of zeros", "table.lint.op"},
    {"op_operands_list", "params = [\"equation: string\", \"operands: operands\"]",
     "params = [\"equation: string\", \"operands: operand\"]", "table.lint.op"},
    {"required_diagnostic_of_a_shape_rule", "id = \"shape.einsum\"", "id = \"shape.einsum_equation\"", "table.lint.required_diagnostic"},
};

class TableLint : public ::testing::TestWithParam<LintCase> {};

TEST_P(TableLint, BrokenTableIsReported) {
  const LintCase& c = GetParam();
  TableLoadResult parsed = parse_rule_table(testing::patched_default_table(c.find, c.replace), "broken.toml");
  ASSERT_TRUE(parsed.table) << parsed.error->message;
  std::vector<Diagnostic> findings = lint_rule_table(*parsed.table);
  bool found = std::any_of(findings.begin(), findings.end(), [&](const Diagnostic& d) { return d.rule_id == c.expected_id; });
  std::string all;
  for (const Diagnostic& d : findings) all += format_diagnostic("broken.toml", d);
  EXPECT_TRUE(found) << "expected " << c.expected_id << ", got:\n" << all;
  for (const Diagnostic& d : findings) EXPECT_TRUE(d.loc.known()) << format_diagnostic("broken.toml", d);

  // load_rule_table (what --rules uses) refuses the table with the first
  // lint finding, located (the fuzz target relies on this composition).
  TableLoadResult loaded = load_rule_table(testing::patched_default_table(c.find, c.replace), "broken.toml");
  EXPECT_FALSE(loaded.table);
  ASSERT_TRUE(loaded.error);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(loaded.error->rule_id, findings.front().rule_id);
  EXPECT_EQ(loaded.error->message, findings.front().message);
  EXPECT_EQ(loaded.error->loc, findings.front().loc);
}

INSTANTIATE_TEST_SUITE_P(EveryLintRule, TableLint, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TableLint, DefaultTableIsClean) {
  TableLoadResult parsed = parse_rule_table(embedded_default_table_text(), "default_table.toml");
  ASSERT_TRUE(parsed.table);
  std::vector<Diagnostic> findings = lint_rule_table(*parsed.table);
  for (const Diagnostic& d : findings) ADD_FAILURE() << format_diagnostic("default_table.toml", d);
}

TEST(TableLint, EveryLintIdHasABrokenTable) {
  // The ids documented in table_linter.h; each must appear in kCases.
  const char* ids[] = {"duplicate_id",
                       "id_format",
                       "missing_fix",
                       "placeholder",
                       "types",
                       "combine_total",
                       "combine_dead",
                       "per_type_total",
                       "op",
                       "cell_uncovered",
                       "cell_overlap",
                       "backward_missing",
                       "backward_signature",
                       "backward_involution",
                       "backward_dims",
                       "compose",
                       "dims",
                       "action_shape",
                       "meaning",
                       "law",
                       "required_diagnostic",
                       "source"};
  for (const char* id : ids) {
    std::string full = std::string("table.lint.") + id;
    EXPECT_TRUE(std::any_of(std::begin(kCases), std::end(kCases), [&](const LintCase& c) { return full == c.expected_id; })) << full;
  }
}

}  // namespace
}  // namespace spmdcheck
