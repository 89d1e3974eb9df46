#include "program/program.h"

#include "common/name_equal.h"

namespace spmdcheck {

int Mesh::axis_index(std::string_view name) const {
  for (size_t i = 0; i < axes.size(); ++i)
    if (name_equal(axes[i].name, name)) return static_cast<int>(i);
  return -1;
}

int64_t Mesh::num_ranks() const {
  int64_t n = 1;
  for (const auto& a : axes) n *= a.size;
  return n;
}

}  // namespace spmdcheck
