// Printing: canonical spacing as in program-format.md, and the contract that
// print(parse(.)) is a fixed point for every accepted text.
#include <gtest/gtest.h>

#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

// Texts the parser must accept, each exercising a different corner.
constexpr std::string_view kAcceptedPrograms[] = {
    kFormatExample,
    "mesh dp=2\n",
    "mesh dp=2 tp=2 pp=2\ninput x : bf16[] {pp: R, dp: P, tp: V}\nloss x\n",
    "mesh a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8\ninput x : f32[1, 2, 3, 4, 5, 6, 7, 8] "
    "{h: R, g: I, f: V, e: P, d: R, c: I, b: V, a: P}\noutput x\n",
    "mesh tp=4\ninput x : f64[8, 8] {tp: V}\ns = all_gather(x, tp, src=S(1), dst=R)\n"
    "t = all_to_all(s, tp, src=S(-1), dst=S(0), split_dim=0, concat_dim=1)\noutput s, t\n",
    "mesh dp=2 tp=2\ninput a : f64[2] {dp: V, tp: V}\ninput b : f64[2] {dp: V, tp: V}\n"
    "m = mul(a, b, out_partial=[dp, tp])\nn = matmul(a, b, out_partial=tp)\n"
    "c = cat(a, b, dim=-1)\nq = scale(a, 0.5, -2, 1e-3, 1e300, 5e-324)\n"
    "r = reinterpret(m, tp, src=P, dst=R, expert=true)\nk = f(x, w=2.0, v=-0.0, u=[], z=false)\n"
    "output m, n, c, q, r, k\n",
    "\r\n\t mesh\tdp=2   # trailing comment\r\n# only a comment\n\ninput x:f64[4,8]{dp:V}\n"
    "y=relu(x)  \noutput y",
    "mesh dp=2\ny = zeros()\ntrue = f(false, true_, _x1)\nassert y : {dp: R}\n",
    // version 2
    kVersion2Example,
    "mesh true=2 false=2\ninput true : f64[] {true: R, false: R}\n"
    "y = f(true, false, k=true, l=[true, false])\nfalse, z = g(y, true, false)\n",
    "mesh dp=2\na = f(\"\", \" # , \", \"~!@$%^&*()_+`-={}|[]:;'<>?,./\", s=\"x\")\n",
    "mesh dp=2\nx = f([], [0], [-9223372036854775808, 9223372036854775807], [a], k=[], l=[-1])\n",
    "mesh dp=2\ninput s : scalar {dp: V}\nloss s gradient=s\n",
};

TEST(ProgramPrinter, Version2FormsPrintCanonically) {
  EXPECT_EQ(canonical("mesh dp=2 tp=2\n"
                      "input  h:f16[2]{tp:V,dp:R}\n"
                      "input i : i64[ ] {dp: R, tp: R}\n"
                      "input m:bool[3]{dp: R, tp: R}\n"
                      "input s:scalar{ tp : P ,dp:R }\n"
                      "a ,b=split( x,2 )\n"
                      "v = view(x, [ 4 ,-1 ], k=[ ], l=[ dp,tp ])\n"
                      "r = div(x, 2.0, 2, rounding_mode = \"floor\", dim=None, keepdim=false)\n"
                      "e = einsum( \"ij,jk->ik\" , a,b )\n"
                      "c = convert(x, tp, S( 1 ), R)\n"
                      "loss   l  gradient = g\n"),
            "mesh dp=2 tp=2\n"
            "\n"
            "input h : f16[2] {dp: R, tp: V}\n"
            "input i : i64[] {dp: R, tp: R}\n"
            "input m : bool[3] {dp: R, tp: R}\n"
            "input s : scalar {dp: R, tp: P}\n"
            "a, b = split(x, 2)\n"
            "v = view(x, [4, -1], k=[], l=[dp, tp])\n"
            "r = div(x, 2.0, 2, rounding_mode=\"floor\", dim=None, keepdim=false)\n"
            "e = einsum(\"ij,jk->ik\", a, b)\n"
            "c = convert(x, tp, S(1), R)\n"
            "loss l gradient=g\n");
}

// Values built in code print the way the parser reads them back.
TEST(ProgramPrinter, ArgValueText) {
  EXPECT_EQ(arg_value_to_text(ArgValue::of_int(-3)), "-3");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_number(2)), "2.0");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_number(-0.0)), "-0.0");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_number(1e20)), "1e+20");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_number(0.1)), "0.1");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_bool(false)), "false");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_none()), "None");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_ints({4, -1})), "[4, -1]");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_ints({})), "[]");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_names({})), "[]");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_names({"dp", "tp"})), "[dp, tp]");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_name("x")), "x");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_string("ij,jk->ik")), "\"ij,jk->ik\"");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_form(Form{Form::Kind::S, -1})), "S(-1)");
  EXPECT_EQ(arg_value_to_text(ArgValue::of_form(Form{Form::Kind::I, 0})), "I");
}

// A parsed value and the value read back from its text are equal.
TEST(ProgramPrinter, EveryValueReadsBackEqual) {
  const std::string text =
      "mesh dp=2\ny = f(x, 2, -0.5, 1e+20, true, None, [4, -1], [], [a, b], "
      "\"s p\", R, S(-2), k=2.0, l=[dp], m=false)\n";
  const Program once = parse_ok(text);
  const Program twice = parse_ok(print_program(once));
  const auto& a = std::get<BindingStmt>(once.statements[0]);
  const auto& b = std::get<BindingStmt>(twice.statements[0]);
  ASSERT_EQ(a.args.size(), b.args.size());
  for (size_t i = 0; i < a.args.size(); ++i) EXPECT_EQ(a.args[i].value, b.args[i].value) << i;
  ASSERT_EQ(a.kwargs.size(), b.kwargs.size());
  for (size_t i = 0; i < a.kwargs.size(); ++i) EXPECT_EQ(a.kwargs[i].value, b.kwargs[i].value) << i;
}

TEST(ProgramPrinter, FormatExamplePrintsCanonically) {
  EXPECT_EQ(canonical(kFormatExample),
            "mesh dp=2 tp=2\n"
            "\n"
            "input x : f64[4, 8] {dp: V, tp: I}\n"
            "input w1 : f64[8, 6] {dp: I, tp: V}\n"
            "input w2 : f64[6, 8] {dp: I, tp: V}\n"
            "xr = convert(x, tp, src=I, dst=R)\n"
            "w1r = convert(w1, dp, src=I, dst=R)\n"
            "w2r = convert(w2, dp, src=I, dst=R)\n"
            "h = matmul(xr, w1r)\n"
            "a = relu(h)\n"
            "o = matmul(a, w2r)\n"
            "y = all_reduce(o, tp, src=P, dst=I)\n"
            "assert y : {dp: V, tp: I}\n"
            "output y\n");
}

TEST(ProgramPrinter, EveryStatementFormHasCanonicalSpacing) {
  EXPECT_EQ(canonical("mesh  dp = 2   tp=2\n"
                      "input  x:f64[ 4 ,8 ]{ tp : I , dp : V }\n"
                      "c=cat( a,b , dim = 1 )\n"
                      "m = mul(a, b, out_partial = [ dp,tp ])\n"
                      "s = all_gather(x,tp,src=S( 1 ),dst=R)\n"
                      "assert y:{tp:I,dp:V}\n"
                      "output y ,z\n"
                      "loss   l\n"),
            "mesh dp=2 tp=2\n"
            "\n"
            "input x : f64[4, 8] {dp: V, tp: I}\n"
            "c = cat(a, b, dim=1)\n"
            "m = mul(a, b, out_partial=[dp, tp])\n"
            "s = all_gather(x, tp, src=S(1), dst=R)\n"
            "assert y : {dp: V, tp: I}\n"
            "output y, z\n"
            "loss l\n");
}

TEST(ProgramPrinter, MeshOnlyProgramHasNoTrailingBlankLine) {
  EXPECT_EQ(canonical("# nothing but a mesh\nmesh dp=2\n\n\n"), "mesh dp=2\n");
}

TEST(ProgramPrinter, ScalarShapePrintsEmptyBrackets) {
  EXPECT_EQ(canonical("mesh dp=2\ninput s : f32[ ] {dp: I}"), "mesh dp=2\n\ninput s : f32[] {dp: I}\n");
}

// A positional literal is Int or Number by its spelling, like a keyword
// value (version 2): an Int prints as an integer, a Number in its shortest
// round-trip spelling, always with a fraction or exponent.
TEST(ProgramPrinter, PositionalNumbersKeepTheirKind) {
  EXPECT_EQ(canonical("mesh dp=2\ny = f(1e-3, 2.0, -2.5e+3, 1e20, 7, 0.1, -0, 1e-7, -0.0)"),
            "mesh dp=2\n\ny = f(0.001, 2.0, -2500.0, 1e+20, 7, 0.1, 0, 1e-07, -0.0)\n");
  EXPECT_EQ(canonical("mesh dp=2\ny = add(x, 2)"), "mesh dp=2\n\ny = add(x, 2)\n");
}

// Keyword values keep their kind through a round trip: an Int prints as an
// integer, a Number always with a fraction or exponent.
TEST(ProgramPrinter, KeywordNumbersKeepTheirKind) {
  EXPECT_EQ(canonical("mesh dp=2\ny = f(x, a=2.0, b=007, c=-1, d=1e-3, e=1E2, g=2.5e+3)"),
            "mesh dp=2\n\ny = f(x, a=2.0, b=7, c=-1, d=0.001, e=100.0, g=2500.0)\n");
}

TEST(ProgramPrinter, KeywordValuesOfEveryKind) {
  EXPECT_EQ(canonical("mesh dp=2 tp=2\n"
                      "y = f(x, i=3, n=0.5, b=true, c=false, r=R, s=S(-2), a=tp, l=[dp], e=[])"),
            "mesh dp=2 tp=2\n\n"
            "y = f(x, i=3, n=0.5, b=true, c=false, r=R, s=S(-2), a=tp, l=[dp], e=[])\n");
}

TEST(ProgramPrinter, EmptyArgumentListPrintsEmptyParentheses) {
  EXPECT_EQ(canonical("mesh dp=2\ny = zeros( )"), "mesh dp=2\n\ny = zeros()\n");
}

// The contract of program_text.h, on texts chosen to cover every construct.
TEST(ProgramPrinter, PrintingIsAFixedPoint) {
  for (std::string_view text : kAcceptedPrograms) {
    std::string once = canonical(text);
    EXPECT_EQ(canonical(once), once) << "input:\n" << text;
  }
}

// Canonical text is itself canonical: printing it changes nothing.
TEST(ProgramPrinter, CanonicalTextIsUnchangedByARoundTrip) {
  constexpr std::string_view kCanonical =
      "mesh dp=2 tp=2\n"
      "\n"
      "input x : f64[4, 8] {dp: V, tp: I}\n"
      "y = all_reduce(x, tp, src=P, dst=I)\n"
      "z = sum(y, dim=0)\n"
      "l = mean(z)\n"
      "output y, z\n"
      "loss l\n";
  EXPECT_EQ(canonical(kCanonical), kCanonical);
}

}  // namespace
}  // namespace spmdcheck::test
