#pragma once
// The global reference (property 8, single-device equivalence; DESIGN.md
// §8): evaluates a checked global program on global denotations
// (oracle/global_denotation.h), as one device would on the global tensors.
// Local ops apply their PyTorch meaning to whole global tensors (size
// arguments, written per rank, are read as the global sizes the result's
// spec implies). A coercion or collective on a local axis applies its law
// to the lists of global values; on a global axis its operand is split into
// the ranks' blocks by its type and spec, the law (oracle/comm_law_eval.h)
// maps them, and the result is assembled where the statement's dst form
// says its blocks lie (S(j): dim j; a dst written V says nothing, and the
// checker's spec is read). Nothing of the propagation rows or the
// transition rows' `spec` is read: a row that states a wrong placement
// shows up as a difference from the ranks, where the reference splits the
// value again by the spec the checker gave it.
//
// The result is in local form (every value split into the ranks' blocks by
// its type and spec), so the consistency and gradient checks of property 1
// compare the ranks with it unchanged, and autograd reaches the inputs'
// local denotations through the splits and concatenations.
#include <vector>

#include "oracle/reference_interpreter.h"

namespace spmdcheck {

// `inputs`: the local denotations of the input statements, in program order.
ReferenceRun run_global_reference(const RuleTable& table, const Program& program, const CheckResult& checked, const MeshLayout& layout,
                                  std::vector<Denotation> inputs);

}  // namespace spmdcheck
