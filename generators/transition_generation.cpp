// Generating one application of a transition row (coercion or collective):
// an axis, an input whose type on it the row (or an accept row) admits,
// shard dims that fit the form, and a shape the row's shape steps accept,
// simulated with the checker's own shape arithmetic.
#include <algorithm>

#include "generators/generation_context.h"
#include "oracle/shape_steps.h"

namespace spmdcheck::gen {
namespace {


// Shard dims for the forms: S on both sides honours shard_dims.
bool choose_forms(Context& ctx, const TransitionRow& row, int rank, Form& src, Form& dst) {
  src = Form{row.src_kind(), 0};
  dst = Form{row.dst_kind(), 0};
  const bool src_s = src.kind == Form::Kind::S, dst_s = dst.kind == Form::Kind::S;
  if ((src_s || dst_s) && rank < 1) return false;
  if (src_s) src.shard_dim = static_cast<int64_t>(ctx.pick(rank));
  if (dst_s) dst.shard_dim = static_cast<int64_t>(ctx.pick(rank));
  if (src_s && dst_s) {
    if (row.shard_dims == ShardDims::Equal) dst.shard_dim = src.shard_dim;
    if (row.shard_dims == ShardDims::Differ) {
      if (rank < 2) return false;
      dst.shard_dim = (src.shard_dim + 1 + static_cast<int64_t>(ctx.pick(rank - 1))) % rank;
    }
  }
  return true;
}

struct Plan {
  Shape input;
  std::vector<KwArg> dim_kwargs;
};

// Walks the shape steps of every part. Default-bound dims are drawn in range
// (or left to their default); for a fresh input (`shape_free`), the input
// shape is fixed up so the first part's steps hold.
bool plan_steps(Context& ctx, const std::vector<const TransitionRow*>& parts, const Form& src, const Form& dst, int64_t n,
                bool shape_free, Plan& plan) {
  Shape shape = plan.input;
  std::vector<std::pair<std::string, int64_t>> chosen;
  for (size_t p = 0; p < parts.size(); ++p) {
    const TransitionRow& part = *parts[p];
    for (const ShapeStep& step : part.shape) {
      const DimBinding& bind = part.dims[step.param];
      int64_t dim = bind.default_value;
      if (bind.from == DimBinding::From::Src) dim = src.shard_dim;
      else if (bind.from == DimBinding::From::Dst) dim = dst.shard_dim;
      else {
        auto it = std::find_if(chosen.begin(), chosen.end(), [&](const auto& c) { return c.first == bind.param; });
        if (it != chosen.end()) {
          dim = it->second;
        } else {
          if (ctx.chance(50)) {
            int positions = shape_step_positions(step.kind, shape.rank);
            if (positions == 0) return false;
            dim = static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(positions)));
            plan.dim_kwargs.push_back(int_keyword(bind.param, dim));
          }
          chosen.emplace_back(bind.param, dim);
        }
      }
      if (shape_free && shape == plan.input && dim >= 0 && dim < shape.rank) {
        if (step.kind == ShapeStepKind::Unstack) shape.dims[dim] = plan.input.dims[dim] = n;
        if (step.kind == ShapeStepKind::Split) shape.dims[dim] = plan.input.dims[dim] = n * (1 + static_cast<int64_t>(ctx.pick(2)));
      }
      if (apply_shape_step(step.kind, dim, n, shape).error != ShapeStepError::None) return false;
    }
  }
  return true;
}

}  // namespace

bool generate_transition(Context& ctx, int transition_index) {
  const TransitionRow& row = ctx.table.transitions[transition_index];
  const CommOpRow& op = ctx.table.comm_ops[row.op];
  std::vector<const TransitionRow*> parts;
  if (row.compose.empty()) parts.push_back(&row);
  for (int c : row.compose) parts.push_back(&ctx.table.transitions[c]);

  const int axis = static_cast<int>(ctx.pick(static_cast<uint64_t>(ctx.num_axes())));
  const int64_t n = ctx.axis_size(axis);
  const Ty need = Form{row.src_kind(), 0}.base();
  std::vector<Ty> admitted = {need};
  for (const AcceptRow& a : ctx.table.accepts)
    if (a.expected == need) admitted.push_back(a.given);

  std::vector<int> inputs = ctx.values_where([&](const ValueInfo& v) {
    return std::find(admitted.begin(), admitted.end(), v.type.axis[axis]) != admitted.end();
  });
  const bool fresh = inputs.empty() || ctx.chance(20);
  DType dtype;
  LocalType type;
  Plan plan;
  std::string input_name;
  if (fresh) {
    dtype = ctx.pick_dtype();
    type = ctx.random_type();
    type.axis[axis] = admitted[ctx.pick(admitted.size())];
    plan.input = ctx.random_shape(std::max(1, ctx.settings.min_rank), std::max(2, ctx.settings.max_rank));
  } else {
    const ValueInfo& v = ctx.values()[ctx.pick_recent(inputs)];
    dtype = v.dtype;
    type = v.type;
    plan.input = v.shape;
    input_name = v.name;
  }
  Form src, dst;
  if (!choose_forms(ctx, row, plan.input.rank, src, dst)) return false;
  if (!plan_steps(ctx, parts, src, dst, n, fresh, plan)) return false;
  if (fresh) input_name = ctx.fresh_input(dtype, plan.input, type);

  BindingStmt b;
  b.name = ctx.next_name();
  b.op = op.name;
  Arg value, axis_arg;
  value.name = input_name;
  axis_arg.name = ctx.program.mesh.axes[axis].name;
  b.args = {value, axis_arg};
  if (!(op.default_src == src.kind && src.kind != Form::Kind::S && ctx.chance(40))) b.kwargs.push_back(form_keyword("src", src));
  if (!(op.default_dst == dst.kind && dst.kind != Form::Kind::S && ctx.chance(40))) b.kwargs.push_back(form_keyword("dst", dst));
  if (row.expert) b.kwargs.push_back(bool_keyword("expert", true));
  for (KwArg& kw : plan.dim_kwargs) b.kwargs.push_back(std::move(kw));
  return ctx.try_binding(std::move(b));
}

}  // namespace spmdcheck::gen
