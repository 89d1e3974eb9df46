#pragma once
// The src x dst cells transition rows cover, for the operators that move a
// cell between legal and illegal (mutation/cell_mutations.cpp). A legal row
// covers one cell; an illegal row a rectangle of them, where an S x S cell
// is two cells, `shard_dims = "equal"` and `"differ"`, unless the row names
// one. Narrowing an illegal row to the cells that stay illegal re-covers
// them with as few rectangles as the format allows.
#include <string>
#include <vector>

#include "mutation/table_document.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct Cell {
  Form::Kind src = Form::Kind::R, dst = Form::Kind::R;
  ShardDims shard_dims = ShardDims::Any;  // Equal or Differ exactly for S x S cells
  bool operator==(const Cell&) const = default;
};

// The cells `row` covers, src-major in form order (S x S: equal, then differ).
std::vector<Cell> cells_of(const TransitionRow& row);
// dual(dst) -> dual(src); S x S cells keep their shard_dims (the dual of
// S(i) -> S(j) is S(j) -> S(i)).
Cell dual_cell(const RuleTable& table, const Cell& cell);
// The row of comm op `op` that covers `cell` (the compiled lookup), -1 if none.
int row_covering(const RuleTable& table, int op, const Cell& cell);

// "r_to_p", "s_to_s_equal": for ids and mutant names.
std::string cell_name(const Cell& cell);
// "R -> P", "S -> S (equal dims)": for descriptions.
std::string cell_text(const Cell& cell);

// Writes src, dst and shard_dims of `row` so that it covers exactly `cell`
// (a legal row: single forms).
void write_cell(TableDocument& doc, const RowRef& row, const Cell& cell);

// Narrows the illegal row `row` of `table` (as loaded; `doc` may have other
// edits) so that it covers its cells except `removed`: the row is edited to
// cover the first remaining rectangle, copies of it (ids `<id>.rest`,
// `<id>.rest2`, ...) cover the others, and it is removed when nothing
// remains.
bool narrow_illegal_row(TableDocument& doc, const RuleTable& table, const TransitionRow& row, const std::vector<Cell>& removed);

}  // namespace spmdcheck
