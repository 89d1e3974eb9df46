#include "oracle/global_denotation.h"

#include <stdexcept>
#include <string>

#include "oracle/denotation_index.h"

namespace spmdcheck {
namespace {

using ref::item_at;
using ref::item_coords;

// The axes sharding dim d, major to minor, and how many blocks they make.
struct DimAxes {
  std::array<int8_t, kMaxAxes> axes{};
  int count = 0;
  int64_t blocks = 1;
};

DimAxes axes_of(const MeshLayout& layout, const PartitionSpec& spec, int d) {
  DimAxes out;
  out.count = spec.axes_on(d, out.axes);
  for (int i = 0; i < out.count; ++i) out.blocks *= layout.axis_size(out.axes[i]);
  return out;
}

// The block index of `coords` on dim d's axes: row-major, major first.
int64_t block_of(const MeshLayout& layout, const DimAxes& a, const std::vector<int64_t>& coords) {
  int64_t block = 0;
  for (int i = 0; i < a.count; ++i) block = block * layout.axis_size(a.axes[i]) + coords[a.axes[i]];
  return block;
}

}  // namespace

LocalType collapsed_type(const Mesh& mesh, const LocalType& type) {
  LocalType out = type;
  for (int a = 0; a < out.num_axes; ++a)
    if (mesh.is_global(a)) out.axis[a] = Ty::R;
  return out;
}

Denotation assemble_global(const Mesh& mesh, const MeshLayout& layout, const Denotation& local, const PartitionSpec& spec) {
  // One dim at a time: the current type still has V on the axes of the dims
  // not assembled yet; assembling dim d concatenates, for every coordinate
  // of the other axes, the blocks of d's axes in block order.
  Denotation cur = local;
  for (int d = 0; d <= spec.max_dim(); ++d) {
    const DimAxes a = axes_of(layout, spec, d);
    if (a.count == 0) continue;
    LocalType next_type = cur.type;
    for (int i = 0; i < a.count; ++i) next_type.axis[a.axes[i]] = Ty::R;
    Denotation next;
    next.type = next_type;
    const int64_t count = denotation_size(layout, next_type);
    for (int64_t item = 0; item < count; ++item) {
      std::vector<int64_t> coords = item_coords(layout, next_type, item);
      std::vector<at::Tensor> blocks(static_cast<size_t>(a.blocks));
      for (int64_t b = 0; b < a.blocks; ++b) {
        int64_t rest = b;
        for (int i = a.count - 1; i >= 0; --i) {
          const int64_t n = layout.axis_size(a.axes[i]);
          coords[a.axes[i]] = rest % n;
          rest /= n;
        }
        blocks[static_cast<size_t>(b)] = cur.items[static_cast<size_t>(item_at(layout, cur.type, coords))];
      }
      next.items.push_back(at::cat(blocks, d));
    }
    cur = std::move(next);
  }
  cur.type = collapsed_type(mesh, cur.type);
  return cur;
}

Denotation split_global(const Mesh& mesh, const MeshLayout& layout, const Denotation& global, const LocalType& type,
                        const PartitionSpec& spec) {
  Denotation out;
  out.type = type;
  const int64_t count = denotation_size(layout, type);
  const LocalType collapsed = collapsed_type(mesh, type);
  for (int64_t item = 0; item < count; ++item) {
    const std::vector<int64_t> coords = item_coords(layout, type, item);
    at::Tensor t = global.items[static_cast<size_t>(item_at(layout, collapsed, coords))];
    for (int d = 0; d <= spec.max_dim(); ++d) {
      const DimAxes a = axes_of(layout, spec, d);
      if (a.count == 0) continue;
      const int64_t size = t.size(d);
      if (size % a.blocks != 0)
        throw std::invalid_argument("a global dim of size " + std::to_string(size) + " does not split into " + std::to_string(a.blocks) +
                                    " even blocks");
      const int64_t block = size / a.blocks;
      t = t.narrow(d, block_of(layout, a, coords) * block, block);
    }
    out.items.push_back(t);
  }
  return out;
}

}  // namespace spmdcheck
