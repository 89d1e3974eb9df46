// Whole programs with several results and index operands through the
// soundness property (forward and gradients on simulated ranks): every
// result of split and sort is bound, executed, compared and given a
// cotangent where it is floating; the indices are compared bitwise and get
// none; index inputs hold in-range data, so gather and index_select run.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <algorithm>

#include "program/program_text.h"
#include "program_test_support.h"
#include "rules/table_loader.h"
#include "soundness/gradient_check.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

PropertyOutcome run(const char* text, uint64_t seed) { return test::run_passing_program(text, seed); }
using test::value_named;

// split of a P value: every piece is P and its own value; the pieces'
// cotangents flow back into one input gradient.
constexpr const char* kSplit =
    "mesh dp=2 tp=2\n\n"
    "input p : f64[6, 4] {dp: P, tp: V}\n"
    "input w : bf16[5, 3] {dp: R, tp: I}\n"
    "a, b, c = split(p, 2)\n"
    "d = add(a, c)\n"
    "r = all_reduce(d, dp, src=P, dst=R)\n"
    "u, v = split(w, [1, 4], dim=0)\n"
    "q, s, t = chunk(w, 3, -1)\n"
    "e, f, h = unbind(v, 1)\n"
    "output b, r, v, q, s, t, e, f, h, u\n";

TEST(ResultsPrograms, SplitPiecesAreComparedAndPassGradients) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const PropertyOutcome outcome = run(kSplit, seed);
    ASSERT_TRUE(outcome.checked.ok());
    for (const char* name : {"a", "b", "c", "u", "v", "q", "t", "f"}) {
      const int v = value_named(outcome.checked, name);
      EXPECT_TRUE(outcome.consistency.values[v].checked && outcome.consistency.values[v].ok) << name;
    }
    for (const char* input : {"p", "w"}) {
      const ValueVerdict& g = outcome.gradient_verdicts[value_named(outcome.checked, input)];
      EXPECT_TRUE(g.checked && g.ok && g.compared) << input;
      EXPECT_GT(g.magnitude, 0) << input << ": a cotangent reached it";
    }
  }
}

// sort, topk and max on data with many ties (quarters), indices reused by
// gather, and index inputs of several uses (drawn below the smallest bound).
constexpr const char* kSort =
    "mesh dp=2 tp=3\n\n"
    "input x : f32[4, 6] {dp: V, tp: R}\n"
    "input i : i64[4, 3] {dp: R, tp: R}\n"
    "input j : i64[5] {dp: I, tp: I}\n"
    "input y : f64[3, 2] {dp: I, tp: I}\n"
    "s, k = sort(x, descending=true)\n"
    "g = gather(x, 1, i)\n"
    "h = gather(s, 0, i)\n"
    "t, n = topk(s, 2, dim=0)\n"
    "m, l = max(x, 0)\n"
    "o, z = min(y, -1, keepdim=true)\n"
    "sel = index_select(y, 0, j)\n"
    "nar = narrow(x, 1, -3, 2)\n"
    "one = select(nar, 0, 3)\n"
    "output s, k, g, h, t, n, m, l, o, z, sel, one\n";

TEST(ResultsPrograms, SortTopkMaxAndGathersAgreeAtTies) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const PropertyOutcome outcome = run(kSort, seed);
    ASSERT_TRUE(outcome.checked.ok());
    const CheckResult& c = outcome.checked;
    for (const char* name : {"k", "n", "l", "z"}) {
      const int v = value_named(c, name);
      EXPECT_EQ(c.values[v].dtype, DType::I64) << name;
      EXPECT_EQ(outcome.consistency.values[v].tolerance, 0) << name << ": indices compare bitwise";
    }
    const std::vector<int> seeded = cotangent_values(c);
    for (const char* name : {"k", "n", "l", "z"})
      EXPECT_EQ(std::count(seeded.begin(), seeded.end(), value_named(c, name)), 0) << name << " gets no cotangent";
    for (const char* input : {"x", "y"}) EXPECT_TRUE(outcome.gradient_verdicts[value_named(c, input)].checked) << input;
    EXPECT_FALSE(outcome.gradient_verdicts[value_named(c, "i")].checked) << "an index has no gradient";
  }
}

}  // namespace
}  // namespace spmdcheck
