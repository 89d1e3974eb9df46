// The mutation operators over the default table: what they make, that every
// mutant is a loadable rule file, and that behaviour signatures tell
// equivalent mutants from real ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "mutation/judgment_signature.h"
#include "mutation/mutation_operators.h"
#include "mutation/table_document.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

const RuleTable& table() { return *default_rule_table(); }
std::string_view text() { return embedded_default_table_text(); }

const std::vector<Mutant>& all_mutants() {
  static const std::vector<Mutant> mutants = make_mutants(table(), text());
  return mutants;
}

const Mutant* find(const std::string& name) {
  for (const Mutant& m : all_mutants())
    if (m.name == name) return &m;
  return nullptr;
}

std::shared_ptr<const RuleTable> load(const Mutant& m) {
  TableLoadResult r = load_rule_table(m.text, m.name);
  EXPECT_FALSE(r.error) << m.name << ": " << (r.error ? r.error->message : "");
  return r.table;
}

TEST(TableDocument, PrintingKeepsEveryBehaviour) {
  TableDocument doc(text());
  TableLoadResult again = load_rule_table(doc.text(), "reprinted");
  ASSERT_FALSE(again.error) << again.error->message;
  EXPECT_EQ(behaviour_signature(*again.table), behaviour_signature(table()));
  EXPECT_EQ(again.table->rules.size(), table().rules.size());
}

TEST(TableDocument, EditsOfMissingRowsChangeNothing) {
  TableDocument doc(text());
  const std::string before = doc.text();
  EXPECT_FALSE(doc.set_string({"combine", "no.such.row"}, "result", "R"));
  EXPECT_FALSE(doc.erase({"op", "op.exp"}, "no_such_key"));
  EXPECT_FALSE(doc.remove_row({"nowhere", "op.exp"}));
  EXPECT_EQ(doc.text(), before);
}

TEST(MutationOperators, EveryOperatorMakesMutantsWithUniqueNames) {
  std::set<std::string> names;
  std::set<MutationOperator> ops;
  for (const Mutant& m : all_mutants()) {
    EXPECT_TRUE(names.insert(m.name).second) << "duplicate " << m.name;
    ops.insert(m.op);
    EXPECT_EQ(m.name.rfind(std::string(mutation_operator_name(m.op)) + ":" + m.row_id, 0), 0u) << m.name;
  }
  EXPECT_EQ(ops.size(), static_cast<size_t>(kNumMutationOperators));
}

TEST(MutationOperators, MakingMutantsIsDeterministic) {
  std::vector<Mutant> again = make_mutants(table(), text());
  ASSERT_EQ(again.size(), all_mutants().size());
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].name, all_mutants()[i].name);
    EXPECT_EQ(again[i].text, all_mutants()[i].text);
  }
}

TEST(MutationOperators, EveryMutantParsesAndDiffersFromTheOriginalText) {
  for (const Mutant& m : all_mutants()) {
    TableLoadResult parsed = parse_rule_table(m.text, m.name);
    EXPECT_TRUE(parsed.table) << m.name << ": " << (parsed.error ? parsed.error->message : "");
    if (parsed.table) {
      EXPECT_NE(parsed.table->name, table().name) << "a mutant names itself";
    }
  }
}

TEST(MutationOperators, BackwardSwapsAndActionReplacementsAreLintClean) {
  int checked = 0;
  for (const Mutant& m : all_mutants()) {
    if (m.op != MutationOperator::SwapBackward && m.op != MutationOperator::ReplaceAction) continue;
    ++checked;
    load(m);
  }
  EXPECT_GT(checked, 0);
}

TEST(MutationOperators, TheIssueListsOperatorsAsTheseMutants) {
  // P through a NONLINEAR op; LINEAR with P and R or a scalar; MULTILINEAR
  // with two P factors; I mixed; and the transition operators.
  for (const char* name : {"accept-rejected:infer.partial_nonlinear:P", "accept-rejected:infer.partial_affine:P",
                           "accept-rejected:infer.partial_multiple_factors:P", "accept-rejected:infer.invariant_mix:I",
                           "widen-result:infer.varying:R", "drop-premise:infer.nonlinear_arg", "change-linearity:op.exp:LINEAR",
                           "swap-backward:coerce.reinterpret.r_to_p:coerce.convert.r_to_p", "rank-shift:coerce.convert.r_to_s",
                           "swap-action-dims:coll.all_to_all.v_to_v", "drop-expert-gate:coerce.convert.i_to_p"})
    EXPECT_NE(find(name), nullptr) << name;
}

TEST(BehaviourSignature, NamesTheJudgmentAMutantChanges) {
  const Mutant* m = find("accept-rejected:infer.partial_nonlinear:P");
  ASSERT_NE(m, nullptr);
  auto mutant = parse_rule_table(m->text, m->name).table;
  ASSERT_TRUE(mutant);
  const std::string diff = first_behaviour_difference(table(), *mutant);
  EXPECT_NE(diff.find("(input: P) -> reject  became"), std::string::npos) << diff;
}

TEST(BehaviourSignature, IntentOnlyAndSameBehaviourMutantsAreEquivalent) {
  const Mutant* gate = find("drop-expert-gate:coerce.convert.i_to_p");
  ASSERT_NE(gate, nullptr);
  EXPECT_TRUE(gate->equivalent_by_intent);
  EXPECT_EQ(first_behaviour_difference(table(), *load(*gate)), "");
  // neg takes one operand: LINEAR and MULTILINEAR decide alike for it.
  const Mutant* neg = find("change-linearity:op.neg:MULTILINEAR");
  ASSERT_NE(neg, nullptr);
  EXPECT_EQ(first_behaviour_difference(table(), *load(*neg)), "");
  // Two identity rows trading identity backward rows change nothing.
  const Mutant* swap = find("swap-backward:coerce.reinterpret.i_to_i:coerce.convert.i_to_i");
  ASSERT_NE(swap, nullptr);
  EXPECT_EQ(first_behaviour_difference(table(), *load(*swap)), "");
  // A rank shift changes what a row does.
  const Mutant* shift = find("rank-shift:coerce.convert.r_to_s");
  ASSERT_NE(shift, nullptr);
  EXPECT_NE(first_behaviour_difference(table(), *load(*shift)), "");
}

TEST(RankShift, LoadsIntoTheActionAndIsValidated) {
  const Mutant* shift = find("rank-shift:coerce.convert.r_to_s");
  ASSERT_NE(shift, nullptr);
  auto mutant = load(*shift);
  auto it = mutant->compiled.rule_by_id.find("coerce.convert.r_to_s");
  ASSERT_NE(it, mutant->compiled.rule_by_id.end());
  bool found = false;
  for (const TransitionRow& row : mutant->transitions)
    if (row.rule == it->second) {
      found = true;
      ASSERT_TRUE(row.action);
      EXPECT_EQ(row.action->rank_shift, 1);
    }
  EXPECT_TRUE(found);

  std::string bad(text());
  const std::string anchor = "id = \"coerce.convert.r_to_p\"\n";
  ASSERT_NE(bad.find(anchor), std::string::npos);
  bad.insert(bad.find(anchor) + anchor.size(), "rank_shift = -1\n");
  TableLoadResult r = load_rule_table(bad, "bad.toml");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->rule_id, "table.schema");
  EXPECT_NE(r.error->message.find("rank_shift"), std::string::npos);
}

TEST(AcceptanceCandidates, OnePerResultTypeForTypingRejectionsNoneForDiagnostics) {
  EXPECT_EQ(acceptance_candidates(table(), text(), "infer.invariant_mix").size(), 4u);
  EXPECT_EQ(acceptance_candidates(table(), text(), "infer.out_partial.replicate").size(), 4u);
  EXPECT_EQ(acceptance_candidates(table(), text(), "loss.varying").size(), 1u);
  EXPECT_EQ(acceptance_candidates(table(), text(), "infer.nonlinear_arg").size(), 1u);
  EXPECT_TRUE(acceptance_candidates(table(), text(), "shape.divisible").empty());
  EXPECT_TRUE(acceptance_candidates(table(), text(), "no.such.rule").empty());
  for (const Mutant& m : acceptance_candidates(table(), text(), "loss.varying")) {
    auto mutant = parse_rule_table(m.text, m.name).table;
    ASSERT_TRUE(mutant);
    EXPECT_NE(first_behaviour_difference(table(), *mutant).find("loss V -> reject"), std::string::npos);
  }
}

// A role changed where no number can be written (tanh's one operand,
// matmul's) or where a number means the same either way (mul's factors)
// is equivalent; where a number means something else (add's other: a weak
// scalar that makes P affine) it is not. A mutant that only accepts more
// is told apart from one that also rejects more.
TEST(BehaviourSignature, RolesDifferOnlyWhereANumberCanStandAndMeansSomethingElse) {
  for (const char* name : {"change-role:op.tanh:input=scalar_operand", "change-role:op.matmul:other=scalar_operand",
                           "change-role:op.mul:other=scalar_operand", "change-role:op.eq:other=nonlinear_operand"}) {
    const Mutant* m = find(name);
    ASSERT_TRUE(m) << name;
    auto t = load(*m);
    ASSERT_TRUE(t);
    EXPECT_EQ(first_behaviour_difference(table(), *t), "") << name;
  }
  const Mutant* add = find("change-role:op.add:other=operand");
  ASSERT_TRUE(add);
  auto t = parse_rule_table(add->text, add->name).table;
  ASSERT_TRUE(t);
  EXPECT_NE(first_behaviour_difference(table(), *t).find("add(input: P, other: scalar"), std::string::npos);
}

TEST(BehaviourSignature, OnlyRelaxesReadsTheJudgments) {
  const auto relaxes = [](const char* name) {
    const Mutant* m = find(name);
    EXPECT_TRUE(m) << name;
    auto t = m ? parse_rule_table(m->text, m->name).table : nullptr;
    return t && only_relaxes(table(), *t);
  };
  EXPECT_TRUE(relaxes("change-linearity:op.zeros_like:LINEAR"));      // zeros_like(P) becomes P
  EXPECT_TRUE(relaxes("accept-rejected:infer.partial_nonlinear:P"));  // tanh(P) and kin become P
  EXPECT_FALSE(relaxes("change-linearity:op.index_select:LINEAR"));   // index_select(P, d, R) is refused
  EXPECT_FALSE(relaxes("widen-result:infer.replicate:V"));            // a result changes
  EXPECT_FALSE(relaxes("illegalize-cell:coerce.convert.r_to_s"));
}

}  // namespace
}  // namespace spmdcheck
