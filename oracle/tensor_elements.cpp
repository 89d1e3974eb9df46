#include "oracle/tensor_elements.h"

#include <stdexcept>
#include <string>

namespace spmdcheck {

TensorElements::TensorElements(const at::Tensor& t) : data_(t.contiguous()), type_(t.scalar_type()), size_(t.numel()) {
  ptr_ = data_.data_ptr();
  switch (type_) {
    case at::kDouble:
    case at::kFloat:
    case at::kBFloat16:
    case at::kHalf:
    case at::kLong:
    case at::kBool: break;
    default: throw std::invalid_argument(std::string("TensorElements: no dtype of the format: ") + c10::toString(type_));
  }
}

double TensorElements::operator[](int64_t i) const {
  switch (type_) {
    case at::kDouble: return static_cast<const double*>(ptr_)[i];
    case at::kFloat: return static_cast<const float*>(ptr_)[i];
    case at::kBFloat16: return static_cast<float>(static_cast<const c10::BFloat16*>(ptr_)[i]);
    case at::kHalf: return static_cast<float>(static_cast<const c10::Half*>(ptr_)[i]);
    case at::kLong: return static_cast<double>(static_cast<const int64_t*>(ptr_)[i]);
    case at::kBool: return static_cast<const bool*>(ptr_)[i] ? 1.0 : 0.0;
    default: return 0;  // the constructor admits no other dtype
  }
}

}  // namespace spmdcheck
