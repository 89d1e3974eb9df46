#pragma once
// Coordinates of denotation items (row-major over the V axes in mesh order,
// as oracle/denotation.h numbers them). Internal to the reference side.
#include <cstdint>
#include <vector>

#include "common/spmd_type.h"
#include "program/mesh_layout.h"

namespace spmdcheck::ref {

// Per mesh axis, the coordinate of `item` on that axis (0 on non-V axes).
std::vector<int64_t> item_coords(const MeshLayout& layout, const LocalType& type, int64_t item);
// The item of `type` at the given per-axis coordinates (non-V axes ignored).
int64_t item_at(const MeshLayout& layout, const LocalType& type, const std::vector<int64_t>& coords);

}  // namespace spmdcheck::ref
