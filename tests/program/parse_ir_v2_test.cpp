// What the parser builds from the local forms of version 2
// (program-format.md, "Version 2"): dtypes, argument values of every kind,
// several results, typed scalars and gradient seeds.
#include <gtest/gtest.h>

#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

const std::string kMesh = "mesh dp=2 tp=2\n";  // line 1

TEST(ProgramParserV2, NewDtypes) {
  Program p = parse_ok(kMesh +
                       "input h : f16[2] {dp: V, tp: R}\n"
                       "input i : i64[] {dp: R, tp: R}\n"
                       "input m : bool[3, 1] {dp: V, tp: I}\n");
  EXPECT_EQ(stmt<InputStmt>(p, 0).dtype, DType::F16);
  EXPECT_EQ(stmt<InputStmt>(p, 1).dtype, DType::I64);
  EXPECT_EQ(stmt<InputStmt>(p, 1).shape.rank, 0);
  EXPECT_EQ(stmt<InputStmt>(p, 2).dtype, DType::Bool);
  EXPECT_EQ(shape_to_string(stmt<InputStmt>(p, 2).shape), "[3, 1]");
  EXPECT_FALSE(stmt<InputStmt>(p, 2).scalar);
}

TEST(ProgramParserV2, TypedScalarInput) {
  Program p = parse_ok(kMesh + "input s : scalar {tp: P, dp: R}");
  const auto& s = stmt<InputStmt>(p, 0);
  EXPECT_TRUE(s.scalar);
  EXPECT_EQ(s.name, "s");
  EXPECT_EQ(s.dtype, DType::F64);  // by convention
  EXPECT_EQ(s.shape.rank, 0);
  EXPECT_EQ(s.type.type.axis[0], Ty::R);
  EXPECT_EQ(s.type.type.axis[1], Ty::P);
  EXPECT_EQ(s.type.loc, at(2, 18));
}

// `scalar` is a dtype-position word only: elsewhere it names values and axes.
TEST(ProgramParserV2, ScalarIsAnOrdinaryNameElsewhere) {
  Program p = parse_ok("mesh scalar=2\ninput scalar : scalar {scalar: V}\nt = mul(scalar, scalar)");
  EXPECT_TRUE(stmt<InputStmt>(p, 0).scalar);
  EXPECT_EQ(stmt<InputStmt>(p, 0).name, "scalar");
  EXPECT_EQ(stmt<BindingStmt>(p, 1).args[1].value, ArgValue::of_name("scalar"));
}

TEST(ProgramParserV2, SeveralResults) {
  Program p = parse_ok(kMesh + "  a ,b,  c = split(x, 2, dim=0)\nd = relu(a)");
  const auto& b = stmt<BindingStmt>(p, 0);
  EXPECT_EQ(b.names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(b.name_locs, (std::vector<SourceLoc>{at(2, 3), at(2, 6), at(2, 10)}));
  EXPECT_EQ(b.loc, at(2, 3));
  EXPECT_EQ(b.op, "split");
  EXPECT_EQ(b.op_loc, at(2, 14));
  ASSERT_EQ(b.args.size(), 2u);
  EXPECT_EQ(b.args[1].value, ArgValue::of_int(2));
  EXPECT_EQ(stmt<BindingStmt>(p, 1).names, std::vector<std::string>{"d"});
}

TEST(ProgramParserV2, LossWithGradientSeed) {
  Program p = parse_ok(kMesh + "loss l   gradient = g");
  const auto& l = stmt<LossStmt>(p, 0);
  EXPECT_EQ(l.name, "l");
  EXPECT_EQ(l.gradient, "g");
  EXPECT_EQ(l.gradient_loc, at(2, 21));  // the seed's name
  EXPECT_TRUE(stmt<LossStmt>(parse_ok(kMesh + "loss l"), 0).gradient.empty());
  // `gradient` itself is an ordinary name.
  const LossStmt g = stmt<LossStmt>(parse_ok(kMesh + "loss gradient gradient=gradient"), 0);
  EXPECT_EQ(g.name, "gradient");
  EXPECT_EQ(g.gradient, "gradient");
}

// One value grammar: the same spellings positionally and as keyword values.
TEST(ProgramParserV2, ArgumentValuesOfEveryKind) {
  const std::string values = "x, 2, -0.5, true, false, None, [4, -1], [], [a, b], \"ij,jk->ik\", R, S(1)";
  const std::vector<ArgValue> expected = {ArgValue::of_name("x"),
                                          ArgValue::of_int(2),
                                          ArgValue::of_number(-0.5),
                                          ArgValue::of_bool(true),
                                          ArgValue::of_bool(false),
                                          ArgValue::of_none(),
                                          ArgValue::of_ints({4, -1}),
                                          ArgValue::of_ints({}),
                                          ArgValue::of_names({"a", "b"}),
                                          ArgValue::of_string("ij,jk->ik"),
                                          ArgValue::of_form(Form{Form::Kind::R, 0}),
                                          ArgValue::of_form(Form{Form::Kind::S, 1})};
  const std::vector<uint32_t> cols = {7, 10, 13, 19, 25, 32, 38, 47, 51, 59, 72, 75};

  const BindingStmt pos = stmt<BindingStmt>(parse_ok(kMesh + "y = f(" + values + ")"), 0);
  ASSERT_EQ(pos.args.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(pos.args[i].value, expected[i]) << "argument " << i;
    EXPECT_EQ(pos.args[i].loc, at(2, cols[i])) << "argument " << i;
  }
  EXPECT_EQ(pos.args[6].value.item_locs, (std::vector<SourceLoc>{at(2, 39), at(2, 42)}));

  std::string keywords;
  for (size_t i = 0; i < expected.size(); ++i) keywords += (i ? ", k" : "k") + std::to_string(i) + "=" + arg_value_to_text(expected[i]);
  const BindingStmt kw = stmt<BindingStmt>(parse_ok(kMesh + "y = f(" + keywords + ")"), 0);
  ASSERT_EQ(kw.kwargs.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(kw.kwargs[i].value, expected[i]) << i;
  EXPECT_EQ(kw.kwargs[1].loc, at(2, 13));
  EXPECT_EQ(kw.kwargs[1].value_loc, at(2, 16));
}

TEST(ProgramParserV2, NamesAndNameListsInAnyPosition) {
  Program p = parse_ok(kMesh + "y = div(x, other=p)\nz = cat([a, b], dim=0)");
  EXPECT_EQ(stmt<BindingStmt>(p, 0).kwargs[0].value, ArgValue::of_name("p"));
  const auto& cat = stmt<BindingStmt>(p, 1);
  EXPECT_EQ(cat.args[0].value, ArgValue::of_names({"a", "b"}));
  EXPECT_EQ(cat.args[0].value.item_locs, (std::vector<SourceLoc>{at(3, 10), at(3, 13)}));
}

// Strings hold any printable ASCII but '"' and '\': spaces, '#' and commas
// are part of the string, not layout, comments or separators.
TEST(ProgramParserV2, StringsKeepTheirBytes) {
  const BindingStmt b = stmt<BindingStmt>(parse_ok(kMesh + "y = f(\"\", \" a  # b, \", \"'{}[]()=:~\")  # a comment \"x"), 0);
  ASSERT_EQ(b.args.size(), 3u);
  EXPECT_EQ(b.args[0].value, ArgValue::of_string(""));
  EXPECT_EQ(b.args[1].value, ArgValue::of_string(" a  # b, "));
  EXPECT_EQ(b.args[2].value, ArgValue::of_string("'{}[]()=:~"));
  EXPECT_EQ(b.args[2].loc, at(2, 24));
}

// Negative integers and integers at the int64 limits are list items.
TEST(ProgramParserV2, IntegerListsAtTheLimits) {
  const BindingStmt b = stmt<BindingStmt>(parse_ok(kMesh + "y = f([-9223372036854775808, 9223372036854775807, 0, -0])"), 0);
  EXPECT_EQ(b.args[0].value, ArgValue::of_ints({INT64_MIN, INT64_MAX, 0, 0}));
}

// A positional `true`/`false` is the Bool unless a mesh axis or an earlier
// statement binds that name; then it is the name, as in version 1.
TEST(ProgramParserV2, PositionalTrueIsANameOnlyWhenBoundBefore) {
  Program p = parse_ok(
      "mesh true=2\n"
      "a = f(true, false)\n"  // axis `true` exists; no `false` yet
      "false = g(false)\n"    // not bound before its own statement
      "b = f(true, false, k=true, l=false, m=[true, false])\n");
  EXPECT_EQ(stmt<BindingStmt>(p, 0).args[0].value, ArgValue::of_name("true"));
  EXPECT_EQ(stmt<BindingStmt>(p, 0).args[1].value, ArgValue::of_bool(false));
  EXPECT_EQ(stmt<BindingStmt>(p, 1).args[0].value, ArgValue::of_bool(false));
  const auto& b = stmt<BindingStmt>(p, 2);
  EXPECT_EQ(b.args[0].value, ArgValue::of_name("true"));
  EXPECT_EQ(b.args[1].value, ArgValue::of_name("false"));
  // Keyword values were Bool in version 1 and stay Bool; list items are names.
  EXPECT_EQ(b.kwargs[0].value, ArgValue::of_bool(true));
  EXPECT_EQ(b.kwargs[1].value, ArgValue::of_bool(false));
  EXPECT_EQ(b.kwargs[2].value, ArgValue::of_names({"true", "false"}));
}

TEST(ProgramParserV2, InputsAndSeveralResultsBindTrueAndFalse) {
  Program p = parse_ok("mesh dp=2\ninput true : f64[] {dp: R}\nx, false = f(true)\ny = g(true, false)\n");
  EXPECT_EQ(stmt<BindingStmt>(p, 1).args[0].value, ArgValue::of_name("true"));
  EXPECT_EQ(stmt<BindingStmt>(p, 2).args[1].value, ArgValue::of_name("false"));
}

// Global SPMD is a later issue: `global` and `spec` are ordinary identifiers.
TEST(ProgramParserV2, GlobalAndSpecAreOrdinaryNames) {
  Program p = parse_ok("mesh global=2 spec=2\nglobal = spec(global, spec, k=spec)\n");
  const auto& b = stmt<BindingStmt>(p, 0);
  EXPECT_EQ(b.names, std::vector<std::string>{"global"});
  EXPECT_EQ(b.op, "spec");
  EXPECT_EQ(b.kwargs[0].value, ArgValue::of_name("spec"));
}

TEST(ArgValueEquality, ComparesWhatIsWritten) {
  ArgValue a = ArgValue::of_ints({1, 2});
  ArgValue b = a;
  b.item_locs = {at(1, 1), at(1, 4)};
  EXPECT_EQ(a, b);                                                // locations are not compared
  EXPECT_FALSE(ArgValue::of_int(2) == ArgValue::of_number(2.0));  // `2` is not `2.0`
  EXPECT_FALSE(ArgValue::of_number(0.0) == ArgValue::of_number(-0.0));
  EXPECT_EQ(ArgValue::of_number(0.5), ArgValue::of_number(0.5));
  EXPECT_FALSE(ArgValue::of_name("x") == ArgValue::of_names({"x"}));
  EXPECT_FALSE(ArgValue::of_string("x") == ArgValue::of_name("x"));
  EXPECT_FALSE(ArgValue::of_ints({1}) == ArgValue::of_ints({1, 2}));
  // Both are written `[]`.
  EXPECT_EQ(ArgValue::of_ints({}), ArgValue::of_names({}));
  // A letter form has no dimension; a shard form's dimension is compared.
  EXPECT_EQ(ArgValue::of_form(Form{Form::Kind::R, 0}), ArgValue::of_form(Form{Form::Kind::R, 3}));
  EXPECT_FALSE(ArgValue::of_form(Form{Form::Kind::S, 0}) == ArgValue::of_form(Form{Form::Kind::S, 1}));
  // Fields another kind uses are ignored.
  ArgValue none = ArgValue::of_none();
  none.integer = 7;
  EXPECT_EQ(none, ArgValue::of_none());
}

}  // namespace
}  // namespace spmdcheck::test
