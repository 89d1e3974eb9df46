#pragma once
// An unordered_map keyed by std::string that is looked up by
// std::string_view too: lookups by a view (an id in a message, an op name)
// do not build a std::string.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace spmdcheck {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

}  // namespace spmdcheck
