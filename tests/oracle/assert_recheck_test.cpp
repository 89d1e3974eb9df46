// How an assert re-checks a typed value, a table setting (RuleTable::
// assert_refines): the default table's assert is exact (type and spec equal
// the value's); spmd_types 6dbe9e2's assert_type refines (runtime.py
// 296-548): size-1 axes are not compared, V without an entry is less
// specific than the value's shard, and only the dims the assert shards must
// match. Each case names what each table says of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

struct Case {
  const char* what;
  std::string program;
  const char* exact;   // the rule the default table rejects with, or "" (accepted)
  const char* refine;  // the same for the as-implemented table
};

const std::string kGlobal = "mesh dp=2 tp=2\nglobal tp\ninput x : f64[4, 6] {dp: V, tp: S(0)}\ny = neg(x)\n";
const std::string kTwoAxes = "mesh dp=2 tp=2\nglobal dp, tp\ninput x : f64[4, 6] {dp: V, tp: V} spec((dp, tp), None)\ny = neg(x)\n";

const Case kCases[] = {
    {"the value's own type", kGlobal + "assert y : {dp: V, tp: S(0)}\n", "", ""},
    {"V without an entry: less specific than S(0)", kGlobal + "assert y : {dp: V, tp: V}\n", "global.v_without_spec", ""},
    {"another shard dim", kGlobal + "assert y : {dp: V, tp: S(1)}\n", "assert.mismatch", "assert.mismatch"},
    {"an entry on an axis that is not V", kGlobal + "assert y : {dp: V, tp: R} spec(tp, None)\n", "global.spec_on_non_v",
     "global.spec_on_non_v"},
    {"a dim's axes in the other order", kTwoAxes + "assert y : {dp: V, tp: V} spec((tp, dp), None)\n", "assert.mismatch",
     "assert.mismatch"},
    {"a size-1 axis of another type", "mesh dp=1 tp=2\ninput x : f64[4] {dp: V, tp: V}\ny = neg(x)\nassert y : {dp: R, tp: V}\n",
     "assert.mismatch", ""},
    {"another type on an axis of size 2", "mesh dp=2 tp=2\ninput x : f64[4] {dp: V, tp: V}\ny = neg(x)\nassert y : {dp: R, tp: V}\n",
     "assert.mismatch", "assert.mismatch"},
    {"a global size-1 axis left out of the tuple compared",
     "mesh dp=1 tp=2\nglobal dp, tp\ninput x : f64[4, 6] {dp: V, tp: V} spec((dp, tp), None)\ny = neg(x)\nassert y : {dp: V, tp: S(0)}\n",
     "global.v_without_spec", ""},
    // normalize_partition_spec drops a size-1 axis from the written spec
    // before its own checks (types.py:189-227).
    {"an entry of a size-1 axis that is not V",
     "mesh dp=1 tp=2\nglobal dp, tp\ninput x : f64[4, 6] {dp: V, tp: V} spec((dp, tp), None)\ny = neg(x)\n"
     "assert y : {dp: R, tp: V} spec((dp, tp), None)\n",
     "global.spec_on_non_v", ""},
    {"a shard of a size-1 axis past the rank",
     "mesh dp=1 tp=2\nglobal dp, tp\ninput x : f64[4] {dp: R, tp: S(0)}\ny = neg(x)\nassert y : {dp: S(3), tp: S(0)}\n", "global.spec_rank",
     ""},
    // spmd_types retypes V to P here (runtime.py:492-496): the table's
    // assert_transmutes (oracle/assert_transmute.h, AssertTransmute.*).
    {"V asserted P", "mesh dp=2 tp=2\ninput x : f64[4] {dp: V, tp: V}\ny = neg(x)\nassert y : {dp: V, tp: P}\n", "assert.mismatch", ""},
    // ... but not where V shards a dim: spmd_types keeps the spec there (NOT
    // MODELLED in the table).
    {"S(0) asserted P", kGlobal + "assert y : {dp: V, tp: P}\n", "assert.mismatch", "assert.mismatch"},
};

std::string verdict(const RuleTable& table, const std::string& text) {
  ParseResult parsed = parse_program(text);
  if (!parsed.program) return "parse error " + parsed.error->rule_id;
  const CheckResult r = check_program(table, *parsed.program);
  return r.ok() ? "" : r.error->rule_id;
}

TEST(AssertRecheck, EachTableJudgesTheCasesAsItsSettingSays) {
  const auto exact = default_rule_table();
  const auto refine = embedded_rule_table("spmd_types_6dbe9e2");
  ASSERT_FALSE(exact->assert_refines);
  ASSERT_TRUE(refine->assert_refines);
  for (const Case& c : kCases) {
    EXPECT_EQ(verdict(*exact, c.program), c.exact) << c.what << "\n" << c.program;
    EXPECT_EQ(verdict(*refine, c.program), c.refine) << c.what << "\n" << c.program;
  }
}

TEST(AssertRecheck, TheSettingIsReadFromTheTableAndABadValueIsATableError) {
  std::string text(embedded_default_table_text());
  const std::string anchor = "[table]\n";
  ASSERT_NE(text.find(anchor), std::string::npos);
  std::string refining = text, bad = text;
  refining.replace(refining.find(anchor), anchor.size(), anchor + "assert_recheck = \"refine\"\n");
  bad.replace(bad.find(anchor), anchor.size(), anchor + "assert_recheck = \"loose\"\n");
  TableLoadResult loaded = load_rule_table(refining, "t.toml");
  ASSERT_TRUE(loaded.table) << loaded.error->message;
  EXPECT_EQ(verdict(*loaded.table, kCases[1].program), "");
  TableLoadResult refused = parse_rule_table(bad, "t.toml");
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->rule_id, "table.schema");
  EXPECT_NE(refused.error->message.find("assert_recheck must be"), std::string::npos) << refused.error->message;
  const size_t anchor_line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + text.find(anchor), '\n'));
  EXPECT_EQ(refused.error->loc.line, anchor_line + 1) << "the line of assert_recheck, just after [table]";
}

}  // namespace
}  // namespace spmdcheck
