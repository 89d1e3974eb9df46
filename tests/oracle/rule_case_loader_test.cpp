// The case-file loader: well-formed files give cases with program-relative
// locations; every malformed file gives an error naming FILE:LINE instead of
// silently dropping cases.
#include <gtest/gtest.h>

#include "rule_case_loader.h"

namespace spmdcheck::test {
namespace {

RuleCaseSet parse(std::string_view text) {
  RuleCaseSet set;
  parse_rule_case_file(text, "/some/dir/x.cases", set);
  name_rule_cases(set);
  return set;
}

TEST(RuleCaseLoader, ReadsAcceptAndRejectCases) {
  RuleCaseSet set = parse(
      "# file comment\n"
      "\n"
      "### infer.replicate accept\n"
      "mesh tp=2\n"
      "input x : f64[4] {tp: R}   # trailing comment\n"
      "y = neg(x)\n"
      "\n"
      "### infer.partial_nonlinear reject 3:5\r\n"
      "mesh tp=2\r\n"
      "input p : f64[4] {tp: P}\r\n"
      "y = relu(p)\r\n"
      "### infer.replicate accept\n"
      "mesh tp=2\n"
      "input x : f64[4] {tp: R}\n");
  ASSERT_TRUE(set.errors.empty()) << set.errors.front();
  ASSERT_EQ(set.cases.size(), 3u);
  const RuleCase& a = set.cases[0];
  EXPECT_EQ(a.file, "x.cases");
  EXPECT_EQ(a.path, "/some/dir/x.cases");
  EXPECT_EQ(a.line, 3u);
  EXPECT_EQ(a.id, "infer.replicate");
  EXPECT_TRUE(a.accept);
  EXPECT_EQ(a.program, "mesh tp=2\ninput x : f64[4] {tp: R}   # trailing comment\ny = neg(x)\n");
  EXPECT_EQ(a.name, "infer_replicate_accept_1");
  const RuleCase& r = set.cases[1];
  EXPECT_FALSE(r.accept);
  EXPECT_EQ(r.want, (SourceLoc{3, 5}));
  EXPECT_EQ(r.program, "mesh tp=2\ninput p : f64[4] {tp: P}\ny = relu(p)\n");
  EXPECT_EQ(r.name, "infer_partial_nonlinear_reject_1");
  EXPECT_EQ(set.cases[2].name, "infer_replicate_accept_2");
}

struct Malformed {
  const char* what;
  const char* text;
  const char* error;  // the expected error (a prefix of it)
};

class RuleCaseLoaderMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(RuleCaseLoaderMalformed, IsAnError) {
  RuleCaseSet set = parse(GetParam().text);
  ASSERT_FALSE(set.errors.empty()) << GetParam().what;
  EXPECT_EQ(set.errors.front().substr(0, std::string_view(GetParam().error).size()), GetParam().error) << set.errors.front();
}

const Malformed kMalformed[] = {
    {"Empty", "", "x.cases: no cases"},
    {"OnlyComments", "# nothing\n\n", "x.cases: no cases"},
    {"TextBeforeHeader", "mesh tp=2\n### a.b accept\nmesh tp=2\n", "x.cases:1: text before the first"},
    {"NoSpaceAfterHashes", "###a.b accept\nmesh tp=2\n", "x.cases:1: a header is"},
    {"HeaderWithoutVerdict", "### a.b\nmesh tp=2\n", "x.cases:1: header needs"},
    {"BadId", "### A.b accept\nmesh tp=2\n", "x.cases:1: malformed rule id"},
    {"BadVerdict", "### a.b maybe\nmesh tp=2\n", "x.cases:1: verdict must be"},
    {"AcceptWithLocation", "### a.b accept 1:1\nmesh tp=2\n", "x.cases:1: `accept` takes no location"},
    {"RejectWithoutLocation", "### a.b reject\nmesh tp=2\n", "x.cases:1: `reject` needs"},
    {"RejectBadLocation", "### a.b reject 3\nmesh tp=2\n", "x.cases:1: malformed location"},
    {"RejectZeroColumn", "### a.b reject 1:0\nmesh tp=2\n", "x.cases:1: malformed location"},
    {"RejectLocationPastEnd", "### a.b reject 2:1\nmesh tp=2\n", "x.cases:1: location 2:1 is outside"},
    {"RejectColumnPastLine", "### a.b reject 1:20\nmesh tp=2\n", "x.cases:1: location 1:20 is outside"},
    {"NoProgram", "### a.b accept\n\n### c.d accept\nmesh tp=2\n", "x.cases:1: case a.b has no program"},
    {"ProgramWithoutMeshFirst", "### a.b accept\n# why\nmesh tp=2\n", "x.cases:2: a case's program starts with its mesh line"},
    {"LaterCaseMalformed", "### a.b accept\nmesh tp=2\n### c.d reject x:y\nmesh tp=2\n", "x.cases:3: malformed location"},
};

INSTANTIATE_TEST_SUITE_P(Files, RuleCaseLoaderMalformed, ::testing::ValuesIn(kMalformed),
                         [](const ::testing::TestParamInfo<Malformed>& info) { return std::string(info.param.what); });

TEST(RuleCaseLoader, MissingDirectoryIsAnError) {
  RuleCaseSet set = load_rule_cases("/nonexistent/rule_cases");
  EXPECT_TRUE(set.cases.empty());
  EXPECT_FALSE(set.errors.empty());
}

}  // namespace
}  // namespace spmdcheck::test
