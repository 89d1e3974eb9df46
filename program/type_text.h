#pragma once
// Text of a per-axis type in mesh order: `{dp: V, tp: I}`; with a partition
// spec (global SPMD), `{dp: R, tp: S(1)}` where no dim has more than one
// axis, `{dp: V, tp: V} spec((dp, tp), None)` otherwise (program-format.md).
#include <string>

#include "common/partition_spec.h"
#include "common/spmd_type.h"
#include "program/program.h"

namespace spmdcheck {

std::string type_to_text(const Mesh& mesh, const LocalType& type);
// `rank`: the spec form's entries (at least one per sharded dim; -1: just those).
std::string type_to_text(const Mesh& mesh, const LocalType& type, const PartitionSpec& spec, int rank);
// `spec((dp, tp), None)` alone, `rank` as above.
std::string spec_to_text(const Mesh& mesh, const PartitionSpec& spec, int rank);
// A written annotation, as the printer shows it.
inline std::string type_to_text(const Mesh& mesh, const TypeAnnot& t) { return type_to_text(mesh, t.type, t.spec, t.spec_entries); }

}  // namespace spmdcheck
