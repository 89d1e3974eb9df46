// A fast, pinned subset of the mutation benchmark (ctest label `mutants`):
// one mutant per operator must be killed by the soundness search from seed 1
// within a program budget, and shrunk to a short counterexample; an
// intent-only mutant must be reported as equivalent; a legalized
// convention is a sound relaxation; the mutants only the law can kill are
// listed, disabled until the law oracle is merged. The full benchmark is
// `spmdcheck mutants` (DESIGN.md section 7).
#include <gtest/gtest.h>

#include <algorithm>

#include <ATen/Parallel.h>

#include "generators/program_shrinker.h"
#include "mutation/mutation_operators.h"
#include "rules/table_loader.h"
#include "soundness/mutant_search.h"
#include "soundness/tightness.h"

namespace spmdcheck {
namespace {

const RuleTable& table() { return *default_rule_table(); }

Mutant mutant_named(const std::string& name) {
  static const std::vector<Mutant> all = make_mutants(table(), embedded_default_table_text());
  for (const Mutant& m : all)
    if (m.name == name) return m;
  ADD_FAILURE() << "no mutant " << name;
  return Mutant{};
}

MutantSearchOptions pinned() {
  at::set_num_threads(1);
  MutantSearchOptions o;
  o.seed = 1;
  o.seeds = 1;
  o.budget_seconds = 120;    // a guard only: the program budget decides
  o.budget_programs = 3000;  // the full benchmark's median is a few dozen
  return o;
}

class PinnedMutant : public ::testing::TestWithParam<const char*> {};

TEST_P(PinnedMutant, IsKilledAndShrunk) {
  const Mutant m = mutant_named(GetParam());
  ASSERT_FALSE(m.text.empty());
  // The search must kill each pinned mutant on its own, also where the
  // linter already refuses it (the semantic laws make some of them
  // statically wrong): the runtime layer is what a table loaded without the
  // linter, or a wrong action, meets.
  MutantSearchOptions options = pinned();
  options.search_lint_failures = true;
  const MutantOutcome outcome = run_mutant(table(), m, options);
  ASSERT_EQ(outcome.verdict, MutantVerdict::Killed) << m.name << ": " << outcome.detail;
  ASSERT_TRUE(outcome.shortest);
  EXPECT_LE(count_bindings(outcome.shortest->program), 4) << m.name;
  EXPECT_GT(outcome.runs.front().programs, 0);
}

INSTANTIATE_TEST_SUITE_P(
    OnePerOperator, PinnedMutant,
    ::testing::Values("widen-result:infer.varying:R", "drop-premise:infer.nonlinear_arg", "accept-rejected:infer.partial_nonlinear:P",
                      "accept-rejected:infer.partial_affine:P", "accept-rejected:infer.partial_multiple_factors:P",
                      "accept-rejected:infer.invariant_mix:I", "change-linearity:op.exp:LINEAR",
                      "swap-backward:coerce.reinterpret.r_to_p:coerce.convert.r_to_p", "rank-shift:coerce.convert.r_to_s",
                      "rank-shift:coll.reduce_scatter.p_to_s", "swap-action-dims:coll.all_to_all.v_to_v",
                      "replace-action:coerce.convert.r_to_p:identity",
                      // Issue 12's operators, where the current oracle kills them.
                      "consistent-wrong-row:coll.reduce_scatter.p_to_v:chunk+chunk", "rebind-dim:coerce.convert.r_to_s:dim=0",
                      "edit-composition:coll.all_reduce.v_to_i:0=coerce.convert.v_to_p",
                      "legalize-cell:coll.all_reduce.dst.legal_p_to_p:coll.all_reduce.p_to_i", "illegalize-cell:coerce.convert.r_to_s",
                      // Issue 15's, searched on global programs (property 8).
                      "wrong-placement:prop.reduce.sum_sharded:S(kept)", "wrong-placement:prop.mm.rows:P",
                      "accept-mismatch:prop.cat.along:S(cat)", "keep-spec:coll.all_to_all.s_to_s"),
    [](const ::testing::TestParamInfo<const char*>& info) {
      std::string name;
      for (const char* c = info.param; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });

TEST(MutantSearch, SwappedActionDimsAreCaughtByTheLawLinter) {
  // The swap changes the action's and the shape steps' dims, not the
  // meaning's: the shape steps are no longer the all_to_all law's.
  const MutantOutcome outcome = run_mutant(table(), mutant_named("swap-action-dims:coll.all_to_all.v_to_v"), pinned());
  EXPECT_EQ(outcome.verdict, MutantVerdict::CaughtByLint) << outcome.detail;
  EXPECT_NE(outcome.detail.find("table.lint.law"), std::string::npos) << outcome.detail;
}

// Rows that agree with themselves but not with their op's law: an oracle
// that took each row's meaning from the row ran them consistently. Each is
// the issue's example or its kin, and both layers must catch it: the linter
// (the row is not its op's law) and, with the linter bypassed, the search
// (the ranks run the row, the reference the law):
// convert(R, P) as identity meaning times_n; reinterpret(R, P) as
// keep_on_rank0 meaning identity (x instead of n x); reinterpret(I, P)
// through convert(R, P); convert(S(i), S(j)) made a legal identity.
class LawPinnedMutant : public ::testing::TestWithParam<const char*> {};

TEST_P(LawPinnedMutant, IsCaughtByTheLawLinterAndKilledByTheLaw) {
  const Mutant m = mutant_named(GetParam());
  ASSERT_FALSE(m.text.empty());
  const MutantOutcome linted = run_mutant(table(), m, pinned());
  EXPECT_EQ(linted.verdict, MutantVerdict::CaughtByLint) << m.name << ": " << mutant_verdict_name(linted.verdict) << " " << linted.detail;
  EXPECT_NE(linted.detail.find("table.lint.law"), std::string::npos) << linted.detail;
  MutantSearchOptions options = pinned();
  options.search_lint_failures = true;
  const MutantOutcome searched = run_mutant(table(), m, options);
  EXPECT_EQ(searched.verdict, MutantVerdict::Killed) << m.name << ": " << mutant_verdict_name(searched.verdict) << " " << searched.detail;
}

INSTANTIATE_TEST_SUITE_P(NeedsTheLawOracle, LawPinnedMutant,
                         ::testing::Values("consistent-wrong-row:coerce.convert.r_to_p:identity+times_n",
                                           "consistent-wrong-row:coerce.reinterpret.r_to_p:keep_on_rank0+identity",
                                           "edit-composition:coerce.reinterpret.i_to_p:1=coerce.convert.r_to_p",
                                           "legalize-cell:coerce.convert.shard_to_other_shard.legal_s_to_s_differ:coerce.convert.r_to_r"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name;
                           for (const char* c = info.param; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
                           return name;
                         });

// reinterpret never moves data, so reading S(k) data as V is what
// reinterpret's law says: the table rejects it by convention ("write
// src=V"), and the search runs the legalized row consistently.
TEST(MutantSearch, ALegalizedConventionIsASoundRelaxation) {
  const MutantOutcome outcome =
      run_mutant(table(), mutant_named("legalize-cell:coerce.reinterpret.shard_src.legal_s_to_v:coerce.reinterpret.r_to_r"), pinned());
  EXPECT_EQ(outcome.verdict, MutantVerdict::SoundRelaxation) << outcome.detail;
  EXPECT_GT(outcome.row_hits, 0);
  EXPECT_FALSE(verdict_is_failure(outcome.verdict));
}

TEST(MutantSearch, IntentOnlyMutantsAreEquivalentWithoutSearching) {
  const MutantOutcome outcome = run_mutant(table(), mutant_named("drop-expert-gate:coerce.convert.i_to_p"), pinned());
  EXPECT_EQ(outcome.verdict, MutantVerdict::EquivalentByIntent);
  EXPECT_TRUE(outcome.runs.empty());
}

TEST(MutantSearch, AMutantTheLinterRejectsIsCaughtByLint) {
  Mutant m = mutant_named("widen-result:infer.varying:R");
  const size_t fix = m.text.find("\nfix = ");  // a rejecting row without its fix hint
  ASSERT_NE(fix, std::string::npos);
  m.text.erase(fix, m.text.find('\n', fix + 1) - fix);
  const MutantOutcome outcome = run_mutant(table(), m, pinned());
  EXPECT_EQ(outcome.verdict, MutantVerdict::CaughtByLint) << outcome.detail;
  EXPECT_TRUE(outcome.runs.empty());
}

TEST(MutantSearch, AMutantThatDoesNotParseIsUnloadable) {
  Mutant m = mutant_named("widen-result:infer.varying:R");
  m.text += "\n[[bogus_section]]\nid = \"x\"\n";
  const MutantOutcome outcome = run_mutant(table(), m, pinned());
  EXPECT_EQ(outcome.verdict, MutantVerdict::Unloadable) << outcome.detail;
  EXPECT_TRUE(verdict_is_failure(outcome.verdict));
}

// Tightness on one rule: every result type for P + R in a LINEAR op is
// refuted, so the rejection is justified.
TEST(Tightness, EveryAcceptanceOfPartialAffineIsRefuted) {
  for (Mutant& m : acceptance_candidates(table(), embedded_default_table_text(), "infer.partial_affine")) {
    MutantSearchOptions o = pinned();
    o.search_lint_failures = true;
    const MutantOutcome outcome = run_mutant(table(), m, o);
    EXPECT_EQ(outcome.verdict, MutantVerdict::Killed) << m.name << ": " << outcome.detail;
  }
}

// A rejection the table marks `convention = true` (a V loss) is relaxed
// soundly: tightness reports it as a convention, which is no failure; the
// same row unmarked is not justified.
TEST(Tightness, AMarkedConventionIsReportedAsOneAndUnmarkedIsNotJustified) {
  MutantSearchOptions o = pinned();
  o.budget_programs = 300;  // a sound relaxation survives the whole budget
  const RuleIndex row = table().find_rule("loss.varying");
  ASSERT_TRUE(table().info(row).convention);
  const RuleTightness convention = check_rule_tightness(table(), embedded_default_table_text(), o, row);
  EXPECT_EQ(convention.verdict, Justification::Convention);
  ASSERT_FALSE(convention.candidates.empty());
  for (const TightnessCandidate& c : convention.candidates)
    EXPECT_EQ(c.outcome.verdict, MutantVerdict::SoundRelaxation) << c.mutant.name << ": " << c.outcome.detail;
  std::string text(embedded_default_table_text());
  const std::string marked = "id = \"loss.varying\"\ntype = \"V\"\nreject = true\n";
  const size_t at = text.find(marked);
  ASSERT_NE(at, std::string::npos);
  const size_t mark = text.find("convention = true\n", at);
  ASSERT_NE(mark, std::string::npos);
  text.erase(mark, std::string("convention = true\n").size());
  TableLoadResult unmarked = load_rule_table(text, "unmarked.toml");
  ASSERT_TRUE(unmarked.table);
  EXPECT_EQ(check_rule_tightness(*unmarked.table, text, o, unmarked.table->find_rule("loss.varying")).verdict, Justification::NotJustified);
}

// An illegal transition row is analysed cell by cell: each candidate makes
// a cell legal with a primitive row of its op. reduce_scatter of R or I data
// is refused for a reason (every legalization is killed); reinterpret of S
// forms by convention (those that read S(k) data as what it is survive as
// sound relaxations).
TEST(Tightness, IllegalCellsAreAnalysedWithThePrimitiveRowsOfTheirOp) {
  MutantSearchOptions o = pinned();
  o.budget_programs = 300;
  const RuleTightness justified =
      check_rule_tightness(table(), embedded_default_table_text(), o, table().find_rule("coll.reduce_scatter.replicated_src"));
  EXPECT_EQ(justified.verdict, Justification::Justified);
  EXPECT_GE(justified.candidates.size(), 4u);
  for (const TightnessCandidate& c : justified.candidates) EXPECT_EQ(c.mutant.op, MutationOperator::LegalizeCell) << c.mutant.name;
  const RuleTightness convention =
      check_rule_tightness(table(), embedded_default_table_text(), o, table().find_rule("coerce.reinterpret.shard_dst"));
  EXPECT_EQ(convention.verdict, Justification::Convention);
  for (const TightnessCandidate& c : convention.candidates)
    EXPECT_NE(c.outcome.verdict, MutantVerdict::Unloadable) << c.mutant.name << ": " << c.outcome.detail;
  EXPECT_TRUE(std::any_of(convention.candidates.begin(), convention.candidates.end(),
                          [](const TightnessCandidate& c) { return c.outcome.verdict == MutantVerdict::SoundRelaxation; }));
}

}  // namespace
}  // namespace spmdcheck
