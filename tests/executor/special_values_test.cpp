// Special values in test data (executor/special_values.h): the rate, the
// determinism, the kinds drawn, how P pieces carry them, and the exact
// comparison of special elements (oracle/consistency.h, special_match).
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "executor/special_values.h"
#include "executor/test_data.h"
#include "executor_test_support.h"
#include "oracle/consistency.h"
#include "oracle/denotation_index.h"
#include "oracle/value_tolerance.h"

namespace spmdcheck {
namespace {

LocalType type_of(std::initializer_list<Ty> axes) {
  LocalType t;
  for (Ty a : axes) t.axis[t.num_axes++] = a;
  return t;
}

using test::all_ranks;

Denotation regular(const MeshLayout& layout, LocalType type, std::vector<int64_t> sizes, uint64_t seed) {
  return test::input_denotation(layout, type, std::move(sizes), seed, DType::F32);
}

int64_t special_count(const Denotation& d) {
  int64_t n = 0;
  for (const at::Tensor& item : d.items) n += special_mask(item).sum().item<int64_t>();
  return n;
}

TEST(SpecialValues, RegularDataHoldsNoSpecialElement) {
  const MeshLayout layout({2, 2});
  EXPECT_EQ(special_count(regular(layout, type_of({Ty::V, Ty::P}), {6, 6}, 3)), 0);
}

TEST(SpecialValues, TheRateIsThePercentOfElementsReplaced) {
  const MeshLayout layout({1});
  Denotation d = regular(layout, type_of({Ty::R}), {100, 100}, 1);
  DataRng rng(7);
  const int64_t mixed = mix_special_values(d, DType::F32, 5, rng);
  EXPECT_EQ(mixed, special_count(d));
  EXPECT_GT(mixed, 400);  // 500 expected of 10,000
  EXPECT_LT(mixed, 600);
  Denotation none = regular(layout, type_of({Ty::R}), {10, 10}, 1);
  DataRng rng0(7);
  EXPECT_EQ(mix_special_values(none, DType::F32, 0, rng0), 0);
  EXPECT_TRUE(test::same(none.items[0], regular(layout, type_of({Ty::R}), {10, 10}, 1).items[0]));
}

TEST(SpecialValues, TheSameSeedMixesTheSameElements) {
  const MeshLayout layout({1});
  Denotation a = regular(layout, type_of({Ty::R}), {20, 20}, 1), b = a, c = a;
  for (at::Tensor& t : b.items) t = t.clone();
  for (at::Tensor& t : c.items) t = t.clone();
  DataRng ra(11), rb(11), rc(12);
  mix_special_values(a, DType::F32, 10, ra);
  mix_special_values(b, DType::F32, 10, rb);
  mix_special_values(c, DType::F32, 10, rc);
  // Bitwise (NaN payloads and zero signs included).
  EXPECT_EQ(std::memcmp(a.items[0].data_ptr<double>(), b.items[0].data_ptr<double>(), 400 * sizeof(double)), 0);
  EXPECT_NE(std::memcmp(a.items[0].data_ptr<double>(), c.items[0].data_ptr<double>(), 400 * sizeof(double)), 0);
}

TEST(SpecialValues, EveryKindIsDrawnAndLargeMagnitudesOverflowOnlyWhenCombined) {
  for (DType dtype : {DType::F64, DType::F32, DType::BF16, DType::F16}) {
    const MeshLayout layout({1});
    Denotation d = regular(layout, type_of({Ty::R}), {50, 50}, 2);
    DataRng rng(5);
    mix_special_values(d, dtype, 20, rng);
    std::set<std::string> kinds;
    const at::Tensor t = d.items[0];
    const double* p = t.data_ptr<double>();
    const double large = large_magnitude(dtype);
    for (int64_t i = 0; i < t.numel(); ++i) {
      if (std::isnan(p[i]))
        kinds.insert("nan");
      else if (std::isinf(p[i]))
        kinds.insert(p[i] > 0 ? "+inf" : "-inf");
      else if (p[i] == 0)
        kinds.insert(std::signbit(p[i]) ? "-0" : "+0");
      else if (std::fabs(p[i]) >= large) {
        kinds.insert(p[i] > 0 ? "+large" : "-large");
        EXPECT_TRUE(std::fabs(p[i]) == large || std::fabs(p[i]) == 1.5 * large);
      }
    }
    EXPECT_EQ(kinds.size(), 7u) << dtype_name(dtype);
    // Finite and exact in the dtype; the product of two is not finite there.
    const at::Tensor in_dtype = at::full({}, 1.5 * large, at::kDouble).to(to_scalar_type(dtype));
    EXPECT_EQ(in_dtype.to(at::kDouble).item<double>(), 1.5 * large) << dtype_name(dtype);
    EXPECT_TRUE(std::isinf((in_dtype * in_dtype).to(at::kDouble).item<double>())) << dtype_name(dtype);
    // Below f64 the f64 reference does not overflow where the ranks do
    // (LooseReason::Overflow); in f64 both do.
    EXPECT_EQ(std::isfinite(large * large), dtype != DType::F64) << dtype_name(dtype);
  }
}

TEST(SpecialValues, PPiecesCarrySpecialElementsAsDocumented) {
  const MeshLayout layout({4});
  const LocalType p = type_of({Ty::P});
  Denotation d = regular(layout, p, {4, 8}, 9);
  double* x = d.items[0].data_ptr<double>();
  const double inf = std::numeric_limits<double>::infinity();
  const double specials[] = {std::nan(""), inf, -inf, 0.0, -0.0, large_magnitude(DType::F32), -1.5 * large_magnitude(DType::F32)};
  for (int i = 0; i < 7; ++i) x[i * 4] = specials[i];
  DataRng rng(3);
  const RankTensors ranks = realize_denotation(d, DType::F32, layout, all_ranks(layout), rng, /*special=*/true);
  for (int i = 0; i < 7; ++i) {
    int holders = 0, finite_others = 0, zero_others = 0;
    for (const at::Tensor& r : ranks) {
      const double v = r.to(at::kDouble).reshape({-1})[i * 4].item<double>();
      const bool holds = std::isnan(specials[i]) ? std::isnan(v) : v == specials[i] && std::signbit(v) == std::signbit(specials[i]);
      holders += holds;
      finite_others += !holds && std::isfinite(v) && v != 0;
      zero_others += !holds && v == 0;
    }
    if (specials[i] == 0) {
      EXPECT_EQ(holders, 4) << "a signed zero is that zero on every piece";
    } else {
      EXPECT_EQ(holders, 1) << i;
      if (std::isfinite(specials[i]))
        EXPECT_EQ(zero_others, 3) << "a large magnitude: the other pieces are zero";
      else
        EXPECT_EQ(finite_others, 3) << "NaN and infinities: the other pieces are non-zero quarters";
    }
  }
  // The pieces still sum to the denotation, special elements exactly.
  const Denotation back = denotation_from_ranks(layout, p, ranks);
  const at::Tensor want = d.items[0].reshape({-1}), got = back.items[0].reshape({-1});
  for (int64_t i = 0; i < want.numel(); ++i) EXPECT_TRUE(special_match(want[i].item<double>(), got[i].item<double>(), 0)) << i;
  // The regular elements are still spread over ranks with both signs.
  EXPECT_GT(special_count(d), 0);
}

TEST(SpecialValues, AnItemOfSpecialElementsOnlyIsRealizable) {
  const MeshLayout layout({2});
  Denotation d = regular(layout, type_of({Ty::P}), {}, 1);
  d.items[0].fill_(std::numeric_limits<double>::infinity());
  DataRng rng(1);
  const RankTensors ranks = realize_denotation(d, DType::F64, layout, all_ranks(layout), rng, true);
  EXPECT_TRUE(std::isinf((ranks[0] + ranks[1]).item<double>()));
}

TEST(SpecialMatch, ComparesSpecialValuesExactly) {
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(special_match(nan, nan, 0));
  EXPECT_TRUE(special_match(nan, nan, 1));
  EXPECT_FALSE(special_match(nan, 1.0, 1e9)) << "NaN on the reference side only";
  EXPECT_FALSE(special_match(1.0, nan, 1e9)) << "NaN on the ranks' side only";
  EXPECT_FALSE(special_match(nan, inf, 0));
  EXPECT_TRUE(special_match(inf, inf, 0));
  EXPECT_TRUE(special_match(-inf, -inf, 0.5));
  EXPECT_FALSE(special_match(inf, -inf, 1e300));
  EXPECT_FALSE(special_match(inf, 1e308, 1e300)) << "an infinity is matched by itself, not by a large number";
  EXPECT_FALSE(special_match(1e308, inf, 1e300)) << "a finite reference is not matched by an infinity";
  EXPECT_TRUE(special_match(0.0, -0.0, 0)) << "+0 and -0 are equal";
  EXPECT_TRUE(special_match(-0.0, 0.0, 0));
  EXPECT_TRUE(special_match(1.0, 1.0 + 1e-9, 1e-8));
  EXPECT_FALSE(special_match(1.0, 1.0 + 1e-7, 1e-8));
  EXPECT_FALSE(special_match(1.0, 1.0 + 1e-16 * 4, 0)) << "0: bitwise";
}

// The reference rounds a denotation to its dtype, a P sum read off the
// ranks is an f64 sum: past the dtype's range the one is an infinity, the
// other finite, and they match where the finite one is within the
// tolerance of the overflow threshold (bf16: 3.3961e38).
TEST(SpecialMatch, AnInfinityMatchesAFiniteNumberWithinTheToleranceOfTheDtypesOverflow) {
  const double inf = std::numeric_limits<double>::infinity();
  const double bf16 = overflow_threshold(at::kBFloat16);
  EXPECT_EQ(bf16, 0x1.ffp127);  // bf16's largest finite value 0x1.fep127 plus half its ulp
  EXPECT_EQ(overflow_threshold(at::kFloat), 0x1.ffffffp127);
  EXPECT_EQ(overflow_threshold(at::kHalf), 65520.0);
  EXPECT_EQ(overflow_threshold(at::kDouble), inf);
  EXPECT_TRUE(special_match(-inf, -3.83e38, 1.79e37, bf16)) << "the bf16 --global search at seed 104";
  EXPECT_TRUE(special_match(-inf, -3.3e38, 1e37, bf16)) << "within the tolerance of the threshold";
  EXPECT_FALSE(special_match(-inf, -3.3e38, 1e36, bf16)) << "not within it";
  EXPECT_FALSE(special_match(inf, -3.83e38, 1e37, bf16)) << "the other sign";
  EXPECT_TRUE(special_match(-inf, -bf16, 0, bf16)) << "bitwise: exactly the threshold rounds to the infinity";
  EXPECT_FALSE(special_match(-inf, std::nextafter(-bf16, 0.0), 0, bf16));
  EXPECT_TRUE(special_match(3.3e38, inf, 1e37, bf16)) << "the converse";
  EXPECT_FALSE(special_match(3.3e38, inf, 1e37)) << "no dtype: an infinity is matched by itself";
  EXPECT_FALSE(special_match(-inf, std::nan(""), 1e300, bf16));
}

TEST(SpecialMatch, ADenotationWithNaNOnOneSideOnlyIsAnInconsistency) {
  const MeshLayout layout({2});
  const LocalType r = type_of({Ty::R});
  Shape shape;
  shape.rank = 1;
  shape.dims[0] = 3;
  Denotation want;
  want.type = r;
  want.items.push_back(at::tensor({1.0, std::nan(""), -std::numeric_limits<double>::infinity()}, at::kDouble));
  const at::Tensor same = want.items[0].clone();
  EXPECT_FALSE(check_rank_values("x", r, shape, layout, want, {same, same}, 0, true).has_value());
  const at::Tensor other = at::tensor({1.0, 2.0, -std::numeric_limits<double>::infinity()}, at::kDouble);
  const auto bad = check_rank_values("x", r, shape, layout, want, {other, other.clone()}, 1e9, true);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->kind, Inconsistency::Kind::Denotation);
  EXPECT_EQ(bad->element, 1);
}

TEST(LooseReason, EveryReasonHasAName) {
  std::set<std::string> names;
  for (LooseReason r :
       {LooseReason::None, LooseReason::Operand, LooseReason::NonFiniteFactor, LooseReason::NonFiniteResult, LooseReason::NonFiniteKernel,
        LooseReason::Overflow, LooseReason::Pole, LooseReason::Tie, LooseReason::Kink, LooseReason::Jump, LooseReason::Assumption})
    names.insert(loose_reason_name(r));
  EXPECT_EQ(names.size(), 11u);
}

}  // namespace
}  // namespace spmdcheck
