// The raw torch.distributed collectives through the soundness property:
// their values are the law's (blocks of dim 0, the sum for all_reduce), and
// no gradient flows through them (no_gradient rows: spmd_types' raw
// collectives are not differentiable), on the ranks and in the reference.
#include <gtest/gtest.h>

#include "program_test_support.h"

namespace spmdcheck {
namespace {

PropertyOutcome run(const char* text, uint64_t seed) { return test::run_passing_program(text, seed); }
using test::value_named;

// p reaches the outputs through raw collectives only; x also through mul.
constexpr const char* kRaw =
    "mesh dp=2 tp=3\n\n"
    "input p : f64[18, 2] {dp: V, tp: P}\n"
    "input x : f32[2, 2] {dp: V, tp: V}\n"
    "input out : f32[6, 2] {dp: V, tp: R}\n"
    "input blocks : f64[6, 2] {dp: V, tp: V}\n"
    "input mixed : f64[6, 2] {dp: V, tp: V}\n"
    "s = dist_reduce_scatter_tensor(blocks, p, tp)\n"
    "a = dist_all_to_all_single(mixed, s, tp)\n"
    "r = dist_all_reduce(p, tp, op=\"sum\")\n"
    "g = dist_all_gather_into_tensor(out, x, tp)\n"
    "y = mul(x, x)\n"
    "output a, r, g, y\n";

TEST(RawDistPrograms, ValuesFollowTheBlocksLawAndNoGradientFlows) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const PropertyOutcome outcome = run(kRaw, seed);
    ASSERT_TRUE(outcome.checked.ok());
    const CheckResult& c = outcome.checked;
    for (const char* name : {"s", "a", "r", "g"}) {
      const ValueVerdict& v = outcome.consistency.values[value_named(c, name)];
      EXPECT_TRUE(v.checked && v.ok && v.compared) << name;
      EXPECT_GT(v.magnitude, 0) << name << " holds data";
    }
    const ValueVerdict& p = outcome.gradient_verdicts[value_named(c, "p")];
    EXPECT_TRUE(p.checked && p.ok) << "p's gradient agrees";
    EXPECT_EQ(p.magnitude, 0) << "no cotangent reaches p through a raw collective";
    const ValueVerdict& x = outcome.gradient_verdicts[value_named(c, "x")];
    EXPECT_TRUE(x.checked && x.ok) << "x's gradient agrees";
    EXPECT_GT(x.magnitude, 0) << "x's gradient flows through mul";
  }
}

}  // namespace
}  // namespace spmdcheck
