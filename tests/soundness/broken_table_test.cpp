// The suite must be able to fail: small broken tables, each a one- or
// two-place edit of the default, must yield a counterexample (forward or
// gradient) that shrinks to a few statements. The swapped backward rows pass
// the linter (same signatures, still involutions): only the gradient
// property can catch them.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "generators/program_shrinker.h"
#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/soundness_search.h"
#include "table_edits.h"

namespace spmdcheck {
namespace {

using Edit = testing::TableEdit;

struct BrokenTable {
  const char* name;
  std::vector<Edit> edits;
};

std::shared_ptr<const RuleTable> broken(const BrokenTable& b) {
  const std::string text = testing::edited_default_table(b.edits);
  // parse, not load: some of these break lint rules too, and the search must
  // catch them on its own.
  TableLoadResult r = parse_rule_table(text, b.name);
  EXPECT_TRUE(r.table) << (r.error ? r.error->message : "");
  return r.table;
}

const BrokenTable kBroken[] = {
    {"partial_through_exp", {{"name = \"exp\"\nlinearity = \"NONLINEAR\"", "name = \"exp\"\nlinearity = \"LINEAR\""}}},
    {"partial_plus_replicate",
     {{"[[combine]]\nid = \"infer.partial_affine\"\nwhen = { has = [\"P\"], has_any = [\"R\", \"scalar\"], linearity = [\"LINEAR\"] "
       "}\nreject = true\n",
       "[[combine]]\nid = \"infer.partial_affine\"\nwhen = { has = [\"P\"], has_any = [\"R\", \"scalar\"], linearity = [\"LINEAR\"] "
       "}\nresult = \"P\"\n"}}},
    {"convert_r_to_p_keeps_everywhere",
     {{"action = \"keep_on_rank0\"\nmeaning = \"identity\"\nbackward = \"coerce.convert.r_to_p\"",
       "action = \"identity\"\nmeaning = \"identity\"\nbackward = \"coerce.convert.r_to_p\""}}},
    {"all_gather_partial_to_replicate",
     {{"src = [\"R\", \"I\", \"P\"]\ndst = [\"R\", \"I\", \"V\", \"S\", \"P\"]\nillegal = true\nmessage = \"all_gather needs",
       "src = [\"R\", \"I\"]\ndst = [\"R\", \"I\", \"V\", \"S\", \"P\"]\nillegal = true\nmessage = \"all_gather needs"},
      {"[[transition]]\nid = \"coll.all_gather.v_to_r\"",
       "[[transition]]\nid = \"coll.all_gather.p_to_r\"\nop = \"all_gather\"\nsrc = \"P\"\ndst = \"R\"\ndims = { gather_dim = 0 }\n"
       "action = \"gather_stack(gather_dim)\"\nmeaning = \"stack(gather_dim)\"\nshape = \"stack(gather_dim)\"\n"
       "backward = \"coll.reduce_scatter.p_to_v\"\nbackward_dims = { scatter_dim = \"gather_dim\" }\nmessage = \"broken\"\n\n"
       "[[transition]]\nid = \"coll.all_gather.v_to_r\""}}},
    // Gradient-only bugs: the forward values are right, the gradients are not.
    {"convert_and_reinterpret_r_to_p_backwards_swapped",
     {{"action = \"keep_on_rank0\"\nmeaning = \"identity\"\nbackward = \"coerce.convert.r_to_p\"",
       "action = \"keep_on_rank0\"\nmeaning = \"identity\"\nbackward = \"coerce.reinterpret.r_to_p\""},
      {"action = \"identity\"\nmeaning = \"times_n\"\nbackward = \"coerce.reinterpret.r_to_p\"",
       "action = \"identity\"\nmeaning = \"times_n\"\nbackward = \"coerce.convert.r_to_p\""}}},
    {"invariant_mixes_with_replicate",
     {{"[[combine]]\nid = \"infer.invariant_mix\"",
       "[[combine]]\nid = \"infer.invariant_with_replicate\"\nwhen = { only = [\"R\", \"I\", \"scalar\"] }\nresult = \"I\"\nmessage = "
       "\"broken\"\n\n"
       "[[combine]]\nid = \"infer.invariant_mix\""}}},
    // A raw torch.distributed collective (no gradient) whose blocks land in the wrong order.
    {"raw_all_gather_into_tensor_shifted",
     {{"action = \"gather_cat(block_dim)\"\nmeaning = \"cat(block_dim)\"\nshape = \"concat(block_dim)\"\nmessage = "
       "\"dist.all_gather_into_tensor(R buffer",
       "action = \"gather_cat(block_dim)\"\nrank_shift = 1\nmeaning = \"cat(block_dim)\"\nshape = \"concat(block_dim)\"\nmessage = "
       "\"dist.all_gather_into_tensor(R buffer"}}},
    {"all_to_all_same_shard_as_spmd_types_code",
     {{"action = \"identity\"\nmeaning = \"reshard(concat_dim, split_dim)\"",
       "action = \"all_to_all_chunk(split_dim, concat_dim)\"\nmeaning = \"reshard(concat_dim, split_dim)\"\nshape = \"split(split_dim) "
       "concat(concat_dim)\""}}},
};

class BrokenTableTest : public ::testing::TestWithParam<BrokenTable> {};

TEST_P(BrokenTableTest, CounterexampleFoundAndShrunk) {
  at::set_num_threads(1);
  std::shared_ptr<const RuleTable> table = broken(GetParam());
  ASSERT_TRUE(table);
  SearchOptions options;
  options.seed = 1;
  options.max_programs = 3000;
  // Without special values, so every program compares every value (special
  // data leaves some values loose) and the counterexample is the broken row's.
  options.settings.special_percent = 0;
  SearchReport report = run_soundness_search(*table, options);
  ASSERT_EQ(report.counterexamples.size(), 1u) << "no counterexample in " << report.programs << " programs";
  const Counterexample& cx = report.counterexamples.front();
  EXPECT_LE(count_bindings(cx.shrunk), 4) << print_program(cx.shrunk);
  EXPECT_LE(count_bindings(cx.shrunk), count_bindings(cx.original));
  std::cout << GetParam().name << ": " << report.programs << " programs; shrunk from " << count_bindings(cx.original) << " to "
            << count_bindings(cx.shrunk) << " statements\n  " << cx.inconsistency.describe(cx.shrunk.mesh) << "\n"
            << print_program(cx.shrunk);
}

INSTANTIATE_TEST_SUITE_P(Tables, BrokenTableTest, ::testing::ValuesIn(kBroken),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace spmdcheck
