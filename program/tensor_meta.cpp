#include "program/tensor_meta.h"

namespace spmdcheck {

std::string_view dtype_name(DType d) {
  static constexpr std::string_view names[] = {"f64", "f32", "bf16", "f16", "i64", "bool"};
  return names[static_cast<int>(d)];
}

std::optional<DType> dtype_from_name(std::string_view s) {
  for (int d = 0; d < kNumDTypes; ++d)
    if (dtype_name(static_cast<DType>(d)) == s) return static_cast<DType>(d);
  return std::nullopt;
}

std::string shape_to_string(const Shape& s) {
  std::string out = "[";
  for (int i = 0; i < s.rank; ++i) {
    if (i) out += ", ";
    out += std::to_string(s.dims[i]);
  }
  return out + "]";
}

}  // namespace spmdcheck
