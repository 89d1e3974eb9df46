// The argument generators of the core shape rules: elementwise, matmul,
// reduce, transpose, cat (generators/op_args.h).
#include <algorithm>

#include "generators/op_args.h"

namespace spmdcheck::gen {
namespace {

// A shape broadcast-compatible with `s`: itself, a suffix, with some dims 1,
// or larger (a leading dim more, or a size-1 dim expanded), so that either
// operand of a broadcasting op can be the smaller one.
Shape broadcast_variant(Context& ctx, const Shape& s) {
  Shape out = s;
  switch (ctx.pick(4)) {
    case 1:
      if (s.rank > 0) {
        int drop = 1 + static_cast<int>(ctx.pick(s.rank));
        out.rank = static_cast<uint8_t>(s.rank - drop);
        for (int i = 0; i < out.rank; ++i) out.dims[i] = s.dims[i + drop];
      }
      break;
    case 2:
      if (s.rank > 0) out.dims[ctx.pick(s.rank)] = 1;
      break;
    case 3: {
      std::vector<int> ones;
      for (int i = 0; i < s.rank; ++i)
        if (s.dims[i] == 1) ones.push_back(i);
      const int64_t size = 2 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(std::max(1, ctx.settings.max_dim - 1))));
      if (!ones.empty() && (s.rank >= ctx.settings.max_rank || ctx.chance(50))) {
        out.dims[ones[ctx.pick(ones.size())]] = size;
      } else if (s.rank < ctx.settings.max_rank) {
        out.rank = static_cast<uint8_t>(s.rank + 1);
        out.dims[0] = size;
        for (int i = 0; i < s.rank; ++i) out.dims[i + 1] = s.dims[i];
      }
      break;
    }
    default: break;
  }
  return out;
}

bool elementwise(Context& ctx, OpPlan& plan) {
  for (size_t i = 0; i < plan.shapes.size(); ++i) {
    if (i != plan.anchor_slot) plan.shapes[i] = ctx.chance(60) ? plan.anchor_shape : broadcast_variant(ctx, plan.anchor_shape);
    // An index operand of an elementwise op is a mask (where's condition).
    if (plan.op.params[plan.slot_params[i]].role == ParamRole::Index) plan.dtypes[i] = DType::Bool;
  }
  return true;
}

bool matmul(Context& ctx, OpPlan& plan) {
  const int64_t inner = plan.anchor_shape.dims[plan.anchor_shape.rank - 1];
  Shape rhs;
  // A batched operand (the anchor's batch dims, or 1s that broadcast), so
  // batch shards meet their propagation rows. Only in global programs: the
  // local program streams stay as the replay lines of findings/ pin them.
  // An anchor that shards a batch dim takes this branch most of the time,
  // so S(b) @ S(b) (prop.matmul.batch) is written.
  bool shards_batch = false;
  for (int a = 0; a < ctx.num_axes(); ++a)
    shards_batch = shards_batch || (ctx.spec_hint.shards(a) && ctx.spec_hint.dim[a] + 2 < plan.anchor_shape.rank);
  if (ctx.program.mesh.num_global > 0 && plan.anchor_shape.rank >= 3 && ctx.chance(shards_batch ? 75 : 40)) {
    const bool broadcast = ctx.chance(30);
    rhs.rank = plan.anchor_shape.rank;
    for (int i = 0; i + 2 < rhs.rank; ++i) rhs.dims[i] = broadcast ? 1 : plan.anchor_shape.dims[i];
    rhs.dims[rhs.rank - 2] = inner;
    rhs.dims[rhs.rank - 1] = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim)));
    plan.shapes[1] = rhs;
    std::array<int8_t, kMaxRank> dims = contraction_rhs_dims(plan.anchor_shape.rank, rhs.rank);
    // A broadcast operand's batch dims (size 1) are R, not the anchor's shards.
    for (int i = 0; broadcast && i + 2 < rhs.rank; ++i) dims[i] = -1;
    plan.slot0_dims = {{}, dims};
    return true;
  }
  if (ctx.chance(25)) {
    rhs.rank = 1;
    rhs.dims[0] = inner;
  } else {
    rhs.rank = 2;
    rhs.dims[0] = inner;
    rhs.dims[1] = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim)));
  }
  plan.shapes[1] = rhs;
  if (plan.anchor_shape.rank >= 1) plan.slot0_dims = {{}, contraction_rhs_dims(plan.anchor_shape.rank, rhs.rank)};
  return true;
}

bool reduce(Context& ctx, OpPlan& plan) {
  const OpRow& op = plan.op;
  const int positions = std::max<int>(plan.anchor_shape.rank, 1);
  if (ctx.chance(50)) {
    const int64_t d = static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(positions)));
    if (ctx.chance(20) && positions >= 2) {  // a dim list
      const int64_t e = (d + 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(positions - 1)))) % positions;
      plan.values[op.param_index("dim")] = ArgValue::of_ints({signed_dim(ctx, d, positions), signed_dim(ctx, e, positions)});
    } else {
      plan.values[op.param_index("dim")] = ArgValue::of_int(signed_dim(ctx, d, positions));
    }
  }
  if (ctx.chance(20)) plan.values[op.param_index("keepdim")] = ArgValue::of_bool(ctx.chance(50));
  return true;
}

bool transpose(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  if (ctx.chance(60)) {
    plan.values[plan.op.param_index("dim0")] = ArgValue::of_int(signed_dim(ctx, static_cast<int64_t>(ctx.pick(s.rank)), s.rank));
    plan.values[plan.op.param_index("dim1")] = ArgValue::of_int(signed_dim(ctx, static_cast<int64_t>(ctx.pick(s.rank)), s.rank));
  }
  return true;
}

bool cat(Context& ctx, OpPlan& plan) {
  const Shape& s = plan.anchor_shape;
  const int64_t d = static_cast<int64_t>(ctx.pick(s.rank));
  if (d != 0 || ctx.chance(30)) plan.values[plan.op.param_index("dim")] = ArgValue::of_int(signed_dim(ctx, d, s.rank));
  for (size_t i = 1; i < plan.shapes.size(); ++i)
    plan.shapes[i].dims[d] = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim)));
  return true;
}

}  // namespace

int64_t signed_dim(Context& ctx, int64_t d, int64_t positions) { return ctx.chance(50) ? d - positions : d; }

double random_literal(Context& ctx) {
  static constexpr double kLiterals[] = {2, -1, 0.5, 3, -0.25};
  return kLiterals[ctx.pick(std::size(kLiterals))];
}

void register_core_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Elementwise)] = elementwise;
  g[static_cast<int>(ShapeRule::Matmul)] = matmul;
  g[static_cast<int>(ShapeRule::Reduce)] = reduce;
  g[static_cast<int>(ShapeRule::Transpose)] = transpose;
  g[static_cast<int>(ShapeRule::Cat)] = cat;
}

const ArgsGenerators& args_generators() {
  static const ArgsGenerators g = [] {
    ArgsGenerators out{};
    register_core_args(out);
    register_decomposition_args(out);
    register_structure_args(out);
    register_numeric_args(out);
    register_contraction_args(out);
    register_factory_args(out);
    register_results_args(out);
    return out;
  }();
  return g;
}

}  // namespace spmdcheck::gen
