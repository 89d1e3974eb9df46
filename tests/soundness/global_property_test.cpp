// Property 8, single-device equivalence (DESIGN.md §8): global programs
// through the whole property on simulated ranks, forward and gradients; the
// assembly of ranks' blocks into global tensors; and the broken tables the
// suite must catch (a reduction over a sharded dim typed S, an all_to_all
// that keeps its spec, a collective from V that moves the entry).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "oracle/global_denotation.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

Mesh mesh;  // of the last program run (for failure messages)

PropertyOutcome run(const RuleTable& table, const std::string& text, uint64_t seed = 7) {
  at::set_num_threads(1);
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << (parsed.error ? parsed.error->message : "");
  if (!parsed.program) return {};
  mesh = parsed.program->mesh;
  return check_program_property(table, *parsed.program, data_seed_for(seed));
}

// The default table with one row's text replaced (the row must be there).
std::shared_ptr<const RuleTable> edited(const std::string& from, const std::string& to) {
  std::string text(embedded_default_table_text());
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return nullptr;
  text.replace(at, from.size(), to);
  TableLoadResult t = parse_rule_table(text, "edited.toml");
  EXPECT_TRUE(t.table) << t.error->message;
  return t.table;
}

// A broken table's verdict on a program: the table must accept it (its break
// is in the rows, not the program), and forward consistency must fail.
::testing::AssertionResult accepted_but_inconsistent(const PropertyOutcome& out) {
  if (!out.checked.ok()) return ::testing::AssertionFailure() << "rejected: " << out.checked.error->message;
  if (!out.consistency.first)
    return ::testing::AssertionFailure() << (out.failed() ? out.first_failure().describe(mesh) : "nothing failed");
  return ::testing::AssertionSuccess();
}

// A sound table's verdict: the program runs, type-checks and every check holds.
::testing::AssertionResult holds(const PropertyOutcome& out) {
  if (!out.error.empty()) return ::testing::AssertionFailure() << out.error;
  if (!out.checked.ok()) return ::testing::AssertionFailure() << "rejected: " << out.checked.error->message;
  if (out.failed()) return ::testing::AssertionFailure() << out.first_failure().describe(mesh);
  return ::testing::AssertionSuccess();
}

TEST(GlobalDenotation, BlocksOfATupleAreMajorFirst) {
  Mesh m;
  m.axes = {{"dp", 2, {}}, {"tp", 2, {}}};
  m.num_global = 2;
  const MeshLayout layout(m);
  LocalType type;
  type.num_axes = 2;
  type.axis = {Ty::V, Ty::V};
  PartitionSpec spec;  // spec((dp, tp), None)
  spec.append(0, 0);
  spec.append(1, 0);
  Denotation global;
  global.type = collapsed_type(m, type);
  global.items = {at::arange(8, at::kDouble).reshape({4, 2})};
  const Denotation local = split_global(m, layout, global, type, spec);
  ASSERT_EQ(local.items.size(), 4u);  // items row-major over (dp, tp)
  for (int i = 0; i < 4; ++i) EXPECT_EQ(local.items[i][0][0].item<double>(), 2.0 * i) << "block " << i;
  const Denotation back = assemble_global(m, layout, local, spec);
  ASSERT_EQ(back.items.size(), 1u);
  EXPECT_TRUE(at::equal(back.items[0], global.items[0]));
  spec.remove(0);  // tp alone on dim 0, dp on dim 1: the blocks of two dims
  spec.append(0, 1);
  const Denotation two = split_global(m, layout, global, type, spec);
  EXPECT_EQ(two.items[1][0][0].item<double>(), 4.0);  // dp 0, tp 1: column block 0, row block 1 (rows 2-3): element [2][0]
  EXPECT_TRUE(at::equal(assemble_global(m, layout, two, spec).items[0], global.items[0]));
}

TEST(GlobalProperty, ShardedProgramsComputeTheirGlobalMeaning) {
  const PropertyOutcome out = run(*default_rule_table(),
                                  "mesh dp=2 tp=2\n"
                                  "global tp\n"
                                  "input x : f64[4, 8] {dp: V, tp: S(0)}\n"
                                  "input w : f64[8, 6] {dp: R, tp: R}\n"
                                  "input a : f64[4, 6] {dp: R, tp: S(0)}\n"
                                  "input b : f64[3, 4] {dp: R, tp: S(1)}\n"
                                  "y = matmul(x, w)\n"
                                  "z = sum(y, dim=0)\n"  // an implicit partial
                                  "c = mm(b, a)\n"       // a contraction over a sharded dim: P
                                  "d = transpose(y, 0, 1)\n"
                                  "e = reshape(y, [24])\n"  // written per rank, global [48]
                                  "f = unsqueeze(y, 0)\n"
                                  "g = all_gather(y, tp, src=S(0), dst=R)\n"
                                  "h = all_to_all(y, tp, src=S(0), dst=S(1))\n"
                                  "k = all_reduce(c, tp, src=P, dst=R)\n"
                                  "l = reduce_scatter(c, tp, src=P, dst=S(1))\n"
                                  "m = mul(h, h)\n"
                                  "s = sum(m)\n"
                                  "t = all_reduce(s, tp, src=P, dst=I)\n"
                                  "u = all_reduce(t, dp, src=V, dst=I)\n"
                                  "output z, d, e, f, g, k, l\n"
                                  "loss u\n");
  EXPECT_TRUE(holds(out));
  for (const ValueVerdict& v : out.consistency.values) EXPECT_TRUE(v.checked && v.ok);
}

TEST(GlobalProperty, TwoGlobalAxesOnOneDim) {
  const PropertyOutcome out = run(*default_rule_table(),
                                  "mesh dp=2 tp=2\n"
                                  "global dp, tp\n"
                                  "input x : f64[4, 8] {dp: V, tp: V} spec((dp, tp), None)\n"
                                  "input w : f64[8, 6] {dp: R, tp: R}\n"
                                  "y = matmul(x, w)\n"
                                  "g = all_gather(y, tp, src=S(0), dst=R)\n"  // tp is innermost
                                  "h = all_gather(g, dp, src=S(0), dst=R)\n"
                                  "s = sum(y)\n"  // over the sharded dim on both axes: P, P
                                  "output y, g, h\n"
                                  "loss s\n");
  EXPECT_TRUE(holds(out));
}

TEST(GlobalProperty, AReductionOverAShardedDimTypedSIsCaught) {
  auto table = edited("operands = [\"S(reduced)\"]\nresult = \"P\"", "operands = [\"S(reduced)\"]\nresult = \"S(kept)\"");
  ASSERT_TRUE(table);
  const PropertyOutcome out = run(*table,
                                  "mesh tp=2\nglobal tp\n"
                                  "input x : f64[4, 6] {tp: S(0)}\n"
                                  "z = sum(x, dim=0)\n"
                                  "output z\n");
  EXPECT_TRUE(accepted_but_inconsistent(out));
}

TEST(GlobalProperty, AnAllToAllThatKeepsItsSpecIsCaught) {
  auto table = edited("id = \"coll.all_to_all.s_to_s\"\n", "id = \"coll.all_to_all.s_to_s\"\nspec = \"keep\"\n");
  ASSERT_TRUE(table);
  const PropertyOutcome out = run(*table,
                                  "mesh tp=2\nglobal tp\n"
                                  "input x : f64[4, 6] {tp: S(0)}\n"
                                  "y = all_to_all(x, tp, src=S(0), dst=S(1))\n"
                                  "output y\n");
  ASSERT_TRUE(accepted_but_inconsistent(out));
  EXPECT_EQ(out.checked.values.back().spec.dim[0], 0);  // the broken row kept S(0)
}

TEST(GlobalProperty, ACollectiveFromVWhoseSpecNamesTheWrongDimIsCaught) {
  // all_to_all(V -> S(1)) moves the blocks to dim 1; the broken row leaves
  // the entry on dim 0, where the data no longer is.
  auto table = edited("id = \"coll.all_to_all.v_to_s\"\n", "id = \"coll.all_to_all.v_to_s\"\nspec = \"keep\"\n");
  ASSERT_TRUE(table);
  const PropertyOutcome out = run(*table,
                                  "mesh tp=2\nglobal tp\n"
                                  "input x : f64[4, 6] {tp: S(0)}\n"
                                  "y = all_to_all(x, tp, src=V, dst=S(1))\n"
                                  "output y\n");
  ASSERT_TRUE(accepted_but_inconsistent(out));
  EXPECT_EQ(out.checked.values.back().spec.dim[0], 0);
  // The default row moves it, and the program holds.
  const PropertyOutcome good = run(*default_rule_table(),
                                   "mesh tp=2\nglobal tp\n"
                                   "input x : f64[4, 6] {tp: S(0)}\n"
                                   "y = all_to_all(x, tp, src=V, dst=S(1))\n"
                                   "output y\n");
  EXPECT_TRUE(holds(good));
}

// index_select along the dim the axis shards reads global positions in a
// local part: a table that accepts it (the reject row made an S result) is
// caught; the default's row by a sharded index holds.
TEST(GlobalProperty, AnIndexSelectAlongTheShardedDimTypedSIsCaught) {
  auto table = edited("reject = true\noperands = [\"S(along)\", \"R\"]", "result = \"S(along)\"\noperands = [\"S(along)\", \"R\"]");
  ASSERT_TRUE(table);
  const PropertyOutcome out = run(*table,
                                  "mesh tp=2\nglobal tp\n"
                                  "input x : f64[4, 6] {tp: S(0)}\n"
                                  "input i : i64[2] {tp: R}\n"
                                  "y = index_select(x, 0, i)\n"
                                  "output y\n");
  ASSERT_TRUE(out.checked.ok()) << out.checked.error->message;
  EXPECT_TRUE(out.failed()) << "nothing failed";
  const PropertyOutcome good = run(*default_rule_table(),
                                   "mesh tp=2\nglobal tp\n"
                                   "input x : f64[4, 6] {tp: R}\n"
                                   "input i : i64[2] {tp: S(0)}\n"
                                   "y = index_select(x, 0, i)\n"
                                   "output y\n");
  EXPECT_TRUE(holds(good));
}

}  // namespace
}  // namespace spmdcheck
