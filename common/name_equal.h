#pragma once
// Equality of two short names (keywords, op and value names). The lengths
// differ for most pairs compared, and the rest are a few bytes long: a
// length test and a byte loop, inline, where operator== on strings calls
// out to memcmp (DESIGN.md, section 3, Speed).
#include <cstddef>
#include <string_view>

namespace spmdcheck {

inline bool name_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace spmdcheck
