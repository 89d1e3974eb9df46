// Special values in test data (see special_values.h).
#include "executor/special_values.h"

#include <cmath>
#include <limits>

namespace spmdcheck {

double large_magnitude(DType dtype) {
  switch (dtype) {
    case DType::F16: return std::ldexp(1.0, 15 - 3);
    case DType::F32:
    case DType::BF16: return std::ldexp(1.0, 127 - 3);
    default: return std::ldexp(1.0, 1023 - 3);
  }
}

double special_value(SpecialKind kind, DType dtype, double scale) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (kind) {
    case SpecialKind::NaN: return std::numeric_limits<double>::quiet_NaN();
    case SpecialKind::PosInf: return inf;
    case SpecialKind::NegInf: return -inf;
    case SpecialKind::PosZero: return 0.0;
    case SpecialKind::NegZero: return -0.0;
    case SpecialKind::PosLarge: return scale * large_magnitude(dtype);
    case SpecialKind::NegLarge: return -scale * large_magnitude(dtype);
  }
  return 0.0;
}

bool is_special_element(double x) { return !(std::isfinite(x) && x != 0 && std::fabs(x) <= 2); }

int64_t mix_special_values(Denotation& den, DType dtype, int rate_percent, DataRng& rng) {
  if (rate_percent <= 0 || !dtype_is_floating(dtype)) return 0;
  int64_t mixed = 0;
  for (at::Tensor& item : den.items) {
    item = item.to(at::kDouble).contiguous();
    double* p = item.data_ptr<double>();
    for (int64_t i = 0; i < item.numel(); ++i) {
      if (rng.uniform(0, 99) >= rate_percent) continue;
      const auto kind = static_cast<SpecialKind>(rng.uniform(0, kSpecialKinds - 1));
      p[i] = special_value(kind, dtype, rng.uniform(0, 1) ? 1.5 : 1.0);
      ++mixed;
    }
  }
  return mixed;
}

at::Tensor special_mask(const at::Tensor& item) {
  const at::Tensor c = item.to(at::kDouble).contiguous();
  at::Tensor mask = at::zeros(c.sizes(), at::TensorOptions().dtype(at::kBool));
  const double* p = c.data_ptr<double>();
  bool* m = mask.data_ptr<bool>();
  for (int64_t i = 0; i < c.numel(); ++i) m[i] = is_special_element(p[i]);
  return mask;
}

void place_special_pieces(const at::Tensor& item, const at::Tensor& mask, std::vector<at::Tensor>& pieces, DataRng& rng) {
  const at::Tensor c = item.to(at::kDouble).contiguous();
  const double* p = c.data_ptr<double>();
  const bool* m = mask.data_ptr<bool>();
  const int64_t count = static_cast<int64_t>(pieces.size());
  std::vector<double*> data;
  for (at::Tensor& piece : pieces) {
    piece = piece.contiguous();
    data.push_back(piece.data_ptr<double>());
  }
  for (int64_t i = 0; i < c.numel(); ++i) {
    if (!m[i]) continue;
    const double x = p[i];
    if (x == 0) {  // a signed zero: the same zero on every piece
      for (double* d : data) d[i] = x;
      continue;
    }
    const int64_t holder = rng.uniform(0, count - 1);
    for (int64_t j = 0; j < count; ++j) {
      if (j == holder) {
        data[j][i] = x;
      } else if (std::isfinite(x)) {
        data[j][i] = 0.0;  // a large magnitude: the rest of the sum is zero
      } else {
        int64_t k = rng.uniform(-8, 7);  // a non-zero quarter
        data[j][i] = static_cast<double>(k >= 0 ? k + 1 : k) / 4.0;
      }
    }
  }
}

}  // namespace spmdcheck
