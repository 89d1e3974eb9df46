// Test data of i64 and bool inputs: indices in [0, bound) where bound is the
// smallest the checked program's shape rules recorded for the input
// (input_index_bounds), small non-negative integers otherwise, and integer
// P pieces; a bool value cannot be P.
#include <set>

#include "executor/test_data.h"
#include "executor_test_support.h"

namespace spmdcheck {
namespace {

InputStmt input_of(const test::CheckedProgram& p, const std::string& name) {
  for (const Statement& s : p.program.statements)
    if (const auto* in = std::get_if<InputStmt>(&s); in && in->name == name) return *in;
  ADD_FAILURE() << "no input " << name;
  return {};
}

// Every element of every item is an integer in [low, high).
void expect_integers_in(const Denotation& d, int64_t low, int64_t high) {
  for (const at::Tensor& item : d.items) {
    EXPECT_EQ(item.scalar_type(), at::kDouble);
    EXPECT_TRUE(at::equal(item, item.round()));
    EXPECT_GE(item.min().item<double>(), static_cast<double>(low));
    EXPECT_LT(item.max().item<double>(), static_cast<double>(high));
  }
}

TEST(IndexData, AnIndexInputIsBoundedByItsSmallestUse) {
  test::CheckedProgram p = test::check_text(
      "mesh dp=2\n\ninput x : f64[5, 4] {dp: V}\ninput y : f64[3] {dp: R}\ninput i : i64[6] {dp: R}\n"
      "a = index_select(x, 0, i)\nb = gather(y, 0, i)\nc = index_select(x, 1, i)\n");
  const std::vector<int64_t> bounds = input_index_bounds(p.checked);
  ASSERT_EQ(bounds.size(), p.checked.values.size());
  EXPECT_EQ(bounds[0], 0) << "x is no index";
  EXPECT_EQ(bounds[2], 3) << "min(5, 3, 4)";
  ASSERT_EQ(p.checked.bindings[0].index_bounds.size(), 1u);
  EXPECT_EQ(p.checked.bindings[0].index_bounds[0].value, 2);
  EXPECT_EQ(p.checked.bindings[0].index_bounds[0].bound, 5);
  DataRng rng(11);
  const Denotation d = make_input_denotation(input_of(p, "i"), MeshLayout(p.program.mesh), rng, bounds[2]);
  ASSERT_EQ(d.items.size(), 1u);
  expect_integers_in(d, 0, 3);
  std::set<double> seen;
  for (int64_t k = 0; k < d.items[0].numel(); ++k) seen.insert(d.items[0][k].item<double>());
  EXPECT_GE(seen.size(), 2u) << "the indices vary";
}

TEST(IndexData, UnboundedIntegerInputsHoldSmallNonNegativeIntegers) {
  test::CheckedProgram p = test::check_text("mesh dp=3\n\ninput i : i64[4, 4] {dp: V}\ninput m : bool[8] {dp: I}\n");
  DataRng rng(3);
  const Denotation i = make_input_denotation(input_of(p, "i"), MeshLayout(p.program.mesh), rng);
  EXPECT_EQ(i.items.size(), 3u);
  expect_integers_in(i, 0, 4);
  const Denotation m = make_input_denotation(input_of(p, "m"), MeshLayout(p.program.mesh), rng);
  expect_integers_in(m, 0, 2);
  const RankTensors masks = realize_denotation(m, DType::Bool, MeshLayout(p.program.mesh), {0, 1, 2}, rng);
  for (const at::Tensor& t : masks) EXPECT_TRUE(test::same(t, m.items[0].to(at::kBool)));
}

TEST(IndexData, APartialI64ValueSplitsIntoIntegerPieces) {
  test::CheckedProgram p = test::check_text("mesh dp=2 tp=3\n\ninput i : i64[3, 5] {dp: P, tp: P}\n");
  const MeshLayout layout(p.program.mesh);
  DataRng rng(5);
  const Denotation d = make_input_denotation(input_of(p, "i"), layout, rng);
  const RankTensors ranks = realize_denotation(d, DType::I64, layout, {0, 1, 2, 3, 4, 5}, rng);
  at::Tensor sum = at::zeros({3, 5}, at::kLong);
  for (const at::Tensor& t : ranks) {
    EXPECT_EQ(t.scalar_type(), at::kLong);
    sum += t;
  }
  EXPECT_TRUE(test::same(sum, d.items[0].to(at::kLong)));
  EXPECT_FALSE(test::same(ranks[0], d.items[0].to(at::kLong))) << "not all on rank 0";
}

TEST(IndexData, ABoolValueCannotBePartial) {
  // The default table's P row excludes bool (type.dtype), so no checked
  // program has one; the data generator refuses one all the same.
  test::CheckedProgram p = test::check_text("mesh dp=2\n\ninput m : bool[3] {dp: R}\n");
  InputStmt m = input_of(p, "m");
  m.type.type.axis[0] = Ty::P;
  const MeshLayout layout(p.program.mesh);
  DataRng rng(1);
  const Denotation d = make_input_denotation(m, layout, rng);
  EXPECT_THROW(realize_denotation(d, DType::Bool, layout, {0, 1}, rng), std::invalid_argument);
}

}  // namespace
}  // namespace spmdcheck
