// What the parser builds from version-1 texts: the IR of program.h, with
// source locations, types in mesh order and argument values whose kind
// follows their spelling (version-2 forms: parse_ir_v2_test.cpp).
#include <gtest/gtest.h>

#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

TEST(ProgramParser, FormatExampleBuildsTheExpectedStatements) {
  Program p = parse_ok(kFormatExample);
  ASSERT_EQ(p.mesh.axes.size(), 2u);
  EXPECT_EQ(p.mesh.axes[0].name, "dp");
  EXPECT_EQ(p.mesh.axes[1].size, 2);
  EXPECT_EQ(p.mesh.loc, at(2, 1));
  ASSERT_EQ(p.statements.size(), 12u);

  const auto& x = stmt<InputStmt>(p, 0);
  EXPECT_EQ(x.name, "x");
  EXPECT_EQ(x.dtype, DType::F64);
  EXPECT_EQ(shape_to_string(x.shape), "[4, 8]");
  EXPECT_EQ(x.type.type.num_axes, 2);
  EXPECT_EQ(x.type.type.axis[0], Ty::V);
  EXPECT_EQ(x.type.type.axis[1], Ty::I);
  EXPECT_EQ(x.loc, at(4, 1));
  EXPECT_EQ(x.name_loc, at(4, 7));
  EXPECT_EQ(x.type.loc, at(4, 23));

  const auto& y = stmt<BindingStmt>(p, 9);
  EXPECT_EQ(y.names, std::vector<std::string>{"y"});
  EXPECT_EQ(y.name_locs, std::vector<SourceLoc>{at(14, 1)});
  EXPECT_EQ(y.op, "all_reduce");
  EXPECT_EQ(y.loc, at(14, 1));
  EXPECT_EQ(y.op_loc, at(14, 7));
  ASSERT_EQ(y.args.size(), 2u);
  EXPECT_EQ(y.args[1].value, ArgValue::of_name("tp"));
  EXPECT_EQ(y.args[1].loc, at(14, 21));
  ASSERT_EQ(y.kwargs.size(), 2u);
  EXPECT_EQ(y.kwargs[0].key, "src");
  EXPECT_EQ(y.kwargs[0].loc, at(14, 25));
  EXPECT_EQ(y.kwargs[0].value_loc, at(14, 29));
  EXPECT_EQ(y.kwargs[0].value.kind, ArgValue::Kind::Form);
  EXPECT_EQ(y.kwargs[0].value.form.kind, Form::Kind::P);

  EXPECT_EQ(stmt<AssertStmt>(p, 10).name_loc, at(15, 8));
  EXPECT_EQ(stmt<OutputStmt>(p, 11).names, std::vector<std::string>{"y"});
}

TEST(ProgramParser, TypesAreStoredInMeshOrderWhateverTheWrittenOrder) {
  Program p = parse_ok("mesh dp=2 tp=2 pp=2\nassert y : {pp: P, tp: I, dp: R}");
  const LocalType& t = stmt<AssertStmt>(p, 0).type.type;
  EXPECT_EQ(t.num_axes, 3);
  EXPECT_EQ(t.axis[0], Ty::R);
  EXPECT_EQ(t.axis[1], Ty::I);
  EXPECT_EQ(t.axis[2], Ty::P);
}

TEST(ProgramParser, KeywordValueKindFollowsTheSpelling) {
  Program p = parse_ok(
      "mesh dp=2 tp=2\n"
      "y = f(x, a=-4, b=0.5, c=1e3, d=true, e=false, f=V, g=S(-1), h=dp, i=[dp, tp], j=[])");
  const auto& kw = stmt<BindingStmt>(p, 0).kwargs;
  ASSERT_EQ(kw.size(), 10u);
  EXPECT_EQ(kw[0].value.kind, ArgValue::Kind::Int);
  EXPECT_EQ(kw[0].value.integer, -4);
  EXPECT_EQ(kw[1].value.kind, ArgValue::Kind::Number);
  EXPECT_EQ(kw[1].value.number, 0.5);
  EXPECT_EQ(kw[2].value.kind, ArgValue::Kind::Number);  // an exponent makes it a Number
  EXPECT_EQ(kw[2].value.number, 1000.0);
  EXPECT_EQ(kw[3].value.kind, ArgValue::Kind::Bool);
  EXPECT_TRUE(kw[3].value.boolean);
  EXPECT_FALSE(kw[4].value.boolean);
  EXPECT_EQ(kw[5].value.kind, ArgValue::Kind::Form);
  EXPECT_EQ(kw[5].value.form, (Form{Form::Kind::V, 0}));
  EXPECT_EQ(kw[6].value.form, (Form{Form::Kind::S, -1}));
  EXPECT_EQ(kw[7].value.kind, ArgValue::Kind::Name);
  EXPECT_EQ(kw[7].value.names, std::vector<std::string>{"dp"});
  EXPECT_EQ(kw[8].value.kind, ArgValue::Kind::NameList);
  EXPECT_EQ(kw[8].value.names, (std::vector<std::string>{"dp", "tp"}));
  EXPECT_EQ(kw[8].value.item_locs, (std::vector<SourceLoc>{at(2, 70), at(2, 74)}));
  // The format has one empty list: `[]` is an empty IntList (version 2).
  EXPECT_EQ(kw[9].value.kind, ArgValue::Kind::IntList);
  EXPECT_TRUE(kw[9].value.ints.empty());
  EXPECT_EQ(kw[9].value_loc, at(2, 81));
}

// Version 2 reads a positional literal like a keyword one: Int when spelt as
// an integer, Number otherwise.
TEST(ProgramParser, PositionalLiteralKindFollowsTheSpelling) {
  Program p = parse_ok("mesh dp=2\ny = f(x, 3, -0.25, 2e-3, 2.0)");
  const auto& args = stmt<BindingStmt>(p, 0).args;
  ASSERT_EQ(args.size(), 5u);
  EXPECT_EQ(args[0].value, ArgValue::of_name("x"));
  EXPECT_EQ(args[1].value, ArgValue::of_int(3));
  EXPECT_EQ(args[2].value, ArgValue::of_number(-0.25));
  EXPECT_EQ(args[3].value, ArgValue::of_number(0.002));
  EXPECT_EQ(args[3].loc, at(2, 20));
  EXPECT_EQ(args[4].value, ArgValue::of_number(2.0));
}

TEST(ProgramParser, ShapesAtTheLimitsAreAccepted) {
  Program p = parse_ok("mesh dp=65536\ninput x : f32[1099511627776, 1, 1, 1, 1, 1, 1, 1] {dp: V}");
  EXPECT_EQ(p.mesh.axes[0].size, 65536);
  const Shape& s = stmt<InputStmt>(p, 0).shape;
  EXPECT_EQ(s.rank, kMaxRank);
  EXPECT_EQ(s[0], kMaxDimSize);
  EXPECT_EQ(stmt<InputStmt>(p, 0).dtype, DType::F32);
}

TEST(ProgramParser, EightAxisMeshIsAccepted) {
  Program p = parse_ok("mesh a=2 b=2 c=2 d=2 e=2 f=2 g=2 h=2");
  EXPECT_EQ(p.mesh.axes.size(), static_cast<size_t>(kMaxAxes));
  EXPECT_EQ(p.mesh.axes[7].loc, at(1, 34));
}

TEST(ProgramParser, OutputAndLossRecordEveryNameLocation) {
  Program p = parse_ok("mesh dp=2\n\n  output a,  b\nloss l");
  const auto& out = stmt<OutputStmt>(p, 0);
  EXPECT_EQ(out.loc, at(3, 3));
  ASSERT_EQ(out.name_locs.size(), 2u);
  EXPECT_EQ(out.name_locs[1], at(3, 14));
  EXPECT_EQ(stmt<LossStmt>(p, 1).name_loc, at(4, 6));
}

// CR before LF, tabs, comments and blank lines are layout only; the lines
// are still counted so locations stay right.
TEST(ProgramParser, LayoutAndCommentsDoNotChangeTheProgram) {
  Program p = parse_ok("# header\r\n\r\nmesh\tdp=2 # axes\r\n\t y = relu(x) # c\r\n");
  ASSERT_EQ(p.statements.size(), 1u);
  EXPECT_EQ(p.mesh.loc, at(3, 1));
  EXPECT_EQ(stmt<BindingStmt>(p, 0).loc, at(4, 3));
  EXPECT_EQ(print_program(p), "mesh dp=2\n\ny = relu(x)\n");
}

// Comments may hold any bytes at all, the format's lexical rules say nothing
// about their encoding.
TEST(ProgramParser, CommentsMayHoldArbitraryBytes) {
  std::string text = "mesh dp=2 # \xff\xfe";
  text += '\0';
  text += " caf\xc3\xa9\n";
  EXPECT_EQ(canonical(text), "mesh dp=2\n");
}

// Op names are not checked by the parser (the rule table decides); dtype
// names, op names and the words version 2 gives a meaning elsewhere
// (`global`, `scalar`, `spec`, `gradient`) are ordinary identifiers here.
TEST(ProgramParser, OnlyReservedWordsAreRejectedAsNames) {
  Program p = parse_ok("mesh f64=2\ntrue = no_such_op(f32, loss_x, Rr, global, scalar, spec, gradient)");
  const auto& b = stmt<BindingStmt>(p, 0);
  EXPECT_EQ(b.names, std::vector<std::string>{"true"});
  EXPECT_EQ(b.op, "no_such_op");
  ASSERT_EQ(b.args.size(), 7u);
  EXPECT_EQ(b.args[0].value, ArgValue::of_name("f32"));
  EXPECT_EQ(b.args[2].value, ArgValue::of_name("Rr"));
  EXPECT_EQ(b.args[6].value, ArgValue::of_name("gradient"));
}

// Single assignment and bound-before-use are the checker's rules.
TEST(ProgramParser, BindingOrderIsNotTheParsersConcern) {
  Program p = parse_ok("mesh dp=2\noutput y\ny = relu(undefined)\ny = relu(y)");
  EXPECT_EQ(p.statements.size(), 3u);
}

}  // namespace
}  // namespace spmdcheck::test
