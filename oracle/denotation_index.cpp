#include "oracle/denotation_index.h"

namespace spmdcheck::ref {

std::vector<int64_t> item_coords(const MeshLayout& layout, const LocalType& type, int64_t item) {
  std::vector<int64_t> coords(type.num_axes, 0);
  for (int a = type.num_axes - 1; a >= 0; --a) {
    if (type.axis[a] != Ty::V) continue;
    coords[a] = item % layout.axis_size(a);
    item /= layout.axis_size(a);
  }
  return coords;
}

int64_t item_at(const MeshLayout& layout, const LocalType& type, const std::vector<int64_t>& coords) {
  int64_t item = 0;
  for (int a = 0; a < type.num_axes; ++a)
    if (type.axis[a] == Ty::V) item = item * layout.axis_size(a) + coords[a];
  return item;
}

}  // namespace spmdcheck::ref
