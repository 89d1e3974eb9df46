#pragma once
// Ranks of a mesh: numbered row-major over the axes in the order written
// (the first axis varies slowest), as torch.distributed.init_device_mesh does.
// A fiber of axis a is the set of ranks that differ only in coordinate a.
#include <cstdint>
#include <vector>

#include "program/program.h"

namespace spmdcheck {

class MeshLayout {
 public:
  MeshLayout() = default;
  explicit MeshLayout(const Mesh& mesh);
  explicit MeshLayout(std::vector<int64_t> sizes);

  int num_axes() const { return static_cast<int>(sizes_.size()); }
  int64_t axis_size(int axis) const { return sizes_[axis]; }
  const std::vector<int64_t>& sizes() const { return sizes_; }
  int num_ranks() const { return num_ranks_; }

  int64_t coord(int rank, int axis) const { return (rank / strides_[axis]) % sizes_[axis]; }
  std::vector<int64_t> coords(int rank) const;
  int rank_of(const std::vector<int64_t>& coords) const;
  // The rank that differs from `rank` only in `axis`, where it has coordinate k.
  int with_coord(int rank, int axis, int64_t k) const;
  // The fiber of `rank` along `axis`, ordered by coordinate.
  std::vector<int> fiber(int rank, int axis) const;

 private:
  std::vector<int64_t> sizes_;
  std::vector<int64_t> strides_;
  int num_ranks_ = 1;
};

}  // namespace spmdcheck
