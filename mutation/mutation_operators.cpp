#include "mutation/mutation_operators.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "mutation/mutant_builder.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

struct OperatorInfo {
  MutationOperator op;
  std::string_view name;
  std::string_view summary;
};

constexpr std::array<OperatorInfo, kNumMutationOperators> kOperators{{
    {MutationOperator::WidenResult, "widen-result", "an accepting combine or out_partial row gives another result type"},
    {MutationOperator::DropPremise, "drop-premise", "a condition of an accepting combine row or a nonlinear_arg row is dropped"},
    {MutationOperator::AcceptRejected, "accept-rejected",
     "a rejecting row accepts what it rejects, with each result type (P through NONLINEAR, LINEAR P with R or a "
     "scalar, MULTILINEAR with two P factors, I mixed, ...)"},
    {MutationOperator::ChangeLinearity, "change-linearity", "an op moves to another linearity class"},
    {MutationOperator::SwapBackward, "swap-backward", "a transition's backward row is replaced by another row of the same signature"},
    {MutationOperator::RankShift, "rank-shift",
     "a transition's action indexes ranks off by one: the wrong rank keeps the value, takes the wrong chunk"},
    {MutationOperator::SwapActionDims, "swap-action-dims", "a two-dim action swaps its dims: the wrong dim is split or joined"},
    {MutationOperator::ReplaceAction, "replace-action", "a transition's action is replaced by another action the linter accepts there"},
    {MutationOperator::DropExpertGate, "drop-expert-gate",
     "an expert-gated transition no longer needs expert=true (intent only: equivalent)"},
    {MutationOperator::ConsistentWrongRow, "consistent-wrong-row",
     "a legal primitive transition row gets another action with the meaning and shape steps that action states, so the row "
     "agrees with itself but not with its op's law"},
    {MutationOperator::RebindDim, "rebind-dim",
     "a dim binding of a legal primitive row moves (src to dst or a default 0, dst to src or 0, a default d to d+1 or an S side)"},
    {MutationOperator::EditComposition, "edit-composition",
     "a composite's component is another legal primitive row of the same signature (any op) or is dropped; an accept row "
     "converts via another row"},
    {MutationOperator::LegalizeCell, "legalize-cell",
     "an illegal cell becomes legal with each primitive action of its op (with a backward: itself, a companion row, or the "
     "dual cell's legal row)"},
    {MutationOperator::IllegalizeCell, "illegalize-cell",
     "a legal transition row becomes illegal (with the rows that need it), so programs the original accepts are rejected"},
    {MutationOperator::ChangeRole, "change-role",
     "a typing parameter of an op gets another role (operand, scalar_operand, nonlinear_operand; an index becomes an "
     "operand): a divisor typed as a summand, a weak scalar ignored"},
    {MutationOperator::EditTyping, "edit-typing",
     "a decomposition's typing expression changes: a node's linearity class, or a parameter moved into another node"},
    {MutationOperator::SwapRanks, "swap-ranks",
     "a transition's action exchanges the roles of the ranks at coordinates 1 and 2: wrong only on an axis of 3 ranks or more"},
    {MutationOperator::FirstAxis, "first-axis",
     "a transition's action runs over the mesh's first axis, whatever axis the call names: wrong only on a later axis"},
    {MutationOperator::IdentityShape, "identity-shape",
     "an op that permutes its operand's dims (t, T, mT) is given the elementwise shape rule: right on square operands only"},
    {MutationOperator::WrongPlacement, "wrong-placement",
     "an accepting propagation row gives another result placement: a shard becomes a partial or another dim's shard, an "
     "implicit partial becomes a shard (searched on global programs)"},
    {MutationOperator::AcceptMismatch, "accept-mismatch",
     "a rejecting propagation row accepts its sharding with a result placement (searched on global programs)"},
    {MutationOperator::KeepSpec, "keep-spec",
     "a transition row that removes, appends or moves its axis's spec entry keeps it instead (searched on global programs)"},
}};

}  // namespace

std::string_view mutation_operator_name(MutationOperator op) { return kOperators[static_cast<int>(op)].name; }

std::string_view mutation_operator_summary(MutationOperator op) { return kOperators[static_cast<int>(op)].summary; }

std::optional<MutationOperator> mutation_operator_from_name(std::string_view name) {
  for (const OperatorInfo& info : kOperators)
    if (info.name == name) return info.op;
  return std::nullopt;
}

std::string ty_text(Ty ty) { return std::string(1, ty_letter(ty)); }

namespace {

// Parses and passes every lint but the law's (table.lint.law: a row whose
// meaning, dims, shape steps or composition disagree with its comm op's
// law). Operators that keep only lint-clean mutants drop malformed rows, not
// rows the law refutes: those are what a mutant is for, and count as caught
// by lint when the search loads them.
bool structurally_lint_clean(std::string_view text, std::string_view name) {
  TableLoadResult parsed = parse_rule_table(text, name);
  if (!parsed.table) return false;
  for (const Diagnostic& d : lint_rule_table(*parsed.table))
    if (d.rule_id != "table.lint.law") return false;
  return true;
}

}  // namespace

void MutantBuilder::add(MutationOperator op, const std::string& row_id, const std::string& detail, const std::string& description,
                        const DocumentEdit& edit, Options options) {
  TableDocument doc = base_;
  if (!edit(doc)) return;
  Mutant m;
  m.op = op;
  m.row_id = row_id;
  m.name = std::string(mutation_operator_name(op)) + ":" + row_id + (detail.empty() ? "" : ":" + detail);
  m.description = description;
  m.equivalent_by_intent = options.equivalent_by_intent;
  m.global = options.global;
  doc.rename(table_.name + "~" + m.name, "mutant of " + table_.name + ": " + description);
  m.text = doc.text();
  if (options.lint_clean_only && !structurally_lint_clean(m.text, m.name)) return;
  out_.push_back(std::move(m));
}

std::vector<Mutant> make_mutants(const RuleTable& table, std::string_view text) {
  std::vector<Mutant> out;
  MutantBuilder builder(table, text, out);
  add_local_rule_mutants(builder);
  add_transition_mutants(builder);
  add_row_mutants(builder);
  add_composition_mutants(builder);
  add_cell_mutants(builder);
  add_global_mutants(builder);
  std::stable_sort(out.begin(), out.end(), [](const Mutant& a, const Mutant& b) { return a.op < b.op; });
  return out;
}

std::vector<Mutant> acceptance_candidates(const RuleTable& table, std::string_view text, std::string_view rule_id) {
  std::vector<Mutant> out;
  auto it = table.compiled.rule_by_id.find(std::string(rule_id));
  if (it == table.compiled.rule_by_id.end()) return out;
  MutantBuilder builder(table, text, out);
  // A propagation rejection's candidates are searched on global programs.
  MutantBuilder::Options options;
  options.global = table.info(it->second).section == RowSection::Propagation;
  for (const Acceptance& a : acceptances_of(table, it->second))
    builder.add(MutationOperator::AcceptRejected, std::string(rule_id), a.detail, a.description, a.edit, options);
  return out;
}

std::vector<Mutant> legalization_candidates(const RuleTable& table, std::string_view text, std::string_view rule_id) {
  std::vector<Mutant> out;
  auto it = table.compiled.rule_by_id.find(std::string(rule_id));
  if (it == table.compiled.rule_by_id.end()) return out;
  MutantBuilder builder(table, text, out);
  for (size_t x = 0; x < table.transitions.size(); ++x)
    if (table.transitions[x].illegal && table.transitions[x].rule == it->second) add_legalizations_of(builder, static_cast<int>(x));
  return out;
}

}  // namespace spmdcheck
