#pragma once
// A value's partition spec in global SPMD (program-format.md, "Global SPMD";
// reference §4.1): which local dim each global mesh axis shards and, where
// several axes shard one dim, their order, major to minor. Stored per mesh
// axis, so a spec is a fixed-size value: copied, compared and updated without
// allocation in the checker's hot path. A local program's values all have
// the empty spec.
//
// The spec says nothing about the type: a sharding axis is V in the value's
// LocalType (S(k) is V plus a spec entry); the checker's rows judge a spec
// on a non-V axis or a global V axis without one.
#include <array>
#include <cstdint>

#include "common/spmd_type.h"

namespace spmdcheck {

struct PartitionSpec {
  // Per mesh axis: the local dim it shards, or -1.
  std::array<int8_t, kMaxAxes> dim;
  // Per sharding axis: its place in its dim's axis tuple, 0 = major. The
  // places of one dim's axes are 0 .. count - 1.
  std::array<int8_t, kMaxAxes> place;

  PartitionSpec() {
    dim.fill(-1);
    place.fill(0);
  }
  friend bool operator==(const PartitionSpec&, const PartitionSpec&) = default;

  bool empty() const;
  bool shards(int axis) const { return dim[axis] >= 0; }
  // How many axes shard dim `d`.
  int count_on(int d) const;
  // The largest dim any axis shards, or -1.
  int max_dim() const;
  // Whether `axis` is the innermost (last) axis of its dim's tuple.
  bool innermost(int axis) const;
  // The axes sharding `d`, major to minor; returns how many (at most kMaxAxes).
  int axes_on(int d, std::array<int8_t, kMaxAxes>& out) const;

  // `axis` leaves the spec; the axes after it on its dim move up.
  void remove(int axis);
  // `axis` (not in the spec) shards `d` as its innermost axis.
  void append(int axis, int d);
  // A dim is inserted at `d` (stack): the entries of dims >= d move one up.
  void insert_dim(int d);
  // Dim `d` goes away (unbind, select): the entries of dims > d move one
  // down. The caller has removed the axes sharding `d` itself.
  void erase_dim(int d);
};

}  // namespace spmdcheck
