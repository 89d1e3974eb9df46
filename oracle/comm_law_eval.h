#pragma once
// Evaluation of the semantic laws (rules/comm_laws.h) on denotations: how
// the reference interpreter computes every coercion and collective. The law
// is the statement's op's; its dims are the statement's (its src/dst forms
// and its own dim keywords, with the law's defaults). Nothing of the
// transition rows is read: not their meaning, action, dims, shape steps,
// components or `via`, so a row that agrees only with itself is caught.
#include <ATen/ATen.h>

#include "oracle/checker.h"
#include "oracle/denotation.h"
#include "program/mesh_layout.h"
#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

// The denotation `resolved` (a transition binding of statement `b`) gives
// `in`. An input of another type than the statement's src (an [[accept]]
// substitution) is first read as the src type by the reinterpret law.
// Throws std::invalid_argument where the law does not define the cell or
// the data do not fit it (a chunk that does not divide, a dim out of
// range); c10::Error may come from LibTorch for the same reasons.
Denotation apply_comm_law(const RuleTable& table, const BindingStmt& b, const ResolvedBinding& resolved, const MeshLayout& layout,
                          const Denotation& in);

}  // namespace spmdcheck
