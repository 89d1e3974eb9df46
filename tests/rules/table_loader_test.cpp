// The loader: the default table's shape, and malformed tables giving a
// located `table.syntax` / `table.schema` diagnostic instead of a crash.
#include <gtest/gtest.h>

#include "rules/comm_laws.h"
#include "rules/embedded_tables.h"
#include "rules/local_typing.h"
#include "rules/table_loader.h"
#include "table_patch.h"

namespace spmdcheck {
namespace {

Diagnostic load_error(const std::string& text) {
  TableLoadResult r = load_rule_table(text, "t.toml");
  EXPECT_FALSE(r.table);
  return r.error.value_or(Diagnostic{});
}

TEST(TableLoader, DefaultTableLoads) {
  std::shared_ptr<const RuleTable> t = default_rule_table();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->types.size(), 4u);
  EXPECT_EQ(t->linearities.size(), 3u);
  EXPECT_EQ(t->comm_ops.size(), 10u);  // spmd_types' six and four raw torch.distributed collectives
  // Every op of the format's catalog is defined.
  for (const char* op :
       {"neg", "clone", "exp", "tanh", "relu", "abs", "sum", "mean", "transpose", "add", "sub", "mul", "div", "matmul", "cat"})
    EXPECT_TRUE(t->compiled.op_by_name.count(op)) << op;
  for (const char* op : {"reinterpret", "convert", "all_reduce", "all_gather", "reduce_scatter", "all_to_all", "dist_all_reduce",
                         "dist_all_gather_into_tensor", "dist_reduce_scatter_tensor", "dist_all_to_all_single"})
    EXPECT_TRUE(t->compiled.comm_by_name.count(op)) << op;
  EXPECT_EQ(t->grad(Ty::R), Ty::P);
  EXPECT_EQ(t->grad(Ty::P), Ty::R);
  EXPECT_EQ(t->grad(Ty::I), Ty::I);
  EXPECT_EQ(t->grad(Ty::V), Ty::V);
}

TEST(TableLoader, CompositeBackwardFollowsFromComponents) {
  std::shared_ptr<const RuleTable> t = default_rule_table();
  const TransitionRow& row = t->transitions[t->find_transition("coerce.reinterpret.i_to_v")];
  ASSERT_EQ(row.compose.size(), 2u);
  // backward = reversed backwards of the components: reinterpret(V, P), then all_reduce(P, I).
  EXPECT_EQ(t->transitions[row.compose[1]].backward_id, "coerce.reinterpret.v_to_p");
  EXPECT_EQ(t->transitions[row.compose[0]].backward_id, "coll.all_reduce.p_to_i");
}

TEST(TableLoader, TomlSyntaxErrorIsLocated) {
  Diagnostic d = load_error("[table]\nname = \"x\"\n[[op]\n");
  EXPECT_EQ(d.rule_id, "table.syntax");
  EXPECT_EQ(d.loc.line, 3u);
}

TEST(TableLoader, UnknownFieldIsLocated) {
  std::string text = testing::patched_default_table("id = \"op.neg\"\n", "id = \"op.neg\"\nbogus = 1\n");
  Diagnostic d = load_error(text);
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("bogus"), std::string::npos);
  size_t offset = text.find("bogus = 1");
  uint32_t line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  EXPECT_EQ(d.loc.line, line);
  EXPECT_EQ(d.loc.col, 1u);
}

// The reference runs the f64 kernel: only another dtype's kernel can differ from it.
TEST(TableLoader, NonfiniteByKernelListsNarrowFloatingDtypesOnly) {
  for (const char* listed : {"f64", "i64", "bf17"}) {
    const std::string text =
        testing::patched_default_table("nonfinite_by_kernel = [\"bf16\"]", std::string("nonfinite_by_kernel = [\"") + listed + "\"]");
    Diagnostic d = load_error(text);
    EXPECT_NE(d.message.find("nonfinite_by_kernel"), std::string::npos) << listed << ": " << d.message;
    EXPECT_NE(d.message.find(listed), std::string::npos) << d.message;
  }
}

TEST(TableLoader, UnknownSectionIsRejected) {
  Diagnostic d = load_error(std::string(embedded_default_table_text()) + "\n[[rulez]]\nid = \"x.y\"\n");
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("rulez"), std::string::npos);
}

TEST(TableLoader, EveryCommOpNamesItsLaw) {
  std::shared_ptr<const RuleTable> t = default_rule_table();
  for (const CommOpRow& op : t->comm_ops) {
    // The default table's spmd_types ops are the laws' namesakes; the raw
    // torch.distributed ones (dist_*) obey all_reduce's law or the blocks law.
    const bool raw = op.name.rfind("dist_", 0) == 0;
    const std::optional<CommLaw> law = comm_law_from_name(raw ? (op.name == "dist_all_reduce" ? "all_reduce" : "blocks") : op.name);
    ASSERT_TRUE(law) << op.name;
    EXPECT_EQ(op.law, *law) << op.name;
  }
  std::string missing = testing::patched_default_table("kind = \"collective\"\nlaw = \"all_reduce\"\n", "kind = \"collective\"\n");
  Diagnostic d = load_error(missing);
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("law"), std::string::npos) << d.message;
}

TEST(TableLoader, UnknownLawIsLocatedAndListsTheLaws) {
  std::string text = testing::patched_default_table("law = \"all_reduce\"", "law = \"sum_everything\"");
  Diagnostic d = load_error(text);
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("sum_everything"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("reduce_scatter"), std::string::npos) << d.message;
  EXPECT_EQ(d.loc.col, 7u);  // the value of `law = "..."`
}

// Issue 14's fields: a convention is a rejection; a source repository
// names its commit; rows keep their source citations.
TEST(TableLoader, ConventionsSourcesAndTheSourceCommit) {
  Diagnostic d = load_error(testing::patched_default_table("id = \"op.neg\"", "id = \"op.neg\"\nconvention = true"));
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("only a rejecting row can be a convention"), std::string::npos) << d.message;
  d = load_error(
      testing::patched_default_table("description = \"spmd", "source_repository = \"meta-pytorch/spmd_types\"\ndescription = \"spmd"));
  EXPECT_NE(d.message.find("names its source_commit"), std::string::npos) << d.message;
  TableLoadResult ok = parse_rule_table(
      testing::patched_default_table("id = \"op.neg\"", "id = \"op.neg\"\nsource = \"spmd_types/_local.py:12\""), "t.toml");
  ASSERT_TRUE(ok.table) << ok.error->message;
  EXPECT_EQ(ok.table->info(ok.table->find_rule("op.neg")).source, "spmd_types/_local.py:12");
  EXPECT_TRUE(ok.table->assumes.finite_factors);
}

TEST(TableLoader, BadTypeLetterIsLocatedAtTheField) {
  std::string text = testing::patched_default_table("when = { only = [\"R\", \"scalar\"] }\nresult = \"R\"",
                                                    "when = { only = [\"R\", \"scalar\"] }\nresult = \"X\"");
  Diagnostic d = load_error(text);
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("'X' is not a type"), std::string::npos);
  EXPECT_EQ(d.loc.col, 10u);  // the value of `result = "X"`
}

TEST(TableLoader, UndeclaredDimInActionPointsInsideTheString) {
  std::string text = testing::patched_default_table("action = \"gather_stack(gather_dim)\"", "action = \"gather_stack(gathr_dim)\"");
  Diagnostic d = load_error(text);
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("gathr_dim"), std::string::npos);
  EXPECT_EQ(d.loc.col, 11u);  // `gather_stack` starts after `action = "`
}

TEST(TableLoader, UnknownActionAndShapeStep) {
  EXPECT_NE(load_error(testing::patched_default_table("action = \"gather_stack(gather_dim)\"", "action = \"gather(gather_dim)\""))
                .message.find("unknown action"),
            std::string::npos);
  EXPECT_NE(load_error(testing::patched_default_table("shape = \"stack(gather_dim)\"", "shape = \"pile(gather_dim)\""))
                .message.find("unknown shape step"),
            std::string::npos);
}

TEST(TableLoader, IllegalRowsCannotCarryAnAction) {
  Diagnostic d =
      load_error(testing::patched_default_table("illegal = true\nmessage = \"all_reduce needs dst R or I",
                                                "illegal = true\naction = \"identity\"\nmessage = \"all_reduce needs dst R or I"));
  EXPECT_EQ(d.rule_id, "table.schema");
}

TEST(TableLoader, OpParametersCarryTheirRolesAndDefaults) {
  std::shared_ptr<const RuleTable> t = default_rule_table();
  const OpRow& add = t->ops[t->compiled.op_by_name.at("add")];
  ASSERT_EQ(add.params.size(), 3u);
  EXPECT_EQ(add.params[0].name, "input");
  EXPECT_EQ(add.params[1].role, ParamRole::ScalarOperand);
  EXPECT_TRUE(add.params[2].keyword_only);
  ASSERT_TRUE(add.params[2].default_value);
  EXPECT_EQ(add.params[2].default_value->as_double(), 1.0);
  EXPECT_EQ(add.positional_count(), 2);
  const OpRow& sum = t->ops[t->compiled.op_by_name.at("sum")];
  EXPECT_TRUE(sum.params[1].accepts_none);
  EXPECT_EQ(sum.params[1].default_value->kind, ArgValue::Kind::None);
  EXPECT_EQ(signature_text(sum.name, sum.params), "sum(input, dim=None, keepdim=false)");
  EXPECT_EQ(signature_text(add.name, add.params), "add(input, other, *, alpha=1)");
}

TEST(TableLoader, BadParameterStringsPointInsideTheString) {
  // `params = ["input: operand"]` for neg: the string starts at column 11.
  struct Case {
    const char* param;
    uint32_t col;
    const char* message;
  };
  const Case cases[] = {
      {"input: operad", 19, "unknown role 'operad'"},       {"input operand", 18, "expected ': ROLE'"},
      {": operand", 12, "expected a parameter name"},       {"input: operand = 1", 29, "does not fit role"},
      {"input: int = None", 25, "write the role with '?'"}, {"input: ints = [1, x]", 26, "a default list holds integers"},
      {"input: operand junk", 27, "unexpected text"},
  };
  for (const Case& c : cases) {
    Diagnostic d = load_error(
        testing::patched_default_table("params = [\"input: operand\"]\nshape = \"elementwise\"\nmessage = \"-x\"",
                                       std::string("params = [\"") + c.param + "\"]\nshape = \"elementwise\"\nmessage = \"-x\""));
    EXPECT_EQ(d.rule_id, "table.schema") << c.param;
    EXPECT_NE(d.message.find(c.message), std::string::npos) << c.param << ": " << d.message;
    EXPECT_EQ(d.loc.col, c.col) << c.param;
  }
  EXPECT_NE(load_error(testing::patched_default_table(
                           "params = [\"input: operand\"]\nshape = \"elementwise\"\nmessage = \"-x\"",
                           "params = [\"input: operand\", \"input: operand\"]\nshape = \"elementwise\"\nmessage = \"-x\""))
                .message.find("declared twice"),
            std::string::npos);
  EXPECT_NE(load_error(testing::patched_default_table("params = [\"input: operand\"]\nshape = \"elementwise\"\nmessage = \"-x\"",
                                                      "shape = \"elementwise\"\nmessage = \"-x\""))
                .message.find("needs `params`"),
            std::string::npos);
}

TEST(TableLoader, FactoryRowsCarryTheirTypeDtypesAndDataWidth) {
  std::shared_ptr<const RuleTable> t = default_rule_table();
  const OpRow& zeros = t->ops[t->compiled.op_by_name.at("zeros")];
  ASSERT_TRUE(zeros.no_operands);
  EXPECT_EQ(*zeros.no_operands, Ty::R);
  EXPECT_EQ(zeros.results, std::vector<ResultDType>{ResultDType::F32});
  EXPECT_TRUE(zeros.numbers_width);
  EXPECT_FALSE(zeros.product_width);
  const OpRow& full = t->ops[t->compiled.op_by_name.at("full")];
  EXPECT_EQ(full.results, std::vector<ResultDType>{ResultDType::Inferred});
  EXPECT_EQ(result_dtype_name(ResultDType::Inferred), "inferred");
  EXPECT_EQ(result_dtype_name(ResultDType::F32), "f32");
  const OpRow& mm = t->ops[t->compiled.op_by_name.at("mm")];
  EXPECT_FALSE(mm.no_operands);
  EXPECT_TRUE(mm.product_width);
  const std::string zeros_row = "no_operands = \"R\"\ndata_width = \"numbers\"\nshape = \"sized\"\nmessage = \"a tensor of zeros";
  Diagnostic d = load_error(testing::patched_default_table(
      zeros_row, "no_operands = \"X\"\ndata_width = \"numbers\"\nshape = \"sized\"\nmessage = \"a tensor of zeros"));
  EXPECT_EQ(d.rule_id, "table.schema");
  EXPECT_NE(d.message.find("'X' is not a type"), std::string::npos) << d.message;
  d = load_error(testing::patched_default_table(
      zeros_row, "no_operands = \"R\"\ndata_width = \"bits\"\nshape = \"sized\"\nmessage = \"a tensor of zeros"));
  EXPECT_NE(d.message.find("\"numbers\""), std::string::npos) << d.message;
  d = load_error(testing::patched_default_table("results = [\"f32\"]\nno_operands", "results = [\"f16\"]\nno_operands"));
  EXPECT_NE(d.message.find("\"inferred\""), std::string::npos) << d.message;
}

TEST(TableLoader, GarbageNeverCrashes) {
  const char* inputs[] = {"",
                          "\x00\x01\x02",
                          "[[transition]]\n",
                          "[[transition]]\nid=\"a.b\"\nmessage=\"m\"\nop=\"nope\"\n",
                          "[[combine]]\nid=\"a.b\"\nmessage=\"m\"\nwhen=1\n",
                          "table = 3\n",
                          "[[op]]\nid=\"a.b\"\nmessage=\"m\"\nname=\"x\"\n"};
  for (const char* in : inputs) {
    TableLoadResult r = load_rule_table(std::string(in, in + std::char_traits<char>::length(in)), "g.toml");
    EXPECT_FALSE(r.table);
    EXPECT_TRUE(r.error);
  }
}

}  // namespace
}  // namespace spmdcheck

namespace spmdcheck {
namespace {

// The checker reads an op row's positional count and typing parameters from
// CompiledTable (the per-call work of the hot path): they must be what the
// row itself says, on every embedded table.
TEST(CompiledTable, OpFactsEqualWhatTheRowsSay) {
  for (const EmbeddedTable& e : embedded_tables()) {
    const std::shared_ptr<const RuleTable> table = embedded_rule_table(e.name);
    ASSERT_TRUE(table) << e.name;
    ASSERT_EQ(table->compiled.op_typing_params.size(), table->ops.size());
    for (size_t r = 0; r < table->ops.size(); ++r) {
      const OpRow& op = table->ops[r];
      EXPECT_EQ(table->compiled.op_positional[r], op.positional_count()) << e.name << ": " << op.name;
      for (int p = 0; p < static_cast<int>(op.params.size()); ++p)
        EXPECT_EQ((table->compiled.op_typing_params[r] >> p & 1u) != 0, param_types(op, p)) << e.name << ": " << op.name << " param " << p;
    }
  }
}

}  // namespace
}  // namespace spmdcheck
