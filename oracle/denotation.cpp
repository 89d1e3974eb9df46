// Denotation indexing. A value's denotation has one item per combination of
// coordinates on its V axes; items are numbered row-major over those axes in
// mesh order (the last V axis varies fastest), the same convention as the
// rank numbering of MeshLayout restricted to the V axes. R, I and P axes do
// not index items: every rank of such an axis belongs to the same item.
#include "oracle/denotation.h"

namespace spmdcheck {

int64_t denotation_size(const MeshLayout& layout, const LocalType& type) {
  int64_t size = 1;
  for (int a = 0; a < type.num_axes; ++a)
    if (type.axis[a] == Ty::V) size *= layout.axis_size(a);
  return size;
}

int64_t denotation_item_of_rank(const MeshLayout& layout, const LocalType& type, int rank) {
  int64_t item = 0;
  for (int a = 0; a < type.num_axes; ++a)
    if (type.axis[a] == Ty::V) item = item * layout.axis_size(a) + layout.coord(rank, a);
  return item;
}

}  // namespace spmdcheck
