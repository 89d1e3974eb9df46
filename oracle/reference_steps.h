#pragma once
// The steps the reference interpreters share (the local one, oracle/
// reference_interpreter.h, and the global one, oracle/global_reference.h):
// a local op applied item by item to denotations, and rounding to a dtype.
#include <string>
#include <vector>

#include "oracle/checker.h"
#include "oracle/denotation.h"

namespace spmdcheck {

// A local op item by item over the V axes of its type before out_partial;
// the axes out_partial turns from V into P are then summed. One denotation
// per result (several results share the type). `b` is the statement as the
// kernel reads it. Sets `error` (and returns nothing) where no kernel
// applies.
std::vector<Denotation> apply_local_op(const RuleTable& table, const CheckResult& checked, const BindingStmt& b,
                                       const ResolvedBinding& resolved, const LocalType& type, const Mesh& mesh, const MeshLayout& layout,
                                       const std::vector<Denotation>& values, std::string& error);

// Values of a narrower dtype are rounded to it (its range and precision), as
// the ranks hold them; the reference still computes each floating op in
// f64. Integer and bool values keep their dtype (exact, and what indices and
// masks must be).
void round_to_dtype(Denotation& d, DType dtype);

}  // namespace spmdcheck
