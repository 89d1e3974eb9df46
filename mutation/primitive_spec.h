#pragma once
// What a legal primitive transition row does, as the operators that rewrite
// it see it (mutation/): its dims, action, meaning and shape steps, read from
// a loaded row and written back into a table document in the table's own
// syntax (`select(dim)`, `dims = { dim = 0 }`). And the facts about forms the
// transition operators share: whether a form denotes a list, and its dual.
// Only the parts of the row that say what it does are here; the id, op,
// cell, backward and messages stay where the operator puts them.
#include <string>
#include <vector>

#include "mutation/table_document.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct PrimitiveSpec {
  std::vector<DimBinding> dims;  // in the loaded row's order (sorted by name)
  ActionCall action;
  MeaningCall meaning;
  std::vector<ShapeStep> shape;  // params index `dims`, as in the loaded row
};

PrimitiveSpec spec_of(const TransitionRow& row);  // row must be primitive

// Sets `action`, `meaning`, `shape` and `dims` of `row` to `spec` (an empty
// shape or dims list erases the key; rank_shift is written only when set).
bool write_spec(TableDocument& doc, const RowRef& row, const PrimitiveSpec& spec);

// "action select(dim), meaning unbind(dim), shape unstack(dim), dims dim=0".
std::string describe(const PrimitiveSpec& spec);
std::string action_text(const PrimitiveSpec& spec);
std::string meaning_text(const PrimitiveSpec& spec);
std::string shape_text(const PrimitiveSpec& spec);
std::string dims_text(const PrimitiveSpec& spec);
std::vector<InlineEntry> dims_entries(const std::vector<DimBinding>& dims);

// Forms: "R", ..., "S"; whether the form's type row denotes a list (V, and
// S(k) read as V); the gradient dual (R<->P, I<->I, V<->V, S<->S by the type
// rows, as the linter takes it).
std::string form_text(Form::Kind k);
bool denotes_list(const RuleTable& table, Form::Kind k);
Form::Kind dual_form(const RuleTable& table, Form::Kind k);
// Whether `meaning` maps lists or single values as a src -> dst cell does
// (the linter's `meaning` check): the structural fit, not correctness.
bool meaning_fits(const RuleTable& table, MeaningKind meaning, Form::Kind src, Form::Kind dst);

}  // namespace spmdcheck
