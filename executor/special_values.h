#pragma once
// Special values in test data: NaN, +inf, -inf, +0, -0 and large finite
// magnitudes mixed into the denotation of floating inputs, so that a
// program whose reference holds non-finite numbers is still compared
// (oracle/consistency.h: special elements compare exactly).
//
// Regular input elements are non-zero quarters k/4 with |k| <= 8
// (test_data.h), so an input element is special exactly when it is not
// such a quarter (is_special_element): the data themselves say which
// elements are special, and realize_denotation splits those differently.
//
// What a P split of a special item means (realize_denotation with
// `special`): the pieces must sum to the item in every order, so
//   - NaN, +inf, -inf: one piece (drawn) holds it, the others hold finite
//     non-zero quarters (x + finite = x; inf + -inf would be NaN, so an
//     infinity is never split into infinities);
//   - +0, -0: every piece holds the same signed zero (-0 + -0 = -0);
//   - a large magnitude: one piece holds it, the others +0 (a finite
//     piece would round away in the dtype but not in the f64 denotation).
// A P value with NaN on one rank is therefore "NaN plus finite pieces":
// an op that drops NaN rank by rank (nansum) keeps the other ranks' pieces,
// which the reference, dropping the whole element, does not.
#include <cstdint>
#include <vector>

#include <ATen/ATen.h>

#include "executor/test_data.h"
#include "oracle/denotation.h"
#include "program/tensor_meta.h"

namespace spmdcheck {

enum class SpecialKind { NaN, PosInf, NegInf, PosZero, NegZero, PosLarge, NegLarge };
inline constexpr int kSpecialKinds = 7;

// The large magnitude of a dtype: 2^(emax - 3), times 1 or 1.5 when drawn.
// Exact in the dtype, finite, and a product of two (or a sum of about six)
// overflows it.
double large_magnitude(DType dtype);

// The value of a kind in `dtype` (a large one times `scale`, 1 or 1.5).
double special_value(SpecialKind kind, DType dtype, double scale = 1);

// Not a non-zero quarter of magnitude <= 2 (a regular input element).
bool is_special_element(double x);

// Replaces each element of each item, independently with probability
// rate_percent / 100, by a special value of a kind drawn uniformly (a large
// one with scale 1 or 1.5), drawn from `rng` in item order, row-major.
// Returns how many elements it replaced. Rate 0 draws nothing.
int64_t mix_special_values(Denotation& den, DType dtype, int rate_percent, DataRng& rng);

// Overwrites, in `pieces` (f64, the split of `item`), every position where
// `item` is special with that special's split (see the file comment),
// drawing the piece that holds it from `rng`. `mask` is special_mask(item).
void place_special_pieces(const at::Tensor& item, const at::Tensor& mask, std::vector<at::Tensor>& pieces, DataRng& rng);

// Per element of an f64 tensor: is_special_element (a bool tensor).
at::Tensor special_mask(const at::Tensor& item);

}  // namespace spmdcheck
