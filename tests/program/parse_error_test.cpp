// Rejected texts: each error is a Diagnostic with a fixed `syntax.*` id at the
// 1-based line:col of the offending token (start of the statement or argument).
// Version-2 forms: parse_error_v2_test.cpp.
#include <gtest/gtest.h>

#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

const std::string kMesh = "mesh dp=2 tp=2\n";  // line 1 of most cases

const ErrorCase kErrorCases[] = {
    // mesh
    {"EmptyText", "", "syntax.mesh_missing", 1, 1},
    {"OnlyComments", "# a\n\n", "syntax.mesh_missing", 3, 1},
    {"StatementBeforeMesh", "input x : f64[] {dp: V}\nmesh dp=2\n", "syntax.mesh_missing", 1, 1},
    {"SecondMesh", kMesh + "mesh pp=2\n", "syntax.mesh_duplicate", 2, 1},
    {"MeshWithoutAxes", "mesh   # none\n", "syntax.mesh_empty", 1, 1},
    {"MeshAxisTwice", "mesh dp=2 dp=4", "syntax.axis_duplicate", 1, 11},
    {"MeshAxisSizeZero", "mesh dp=0", "syntax.axis_size", 1, 9},
    {"MeshAxisSizeNegative", "mesh dp=-2", "syntax.axis_size", 1, 9},
    {"MeshAxisSizeFraction", "mesh dp=2.5", "syntax.axis_size", 1, 9},
    {"MeshAxisSizeOverCap", "mesh dp=65537", "syntax.axis_size", 1, 9},
    {"MeshTotalRanksOverCap", "mesh a=256 b=512", "syntax.axis_size", 1, 14},
    {"MeshAxisSizeOverflowsInt64", "mesh dp=99999999999999999999", "syntax.number", 1, 9},
    {"MeshAxisSizeMissing", "mesh dp=", "syntax.axis_size", 1, 9},
    {"MeshNineAxes", "mesh a=1 b=1 c=1 d=1 e=1 f=1 g=1 h=1 i=1", "syntax.too_many_axes", 1, 38},
    {"MeshAxisWithoutSize", "mesh dp tp=2", "syntax.unexpected_token", 1, 9},
    // reserved words
    {"ReservedAxisName", "mesh R=2", "syntax.reserved_name", 1, 6},
    {"ReservedInputName", kMesh + "input loss : f64[] {dp: V, tp: I}", "syntax.reserved_name", 2, 7},
    {"ReservedBindingName", kMesh + "S = relu(x)", "syntax.reserved_name", 2, 1},
    {"KeywordAsBindingName", kMesh + "output = relu(x)", "syntax.reserved_name", 2, 1},
    {"ReservedPositionalArg", kMesh + "y = add(x, mesh)", "syntax.reserved_name", 2, 12},
    {"ReservedNameInList", kMesh + "y = mul(a, b, out_partial=[dp, mesh])", "syntax.reserved_name", 2, 32},
    {"ReservedKeywordValue", kMesh + "y = f(a, k=assert)", "syntax.reserved_name", 2, 12},
    {"ReservedOutputName", kMesh + "output y, I", "syntax.reserved_name", 2, 11},
    // types
    {"TypeMissingAxis", kMesh + "input x : f64[4] {dp: V}", "syntax.type_axis_missing", 2, 18},
    {"TypeEmpty", kMesh + "assert y : {}", "syntax.type_axis_missing", 2, 12},
    {"TypeUnknownAxis", kMesh + "assert y : {dp: V, pp: I}", "syntax.type_axis_unknown", 2, 20},
    {"TypeAxisTwice", kMesh + "assert y : {dp: V, dp: I}", "syntax.type_axis_duplicate", 2, 20},
    {"TypeBadLetter", kMesh + "assert y : {dp: X, tp: I}", "syntax.type_letter", 2, 17},
    {"TypeShardFormOnALocalAxis", kMesh + "assert y : {dp: S(0), tp: I}", "syntax.shard_local_axis", 2, 17},
    {"TypeTrailingComma", kMesh + "assert y : {dp: V, tp: I,}", "syntax.unexpected_token", 2, 26},
    {"TypeMissingComma", kMesh + "assert y : {dp: V tp: I}", "syntax.unexpected_token", 2, 19},
    {"TypeUnclosed", kMesh + "assert y : {dp: V, tp: I", "syntax.unexpected_token", 2, 25},
    // input dtype and shape
    {"UnknownDtype", kMesh + "input x : f8[4] {dp: V, tp: I}", "syntax.dtype", 2, 11},
    {"MissingDtype", kMesh + "input x : [4] {dp: V, tp: I}", "syntax.dtype", 2, 11},
    {"ZeroDimension", kMesh + "input x : f64[4, 0] {dp: V, tp: I}", "syntax.shape", 2, 18},
    {"FractionalDimension", kMesh + "input x : f64[2.5] {dp: V, tp: I}", "syntax.shape", 2, 15},
    {"DimensionOverCap", kMesh + "input x : f64[1099511627777] {dp: V, tp: I}", "syntax.shape", 2, 15},
    {"RankNine", kMesh + "input x : f64[1,1,1,1,1,1,1,1,1] {dp: V, tp: I}", "syntax.shape", 2, 31},
    {"ShapeTrailingComma", kMesh + "input x : f64[4,] {dp: V, tp: I}", "syntax.shape", 2, 17},
    {"InputWithoutColon", kMesh + "input x f64[4] {dp: V, tp: I}", "syntax.unexpected_token", 2, 9},
    // output and loss
    {"SecondOutput", kMesh + "output a\noutput b", "syntax.output_duplicate", 3, 1},
    {"SecondLoss", kMesh + "loss a\n\nloss b", "syntax.loss_duplicate", 4, 1},
    {"OutputTrailingComma", kMesh + "output a,", "syntax.unexpected_token", 2, 10},
    {"OutputWithoutName", kMesh + "output", "syntax.unexpected_token", 2, 7},
    {"LossOfTwoNames", kMesh + "loss a b", "syntax.unexpected_token", 2, 8},
    // bindings
    {"PositionalAfterKeyword", kMesh + "y = f(x, dim=1, z)", "syntax.positional_after_keyword", 2, 17},
    {"KeywordTwice", kMesh + "y = sum(x, dim=1, dim=2)", "syntax.keyword_duplicate", 2, 19},
    {"UnclosedCall", kMesh + "y = relu(x", "syntax.unexpected_token", 2, 11},
    {"MissingCommaBetweenArgs", kMesh + "y = add(x y)", "syntax.unexpected_token", 2, 11},
    {"TrailingCommaInCall", kMesh + "y = add(x,)", "syntax.unexpected_token", 2, 11},
    {"BindingWithoutCall", kMesh + "y = x", "syntax.unexpected_token", 2, 6},
    {"BindingOfLiteral", kMesh + "y = 2", "syntax.unexpected_token", 2, 5},
    {"NameWithoutEquals", kMesh + "x relu(y)", "syntax.unexpected_token", 2, 3},
    {"KeywordWithoutValue", kMesh + "y = sum(x, dim=)", "syntax.unexpected_token", 2, 16},
    {"NestedCallArgument", kMesh + "y = f(g(x))", "syntax.unexpected_token", 2, 8},
    {"TwoStatementsOnOneLine", kMesh + "y = f(x) z = g(y)", "syntax.unexpected_token", 2, 10},
    {"ShardFormWithoutParens", kMesh + "y = convert(x, tp, src=S, dst=R)", "syntax.unexpected_token", 2, 25},
    {"ShardFormFractionalDim", kMesh + "y = convert(x, tp, src=S(1.5), dst=R)", "syntax.form", 2, 26},
    {"ShardFormUnclosed", kMesh + "y = convert(x, tp, src=S(1 dst=R)", "syntax.unexpected_token", 2, 28},
    {"NameListTrailingComma", kMesh + "y = mul(a, b, out_partial=[dp,])", "syntax.unexpected_token", 2, 31},
    {"StatementStartsWithPunctuation", kMesh + "(y) = f(x)", "syntax.unexpected_token", 2, 1},
    // numbers and bytes
    {"MalformedNumberTrailingDot", kMesh + "y = mul(x, 1.)", "syntax.number", 2, 12},
    {"MalformedNumberLetters", kMesh + "y = mul(x, 2x)", "syntax.number", 2, 12},
    {"HexNumber", kMesh + "y = mul(x, 0x10)", "syntax.number", 2, 12},
    {"DoubleOverflow", kMesh + "y = mul(x, 1e999)", "syntax.number", 2, 12},
    {"DoubleUnderflow", kMesh + "y = mul(x, -1e-999)", "syntax.number", 2, 12},
    {"KeywordIntOverflow", kMesh + "y = sum(x, dim=9223372036854775808)", "syntax.number", 2, 16},
    {"ShardDimOverflow", kMesh + "y = f(x, src=S(-9223372036854775809))", "syntax.number", 2, 16},
    {"LeadingPlusSign", kMesh + "y = mul(x, +1)", "syntax.invalid_character", 2, 12},
    {"DollarSign", kMesh + "y = relu(x) $", "syntax.invalid_character", 2, 13},
    {"NulByteInName", kMesh + std::string("y = re\0lu(x)", 12), "syntax.invalid_character", 2, 7},
    {"InvalidUtf8StartsLine", kMesh + "\xff = relu(x)", "syntax.invalid_character", 2, 1},
    {"NonAsciiLetterInName", kMesh + "caf\xc3\xa9 = relu(x)", "syntax.invalid_character", 2, 4},
};

class ProgramParseError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ProgramParseError, ReportsRuleAndLocation) { expect_error(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Cases, ProgramParseError, ::testing::ValuesIn(kErrorCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Messages follow `expected X, but got Y`; what was got is quoted, or named
// when it is the end of a line.
TEST(ProgramParseErrorMessage, NamesWhatWasExpectedAndWhatWasFound) {
  auto message = [](std::string_view text) { return parse_program(text).error->message; };
  EXPECT_EQ(message("mesh dp=2\ny = add(x y)"), "expected ',' or ')' after an argument, but got 'y'");
  EXPECT_EQ(message("mesh dp=2\ny = relu(x\n"), "expected ',' or ')' after an argument, but got end of line");
  EXPECT_EQ(message("mesh dp=2\nassert y : {dp: Q}"), "expected a type letter R, I, V or P for axis 'dp', but got 'Q'");
  EXPECT_EQ(message("mesh dp=2\ninput R : f64[] {dp: V}"), "'R' is reserved and cannot name a value");
}

// Stray bytes appear escaped, so a message is printable ASCII whatever the input.
TEST(ProgramParseErrorMessage, EscapesBytesOutsidePrintableAscii) {
  ParseResult r = parse_program("mesh dp=2\ny = f(\x01)");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message,
            "expected an argument (a name, a number, a list, a string or KEY=VALUE), but got "
            "invalid character '\\x01'");
}

TEST(ProgramParseErrorMessage, LongTokensAreCutShort) {
  std::string text = "mesh dp=2\ny = f(x " + std::string(1000, 'a') + ")";
  std::string message = parse_program(text).error->message;
  EXPECT_LT(message.size(), 120u);
  EXPECT_NE(message.find("...'"), std::string::npos);
}

TEST(ProgramParseErrorMessage, StructuralErrorsCarryAFixHint) {
  for (std::string_view text : {"", "mesh dp=2\nassert y : {}", "mesh dp=2\ninput S : f64[] {dp: V}"})
    EXPECT_FALSE(parse_program(text).error->fix.empty()) << text;
}

// The first error in source order wins, even when a later line is worse.
TEST(ProgramParseErrorMessage, ReportsTheFirstErrorOnly) {
  ParseResult r = parse_program("mesh dp=2\ny = f(x,)\n\xff\xff\n");
  EXPECT_EQ(r.error->loc, (SourceLoc{2, 9}));
}

}  // namespace
}  // namespace spmdcheck::test
