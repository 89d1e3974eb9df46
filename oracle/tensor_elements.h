#pragma once
// Reading a tensor's elements as doubles without a tensor op. The checks
// that compare, scan and bound values run on every value and gradient of
// every program; as tensor ops (to(kDouble), contiguous, reshape) they were
// about a tenth of a search's ATen calls, each a dispatch for a handful of
// elements. Every dtype of the format converts exactly to double (bf16, f16
// and f32 are subsets, i64 values stay far below 2^53, bool is 0 or 1).
#include <ATen/ATen.h>

#include <cstdint>

namespace spmdcheck {

class TensorElements {
 public:
  // Holds `t` contiguous (a copy only where it is a strided view).
  explicit TensorElements(const at::Tensor& t);
  int64_t size() const { return size_; }
  // Element `i` in row-major order.
  double operator[](int64_t i) const;

 private:
  at::Tensor data_;
  const void* ptr_ = nullptr;
  at::ScalarType type_;
  int64_t size_ = 0;
};

}  // namespace spmdcheck
