// One consistent-but-wrong table per semantic law (DESIGN.md §2.4): each is
// the default table with a row whose action, meaning, dims and shape steps
// (or components, or accept `via`) agree with each other and disagree with
// the law of its op. Every layer must catch it on its own:
//  - the linter (load_rule_table refuses the table with table.lint.law);
//  - the reference, on a hand-made program, with the table loaded without
//    the linter (the ranks run the row, the reference the law);
//  - the soundness search, generating from that table.
// The same programs are consistent under the default table, so the
// difference is the row's and nothing else.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "program/program_text.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"
#include "soundness/soundness_search.h"
#include "table_edits.h"

namespace spmdcheck {
namespace {

using Edit = testing::TableEdit;

struct WrongRow {
  const char* name;
  const char* law;  // the law the row breaks
  std::vector<Edit> edits;
  const char* row_id;  // the row the linter names
  const char* program;
  // Where the wrong row legalises an illegal cell, the default table's
  // rejection (that row's id): the program has no meaning to compare with.
  const char* default_rejects = nullptr;
};

std::string edited(const std::vector<Edit>& edits) { return testing::edited_default_table(edits); }

const WrongRow kWrongRows[] = {
    {"convert_r_to_s_chunks_dim_0",
     "convert",
     {{"dims = { dim = \"dst\" }\naction = \"chunk(dim)\"\nmeaning = \"chunk(dim)\"\nshape = \"split(dim)\"\nbackward = "
       "\"coerce.convert.s_to_p\"",
       "dims = { dim = 0 }\naction = \"chunk(dim)\"\nmeaning = \"chunk(dim)\"\nshape = \"split(dim)\"\nbackward = "
       "\"coerce.convert.s_to_p\""}},
     "coerce.convert.r_to_s",
     "mesh tp=2\n\ninput x : f64[4, 2] {tp: R}\n\ny = convert(x, tp, src=R, dst=S(1))\nz = all_gather(y, tp, src=S(1), dst=R)\noutput z\n"},
    {"all_to_all_s_to_s_dims_swapped",
     "all_to_all",
     {{"dims = { split_dim = \"dst\", concat_dim = \"src\" }\naction = \"all_to_all_chunk(split_dim, concat_dim)\"\nmeaning = "
       "\"reshard(concat_dim, split_dim)\"\nshape = \"split(split_dim) concat(concat_dim)\"\nbackward = \"coll.all_to_all.s_to_s\"",
       "dims = { split_dim = \"src\", concat_dim = \"dst\" }\naction = \"all_to_all_chunk(split_dim, concat_dim)\"\nmeaning = "
       "\"reshard(concat_dim, split_dim)\"\nshape = \"split(split_dim) concat(concat_dim)\"\nbackward = \"coll.all_to_all.s_to_s\""}},
     "coll.all_to_all.s_to_s",
     "mesh tp=2\n\ninput x : f64[2, 4] {tp: V}\n\ny = all_to_all(x, tp, src=S(0), dst=S(1))\noutput y\n"},
    {"convert_r_to_p_identity_times_n",
     "convert",
     {{"action = \"keep_on_rank0\"\nmeaning = \"identity\"\nbackward = \"coerce.convert.r_to_p\"",
       "action = \"identity\"\nmeaning = \"times_n\"\nbackward = \"coerce.convert.r_to_p\""}},
     "coerce.convert.r_to_p",
     "mesh tp=2\n\ninput x : f64[3] {tp: R}\n\ny = convert(x, tp, src=R, dst=P)\nz = all_reduce(y, tp, src=P, dst=R)\noutput z\n"},
    {"reinterpret_i_to_p_composed_from_convert",
     "reinterpret",
     {{"compose = [\"coerce.convert.i_to_r\", \"coerce.reinterpret.r_to_p\"]",
       "compose = [\"coerce.convert.i_to_r\", \"coerce.convert.r_to_p\"]"}},
     "coerce.reinterpret.i_to_p",
     "mesh tp=2\n\ninput x : f64[3] {tp: I}\n\ny = reinterpret(x, tp, src=I, dst=P)\nz = all_reduce(y, tp, src=P, dst=I)\noutput z\n"},
    {"convert_s_to_other_s_legal_identity",
     "convert",
     {{"id = \"coerce.convert.shard_to_other_shard\"\nop = \"convert\"\nsrc = \"S\"\ndst = \"S\"\nshard_dims = \"differ\"\nillegal = "
       "true\n",
       "id = \"coerce.convert.shard_to_other_shard\"\nop = \"convert\"\nsrc = \"S\"\ndst = \"S\"\nshard_dims = \"differ\"\naction = "
       "\"identity\"\n"
       "meaning = \"identity\"\nbackward = \"coerce.convert.shard_to_other_shard\"\n"}},
     "coerce.convert.shard_to_other_shard",
     "mesh tp=2\n\ninput x : f64[4, 4] {tp: V}\n\ny = convert(x, tp, src=S(0), dst=S(1))\nz = all_gather(y, tp, src=S(1), dst=R)\noutput "
     "z\n",
     "coerce.convert.shard_to_other_shard"},
    {"reinterpret_r_to_p_keeps_on_rank0",
     "reinterpret",
     {{"action = \"identity\"\nmeaning = \"times_n\"\nbackward = \"coerce.reinterpret.r_to_p\"",
       "action = \"keep_on_rank0\"\nmeaning = \"identity\"\nbackward = \"coerce.reinterpret.r_to_p\""}},
     "coerce.reinterpret.r_to_p",
     "mesh tp=2\n\ninput x : f64[3] {tp: R}\n\ny = reinterpret(x, tp, src=R, dst=P, expert=true)\nz = all_reduce(y, tp, src=P, "
     "dst=R)\noutput z\n"},
    {"all_gather_v_stacks_at_default_1",
     "all_gather",
     {{"dims = { gather_dim = 0 }\naction = \"gather_stack(gather_dim)\"\nmeaning = \"stack(gather_dim)\"\nshape = \"stack(gather_dim)\"\n"
       "backward = \"coll.reduce_scatter.p_to_v\"",
       "dims = { gather_dim = 1 }\naction = \"gather_stack(gather_dim)\"\nmeaning = \"stack(gather_dim)\"\nshape = \"stack(gather_dim)\"\n"
       "backward = \"coll.reduce_scatter.p_to_v\""}},
     "coll.all_gather.v_to_r",
     "mesh tp=2\n\ninput x : f64[3] {tp: V}\n\ny = all_gather(x, tp, src=V, dst=R)\noutput y\n"},
    {"all_reduce_v_composed_from_convert",
     "all_reduce",
     {{"compose = [\"coerce.reinterpret.v_to_p\", \"coll.all_reduce.p_to_r\"]",
       "compose = [\"coerce.convert.v_to_p\", \"coll.all_reduce.p_to_r\"]"}},
     "coll.all_reduce.v_to_r",
     "mesh tp=2\n\ninput x : f64[3] {tp: V}\n\ny = all_reduce(x, tp, src=V, dst=R)\noutput y\n"},
    {"reduce_scatter_p_to_s_scatters_dim_0",
     "reduce_scatter",
     {{"dims = { scatter_dim = \"dst\" }\naction = \"reduce_scatter_chunk(scatter_dim)\"",
       "dims = { scatter_dim = 0 }\naction = \"reduce_scatter_chunk(scatter_dim)\""}},
     "coll.reduce_scatter.p_to_s",
     "mesh tp=2\n\ninput x : f64[4, 2] {tp: P}\n\ny = reduce_scatter(x, tp, src=P, dst=S(1))\noutput y\n"},
    {"varying_accepted_as_partial_by_convert",
     "acceptance (reinterpret)",
     {{"via = \"coerce.reinterpret.v_to_p\"", "via = \"coerce.convert.v_to_p\""}},
     "coll.accept.varying_as_partial",
     "mesh tp=2\n\ninput x : f64[3] {tp: V}\n\ny = all_reduce(x, tp, src=P, dst=R)\noutput y\n"},
};

class LawTest : public ::testing::TestWithParam<WrongRow> {
 protected:
  void SetUp() override { at::set_num_threads(1); }
};

TEST_P(LawTest, LinterNamesTheRow) {
  const WrongRow& w = GetParam();
  const std::string text = edited(w.edits);
  TableLoadResult parsed = parse_rule_table(text, "wrong.toml");
  ASSERT_TRUE(parsed.table) << parsed.error->message;
  const std::vector<Diagnostic> findings = lint_rule_table(*parsed.table);
  const bool named = std::any_of(findings.begin(), findings.end(), [&](const Diagnostic& d) {
    return d.rule_id == "table.lint.law" && d.message.find(w.row_id) != std::string::npos;
  });
  std::string all;
  for (const Diagnostic& d : findings) all += format_diagnostic("wrong.toml", d);
  EXPECT_TRUE(named) << "the law of " << w.law << " must be cited against " << w.row_id << "; findings:\n" << all;
  EXPECT_FALSE(load_rule_table(text, "wrong.toml").table);
}

TEST_P(LawTest, ReferenceCatchesTheHandMadeProgram) {
  const WrongRow& w = GetParam();
  ParseResult program = parse_program(w.program);
  ASSERT_TRUE(program.program) << w.program;
  if (w.default_rejects) {
    const CheckResult checked = check_program(*default_rule_table(), *program.program);
    ASSERT_TRUE(checked.error) << "the default table must reject " << w.program;
    EXPECT_EQ(checked.error->rule_id, w.default_rejects);
  } else {
    PropertyOutcome right = check_program_property(*default_rule_table(), *program.program, 7);
    ASSERT_TRUE(right.error.empty()) << right.error;
    EXPECT_FALSE(right.failed()) << right.first_failure().describe(program.program->mesh);
  }

  TableLoadResult parsed = parse_rule_table(edited(w.edits), "wrong.toml");
  ASSERT_TRUE(parsed.table);
  PropertyOutcome wrong = check_program_property(*parsed.table, *program.program, 7);
  ASSERT_TRUE(wrong.error.empty()) << "the wrong table must accept the program: " << wrong.error;
  EXPECT_TRUE(wrong.failed()) << w.name << ": the ranks run the row and the reference the law, so they must differ";
  if (wrong.failed()) std::cout << w.name << ": " << wrong.first_failure().describe(program.program->mesh) << "\n";
}

TEST_P(LawTest, SearchFindsACounterexample) {
  TableLoadResult parsed = parse_rule_table(edited(GetParam().edits), "wrong.toml");
  ASSERT_TRUE(parsed.table);
  SearchOptions options;
  options.seed = 1;
  options.max_programs = 3000;
  // Without special values, so every program compares every value (special
  // data leaves some values loose) and the counterexample is the broken row's.
  options.settings.special_percent = 0;
  SearchReport report = run_soundness_search(*parsed.table, options);
  EXPECT_EQ(report.counterexamples.size(), 1u) << "no counterexample in " << report.programs << " programs";
}

INSTANTIATE_TEST_SUITE_P(ConsistentButWrong, LawTest, ::testing::ValuesIn(kWrongRows),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace spmdcheck
