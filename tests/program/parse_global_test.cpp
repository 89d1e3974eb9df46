// Global SPMD in the text format (program-format.md, "Global SPMD"): the
// `global` statement, S(k) on global axes and partition specs; their
// structural errors at line:col; the printer's canonical S(k) / spec form.
#include <gtest/gtest.h>

#include "program/type_text.h"
#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

const std::string kMesh = "mesh dp=2 tp=2\n";                 // line 1
const std::string kGlobal = "mesh dp=2 tp=2\nglobal tp\n";    // lines 1-2
const std::string kBoth = "mesh dp=2 tp=2\nglobal dp, tp\n";  // lines 1-2

const ErrorCase kErrorCases[] = {
    {"GlobalTwice", kGlobal + "global tp", "syntax.global_duplicate", 3, 1},
    {"GlobalAfterAnInput", kMesh + "input x : f64[4] {dp: R, tp: R}\nglobal tp", "syntax.global_position", 3, 1},
    {"GlobalBeforeMesh", "global tp\nmesh tp=2", "syntax.mesh_missing", 1, 1},
    {"GlobalWithoutAxes", kMesh + "global", "syntax.global_empty", 2, 1},
    {"GlobalUnknownAxis", kMesh + "global ep", "syntax.type_axis_unknown", 2, 8},
    {"GlobalAxisTwice", kMesh + "global tp, tp", "syntax.axis_duplicate", 2, 12},
    {"GlobalNotASuffix", kMesh + "global dp", "syntax.global_suffix", 2, 1},
    {"GlobalOutOfMeshOrder", kMesh + "global tp, dp", "syntax.global_suffix", 2, 1},
    {"GlobalMissingComma", kMesh + "global dp tp", "syntax.unexpected_token", 2, 11},
    {"ShardOnALocalAxis", kGlobal + "input x : f64[4] {dp: S(0), tp: R}", "syntax.shard_local_axis", 3, 23},
    {"ShardWithoutGlobal", kMesh + "input x : f64[4] {dp: R, tp: S(1)}", "syntax.shard_local_axis", 2, 30},
    {"ShardNegativeDim", kGlobal + "input x : f64[4] {dp: R, tp: S(-1)}", "syntax.shard_dim", 3, 32},
    {"ShardDimTooLarge", kGlobal + "input x : f64[4] {dp: R, tp: S(8)}", "syntax.shard_dim", 3, 32},
    {"ShardDimNotInteger", kGlobal + "input x : f64[4] {dp: R, tp: S(0.5)}", "syntax.shard_dim", 3, 32},
    {"ShardWithoutParens", kGlobal + "input x : f64[4] {dp: R, tp: S}", "syntax.type_letter", 3, 30},
    {"TwoShardsOfOneDim", kBoth + "input x : f64[4] {dp: S(0), tp: S(0)}", "syntax.shard_same_dim", 3, 33},
    {"ShardAndSpec", kBoth + "input x : f64[4, 4] {dp: S(0), tp: V} spec(None, tp)", "syntax.spec_combined", 3, 39},
    {"SpecWithoutGlobal", kMesh + "input x : f64[4] {dp: V, tp: V} spec(dp)", "syntax.spec_local_axis", 2, 38},
    {"SpecNamesALocalAxis", kGlobal + "input x : f64[4] {dp: V, tp: V} spec(dp)", "syntax.spec_local_axis", 3, 38},
    {"SpecUnknownAxis", kGlobal + "input x : f64[4] {dp: V, tp: V} spec(ep)", "syntax.type_axis_unknown", 3, 38},
    {"SpecAxisTwice", kBoth + "input x : f64[4, 4] {dp: V, tp: V} spec(tp, tp)", "syntax.spec_axis_duplicate", 3, 45},
    {"SpecAxisTwiceInATuple", kBoth + "input x : f64[4] {dp: V, tp: V} spec((tp, tp))", "syntax.spec_axis_duplicate", 3, 43},
    {"SpecEmptyTuple", kBoth + "input x : f64[4] {dp: V, tp: V} spec(())", "syntax.spec_entry", 3, 38},
    {"SpecNumberEntry", kGlobal + "input x : f64[4] {dp: V, tp: V} spec(0)", "syntax.unexpected_token", 3, 38},
    {"SpecUnclosed", kGlobal + "input x : f64[4] {dp: V, tp: V} spec(tp", "syntax.unexpected_token", 3, 40},
    {"SpecTupleUnclosed", kBoth + "input x : f64[4] {dp: V, tp: V} spec((dp, tp)", "syntax.unexpected_token", 3, 46},
    {"SpecTooManyEntries", kGlobal + "input x : f64[4] {dp: V, tp: V} spec(tp, None, None, None, None, None, None, None, None)",
     "syntax.spec_entry", 3, 84},
    {"SpecAfterAnAssertTypeOnly", kGlobal + "assert x : {dp: V, tp: V} spec tp", "syntax.unexpected_token", 3, 27},
};

class ProgramParseErrorGlobal : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ProgramParseErrorGlobal, ReportsRuleAndLocation) { expect_error(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Cases, ProgramParseErrorGlobal, ::testing::ValuesIn(kErrorCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ProgramParseGlobal, GlobalAxesAreTheMeshSuffix) {
  const Program p = parse_ok("mesh pp=2 dp=2 tp=2\nglobal dp, tp\n");
  EXPECT_EQ(p.mesh.num_global, 2);
  EXPECT_FALSE(p.mesh.is_global(0));
  EXPECT_TRUE(p.mesh.is_global(1));
  EXPECT_TRUE(p.mesh.is_global(2));
  EXPECT_EQ(p.mesh.global_loc, (SourceLoc{2, 1}));
  EXPECT_EQ(parse_ok(kMesh).mesh.num_global, 0);
}

TEST(ProgramParseGlobal, GlobalStaysAValueName) {
  // `global` starts the statement only where axis names follow it.
  const Program p = parse_ok(kMesh + "input x : f64[4] {dp: R, tp: R}\nglobal = relu(x)\nglobal2, b = split(global, 2)\n");
  EXPECT_EQ(p.mesh.num_global, 0);
  EXPECT_EQ(stmt<BindingStmt>(p, 1).names.at(0), "global");
}

TEST(ProgramParseGlobal, ShardSugarIsVPlusASpecEntry) {
  const Program p = parse_ok(kBoth + "input w : f64[8, 6] {dp: R, tp: S(1)}\n");
  const TypeAnnot& t = stmt<InputStmt>(p, 0).type;
  EXPECT_EQ(t.type.axis[0], Ty::R);
  EXPECT_EQ(t.type.axis[1], Ty::V);
  EXPECT_FALSE(t.spec.shards(0));
  EXPECT_EQ(t.spec.dim[1], 1);
  EXPECT_EQ(t.spec_entries, -1);  // sugar: no entry count written
  EXPECT_EQ(t.spec_loc, (SourceLoc{3, 33}));
}

TEST(ProgramParseGlobal, SpecTuplesAreMajorToMinor) {
  const Program p = parse_ok(kBoth + "input x : f64[4, 8] {dp: V, tp: V} spec((tp, dp), None)\n");
  const TypeAnnot& t = stmt<InputStmt>(p, 0).type;
  EXPECT_EQ(t.spec.dim[0], 0);
  EXPECT_EQ(t.spec.dim[1], 0);
  EXPECT_EQ(t.spec.place[1], 0);  // tp is major
  EXPECT_EQ(t.spec.place[0], 1);
  EXPECT_TRUE(t.spec.innermost(0));
  EXPECT_FALSE(t.spec.innermost(1));
  EXPECT_EQ(t.spec_entries, 2);
  // A one-axis tuple is the bare axis.
  EXPECT_EQ(stmt<InputStmt>(parse_ok(kBoth + "input x : f64[4] {dp: R, tp: V} spec((tp))\n"), 0).type.spec.dim[1], 0);
}

TEST(ProgramPrinterGlobal, PrintsTheShardFormWhereItSuffices) {
  EXPECT_EQ(canonical(kBoth + "input x : f64[4, 8] {dp: V, tp: V} spec(dp, tp)\nassert x : {tp: S(1), dp: S(0)}\n"),
            "mesh dp=2 tp=2\nglobal dp, tp\n\ninput x : f64[4, 8] {dp: S(0), tp: S(1)}\nassert x : {dp: S(0), tp: S(1)}\n");
  EXPECT_EQ(canonical(kBoth + "input x : f64[4, 8] {dp: V, tp: V} spec( ( dp,tp ) , None )\n"),
            "mesh dp=2 tp=2\nglobal dp, tp\n\ninput x : f64[4, 8] {dp: V, tp: V} spec((dp, tp), None)\n");
  EXPECT_EQ(canonical("mesh pp=2 dp=2 tp=2\nglobal dp, tp\n"), "mesh pp=2 dp=2 tp=2\nglobal dp, tp\n");
  EXPECT_EQ(canonical("mesh tp=2\nglobal tp\ninput x : f64[4] {tp: S(0)}\n"), "mesh tp=2\nglobal tp\n\ninput x : f64[4] {tp: S(0)}\n");
}

TEST(ProgramPrinterGlobal, PrintingIsAFixedPoint) {
  for (const std::string& text : {kBoth + "input x : f64[4, 8, 2] {dp: V, tp: V} spec(None, (tp, dp), None)\nassert x : {dp: V, tp: V} "
                                          "spec(None, (tp, dp), None)\n",
                                  kGlobal + "input x : f64[4] {dp: V, tp: S(0)}\ny = relu(x)\nassert y : {dp: V, tp: V} spec(tp)\n"}) {
    const std::string once = canonical(text);
    EXPECT_EQ(canonical(once), once);
  }
}

TEST(TypeText, SpecFormShowsEveryEntry) {
  Mesh mesh;
  mesh.axes = {{"dp", 2, {}}, {"tp", 2, {}}};
  mesh.num_global = 2;
  LocalType t;
  t.num_axes = 2;
  t.axis = {Ty::V, Ty::V};
  PartitionSpec spec;
  spec.append(0, 1);
  spec.append(1, 1);
  EXPECT_EQ(type_to_text(mesh, t, spec, 3), "{dp: V, tp: V} spec(None, (dp, tp), None)");
  EXPECT_EQ(type_to_text(mesh, t, spec, -1), "{dp: V, tp: V} spec(None, (dp, tp))");
  spec.remove(0);
  EXPECT_EQ(spec.place[1], 0);
  t.axis[0] = Ty::R;
  EXPECT_EQ(type_to_text(mesh, t, spec, 3), "{dp: R, tp: S(1)}");
}

}  // namespace
}  // namespace spmdcheck::test
