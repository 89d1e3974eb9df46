#pragma once
// A read-only view of a contiguous array, for headers that C++17 code
// includes too: under clang-14 the LibTorch-including libraries build as
// C++17 (CMakeLists.txt says why), so a header they reach through
// rules/rule_table.h cannot use std::span. Converts from a C array, a
// std::array and a std::vector, like std::span<const T>.
#include <array>
#include <cstddef>
#include <vector>

namespace spmdcheck {

template <typename T>
class ConstSpan {
 public:
  constexpr ConstSpan() = default;
  constexpr ConstSpan(const T* data, size_t size) : data_(data), size_(size) {}
  template <size_t N>
  constexpr ConstSpan(const T (&array)[N]) : data_(array), size_(N) {}  // NOLINT: implicit, as std::span's
  template <size_t N>
  constexpr ConstSpan(const std::array<T, N>& array) : data_(array.data()), size_(N) {}    // NOLINT
  ConstSpan(const std::vector<T>& vector) : data_(vector.data()), size_(vector.size()) {}  // NOLINT

  constexpr const T* begin() const { return data_; }
  constexpr const T* end() const { return data_ + size_; }
  constexpr const T* data() const { return data_; }
  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr const T& operator[](size_t i) const { return data_[i]; }

 private:
  const T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace spmdcheck
