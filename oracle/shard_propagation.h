#pragma once
// Global SPMD, stage 3 of spmd_types' checking (reference §4.4): after a
// local op's local typing, on every global axis that shards an operand and
// on which the local result is V, the op's [[propagation]] rows decide the
// result's placement (rules/propagation.h); then the axes' result entries
// are ordered by the input specs' tuple orders. Every decision is a row or
// a prop.* diagnostic row; the code is the same for every op.
#include "common/partition_spec.h"
#include "common/small_vector.h"
#include "oracle/dim_labels.h"
#include "oracle/local_shapes.h"

namespace spmdcheck::check {

// One tensor operand's placement on a mesh axis, as rows are matched: S
// with the labelled dim the axis shards, else R (R or I) or P; `labels`:
// the operand's dims (an R pattern with a label reads them).
struct OperandPlacement {
  Placement::Kind kind = Placement::Kind::R;
  LabelledDim dim;  // S only
  const DimLabels* labels = nullptr;
};
using OperandPlacements = SmallVector<OperandPlacement, 4>;

// Whether `row` accepts the placements of op `op`'s tensor operands (its
// `ops` filter included); `identity`: the one identity its patterns refer
// to. The checker tries its kind's compiled rows with it; near misses try
// the table's rows in order (generators/near_miss_propagation.cpp).
bool propagation_row_matches(const PropagationRow& row, std::string_view op, const OperandPlacements& operands, int& identity);

// `type`: the local result type, upgraded where a row's result is P or R;
// `specs`: one spec per result. A program without global axes returns at
// once with empty specs.
[[nodiscard]] bool propagate_shards(Context& ctx, const LocalCall& call, const ResultShapes& shapes, LocalType& type,
                                    SmallVector<PartitionSpec, 2>& specs);

}  // namespace spmdcheck::check
