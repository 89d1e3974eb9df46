#include "program/mesh_layout.h"

namespace spmdcheck {

MeshLayout::MeshLayout(const Mesh& mesh) {
  std::vector<int64_t> sizes;
  for (const MeshAxis& a : mesh.axes) sizes.push_back(a.size);
  *this = MeshLayout(std::move(sizes));
}

MeshLayout::MeshLayout(std::vector<int64_t> sizes) : sizes_(std::move(sizes)), strides_(sizes_.size(), 1) {
  int64_t stride = 1;
  for (int a = static_cast<int>(sizes_.size()) - 1; a >= 0; --a) {
    strides_[a] = stride;
    stride *= sizes_[a];
  }
  num_ranks_ = static_cast<int>(stride);
}

std::vector<int64_t> MeshLayout::coords(int rank) const {
  std::vector<int64_t> out(sizes_.size());
  for (int a = 0; a < num_axes(); ++a) out[a] = coord(rank, a);
  return out;
}

int MeshLayout::rank_of(const std::vector<int64_t>& coords) const {
  int64_t rank = 0;
  for (int a = 0; a < num_axes(); ++a) rank += coords[a] * strides_[a];
  return static_cast<int>(rank);
}

int MeshLayout::with_coord(int rank, int axis, int64_t k) const {
  return static_cast<int>(rank + (k - coord(rank, axis)) * strides_[axis]);
}

std::vector<int> MeshLayout::fiber(int rank, int axis) const {
  std::vector<int> out(static_cast<size_t>(sizes_[axis]));
  for (int64_t k = 0; k < sizes_[axis]; ++k) out[k] = with_coord(rank, axis, k);
  return out;
}

}  // namespace spmdcheck
