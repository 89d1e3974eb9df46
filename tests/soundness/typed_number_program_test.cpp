// Whole programs whose typing reads a number parameter or an index as a
// factor, through the soundness property on the default table (forward and
// gradients on simulated ranks): a typed scalar at addmm's alpha or beta is
// that rank's piece in the kernel, not the parameter's default (the kernels
// once ignored it and computed alpha = 1 on every rank: the mutants of the
// decompositions' typing found it once the generators wrote `alpha=s`), and
// index_select / gather keep a P input's partial sum with an R index
// (MULTILINEAR: the index is a factor, never P).
#include <gtest/gtest.h>

#include "oracle/checker.h"
#include "program_test_support.h"

namespace spmdcheck {
namespace {

constexpr const char* kTypedAlphaAndBeta =
    "mesh dp=2 tp=2\n\n"
    "input x : f64[2, 3] {dp: P, tp: R}\n"
    "input a : f64[2, 4] {dp: R, tp: R}\n"
    "input b : f64[4, 3] {dp: R, tp: V}\n"
    "input s : scalar {dp: P, tp: R}\n"
    "input t : scalar {dp: R, tp: V}\n"
    "y = addmm(x, a, b, alpha=s)\n"
    "z = addmm(y, a, b, beta=t, alpha=s)\n"
    "output y, z\n";

TEST(TypedNumberPrograms, TypedScalarAlphaAndBetaAreEachRanksPiece) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    const PropertyOutcome o = test::run_passing_program(kTypedAlphaAndBeta, seed);
    ASSERT_TRUE(o.checked.ok());
    const ValueInfo& z = o.checked.values[test::value_named(o.checked, "z")];
    EXPECT_EQ(z.type.axis[0], Ty::P);
    EXPECT_EQ(z.type.axis[1], Ty::V);
  }
}

constexpr const char* kPartialIndexed =
    "mesh dp=2\n\n"
    "input x : f64[3, 4] {dp: P}\n"
    "input i : i64[2] {dp: R}\n"
    "input j : i64[2, 4] {dp: R}\n"
    "y = index_select(x, 0, i)\n"
    "z = gather(x, 0, j)\n"
    "output y, z\n";

TEST(TypedNumberPrograms, IndexSelectAndGatherKeepAPartialInputWithAnRIndex) {
  for (uint64_t seed : {1, 2, 3}) {
    const PropertyOutcome o = test::run_passing_program(kPartialIndexed, seed);
    ASSERT_TRUE(o.checked.ok());
    EXPECT_EQ(o.checked.values[test::value_named(o.checked, "y")].type.axis[0], Ty::P);
    EXPECT_EQ(o.checked.values[test::value_named(o.checked, "z")].type.axis[0], Ty::P);
  }
}

}  // namespace
}  // namespace spmdcheck
