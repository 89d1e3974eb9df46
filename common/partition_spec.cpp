#include "common/partition_spec.h"

namespace spmdcheck {

bool PartitionSpec::empty() const {
  for (int8_t d : dim)
    if (d >= 0) return false;
  return true;
}

int PartitionSpec::count_on(int d) const {
  int n = 0;
  for (int8_t x : dim) n += x == d;
  return n;
}

int PartitionSpec::max_dim() const {
  int m = -1;
  for (int8_t x : dim)
    if (x > m) m = x;
  return m;
}

bool PartitionSpec::innermost(int axis) const { return dim[axis] >= 0 && place[axis] == count_on(dim[axis]) - 1; }

int PartitionSpec::axes_on(int d, std::array<int8_t, kMaxAxes>& out) const {
  int n = 0;
  for (int a = 0; a < kMaxAxes; ++a)
    if (dim[a] == d) out[place[a]] = static_cast<int8_t>(a), ++n;
  return n;
}

void PartitionSpec::remove(int axis) {
  const int8_t d = dim[axis];
  if (d < 0) return;
  for (int a = 0; a < kMaxAxes; ++a)
    if (dim[a] == d && place[a] > place[axis]) --place[a];
  dim[axis] = -1;
  place[axis] = 0;
}

void PartitionSpec::append(int axis, int d) {
  place[axis] = static_cast<int8_t>(count_on(d));
  dim[axis] = static_cast<int8_t>(d);
}

void PartitionSpec::insert_dim(int d) {
  for (int8_t& x : dim)
    if (x >= d) ++x;
}

void PartitionSpec::erase_dim(int d) {
  for (int8_t& x : dim)
    if (x > d) --x;
}

}  // namespace spmdcheck
