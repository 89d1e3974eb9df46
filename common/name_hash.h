#pragma once
// A hash for the short names of .spmd programs (values, ops, keywords):
// FNV-1a with a final mix, inline. std::hash<std::string_view> calls out to
// libstdc++'s _Hash_bytes, which cost the checker more than its name
// comparisons (DESIGN.md, section 3, Speed). Used by open-addressing
// indices that take the low bits, hence the mix.
#include <cstdint>
#include <string_view>

namespace spmdcheck {

inline uint64_t name_hash(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

}  // namespace spmdcheck
