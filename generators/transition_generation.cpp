// Generating one application of a transition row (coercion or collective):
// an axis, an input whose type on it the row (or an accept row) admits,
// shard dims that fit the form, and a shape the row's shape steps accept,
// simulated with the checker's own shape arithmetic.
#include <algorithm>

#include "generators/generation_context.h"
#include "oracle/shape_steps.h"

namespace spmdcheck::gen {
namespace {

// Shard dims for the forms: S on both sides honours shard_dims. `src` and
// `dst` are canonical; `written_*` are what the statement says, S(k) or, as
// often, S(k - rank) (S(-1) and friends must mean the same).
bool choose_forms(Context& ctx, const TransitionRow& row, int rank, Form& src, Form& dst, Form& written_src, Form& written_dst) {
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
  written_src = src;
  written_dst = dst;
  if (src_s && ctx.chance(40)) written_src.shard_dim -= rank;
  if (dst_s && ctx.chance(40)) written_dst.shard_dim -= rank;
  return true;
}

struct Plan {
  Shape input;
  Shape result;  // after every part's steps
  std::vector<KwArg> dim_kwargs;
  const KwArg* keyword(const std::string& param) const {
    for (const KwArg& kw : dim_kwargs)
      if (kw.key == param) return &kw;
    return nullptr;
  }
};

bool stepped(const TransitionRow& part, size_t param) {
  for (const ShapeStep& step : part.shape)
    if (step.param == param) return true;
  return false;
}

// Walks the shape steps of every part, resolving each part's dims as the
// checker does (transition_checker.cpp: a keyword applies to every part
// that has the parameter; a shard-bound dim's keyword, counted from the end
// of the part's input rank when negative, must equal the shard dim).
// A keyword is written only at a parameter's first part, so it never
// changes a dim an earlier part already used. Default-bound dims are drawn
// in range with either sign (or left to their default); shard-bound dims are
// sometimes spelled out. For a fresh input (`shape_free`), the input shape
// is fixed up so the first part's steps hold.
bool plan_steps(Context& ctx, const CommOpRow& op, const std::vector<const TransitionRow*>& parts, const Form& src, const Form& dst,
                int64_t n, bool shape_free, Plan& plan) {
  Shape shape = plan.input;
  std::vector<std::string> seen;
  for (const TransitionRow* part_ptr : parts) {
    const TransitionRow& part = *part_ptr;
    const Shape at_start = shape;
    std::vector<int64_t> dims(part.dims.size());
    std::vector<bool> draw(part.dims.size(), false);  // default-bound, to be drawn at its first step
    for (size_t i = 0; i < part.dims.size(); ++i) {
      const DimBinding& bind = part.dims[i];
      const KwArg* kw = plan.keyword(bind.param);
      const bool first = std::find(seen.begin(), seen.end(), bind.param) == seen.end();
      if (first) seen.push_back(bind.param);
      if (bind.from == DimBinding::From::Default) {
        dims[i] = kw ? kw->value.integer : bind.default_value;
        // A dim the op takes no keyword for is fixed (the raw collectives').
        draw[i] = !kw && first && stepped(part, i) && op.takes_keyword(bind.param) && ctx.chance(50);
        continue;
      }
      const int64_t shard = bind.from == DimBinding::From::Src ? src.shard_dim : dst.shard_dim;
      if (kw && (kw->value.integer < 0 ? kw->value.integer + at_start.rank : kw->value.integer) != shard) return false;
      if (!kw && first && ctx.chance(30))
        plan.dim_kwargs.push_back(int_keyword(bind.param, ctx.chance(50) ? shard : shard - at_start.rank));
      dims[i] = shard;
    }
    for (const ShapeStep& step : part.shape) {
      const int positions = shape_step_positions(step.kind, shape.rank);
      if (draw[step.param]) {
        if (positions == 0) return false;
        const int64_t d = static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(positions)));
        dims[step.param] = ctx.chance(50) ? d - positions : d;
        plan.dim_kwargs.push_back(int_keyword(part.dims[step.param].param, dims[step.param]));
        draw[step.param] = false;
      }
      const int64_t dim = dims[step.param];
      const int64_t d = dim < 0 ? dim + positions : dim;
      if (shape_free && shape == plan.input && d >= 0 && d < shape.rank) {
        if (step.kind == ShapeStepKind::Unstack) shape.dims[d] = plan.input.dims[d] = n;
        if (step.kind == ShapeStepKind::Split) shape.dims[d] = plan.input.dims[d] = n * (1 + static_cast<int64_t>(ctx.pick(2)));
      }
      if (apply_shape_step(step.kind, dim, n, shape).error != ShapeStepError::None) return false;
    }
  }
  plan.result = shape;
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
    if (a.expected == need && !op.strict_src) admitted.push_back(a.given);

  std::vector<int> inputs = ctx.values_where([&](const ValueInfo& v) {
    if (v.scalar || !dtype_is_floating(v.dtype)) return false;
    return std::find(admitted.begin(), admitted.end(), v.type.axis[axis]) != admitted.end();
  });
  const bool fresh = inputs.empty() || ctx.chance(20);
  DType dtype;
  LocalType type;
  Plan plan;
  std::string input_name;
  int chosen = -1;  // the existing input's value index
  if (fresh) {
    dtype = ctx.pick_dtype();
    type = ctx.random_type();
    type.axis[axis] = admitted[ctx.pick(admitted.size())];
    plan.input = ctx.random_shape(std::max(1, ctx.settings.min_rank), std::max(2, ctx.settings.max_rank));
  } else {
    chosen = ctx.pick_recent(inputs);
    const ValueInfo& v = ctx.values()[chosen];
    dtype = v.dtype;
    type = v.type;
    plan.input = v.shape;
    input_name = v.name;
  }
  Form src, dst, written_src, written_dst;
  if (!choose_forms(ctx, row, plan.input.rank, src, dst, written_src, written_dst)) return false;
  // Global SPMD: src S(i) names the dim the input's spec shards (an
  // existing input's; a fresh one is made so).
  ctx.spec_hint = PartitionSpec{};
  if (ctx.program.mesh.is_global(axis) && src.kind == Form::Kind::S) {
    if (fresh) {
      ctx.spec_hint.append(axis, static_cast<int>(src.shard_dim));
    } else if (const PartitionSpec& spec = ctx.values()[chosen].spec; spec.shards(axis)) {
      const int64_t rank = plan.input.rank;
      src.shard_dim = spec.dim[axis];
      if (dst.kind == Form::Kind::S && row.shard_dims == ShardDims::Equal) dst.shard_dim = src.shard_dim;
      if (dst.kind == Form::Kind::S && row.shard_dims == ShardDims::Differ && dst.shard_dim == src.shard_dim)
        dst.shard_dim = (src.shard_dim + 1) % rank;
      written_src = src;
      written_dst = dst;
    }
  }
  if (!plan_steps(ctx, op, parts, src, dst, n, fresh, plan)) return false;
  if (fresh) input_name = ctx.fresh_input(dtype, plan.input, type);

  BindingStmt b;
  b.names.push_back(ctx.next_name());
  b.op = op.name;
  if (op.buffer) {  // the output buffer, annotated as the result will be
    LocalType buffer_type = type;
    buffer_type.axis[axis] = dst.base();
    b.args.push_back(positional(ArgValue::of_name(ctx.fresh_input(dtype, plan.result, buffer_type))));
  }
  b.args.push_back(positional(ArgValue::of_name(input_name)));
  b.args.push_back(positional(ArgValue::of_name(ctx.program.mesh.axes[axis].name)));
  const bool src_default = op.default_src == src.kind && src.kind != Form::Kind::S;
  if (op.takes_keyword("src") && !(src_default && ctx.chance(40))) b.kwargs.push_back(form_keyword("src", written_src));
  const bool dst_default = op.default_dst == dst.kind && dst.kind != Form::Kind::S;
  if (op.takes_keyword("dst") && !(dst_default && ctx.chance(40))) b.kwargs.push_back(form_keyword("dst", written_dst));
  if (!op.reduce_ops.empty() && ctx.chance(50)) {
    KwArg reduce;
    reduce.key = "op";
    reduce.value = ArgValue::of_string(op.reduce_ops[ctx.pick(op.reduce_ops.size())]);
    b.kwargs.push_back(std::move(reduce));
  }
  if (row.expert) b.kwargs.push_back(bool_keyword("expert", true));
  for (KwArg& kw : plan.dim_kwargs) b.kwargs.push_back(std::move(kw));
  return ctx.try_binding(std::move(b));
}

}  // namespace spmdcheck::gen
