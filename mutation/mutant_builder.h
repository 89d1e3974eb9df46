#pragma once
// Internal to mutation/: collects mutants made by editing copies of one
// table document. Every operator goes through `add`, which names the mutant,
// renames the table inside it and, where asked, keeps only mutants the
// linter accepts.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mutation/mutant.h"
#include "mutation/table_document.h"
#include "rules/rule_table.h"

namespace spmdcheck {

using DocumentEdit = std::function<bool(TableDocument&)>;  // false: not applicable, no mutant

class MutantBuilder {
 public:
  MutantBuilder(const RuleTable& table, std::string_view text, std::vector<Mutant>& out) : table_(table), base_(text), out_(out) {}

  const RuleTable& table() const { return table_; }
  const TableDocument& base() const { return base_; }
  const std::string& id(RuleIndex rule) const { return table_.info(rule).id; }

  struct Options {
    bool equivalent_by_intent = false;
    // Drop the mutant if the linter rejects it for anything but the law
    // (table.lint.law findings stay: they count as caught by lint).
    bool lint_clean_only = false;
    bool global = false;  // Mutant::global
  };
  void add(MutationOperator op, const std::string& row_id, const std::string& detail, const std::string& description,
           const DocumentEdit& edit, Options options);
  void add(MutationOperator op, const std::string& row_id, const std::string& detail, const std::string& description,
           const DocumentEdit& edit) {
    add(op, row_id, detail, description, edit, Options{});
  }

 private:
  const RuleTable& table_;
  TableDocument base_;
  std::vector<Mutant>& out_;
};

// One way to make a rejecting row accept its combination (tightness and the
// accept-rejected operator share these).
struct Acceptance {
  std::string detail;       // e.g. the result type "P"
  std::string description;  // what the edited row then says
  DocumentEdit edit;
};
std::vector<Acceptance> acceptances_of(const RuleTable& table, RuleIndex rule);
// The result placements a rejecting propagation row may accept with
// (accept-mismatch and tightness): the rejected shard's label where a result
// dim can carry it, else the first label one can; for a reduction also P.
std::vector<std::string> propagation_acceptances(const PropagationRow& row);

// The operators, by the part of the table they edit.
void add_local_rule_mutants(MutantBuilder& builder);   // widen-result, drop-premise, accept-rejected, change-linearity
void add_transition_mutants(MutantBuilder& builder);   // swap-backward, rank-shift, swap-action-dims, replace-action, drop-expert-gate
void add_row_mutants(MutantBuilder& builder);          // consistent-wrong-row, rebind-dim
void add_composition_mutants(MutantBuilder& builder);  // edit-composition
void add_cell_mutants(MutantBuilder& builder);         // legalize-cell, illegalize-cell
void add_global_mutants(MutantBuilder& builder);       // wrong-placement, accept-mismatch, keep-spec
// The legalize-cell mutants of one illegal transition row (TransitionRow index).
void add_legalizations_of(MutantBuilder& builder, int illegal_row);

std::string ty_text(Ty ty);  // "R", "I", "V", "P"

}  // namespace spmdcheck
