#pragma once
// The table linter: structural properties every rule table must have before
// anything is checked with it (property 4 of the brief). Runs at load
// (load_rule_table) and in the tests. Each finding is a Diagnostic with a
// `table.lint.*` id, located at the offending row.
//
//  table.lint.duplicate_id        ids are unique
//  table.lint.id_format           ids are dotted lower-case words
//  table.lint.missing_fix         every rejecting row has a fix hint
//  table.lint.placeholder         templates use only their section's names
//  table.lint.types               one row per type; grad is an involution
//  table.lint.combine_total       every operand multiset has a combine row
//  table.lint.combine_dead        every combine row decides some multiset
//  table.lint.per_type_total      out_partial and loss rows cover each type once
//  table.lint.op                  op names unique, arg positions and keywords valid
//  table.lint.cell_uncovered      every src x dst cell of a comm op has a row ...
//  table.lint.cell_overlap        ... and only one
//  table.lint.backward_missing    backward and compose rows exist
//  table.lint.backward_signature  backward(src -> dst) is dual(dst) -> dual(src)
//  table.lint.backward_involution backward of backward is the row itself
//  table.lint.backward_dims       backward dims are determined and map back
//  table.lint.compose             components are legal primitive rows that chain
//  table.lint.dims                dims are keywords of the op, S-bound dims need S
//  table.lint.action_shape        shape steps agree with the local action
//  table.lint.meaning             the meaning maps lists/single values as src/dst do
//  table.lint.law                 types denote and pair as the brief says; every legal
//                                 row's meaning, dims, shape steps and components, and
//                                 every accept row's via, agree with its op's law
//                                 (rules/comm_laws.h, DESIGN.md §2.4)
//  table.lint.required_diagnostic the diagnostic ids the checker cites exist
//  table.lint.source              in a table with a source_commit, every row cites
//                                 the code it transcribes (source = "path:LINE")
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "rules/rule_table.h"

namespace spmdcheck {

std::vector<Diagnostic> lint_rule_table(const RuleTable& table);

// The [[diagnostic]] ids the checker's rule kinds cite.
ConstSpan<std::string_view> required_diagnostic_ids();

}  // namespace spmdcheck
