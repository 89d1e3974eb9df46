#pragma once
// Denotations: the mathematical value per-rank data stands for (brief §2).
// Per axis: R or I -> one value; P -> the elementwise sum over the axis;
// V -> a list with one item per axis coordinate. Axes compose, so a value's
// denotation is a list of local-shaped tensors indexed row-major by the
// coordinates of its V axes (in mesh order); with no V axis, one item.
#include <ATen/ATen.h>

#include <vector>

#include "common/spmd_type.h"
#include "program/mesh_layout.h"

namespace spmdcheck {

struct Denotation {
  LocalType type;
  std::vector<at::Tensor> items;
};

// Number of items of a value of type `type` on `layout`.
int64_t denotation_size(const MeshLayout& layout, const LocalType& type);
// The item that rank `rank`'s data belongs to (its coordinates on the V axes).
int64_t denotation_item_of_rank(const MeshLayout& layout, const LocalType& type, int rank);

}  // namespace spmdcheck
