#pragma once
// A position in a text the user wrote (a .spmd program or a rule table).
// Lines and columns are 1-based; column counts bytes, as compilers do.
#include <cstdint>

namespace spmdcheck {

struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;
  bool known() const { return line != 0; }
  friend bool operator==(const SourceLoc&, const SourceLoc&) = default;
};

}  // namespace spmdcheck
