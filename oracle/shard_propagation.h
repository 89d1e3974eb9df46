#pragma once
// Global SPMD, stage 3 of spmd_types' checking (reference §4.4): after a
// local op's local typing, on every global axis that shards an operand and
// on which the local result is V, the op's [[propagation]] rows decide the
// result's placement (rules/propagation.h); then the axes' result entries
// are ordered by the input specs' tuple orders. Every decision is a row or
// a prop.* diagnostic row; the code is the same for every op.
#include "common/partition_spec.h"
#include "common/small_vector.h"
#include "oracle/local_shapes.h"

namespace spmdcheck::check {

// `type`: the local result type, upgraded where a row's result is P or R;
// `specs`: one spec per result. A program without global axes returns at
// once with empty specs.
[[nodiscard]] bool propagate_shards(Context& ctx, const LocalCall& call, const ResultShapes& shapes, LocalType& type,
                                    SmallVector<PartitionSpec, 2>& specs);

}  // namespace spmdcheck::check
