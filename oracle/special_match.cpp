// The element comparison of the consistency checks (oracle/consistency.h):
// special values exactly, finite ones within a bound, an infinity against a
// finite number at the dtype's overflow threshold.
#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "oracle/consistency.h"

namespace spmdcheck {

bool special_match(double want, double got, double allowed, double overflow) {
  if (std::isnan(want)) return std::isnan(got);
  // An infinity and a finite number of its sign within `allowed` of the
  // dtype's overflow threshold: within the error bound the exact value
  // may round either way.
  auto rounds_to = [&](double finite, double infinity) {
    return std::signbit(finite) == std::signbit(infinity) && std::fabs(finite) + allowed >= overflow;
  };
  if (std::isinf(want)) return got == want || (std::isfinite(got) && rounds_to(got, want));
  if (std::isinf(got)) return rounds_to(want, got);
  if (!std::isfinite(got)) return false;
  return allowed == 0 ? want == got : std::fabs(want - got) <= allowed;  // == holds for +0 and -0
}

double overflow_threshold(at::ScalarType dtype) {
  auto threshold = [](auto max_value) {
    using T = decltype(max_value);
    using limits = std::numeric_limits<T>;
    return static_cast<double>(limits::max()) + std::ldexp(1.0, limits::max_exponent - limits::digits - 1);
  };
  switch (dtype) {
    case at::kFloat: return threshold(float{});
    case at::kBFloat16: return threshold(c10::BFloat16{});
    case at::kHalf: return threshold(c10::Half{});
    default: return std::numeric_limits<double>::infinity();
  }
}

}  // namespace spmdcheck
