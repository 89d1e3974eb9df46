// The argument generators of the ops with several results or index
// operands (generators/op_args.h): split, chunk, unbind, narrow, select,
// index_select, gather, max_min, sort, topk. Each chooses the structural
// arguments (sizes, starts, counts, dims: dims and positions with either
// sign), the index operand's shape and dtype, and the number of results, so
// that the checker accepts the call (oracle/shapes_results.cpp). Sizes are
// never zero: the format cannot declare an empty input, so the shrinker
// could not replace an empty value by one.
#include <algorithm>

#include "generators/op_args.h"
#include "oracle/local_shapes.h"

namespace spmdcheck::gen {
namespace {

using check::kMaxResults;

int64_t in_range(Context& ctx, int64_t low, int64_t high) {  // inclusive
  return low + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(high - low + 1)));
}

// A dim of `s` (0 for a 0-d shape), and its positions (a 0-d shape has one).
int64_t pick_dim(Context& ctx, const Shape& s) { return static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(std::max<int>(s.rank, 1)))); }
int64_t positions(const Shape& s) { return std::max<int64_t>(s.rank, 1); }
int64_t size_or_one(const Shape& s, int64_t d) { return s.rank == 0 ? 1 : s.dims[d]; }

void set(OpPlan& plan, std::string_view param, ArgValue v) { plan.values[plan.op.param_index(param)] = std::move(v); }

// The dim parameter: always where it is required, else mostly where it is
// not the default, and sometimes anyway; either sign.
void set_dim(Context& ctx, OpPlan& plan, int64_t d, int64_t positions) {
  const ParamSpec& spec = plan.op.params[plan.op.param_index("dim")];
  bool is_default = false;
  if (spec.default_value && spec.default_value->kind == ArgValue::Kind::Int) {
    const int64_t def = spec.default_value->integer;
    is_default = def == d || def == d - positions;
  }
  if (!spec.default_value || !is_default || ctx.chance(30)) set(plan, "dim", ArgValue::of_int(signed_dim(ctx, d, positions)));
}

void maybe_bool(Context& ctx, OpPlan& plan, std::string_view param) {
  if (ctx.chance(30)) set(plan, param, ArgValue::of_bool(ctx.chance(50)));
}

// split: a piece size (at most kMaxResults pieces), or 1-4 positive sizes
// summing to the dim's size.
bool split(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s), size = s.dims[d];
  if (ctx.chance(60)) {
    const int64_t n = in_range(ctx, std::max<int64_t>(1, (size + kMaxResults - 1) / kMaxResults), size + 1);
    set(plan, "split_size_or_sections", ArgValue::of_int(n));
    plan.results = static_cast<int>((size + n - 1) / n);
  } else {
    const int64_t parts = in_range(ctx, 1, std::min<int64_t>(size, 4));
    // parts - 1 distinct cut points in [1, size - 1], by a partial
    // Fisher-Yates shuffle: a bounded number of choices, never a retry loop
    // (a fuzzer's exhausted bytes repeat one choice forever).
    std::vector<int64_t> cuts;
    for (int64_t c = 1; c < size; ++c) cuts.push_back(c);
    for (int64_t i = 0; i < parts - 1; ++i) std::swap(cuts[static_cast<size_t>(i)], cuts[static_cast<size_t>(in_range(ctx, i, size - 2))]);
    cuts.resize(static_cast<size_t>(parts - 1));
    std::sort(cuts.begin(), cuts.end());
    cuts.push_back(size);
    std::vector<int64_t> sizes;
    for (size_t i = 0; i < cuts.size(); ++i) sizes.push_back(cuts[i] - (i ? cuts[i - 1] : 0));
    set(plan, "split_size_or_sections", ArgValue::of_ints(sizes));
    plan.results = static_cast<int>(sizes.size());
  }
  set_dim(ctx, plan, d, s.rank);
  return true;
}

// chunk: 1-8 chunks; ceil(size / chunks)-sized pieces, so at most `chunks`.
bool chunk(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s), size = s.dims[d];
  const int64_t chunks = in_range(ctx, 1, 8), piece = (size - 1) / chunks + 1;
  set(plan, "chunks", ArgValue::of_int(chunks));
  plan.results = static_cast<int>((size + piece - 1) / piece);
  set_dim(ctx, plan, d, s.rank);
  return true;
}

// unbind: a dim of at most kMaxResults slices.
bool unbind(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  std::vector<int64_t> dims;
  for (int i = 0; i < s.rank; ++i)
    if (s.dims[i] <= kMaxResults) dims.push_back(i);
  if (dims.empty()) return false;
  const int64_t d = dims[ctx.pick(dims.size())];
  plan.results = static_cast<int>(s.dims[d]);
  set_dim(ctx, plan, d, s.rank);
  return true;
}

// narrow: a non-empty run of slices, its start with either sign.
bool narrow(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s), size = s.dims[d];
  const int64_t start = in_range(ctx, 0, size - 1);
  set(plan, "start", ArgValue::of_int(signed_dim(ctx, start, size)));
  set(plan, "length", ArgValue::of_int(in_range(ctx, 1, size - start)));
  set_dim(ctx, plan, d, s.rank);
  return true;
}

// select: a slice index with either sign.
bool select(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s), size = s.dims[d];
  set(plan, "index", ArgValue::of_int(signed_dim(ctx, in_range(ctx, 0, size - 1), size)));
  set_dim(ctx, plan, d, s.rank);
  return true;
}

// The index operand: the value slot of parameter "index", an i64 value of
// `shape` (its data are drawn below the bound the shape rule records).
void set_index(OpPlan& plan, const Shape& shape) {
  const int p = plan.op.param_index("index");
  for (size_t slot = 0; slot < plan.slot_params.size(); ++slot)
    if (plan.slot_params[slot] == p) {
      plan.shapes[slot] = shape;
      plan.dtypes[slot] = DType::I64;
    }
}

// index_select: a vector of 1 to max_dim indices (now and then a 0-d one;
// one element for a 0-d input).
bool index_select(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s);
  Shape index;
  if (s.rank == 0 || !ctx.chance(15)) {
    index.rank = 1;
    index.dims[0] = s.rank == 0 ? 1 : in_range(ctx, 1, ctx.settings.max_dim);
  }
  if (s.rank == 0 && ctx.chance(50)) index.rank = 0;
  set_index(plan, index);
  set_dim(ctx, plan, d, positions(s));
  return true;
}

// gather: an index of the input's rank, at most the input's size in every
// dim but `dim`, any size (up to max_dim) in `dim`.
bool gather(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s);
  Shape index = s;
  for (int i = 0; i < s.rank; ++i) index.dims[i] = i == d ? in_range(ctx, 1, ctx.settings.max_dim) : in_range(ctx, 1, s.dims[i]);
  if (s.rank == 0 && ctx.chance(50)) {  // a 0-d input gathers as one dim: any count of index 0
    index.rank = 1;
    index.dims[0] = in_range(ctx, 1, ctx.settings.max_dim);
  }
  // Global SPMD: a dim the input shards (not the gathered one) keeps its
  // size in the index most of the time, and the index shards where sizes
  // are equal, so shards meet (prop.gather.other; 0 or 1 hits in 5000
  // default programs otherwise).
  if (ctx.program.mesh.num_global > 0 && index.rank == s.rank) {
    std::array<int8_t, kMaxRank> alike;
    alike.fill(-1);
    for (int i = 0; i < s.rank; ++i) {
      if (i == d) continue;
      bool sharded = false;
      for (int a = 0; a < ctx.num_axes(); ++a) sharded = sharded || ctx.spec_hint.dim[a] == i;
      if (sharded && ctx.chance(70)) index.dims[i] = s.dims[i];
      if (index.dims[i] == s.dims[i]) alike[i] = static_cast<int8_t>(i);
    }
    // The index's value slot, found by its parameter as set_index finds it.
    std::array<int8_t, kMaxRank> none;
    none.fill(-1);
    plan.slot0_dims.assign(plan.slot_params.size(), none);
    for (size_t slot = 1; slot < plan.slot_params.size(); ++slot)
      if (plan.slot_params[slot] == plan.op.param_index("index")) plan.slot0_dims[slot] = alike;
  }
  set_index(plan, index);
  set_dim(ctx, plan, d, positions(s));
  if (ctx.chance(20)) set(plan, "sparse_grad", ArgValue::of_bool(ctx.chance(50)));
  return true;
}

// max/min with a dim: values and indices.
bool max_min(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  set_dim(ctx, plan, pick_dim(ctx, s), positions(s));
  maybe_bool(ctx, plan, "keepdim");
  plan.results = 2;
  return true;
}

bool sort(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  set_dim(ctx, plan, pick_dim(ctx, s), positions(s));
  maybe_bool(ctx, plan, "descending");
  maybe_bool(ctx, plan, "stable");
  plan.results = 2;
  return true;
}

// topk: k from 1 to the dim's size.
bool topk(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = pick_dim(ctx, s);
  set(plan, "k", ArgValue::of_int(in_range(ctx, 1, size_or_one(s, d))));
  set_dim(ctx, plan, d, positions(s));
  maybe_bool(ctx, plan, "largest");
  maybe_bool(ctx, plan, "sorted");
  plan.results = 2;
  return true;
}

}  // namespace

void register_results_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Split)] = split;
  g[static_cast<int>(ShapeRule::Chunk)] = chunk;
  g[static_cast<int>(ShapeRule::Unbind)] = unbind;
  g[static_cast<int>(ShapeRule::Narrow)] = narrow;
  g[static_cast<int>(ShapeRule::Select)] = select;
  g[static_cast<int>(ShapeRule::IndexSelect)] = index_select;
  g[static_cast<int>(ShapeRule::Gather)] = gather;
  g[static_cast<int>(ShapeRule::MaxMin)] = max_min;
  g[static_cast<int>(ShapeRule::Sort)] = sort;
  g[static_cast<int>(ShapeRule::Topk)] = topk;
}

}  // namespace spmdcheck::gen
