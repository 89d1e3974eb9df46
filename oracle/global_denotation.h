#pragma once
// Global denotations (property 8, DESIGN.md §8): what a value of a global
// program means on one device. On a local axis a value keeps its version-1
// denotation (one item per coordinate where V); on every global axis it is
// one tensor: the value (R, I), the sum (P; the local denotation already
// holds it), or, where V, the ranks' blocks concatenated along the dim the
// spec names (several axes on one dim: the major axis's blocks contain the
// minor axis's). A global denotation is therefore a Denotation whose type
// is the collapsed type (global axes read as R: one item) and whose items
// are global tensors.
//
// assemble and split convert between the two forms with differentiable
// LibTorch ops (cat, narrow), so autograd carries gradients across them.
#include "common/partition_spec.h"
#include "oracle/denotation.h"
#include "program/program.h"

namespace spmdcheck {

// `type` with every global axis read as R (a global axis indexes no items).
LocalType collapsed_type(const Mesh& mesh, const LocalType& type);

// Local denotation (type `type`, items per V coordinate of every axis) ->
// global denotation (type collapsed_type(type)), by the spec.
Denotation assemble_global(const Mesh& mesh, const MeshLayout& layout, const Denotation& local, const PartitionSpec& spec);

// The inverse: a global denotation -> the local denotation of a value of
// type `type` and spec `spec` (each rank's block). Throws
// std::invalid_argument where a sharded dim does not divide.
Denotation split_global(const Mesh& mesh, const MeshLayout& layout, const Denotation& global, const LocalType& type,
                        const PartitionSpec& spec);

}  // namespace spmdcheck
