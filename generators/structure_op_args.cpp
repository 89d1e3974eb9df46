// Argument generators of the shape and structure family: shared helpers,
// the family's registration, and the ops that join a list of tensors
// (stack, hstack, vstack, dstack, column_stack, block_diag).
#include "generators/structure_op_args.h"

#include <algorithm>

namespace spmdcheck::gen {
namespace structure {

int64_t elements(const Shape& s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; ++i) n *= s.dims[i];
  return n;
}

int64_t random_size(Context& ctx) { return 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(std::max(1, ctx.settings.max_dim)))); }

Shape factor_shape(Context& ctx, int64_t count, int max_rank) {
  std::vector<int64_t> primes;
  for (int64_t n = count, p = 2; n > 1; ++p) {
    if (p * p > n) p = n;
    for (; n % p == 0; n /= p) primes.push_back(p);
  }
  const int lowest = primes.empty() ? 0 : 1;
  const int rank = lowest + static_cast<int>(ctx.pick(static_cast<uint64_t>(std::max(0, std::min(max_rank, 4) - lowest) + 1)));
  Shape s;
  s.rank = static_cast<uint8_t>(rank);
  std::fill_n(s.dims.begin(), rank, 1);
  for (int64_t p : primes) s.dims[ctx.pick(static_cast<uint64_t>(rank))] *= p;
  return s;
}

std::vector<int64_t> distinct_dims(Context& ctx, int k, int positions) {
  std::vector<int64_t> all(static_cast<size_t>(positions));
  for (int i = 0; i < positions; ++i) all[i] = i;
  for (int i = 0; i < k && i < positions; ++i) std::swap(all[i], all[i + ctx.pick(static_cast<uint64_t>(positions - i))]);
  all.resize(static_cast<size_t>(std::min(k, positions)));
  return all;
}

ArgValue ints_value(Context& ctx, std::vector<int64_t> v) {
  if (v.size() == 1 && ctx.chance(30)) return ArgValue::of_int(v[0]);
  return ArgValue::of_ints(std::move(v));
}

ArgValue dims_value(Context& ctx, std::span<const int64_t> dims, int positions) {
  std::vector<int64_t> v;
  for (int64_t d : dims) v.push_back(signed_dim(ctx, d, positions));
  return ints_value(ctx, std::move(v));
}

void set(OpPlan& plan, std::string_view param, ArgValue v) { plan.values[plan.op.param_index(param)] = std::move(v); }

namespace {

// stack: every tensor the anchor's shape (pre-filled); the new dim anywhere.
bool stack(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  if (s.rank >= kMaxRank || elements(s) * static_cast<int64_t>(plan.shapes.size()) > kMaxGrownElements) return false;
  const int64_t d = static_cast<int64_t>(ctx.pick(s.rank + 1u));
  if (d != 0 || ctx.chance(30)) set(plan, "dim", ArgValue::of_int(signed_dim(ctx, d, s.rank + 1)));
  return true;
}

// The anchor as hstack, vstack, dstack or column_stack lays it out (at least
// `min_rank` dims; column_stack: 0-d and 1-D as a column), and the dim they
// join along.
struct Laid {
  Shape shape;
  int dim;
};
Laid laid(const Shape& a, ShapeRule rule) {
  Shape s = a;
  const int64_t x = a.rank > 0 ? a.dims[0] : 1, y = a.rank > 1 ? a.dims[1] : 1;
  auto make = [&](std::initializer_list<int64_t> dims) {
    s.rank = static_cast<uint8_t>(dims.size());
    std::copy(dims.begin(), dims.end(), s.dims.begin());
  };
  switch (rule) {
    case ShapeRule::HStack:
      if (a.rank == 0) make({1});
      return {s, s.rank == 1 ? 0 : 1};
    case ShapeRule::VStack:
      if (a.rank == 0)
        make({1, 1});
      else if (a.rank == 1)
        make({1, x});
      return {s, 0};
    case ShapeRule::DStack:
      if (a.rank == 0)
        make({1, 1, 1});
      else if (a.rank == 1)
        make({1, x, 1});
      else if (a.rank == 2)
        make({x, y, 1});
      return {s, 2};
    default:  // column_stack
      if (a.rank <= 1) make({x, 1});
      return {s, 1};
  }
}

// A tensor that lays out like `l.shape` but at the joined dim: the laid-out
// shape with a new size there, or (where the size there is 1) a shape of
// fewer dims that the layout pads to it.
Shape joinable(Context& ctx, const Laid& l, ShapeRule rule) {
  Shape s = l.shape;
  s.dims[l.dim] = random_size(ctx);
  if (ctx.chance(50)) return s;
  const Shape& t = l.shape;
  Shape fewer;
  switch (rule) {
    case ShapeRule::HStack:  // 1-D: a 0-d tensor is one element
      if (t.rank == 1) return fewer;
      break;
    case ShapeRule::VStack:  // [1, n]: a 1-D [n]; [1, 1]: also 0-d
      if (t.rank == 2) {
        fewer.rank = 1;
        fewer.dims[0] = t.dims[1];
        if (t.dims[1] == 1 && ctx.chance(50)) fewer.rank = 0;
        return fewer;
      }
      break;
    case ShapeRule::DStack:  // [m, n, 1]: a 2-D [m, n]; [1, n, 1]: a 1-D [n]
      if (t.rank == 3) {
        fewer.rank = 2;
        fewer.dims[0] = t.dims[0];
        fewer.dims[1] = t.dims[1];
        if (t.dims[0] == 1 && ctx.chance(50)) fewer = Shape{1, {t.dims[1]}};
        return fewer;
      }
      break;
    default:  // column_stack, [n, 1]: a 1-D [n]; [1, 1]: also 0-d
      if (t.rank == 2) {
        fewer.rank = t.dims[0] == 1 && ctx.chance(30) ? 0 : 1;
        fewer.dims[0] = t.dims[0];
        return fewer;
      }
      break;
  }
  return s;
}

template <ShapeRule kRule>
bool stack_layout(Context& ctx, OpPlan& plan) {
  const Laid l = laid(plan.anchor_shape, kRule);
  for (size_t i = 1; i < plan.shapes.size(); ++i) plan.shapes[i] = joinable(ctx, l, kRule);
  return true;
}

// block_diag: blocks of at most 2 dims.
bool block_diag(Context& ctx, OpPlan& plan) {
  if (plan.anchor_shape.rank > 2) return false;
  for (size_t i = 1; i < plan.shapes.size(); ++i) {
    Shape s;
    s.rank = static_cast<uint8_t>(ctx.pick(3));
    for (int k = 0; k < s.rank; ++k) s.dims[k] = random_size(ctx);
    plan.shapes[i] = s;
  }
  return true;
}

}  // namespace

void register_join_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Stack)] = stack;
  g[static_cast<int>(ShapeRule::HStack)] = stack_layout<ShapeRule::HStack>;
  g[static_cast<int>(ShapeRule::VStack)] = stack_layout<ShapeRule::VStack>;
  g[static_cast<int>(ShapeRule::DStack)] = stack_layout<ShapeRule::DStack>;
  g[static_cast<int>(ShapeRule::ColumnStack)] = stack_layout<ShapeRule::ColumnStack>;
  g[static_cast<int>(ShapeRule::BlockDiag)] = block_diag;
}

}  // namespace structure

void register_structure_args(ArgsGenerators& g) {
  structure::register_join_args(g);
  structure::register_reshape_args(g);
  structure::register_dims_args(g);
  structure::register_repeat_args(g);
}

}  // namespace spmdcheck::gen
