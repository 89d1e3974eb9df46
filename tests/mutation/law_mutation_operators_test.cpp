// The operators of issue 12 item 3 over the default table: rows that agree
// with themselves but not with their comm op's law (consistent-wrong-row,
// rebind-dim, edit-composition, legalize-cell) and legal cells made illegal
// (illegalize-cell). What they make, that it passes the structural lints
// (so a lint finding is about the law, table.lint.law), that cells move
// exactly as named, and that the behaviour signature calls a mutant
// equivalent only where it truly behaves as the original.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "mutation/action_model.h"
#include "mutation/judgment_signature.h"
#include "mutation/mutation_operators.h"
#include "mutation/transition_cells.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

const RuleTable& table() { return *default_rule_table(); }

const std::vector<Mutant>& all_mutants() {
  static const std::vector<Mutant> mutants = make_mutants(table(), embedded_default_table_text());
  return mutants;
}

constexpr MutationOperator kLawOperators[] = {MutationOperator::ConsistentWrongRow, MutationOperator::RebindDim,
                                              MutationOperator::EditComposition, MutationOperator::LegalizeCell,
                                              MutationOperator::IllegalizeCell};

std::vector<const Mutant*> of(MutationOperator op) {
  std::vector<const Mutant*> out;
  for (const Mutant& m : all_mutants())
    if (m.op == op) out.push_back(&m);
  return out;
}

const Mutant& named(const std::string& name) {
  for (const Mutant& m : all_mutants())
    if (m.name == name) return m;
  ADD_FAILURE() << "no mutant " << name;
  static const Mutant none;
  return none;
}

std::shared_ptr<const RuleTable> parsed(const Mutant& m) {
  TableLoadResult r = parse_rule_table(m.text, m.name);
  EXPECT_TRUE(r.table) << m.name << ": " << (r.error ? r.error->message : "");
  return r.table;
}

// Lint findings other than the law's: what the old linter already sees.
std::vector<std::string> structural_findings(const RuleTable& t) {
  std::vector<std::string> out;
  for (const Diagnostic& d : lint_rule_table(t))
    if (d.rule_id != "table.lint.law") out.push_back(d.rule_id + ": " + d.message);
  return out;
}

const TransitionRow& row(const RuleTable& t, const std::string& id) {
  const int i = t.find_transition(id);
  EXPECT_GE(i, 0) << id;
  return t.transitions[std::max(i, 0)];
}

// The behaviour signature's line of one transition row.
std::string row_line(const RuleTable& t, const std::string& id) {
  for (const std::string& line : behaviour_signature(t))
    if (line.rfind(id + ": ", 0) == 0) return line;
  return "";
}

// Every (op, cell) of a table: whether it is legal.
std::map<std::string, bool> legality(const RuleTable& t) {
  std::map<std::string, bool> out;
  for (size_t op = 0; op < t.comm_ops.size(); ++op)
    for (const TransitionRow& r : t.transitions)
      if (r.op == op)
        for (const Cell& c : cells_of(r)) out[t.comm_ops[op].name + " " + cell_name(c)] = !r.illegal;
  return out;
}

std::set<std::string> changed_cells(const RuleTable& a, const RuleTable& b) {
  std::set<std::string> out;
  const auto la = legality(a), lb = legality(b);
  for (const auto& [cell, legal] : la)
    if (!lb.count(cell) || lb.at(cell) != legal) out.insert(cell);
  return out;
}

TEST(ActionModel, OneEntryPerActionKindInOrderWithTheStepsItsParametersNeed) {
  ASSERT_EQ(action_models().size(), static_cast<size_t>(kNumActionKinds));
  for (int k = 0; k < kNumActionKinds; ++k) {
    const ActionModel& m = action_models()[k];
    EXPECT_EQ(static_cast<int>(m.action), k);
    EXPECT_FALSE(m.meanings.empty());
    const int params = action_kind_info(m.action).num_params;
    EXPECT_TRUE(m.steps.empty() || static_cast<int>(m.steps.size()) == params) << action_kind_info(m.action).name;
    for (MeaningKind meaning : m.meanings) {
      const int mp = meaning_kind_info(meaning).num_params;
      EXPECT_TRUE(mp == 0 || mp == params) << action_kind_info(m.action).name << " " << meaning_kind_info(meaning).name;
    }
  }
}

// The counts are part of the contract: a change to an operator or to the
// default table shows here first (DESIGN.md section 7 quotes them).
TEST(LawOperators, MakeTheseManyMutantsOfTheDefaultTable) {
  std::map<MutationOperator, int> count;
  for (const Mutant& m : all_mutants()) ++count[m.op];
  EXPECT_EQ(count[MutationOperator::ConsistentWrongRow], 86);
  EXPECT_EQ(count[MutationOperator::RebindDim], 32);
  EXPECT_EQ(count[MutationOperator::EditComposition], 7);
  EXPECT_EQ(count[MutationOperator::LegalizeCell], 74);
  EXPECT_EQ(count[MutationOperator::IllegalizeCell], 50);
}

// Built to pass every structural lint; the exceptions are named: an accept
// row whose `via` has shape steps, and a legalized cell whose dual cell is
// legal already (its backward cannot point back).
TEST(LawOperators, MutantsPassTheStructuralLintsExceptWhereTheDualCellIsLegal) {
  int lint_caught = 0;
  for (MutationOperator op : kLawOperators)
    for (const Mutant* m : of(op)) {
      auto t = parsed(*m);
      if (!t) continue;
      const std::vector<std::string> findings = structural_findings(*t);
      if (findings.empty()) continue;
      ++lint_caught;
      const bool expected = (op == MutationOperator::LegalizeCell && (findings[0].rfind("table.lint.backward_involution", 0) == 0 ||
                                                                      findings[0].rfind("table.lint.backward_missing", 0) == 0)) ||
                            (op == MutationOperator::EditComposition && m->row_id == "coll.accept.varying_as_partial");
      EXPECT_TRUE(expected) << m->name << ": " << findings[0];
    }
  EXPECT_EQ(lint_caught, 11);
}

TEST(ConsistentWrongRow, ChangesActionMeaningAndShapeTogether) {
  {  // convert(R, P) made identity with a times_n meaning (the issue's example)
    auto t = parsed(named("consistent-wrong-row:coerce.convert.r_to_p:identity+times_n"));
    ASSERT_TRUE(t);
    const TransitionRow& r = row(*t, "coerce.convert.r_to_p");
    EXPECT_EQ(r.action->kind, ActionKind::Identity);
    EXPECT_EQ(r.meaning->kind, MeaningKind::TimesN);
    EXPECT_TRUE(r.shape.empty());
  }
  {  // select/unbind/unstack becomes chunk/chunk/split, on the same dim
    auto t = parsed(named("consistent-wrong-row:coerce.convert.r_to_v:chunk+chunk"));
    ASSERT_TRUE(t);
    const TransitionRow& r = row(*t, "coerce.convert.r_to_v");
    EXPECT_EQ(r.action->kind, ActionKind::Chunk);
    EXPECT_EQ(r.meaning->kind, MeaningKind::Chunk);
    ASSERT_EQ(r.shape.size(), 1u);
    EXPECT_EQ(r.shape[0].kind, ShapeStepKind::Split);
    EXPECT_EQ(r.dims[r.shape[0].param].param, "dim");
  }
  {  // identity on S(i) -> S(i) becomes the block permutation spmd_types' code does
    auto t = parsed(named("consistent-wrong-row:coll.all_to_all.s_to_s_same:all_to_all_chunk+rechunk"));
    ASSERT_TRUE(t);
    const TransitionRow& r = row(*t, "coll.all_to_all.s_to_s_same");
    EXPECT_EQ(r.action->kind, ActionKind::AllToAllChunk);
    EXPECT_EQ(r.meaning->kind, MeaningKind::Rechunk);
    EXPECT_EQ(r.shape.size(), 2u);
  }
  // reinterpret(R, P) with convert's action: keep_on_rank0 meaning identity.
  EXPECT_FALSE(named("consistent-wrong-row:coerce.reinterpret.r_to_p:keep_on_rank0+identity").text.empty());
}

TEST(ConsistentWrongRow, NeverRepeatsTheOriginalOrAnActionOnlyChange) {
  for (const Mutant* m : of(MutationOperator::ConsistentWrongRow)) {
    auto t = parsed(*m);
    ASSERT_TRUE(t);
    const TransitionRow& before = row(table(), m->row_id);
    const TransitionRow& after = row(*t, m->row_id);
    ASSERT_TRUE(before.primitive() && after.primitive()) << m->name;
    const bool same_meaning = before.meaning->kind == after.meaning->kind && before.meaning->params == after.meaning->params;
    const bool same_shape = before.shape.size() == after.shape.size() &&
                            std::equal(before.shape.begin(), before.shape.end(), after.shape.begin(),
                                       [](const ShapeStep& a, const ShapeStep& b) { return a.kind == b.kind && a.param == b.param; });
    EXPECT_FALSE(same_meaning && same_shape) << m->name << ": only the action changed (replace-action's mutant)";
  }
}

TEST(RebindDim, TheIssuesConvertToShardWithDimZeroIsLintClean) {
  auto t = parsed(named("rebind-dim:coerce.convert.r_to_s:dim=0"));
  ASSERT_TRUE(t);
  EXPECT_TRUE(structural_findings(*t).empty());
  const TransitionRow& r = row(*t, "coerce.convert.r_to_s");
  ASSERT_EQ(r.dims.size(), 1u);
  EXPECT_EQ(r.dims[0].from, DimBinding::From::Default);
  EXPECT_EQ(r.dims[0].default_value, 0);
  EXPECT_EQ(r.action->kind, ActionKind::Chunk);  // still chunk(dim), split(dim)
  // The backward row now has to set the default, and does.
  const TransitionRow& back = row(*t, "coerce.convert.s_to_p");
  EXPECT_EQ(back.backward_dims, (std::vector<std::pair<std::string, std::string>>{{"dim", "dim"}}));
}

TEST(RebindDim, MovesEachBindingOnlyOntoAnSSide) {
  for (const Mutant* m : of(MutationOperator::RebindDim)) {
    auto t = parsed(*m);
    ASSERT_TRUE(t);
    const TransitionRow& r = row(*t, m->row_id);
    for (const DimBinding& d : r.dims) {
      if (d.from == DimBinding::From::Src) {
        EXPECT_EQ(r.src_kind(), Form::Kind::S) << m->name;
      }
      if (d.from == DimBinding::From::Dst) {
        EXPECT_EQ(r.dst_kind(), Form::Kind::S) << m->name;
      }
    }
    // The row's own behaviour changes, except where src and dst name one
    // dim (all_to_all(S(i), S(i))), which the signature reads as one.
    if (r.shard_dims != ShardDims::Equal) {
      EXPECT_NE(row_line(table(), m->row_id), row_line(*t, m->row_id)) << m->name;
    }
  }
}

TEST(EditComposition, ReinterpretIToPComposedFromConvertRToP) {
  auto t = parsed(named("edit-composition:coerce.reinterpret.i_to_p:1=coerce.convert.r_to_p"));
  ASSERT_TRUE(t);
  EXPECT_TRUE(structural_findings(*t).empty());
  EXPECT_EQ(row(*t, "coerce.reinterpret.i_to_p").compose_ids, (std::vector<std::string>{"coerce.convert.i_to_r", "coerce.convert.r_to_p"}));
  EXPECT_NE(first_behaviour_difference(table(), *t), "");
}

TEST(LegalizeCell, MovesExactlyTheNamedCellAndItsCompanion) {
  for (const Mutant* m : of(MutationOperator::LegalizeCell)) {
    auto t = parsed(*m);
    ASSERT_TRUE(t);
    const std::set<std::string> changed = changed_cells(table(), *t);
    ASSERT_TRUE(changed.size() == 1 || changed.size() == 2) << m->name;
    // The mutant is named by the row it adds, which covers one changed
    // cell; every changed cell is legal now.
    const TransitionRow& added = row(*t, m->row_id);
    ASSERT_FALSE(added.illegal) << m->name;
    EXPECT_LT(table().find_transition(m->row_id), 0) << m->name;
    EXPECT_TRUE(changed.count(t->comm_ops[added.op].name + " " + cell_name(cells_of(added).front()))) << m->name;
    const auto after = legality(*t);
    for (const std::string& c : changed) EXPECT_TRUE(after.at(c)) << m->name << ": " << c;
  }
}

TEST(LegalizeCell, SplitsARectangleAndMakesACompanionInTheDualCell) {
  // all_reduce(P, P): its dual cell R -> R is illegal in all_reduce too, so
  // a companion there takes the donor's backward row's action.
  auto t = parsed(named("legalize-cell:coll.all_reduce.dst.legal_p_to_p:coll.all_reduce.p_to_i"));
  ASSERT_TRUE(t);
  EXPECT_TRUE(structural_findings(*t).empty());
  EXPECT_EQ(changed_cells(table(), *t), (std::set<std::string>{"all_reduce p_to_p", "all_reduce r_to_r"}));
  const TransitionRow& legal = row(*t, "coll.all_reduce.dst.legal_p_to_p");
  const TransitionRow& companion = row(*t, "coll.all_reduce.replicated_src.legal_r_to_r");
  EXPECT_EQ(legal.action->kind, ActionKind::AllReduceSum);
  EXPECT_EQ(companion.action->kind, ActionKind::Identity);  // convert(I, R), the backward of all_reduce(P, I)
  EXPECT_EQ(legal.backward_id, "coll.all_reduce.replicated_src.legal_r_to_r");
  EXPECT_EQ(companion.backward_id, "coll.all_reduce.dst.legal_p_to_p");
  // convert(S(i) -> S(j)) made a legal identity (the issue's example): self-dual.
  auto s = parsed(named("legalize-cell:coerce.convert.shard_to_other_shard.legal_s_to_s_differ:coerce.convert.r_to_r"));
  ASSERT_TRUE(s);
  EXPECT_TRUE(structural_findings(*s).empty());
  EXPECT_EQ(row(*s, "coerce.convert.shard_to_other_shard.legal_s_to_s_differ").backward_id,
            "coerce.convert.shard_to_other_shard.legal_s_to_s_differ");
  EXPECT_LT(s->find_transition("coerce.convert.shard_to_other_shard"), 0);  // nothing left of the illegal row
}

TEST(IllegalizeCell, RejectsTheRowsCellsAndKeepsEveryOtherCell) {
  for (const Mutant* m : of(MutationOperator::IllegalizeCell)) {
    auto t = parsed(*m);
    ASSERT_TRUE(t);
    EXPECT_TRUE(structural_findings(*t).empty()) << m->name << ": " << structural_findings(*t).front();
    const std::set<std::string> changed = changed_cells(table(), *t);
    const std::string op = table().comm_ops[row(table(), m->row_id).op].name;
    bool own = false;
    for (const Cell& c : cells_of(row(table(), m->row_id))) own |= changed.count(op + " " + cell_name(c)) > 0;
    EXPECT_TRUE(own) << m->name;
    const auto after = legality(*t);
    for (const std::string& c : changed) EXPECT_FALSE(after.at(c)) << m->name << ": " << c << " became legal";
  }
}

// Equivalent means the same behaviour, so these must be exactly the
// mutants that truly behave as the original (DESIGN.md section 7): on
// all_to_all(S(i), S(i)) "src" and "dst" name one dim, and its meaning
// reshard(i, i) is the identity; on S(i) -> S(j) rechunk(j, i) and
// reshard(i, j) agree because i != j.
TEST(LawOperators, OnlyTrulySameBehaviourMutantsAreEquivalent) {
  std::set<std::string> equivalent;
  for (MutationOperator op : kLawOperators)
    for (const Mutant* m : of(op)) {
      auto t = parsed(*m);
      if (t && first_behaviour_difference(table(), *t).empty()) equivalent.insert(m->name);
    }
  EXPECT_EQ(equivalent, (std::set<std::string>{"consistent-wrong-row:coll.all_to_all.s_to_s:all_to_all_chunk+rechunk",
                                               "consistent-wrong-row:coll.all_to_all.s_to_s_same:identity+identity",
                                               "rebind-dim:coll.all_to_all.s_to_s_same:concat_dim=dst",
                                               "rebind-dim:coll.all_to_all.s_to_s_same:split_dim=src"}));
}

TEST(BehaviourSignature, TellsDimsMeaningsComponentsAndLegalityApart) {
  // A default moved (dims by value), a meaning changed, a component replaced,
  // a cell made illegal: each is named by the first difference.
  for (const char* name : {"rebind-dim:coll.all_gather.v_to_r:gather_dim=1", "consistent-wrong-row:coerce.convert.r_to_p:identity+times_n",
                           "edit-composition:coll.all_reduce.v_to_r:0=coerce.convert.v_to_p", "illegalize-cell:coerce.convert.r_to_s"}) {
    auto t = parsed(named(name));
    ASSERT_TRUE(t);
    EXPECT_NE(first_behaviour_difference(table(), *t), "") << name;
  }
  auto t = parsed(named("illegalize-cell:coerce.convert.r_to_s"));
  ASSERT_TRUE(t);
  EXPECT_NE(first_behaviour_difference(table(), *t).find("illegal"), std::string::npos);
}

}  // namespace
}  // namespace spmdcheck
