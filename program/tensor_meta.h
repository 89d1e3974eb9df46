#pragma once
// dtype and local (per-rank) shape of a value, as written in `f64[4, 8]`.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spmdcheck {

// Version 1: f64, f32, bf16. Version 2 adds f16, i64 and bool (values of
// i64 and bool dtype have no gradient).
enum class DType : uint8_t { F64 = 0, F32 = 1, BF16 = 2, F16 = 3, I64 = 4, Bool = 5 };
inline constexpr int kNumDTypes = 6;
std::string_view dtype_name(DType d);  // "f64", "f32", "bf16", "f16", "i64", "bool"
inline bool dtype_is_floating(DType d) { return d != DType::I64 && d != DType::Bool; }
std::optional<DType> dtype_from_name(std::string_view s);

// Fixed capacity so the checker never allocates per statement.
inline constexpr int kMaxRank = 8;
// Every dimension stays within this bound; larger shapes are rejected as
// input errors rather than overflowing later shape arithmetic.
inline constexpr int64_t kMaxDimSize = int64_t{1} << 40;

struct Shape {
  uint8_t rank = 0;
  std::array<int64_t, kMaxRank> dims{};
  int64_t operator[](int i) const { return dims[i]; }
  friend bool operator==(const Shape& a, const Shape& b) {
    if (a.rank != b.rank) return false;
    for (int i = 0; i < a.rank; ++i)
      if (a.dims[i] != b.dims[i]) return false;
    return true;
  }
};

std::string shape_to_string(const Shape& s);  // "[4, 8]", "[]"

}  // namespace spmdcheck
