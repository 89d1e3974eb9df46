// Rejected version-2 texts (program-format.md, "Version 2"): each error is a
// Diagnostic with a fixed `syntax.*` id at the 1-based line:col of the
// offending token or byte.
#include <gtest/gtest.h>

#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

const std::string kMesh = "mesh dp=2 tp=2\n";  // line 1 of every case

const ErrorCase kErrorCases[] = {
    {"NoneAsBindingName", kMesh + "None = relu(x)", "syntax.reserved_name", 2, 1},
    {"NoneAsInputName", kMesh + "input None : f64[] {dp: R, tp: R}", "syntax.reserved_name", 2, 7},
    {"NoneAsResultName", kMesh + "a, None = split(x, 2)", "syntax.reserved_name", 2, 4},
    {"NoneInTypeAxis", kMesh + "assert y : {None: R, dp: R, tp: R}", "syntax.reserved_name", 2, 13},
    {"NoneAsOutputName", kMesh + "output y, None", "syntax.reserved_name", 2, 11},
    {"NoneAsLossName", kMesh + "loss None", "syntax.reserved_name", 2, 6},
    {"NoneAsGradientName", kMesh + "loss l gradient=None", "syntax.reserved_name", 2, 17},
    {"NoneInNameList", kMesh + "y = mul(a, b, out_partial=[dp, None])", "syntax.reserved_name", 2, 32},
    {"ResultNamedTwice", kMesh + "a, b, a = split(x, 3)", "syntax.result_duplicate", 2, 7},
    {"ResultListTrailingComma", kMesh + "a, = split(x, 1)", "syntax.unexpected_token", 2, 4},
    {"ResultListMissingComma", kMesh + "a, b c = split(x, 3)", "syntax.unexpected_token", 2, 6},
    {"ResultIsANumber", kMesh + "a, 2 = split(x, 2)", "syntax.unexpected_token", 2, 4},
    {"ResultIsReserved", kMesh + "a, R = split(x, 2)", "syntax.reserved_name", 2, 4},
    {"ResultsWithoutCall", kMesh + "a, b = x", "syntax.unexpected_token", 2, 9},
    {"OutputFollowedByComma", kMesh + "output, a", "syntax.unexpected_token", 2, 7},
    {"ScalarWithShape", kMesh + "input s : scalar[4] {dp: R, tp: R}", "syntax.shape", 2, 17},
    {"ScalarWithoutType", kMesh + "input s : scalar", "syntax.unexpected_token", 2, 17},
    {"ScalarWithDtype", kMesh + "input s : scalar f64 {dp: R, tp: R}", "syntax.unexpected_token", 2, 18},
    {"ScalarAfterDtype", kMesh + "input s : f64 scalar {dp: R, tp: R}", "syntax.unexpected_token", 2, 15},
    {"GradientWithoutValue", kMesh + "loss l gradient=", "syntax.unexpected_token", 2, 17},
    {"GradientOfANumber", kMesh + "loss l gradient=1", "syntax.unexpected_token", 2, 17},
    {"GradientWithoutEquals", kMesh + "loss l gradient g", "syntax.unexpected_token", 2, 8},
    {"LossWithOtherKeyword", kMesh + "loss l seed=g", "syntax.unexpected_token", 2, 8},
    {"GradientOfTwoNames", kMesh + "loss l gradient=g h", "syntax.unexpected_token", 2, 19},
    {"GradientGivenTwice", kMesh + "loss l gradient=g gradient=h", "syntax.unexpected_token", 2, 19},
    {"ListNumberAfterName", kMesh + "y = mul(a, b, out_partial=[dp, 1])", "syntax.list", 2, 32},
    {"ListNameAfterInteger", kMesh + "y = view(x, [4, dp])", "syntax.list", 2, 17},
    {"ListNoneAfterInteger", kMesh + "y = view(x, [4, None])", "syntax.list", 2, 17},
    {"ListTrueAfterInteger", kMesh + "y = f(x, [1, true])", "syntax.list", 2, 14},
    {"ListFractionFirst", kMesh + "y = view(x, [0.5])", "syntax.list", 2, 14},
    {"ListFractionLater", kMesh + "y = view(x, [1, 2.5])", "syntax.list", 2, 17},
    {"ListTrailingComma", kMesh + "y = view(x, [4,])", "syntax.unexpected_token", 2, 16},
    {"ListLeadingComma", kMesh + "y = view(x, [,4])", "syntax.unexpected_token", 2, 14},
    {"NestedList", kMesh + "y = view(x, [[4]])", "syntax.unexpected_token", 2, 14},
    {"StringInList", kMesh + "y = f(x, [\"a\"])", "syntax.unexpected_token", 2, 11},
    {"ListMissingComma", kMesh + "y = view(x, [4 2])", "syntax.unexpected_token", 2, 16},
    {"ListUnclosed", kMesh + "y = view(x, [4, 2)", "syntax.unexpected_token", 2, 18},
    {"ListItemOverflow", kMesh + "y = view(x, [9223372036854775808])", "syntax.number", 2, 14},
    {"ListItemMalformed", kMesh + "y = view(x, [4x])", "syntax.number", 2, 14},
    {"StringUnterminated", kMesh + "y = f(x, \"floor)", "syntax.string", 2, 10},
    {"StringUnterminatedAtEndOfLine", kMesh + "y = f(x, \"floor\ndim=1)", "syntax.string", 2, 10},
    {"StringUnterminatedAtCrLf", kMesh + "y = f(x, \"floor\r\n", "syntax.string", 2, 10},
    {"StringWithBackslash", kMesh + "y = f(x, \"a\\b\")", "syntax.string", 2, 12},
    {"StringWithTab", kMesh + "y = f(x, \"a\tb\")", "syntax.string", 2, 12},
    {"StringWithLoneCr", kMesh + "y = f(x, \"a\rb\")", "syntax.string", 2, 12},
    {"StringWithNonAscii", kMesh + "y = f(x, \"caf\xc3\xa9\")", "syntax.string", 2, 14},
    {"StringStartsStatement", kMesh + "\"y\" = f(x)", "syntax.unexpected_token", 2, 1},
    {"BadStringStartsStatement", kMesh + "\"\x01\" = f(x)", "syntax.string", 2, 2},
    {"StringAsTypeLetter", kMesh + "assert y : {dp: \"R\", tp: R}", "syntax.type_letter", 2, 17},
    {"StringAfterStatement", kMesh + "y = f(x) \"c\"", "syntax.unexpected_token", 2, 10},
    {"ShardFormPositionalWithoutParens", kMesh + "y = f(x, S)", "syntax.unexpected_token", 2, 11},
    {"PositionalListAfterKeyword", kMesh + "y = f(x, k=1, [1])", "syntax.positional_after_keyword", 2, 15},
    {"PositionalStringAfterKeyword", kMesh + "y = f(k=1, \"s\")", "syntax.positional_after_keyword", 2, 12},
    {"PositionalIntegerOverflow", kMesh + "y = mul(x, 9223372036854775808)", "syntax.number", 2, 12},
};

class ProgramParseErrorV2 : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ProgramParseErrorV2, ReportsRuleAndLocation) { expect_error(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Cases, ProgramParseErrorV2, ::testing::ValuesIn(kErrorCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ProgramParseErrorV2Mesh, NoneAndStringsInTheMeshLine) {
  expect_error({"NoneAsMeshAxis", "mesh dp=2 None=2", "syntax.reserved_name", 1, 11});
  expect_error({"StringAsAxisSize", "mesh dp=\"2\"", "syntax.axis_size", 1, 9});
}

Diagnostic error_of(std::string_view text) {
  ParseResult r = parse_program(text);
  if (!r.error) {
    ADD_FAILURE() << "accepted:\n" << text;
    return {};
  }
  return *r.error;
}

TEST(ProgramParseErrorV2Message, NoneIsReservedSinceVersion2) {
  Diagnostic d = error_of(kMesh + "input None : f64[] {dp: R, tp: R}");
  EXPECT_EQ(d.message, "'None' is reserved and cannot name a value");
  EXPECT_EQ(d.fix, "rename it: since format version 2, None is the argument value None (as in dim=None)");
  EXPECT_EQ(error_of("mesh None=2").message, "'None' is reserved and cannot name a mesh axis");
}

TEST(ProgramParseErrorV2Message, StringErrorsNameTheByteOrTheOpeningQuote) {
  Diagnostic bad = error_of(kMesh + "y = f(x, \"a\tb\")");
  EXPECT_EQ(bad.message, "invalid character '\\x09' in a string");
  EXPECT_EQ(bad.fix, "a string holds printable ASCII characters except '\"' and '\\'; there are no escapes");
  EXPECT_EQ(error_of(kMesh + "y = f(x, \"a\\\"b\")").message, "invalid character '\\' in a string");
  Diagnostic open = error_of(kMesh + "y = f(x, \"floor)");
  EXPECT_EQ(open.message, "unterminated string: no closing '\"' on this line");
  EXPECT_FALSE(open.fix.empty());
}

TEST(ProgramParseErrorV2Message, ListsHoldIntegersOrNames) {
  Diagnostic d = error_of(kMesh + "y = view(x, [4, dp])");
  EXPECT_EQ(d.message, "a list holds integers or names, not both, but 'dp' follows an integer");
  EXPECT_EQ(d.fix, "write integers ([4, -1]) or names ([dp, tp])");
  EXPECT_EQ(error_of(kMesh + "y = f(x, [dp, -1])").message, "a list holds integers or names, not both, but '-1' follows a name");
  EXPECT_EQ(error_of(kMesh + "y = view(x, [0.5])").message, "a list holds integers or names, but got number '0.5'");
}

TEST(ProgramParseErrorV2Message, StatementForms) {
  EXPECT_EQ(error_of(kMesh + "a, b, a = split(x, 3)").message, "value 'a' is bound twice in one statement");
  EXPECT_EQ(error_of(kMesh + "a, b c = split(x, 3)").message, "expected ',' or '=' after the bound names, but got 'c'");
  EXPECT_EQ(error_of(kMesh + "loss l seed=g").message, "expected 'gradient=G' or end of line after the loss name, but got 'seed'");
  EXPECT_EQ(error_of(kMesh + "input x : f8[4] {dp: V, tp: I}").message,
            "expected a dtype (f64, f32, bf16, f16, i64 or bool) or 'scalar', but got 'f8'");
  Diagnostic scalar = error_of(kMesh + "input s : scalar[] {dp: R, tp: R}");
  EXPECT_EQ(scalar.message, "a typed scalar has no shape");
  EXPECT_EQ(scalar.fix,
            "write 'input s : scalar {AXIS: T, ...}', or 'input s : f64[] {AXIS: T, ...}' for a "
            "0-dimensional tensor");
  EXPECT_EQ(error_of(kMesh + "global dp").message, "the global axes are the last axes of the mesh, in mesh order, but got 'global dp'");
  EXPECT_EQ(error_of(kMesh + "global dp").fix, "write 'global tp', or reorder the mesh so that the local axes come first");
}

// Strings may not hide a line end: the statement after an unterminated
// string is never read as part of it.
TEST(ProgramParseErrorV2Message, AnUnterminatedStringEndsAtItsLine) {
  EXPECT_EQ(error_of(kMesh + "y = f(x, \"a\n\" = g(x)\n").loc, at(2, 10));
}

}  // namespace
}  // namespace spmdcheck::test
