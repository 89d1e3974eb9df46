// Argument generators of the shape and structure ops that move elements
// within the shape (flip, fliplr, flipud, roll), take a diagonal, repeat
// elements (repeat, tile, repeat_interleave) or take windows (unfold).
#include <algorithm>

#include "generators/structure_op_args.h"

namespace spmdcheck::gen::structure {
namespace {

// flip: 0-3 distinct dims.
bool flip(Context& ctx, OpPlan& plan) {
  const int positions = std::max<int>(plan.anchor_shape.rank, 1);
  const int k = static_cast<int>(ctx.pick(std::min(positions, 3) + 1u));
  set(plan, "dims", dims_value(ctx, distinct_dims(ctx, k, positions), positions));
  return true;
}

bool nothing(Context&, OpPlan&) { return true; }

int64_t random_shift(Context& ctx) { return static_cast<int64_t>(ctx.pick(15)) - 7; }

// roll: one shift of the flattened input, or one shift per dim (a dim may
// come twice: it is rolled twice).
bool roll(Context& ctx, OpPlan& plan) {
  const int r = plan.anchor_shape.rank;
  if (r == 0 || ctx.chance(30)) {
    set(plan, "shifts", ints_value(ctx, {random_shift(ctx)}));
    return true;
  }
  const int k = 1 + static_cast<int>(ctx.pick(std::min(r, 3)));
  std::vector<int64_t> dims = distinct_dims(ctx, k, r), shifts;
  if (k >= 2 && ctx.chance(20)) dims[1] = dims[0];
  for (int i = 0; i < k; ++i) shifts.push_back(random_shift(ctx));
  set(plan, "shifts", ints_value(ctx, std::move(shifts)));
  set(plan, "dims", dims_value(ctx, dims, r));
  return true;
}

// diagonal: two distinct dims (or the defaults 0 and 1) and an offset whose
// diagonal is not empty.
bool diagonal(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  int64_t d1 = 0, d2 = 1;
  if (ctx.chance(60)) {
    const std::vector<int64_t> two = distinct_dims(ctx, 2, a.rank);
    d1 = two[0];
    d2 = two[1];
    set(plan, "dim1", ArgValue::of_int(signed_dim(ctx, d1, a.rank)));
    set(plan, "dim2", ArgValue::of_int(signed_dim(ctx, d2, a.rank)));
  }
  if (ctx.chance(60)) {
    const int64_t low = 1 - a.dims[d1], high = a.dims[d2] - 1;  // offsets with a non-empty diagonal
    set(plan, "offset", ArgValue::of_int(low + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(high - low + 1)))));
  }
  return true;
}

// Counts of 1-3 for `padded` (the shape the counts apply to), 1 wherever a
// larger one would grow the result past kMaxGrownElements.
std::vector<int64_t> counts_for(Context& ctx, const Shape& padded) {
  int64_t count = elements(padded);
  std::vector<int64_t> out;
  for (int i = 0; i < padded.rank; ++i) {
    int64_t c = ctx.chance(50) ? 2 + static_cast<int64_t>(ctx.pick(2)) : 1;
    if (count * c > kMaxGrownElements) c = 1;
    count *= c;
    out.push_back(c);
  }
  return out;
}

// `a` with `k - rank` leading size-1 dims (k >= rank).
Shape padded(const Shape& a, int k) {
  Shape s;
  s.rank = static_cast<uint8_t>(k);
  std::fill_n(s.dims.begin(), k - a.rank, 1);
  std::copy_n(a.dims.begin(), a.rank, s.dims.begin() + (k - a.rank));
  return s;
}

// repeat: a count per dim, and up to 2 leading new dims.
bool repeat(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  const int k = a.rank + static_cast<int>(ctx.pick(std::min(3, kMaxRank - a.rank + 1)));
  set(plan, "repeats", ints_value(ctx, counts_for(ctx, padded(a, k))));
  return true;
}

// tile: 0 .. rank + 1 counts (fewer than the dims are padded with 1s).
bool tile(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  const int k = static_cast<int>(ctx.pick(std::min(a.rank + 1, kMaxRank) + 1u));
  std::vector<int64_t> counts = counts_for(ctx, padded(a, std::max<int>(k, a.rank)));
  counts.erase(counts.begin(), counts.begin() + (static_cast<int>(counts.size()) - k));  // tile pads these leading counts with 1s
  set(plan, "dims", ints_value(ctx, std::move(counts)));
  return true;
}

// repeat_interleave: 1-3 repeats along a dim or the flattened input, with
// the matching output_size now and then.
bool repeat_interleave(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  int64_t repeats = 1 + static_cast<int64_t>(ctx.pick(3));
  if (elements(a) * repeats > kMaxGrownElements) repeats = 1;
  set(plan, "repeats", ArgValue::of_int(repeats));
  int64_t size = elements(a) * repeats;
  if (a.rank > 0 && ctx.chance(60)) {
    const int64_t d = static_cast<int64_t>(ctx.pick(a.rank));
    set(plan, "dim", ArgValue::of_int(signed_dim(ctx, d, a.rank)));
    size = a.dims[d] * repeats;
  }
  if (ctx.chance(30)) set(plan, "output_size", ArgValue::of_int(size));
  return true;
}

// unfold: a window of 1 .. the dim's size every 1-3 elements.
bool unfold(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  if (a.rank >= kMaxRank) return false;
  const int positions = std::max<int>(a.rank, 1);
  const int64_t d = static_cast<int64_t>(ctx.pick(positions));
  const int64_t dim_size = a.rank == 0 ? 1 : a.dims[d];
  int64_t size = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(dim_size)));
  const int64_t step = 1 + static_cast<int64_t>(ctx.pick(3));
  if (elements(a) / dim_size * ((dim_size - size) / step + 1) * size > kMaxGrownElements) size = dim_size;
  set(plan, "dimension", ArgValue::of_int(signed_dim(ctx, d, positions)));
  set(plan, "size", ArgValue::of_int(size));
  set(plan, "step", ArgValue::of_int(step));
  return true;
}

}  // namespace

void register_repeat_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Flip)] = flip;
  g[static_cast<int>(ShapeRule::FlipLR)] = nothing;
  g[static_cast<int>(ShapeRule::FlipUD)] = nothing;
  g[static_cast<int>(ShapeRule::Roll)] = roll;
  g[static_cast<int>(ShapeRule::Diagonal)] = diagonal;
  g[static_cast<int>(ShapeRule::Repeat)] = repeat;
  g[static_cast<int>(ShapeRule::Tile)] = tile;
  g[static_cast<int>(ShapeRule::RepeatInterleave)] = repeat_interleave;
  g[static_cast<int>(ShapeRule::Unfold)] = unfold;
}

}  // namespace spmdcheck::gen::structure
