// Typing of coercions and collectives: the src x dst cell picks a transition
// row; its input type, expert gate, dims and shape steps are checked; a
// composite row applies its components in order.
#include <algorithm>

#include "common/name_equal.h"
#include "oracle/check_context.h"
#include "oracle/global_specs.h"
#include "oracle/local_shapes.h"
#include "oracle/shape_steps.h"

namespace spmdcheck::check {
namespace {

struct CallForms {
  Form src, dst;
  bool expert = false;
};

// The keywords every collective may read, found in one pass over the call's
// keyword list (each was a scan of its own, about ten per collective).
struct CommKeywords {
  const KwArg *src = nullptr, *dst = nullptr, *expert = nullptr, *op = nullptr;
  explicit CommKeywords(const BindingStmt& b) {
    for (const KwArg& kw : b.kwargs) {
      const KwArg** slot = name_equal(kw.key, "src")      ? &src
                           : name_equal(kw.key, "dst")    ? &dst
                           : name_equal(kw.key, "expert") ? &expert
                           : name_equal(kw.key, "op")     ? &op
                                                          : nullptr;
      if (slot && !*slot) *slot = &kw;
    }
  }
};

// `all_gather(src=S(0), dst=R)`, the op as messages name it. Built only when a
// message needs it: a well-typed statement formats no text.
struct OpText {
  const BindingStmt& b;
  const CallForms& forms;
  std::string str() const { return b.op + "(src=" + form_to_string(forms.src) + ", dst=" + form_to_string(forms.dst) + ")"; }
};

// canonical_dim, with the op text formatted only when it fails.
std::optional<int64_t> canonical(Context& ctx, int64_t dim, int rank, const OpText& op, SourceLoc loc) {
  if (rank > 0 && dim >= -rank && dim < rank) return dim < 0 ? dim + rank : dim;
  return canonical_dim(ctx, dim, rank, op.str(), loc);  // fails
}

std::string usage(const CommOpRow& op) { return op.usage(); }

// `kw`: the call's keyword `key`, or null.
std::optional<Form> read_form(Context& ctx, const BindingStmt& b, const CommOpRow& op, std::string_view key, const KwArg* kw,
                              std::optional<Form::Kind> fallback) {
  if (!kw) {
    if (!fallback) return ctx.fail("call.keyword_missing", b.op_loc, {{"op", b.op}, {"key", std::string(key)}, {"usage", usage(op)}});
    return Form{*fallback, 0};
  }
  if (kw->value.kind != ArgValue::Kind::Form)
    return ctx.fail(
        "call.keyword_value", kw->loc,
        {{"key", kw->key}, {"op", b.op}, {"want", "R, I, V, P or S(k)"}, {"got", arg_value_to_text(kw->value)}, {"usage", usage(op)}});
  return kw->value.form;
}

// Resolves one primitive row's dims and applies its shape steps.
std::optional<TransitionStep> apply_step(Context& ctx, const BindingStmt& b, int row_index, const CallForms& forms, int axis, Shape& shape,
                                         const OpText& op_text) {
  const TransitionRow& row = ctx.table.transitions[row_index];
  TransitionStep step;
  step.row = row_index;
  step.in_shape = shape;
  step.dims.reserve(row.dims.size());
  for (const DimBinding& d : row.dims) {
    bool given = false;
    const std::optional<int64_t> keyword = int_keyword(ctx, b, d.param, d.default_value, &given);
    if (!keyword) return std::nullopt;
    const int64_t kw_value = *keyword;
    if (d.from == DimBinding::From::Default) {
      step.dims.push_back(kw_value);
      continue;
    }
    int64_t shard = d.from == DimBinding::From::Src ? forms.src.shard_dim : forms.dst.shard_dim;
    if (given && (kw_value < 0 ? kw_value + shape.rank : kw_value) != shard)
      return ctx.fail("coll.dim_conflict", find_keyword(b, d.param)->loc,
                      {{"key", d.param}, {"op", op_text.str()}, {"want", std::to_string(shard)}, {"got", std::to_string(kw_value)}});
    step.dims.push_back(shard);
  }
  const int64_t n = ctx.mesh.axes[axis].size;
  for (const ShapeStep& s : row.shape) {
    const KwArg* kw = find_keyword(b, row.dims[s.param].param);
    SourceLoc at = kw ? kw->loc : b.op_loc;
    const int64_t dim = step.dims[s.param];
    const int rank = shape.rank;
    const int64_t size_before = [&] {
      int positions = shape_step_positions(s.kind, rank);
      int64_t d = dim < 0 ? dim + positions : dim;
      return d >= 0 && d < rank ? shape.dims[d] : 0;
    }();
    ShapeStepOutcome out = apply_shape_step(s.kind, dim, n, shape);
    auto args = [&] {
      return TemplateArgs{{"dim", std::to_string(out.dim)},
                          {"op", op_text.str()},
                          {"want", std::to_string(n)},
                          {"axis", ctx.mesh.axes[axis].name},
                          {"got", std::to_string(size_before)}};
    };
    switch (out.error) {
      case ShapeStepError::None: break;
      case ShapeStepError::DimRange:
        if (!canonical(ctx, dim, shape_step_positions(s.kind, rank), op_text, at)) return std::nullopt;
        break;
      case ShapeStepError::AxisSize: return ctx.fail("shape.axis_size", at, args());
      case ShapeStepError::Divisible: return ctx.fail("shape.divisible", at, args());
      case ShapeStepError::RankLimit:
        return ctx.fail("shape.rank_limit", at,
                        {{"op", op_text.str()}, {"want", std::to_string(kMaxRank)}, {"got", std::to_string(rank + 1)}});
      case ShapeStepError::SizeLimit:
        return ctx.fail("shape.size_limit", at,
                        {{"op", op_text.str()},
                         {"want", std::to_string(kMaxDimSize)},
                         {"got", std::to_string(size_before) + " * " + std::to_string(n)}});
    }
    step.dims[s.param] = out.dim;
  }
  // Dims no shape step canonicalised (an action or meaning may still use
  // them) are dims of the input: range-checked and canonical too.
  for (size_t i = 0; i < row.dims.size(); ++i) {
    bool stepped = false;
    for (const ShapeStep& s : row.shape) stepped = stepped || s.param == i;
    if (stepped || row.dims[i].from != DimBinding::From::Default) continue;
    const KwArg* kw = find_keyword(b, row.dims[i].param);
    const std::optional<int64_t> dim = canonical(ctx, step.dims[i], step.in_shape.rank, op_text, kw ? kw->loc : b.op_loc);
    if (!dim) return std::nullopt;
    step.dims[i] = *dim;
  }
  return step;
}

// The `op` keyword of a raw all_reduce: a ReduceOp name, one the row takes.
// `kw`: the call's `op` keyword, or null.
bool check_reduce_op(Context& ctx, const BindingStmt& b, const CommOpRow& op, const KwArg* kw) {
  if (op.reduce_ops.empty()) return true;
  if (!kw) return true;  // the default, reduce_ops[0]
  const bool is_name = kw->value.kind == ArgValue::Kind::String &&
                       std::find(std::begin(kReduceOpNames), std::end(kReduceOpNames), kw->value.text) != std::end(kReduceOpNames);
  if (!is_name)
    return ctx.fail("call.keyword_value", kw->value_loc,
                    {{"key", "op"},
                     {"op", b.op},
                     {"want", "a torch.distributed.ReduceOp name (\"sum\", \"max\", ...)"},
                     {"got", arg_value_to_text(kw->value)},
                     {"usage", usage(op)}});
  if (std::find(op.reduce_ops.begin(), op.reduce_ops.end(), kw->value.text) != op.reduce_ops.end()) return true;
  std::string accepted;
  for (const std::string& r : op.reduce_ops) accepted += (accepted.empty() ? "\"" : ", \"") + r + "\"";
  return ctx.fail("coll.reduce_op", kw->value_loc, {{"op", b.op}, {"got", kw->value.text}, {"want", accepted}});
}

// The output buffer of a raw collective holds the result: its dtype and
// shape, and its types on the other axes (its type on the axis is the dst).
bool check_buffer(Context& ctx, const BindingStmt& b, const ValueInfo& buffer, const ValueInfo& result) {
  const SourceLoc at = b.args[0].loc;
  if (buffer.dtype != result.dtype || !(buffer.shape == result.shape))
    return ctx.fail("coll.buffer_shape", at,
                    {{"op", b.op},
                     {"name", buffer.name},
                     {"got", std::string(dtype_name(buffer.dtype)) + shape_to_string(buffer.shape)},
                     {"want", std::string(dtype_name(result.dtype)) + shape_to_string(result.shape)}});
  for (int a = 0; a < static_cast<int>(ctx.mesh.axes.size()); ++a)
    if (buffer.type.axis[a] != result.type.axis[a])
      return ctx.fail("coll.buffer_type", at,
                      {{"op", b.op},
                       {"name", buffer.name},
                       {"axis", ctx.mesh.axes[a].name},
                       {"got", std::string(1, ty_letter(buffer.type.axis[a]))},
                       {"want", std::string(1, ty_letter(result.type.axis[a]))}});
  return true;
}

}  // namespace

bool check_transition(Context& ctx, const BindingStmt& b, int comm_index) {
  const CommOpRow& op = ctx.table.comm_ops[comm_index];
  const size_t arity = op.buffer ? 3 : 2;
  if (b.args.size() != arity)
    return ctx.fail("call.arity", b.op_loc,
                    {{"op", b.op}, {"want", std::to_string(arity)}, {"got", std::to_string(b.args.size())}, {"usage", usage(op)}});
  auto known = [&] {
    std::string out;
    for (const std::string& k : op.keywords) out += (out.empty() ? "" : ", ") + k;
    return out;
  };
  if (!check_keywords(
          ctx, b, b.op, [&](const std::string& k) { return op.takes_keyword(k); }, known))
    return false;
  for (size_t i = 0; i < arity; ++i)
    if (b.args[i].value.kind != ArgValue::Kind::Name)
      return ctx.fail("call.literal", b.args[i].loc,
                      {{"position", std::to_string(i)}, {"op", b.op}, {"got", arg_value_to_text(b.args[i].value)}, {"usage", usage(op)}});
  if (b.names.size() != 1)
    return ctx.fail("call.results", b.loc,
                    {{"op", b.op}, {"want", "1"}, {"got", std::to_string(b.names.size())}, {"names", "y = " + b.op + "(...)"}});
  const Arg& value_arg = b.args[op.value_position()];
  const Arg& axis_arg = b.args[op.axis_position()];
  const std::string& value_name = value_arg.value.names[0];
  const std::string& axis_name = axis_arg.value.names[0];
  auto tensor_operand = [&](const Arg& arg, const char* param) -> std::optional<int> {
    const std::optional<int> v = ctx.lookup(arg.value.names[0], arg.loc);
    if (v && ctx.value(*v).scalar)
      return ctx.fail(
          "call.argument_value", arg.loc,
          {{"param", param}, {"op", b.op}, {"want", "a tensor"}, {"got", "the typed scalar " + arg.value.names[0]}, {"usage", usage(op)}});
    return v;
  };
  const std::optional<int> buffer = op.buffer ? tensor_operand(b.args[0], "output") : std::optional<int>(-1);
  if (!buffer) return false;
  const std::optional<int> looked_up = tensor_operand(value_arg, "value");
  if (!looked_up) return false;
  const int input = *looked_up;
  const int axis = ctx.mesh.axis_index(axis_name);
  if (axis < 0) return ctx.fail("call.axis", axis_arg.loc, {{"got", axis_name}, {"known", ctx.axis_list()}});
  // Copies (not references): binding the result may move result.values.
  const DType in_dtype = ctx.value(input).dtype;
  const Shape in_shape = ctx.value(input).shape;
  const LocalType in_type = ctx.value(input).type;
  const PartitionSpec in_spec = ctx.value(input).spec;

  const CommKeywords keywords(b);
  CallForms forms;
  const std::optional<Form> src_form = read_form(ctx, b, op, "src", keywords.src, op.default_src);
  if (!src_form) return false;
  // A buffer's type on the axis is the dst (a letter: types hold no S(k)).
  const std::optional<Form::Kind> dst_default =
      op.buffer ? std::optional<Form::Kind>(static_cast<Form::Kind>(ctx.value(*buffer).type.axis[axis])) : op.default_dst;
  const std::optional<Form> dst_form = read_form(ctx, b, op, "dst", keywords.dst, dst_default);
  if (!dst_form) return false;
  if (!check_reduce_op(ctx, b, op, keywords.op)) return false;
  forms.src = *src_form;
  forms.dst = *dst_form;
  if (const KwArg* kw = keywords.expert) {
    if (kw->value.kind != ArgValue::Kind::Bool)
      return ctx.fail(
          "call.keyword_value", kw->loc,
          {{"key", "expert"}, {"op", b.op}, {"want", "true or false"}, {"got", arg_value_to_text(kw->value)}, {"usage", usage(op)}});
    forms.expert = kw->value.boolean;
  }
  // The cell is picked on the forms as written (out-of-range shard dims are
  // reported after an illegal cell, which is the more useful error).
  auto wrapped = [&](const Form& f) { return f.shard_dim < 0 ? f.shard_dim + in_shape.rank : f.shard_dim; };
  const int src = static_cast<int>(forms.src.kind), dst = static_cast<int>(forms.dst.kind);
  const bool equal = forms.src.kind == Form::Kind::S && forms.dst.kind == Form::Kind::S && wrapped(forms.src) == wrapped(forms.dst);
  const int row_index = ctx.table.compiled.cells[comm_index][(src * kNumFormKinds + dst) * 2 + equal];
  // Messages show the forms as written (S(-1) stays S(-1) after the shard
  // dims are canonicalised below).
  const CallForms written = forms;
  const OpText op_text{b, written};
  auto args = [&] {
    return TemplateArgs{{"op", b.op},
                        {"value", value_name},
                        {"axis", axis_name},
                        {"src", form_to_string(written.src)},
                        {"dst", form_to_string(written.dst)}};
  };
  if (row_index < 0) return ctx.fail("op.unknown", b.op_loc, {{"op", op_text.str()}, {"known", "(the table has no row for this cell)"}});
  const TransitionRow& row = ctx.table.transitions[row_index];
  if (row.illegal) return ctx.fail(row.rule, b.op_loc, args());
  for (Form* f : {&forms.src, &forms.dst}) {
    if (f->kind != Form::Kind::S) continue;
    const KwArg* kw = f == &forms.src ? keywords.src : keywords.dst;
    const std::optional<int64_t> shard_dim = canonical(ctx, f->shard_dim, in_shape.rank, op_text, kw ? kw->loc : b.op_loc);
    if (!shard_dim) return false;
    f->shard_dim = *shard_dim;
  }
  if (row.expert && !forms.expert) {
    TemplateArgs gate = args();
    gate.emplace_back("row_message", expand_template(ctx.table.info(row.rule).message, gate));
    return ctx.fail("coll.expert_gate", b.op_loc, gate);
  }
  const Ty want = forms.src.base(), got = in_type.axis[axis];
  int via = -1;  // the accept row's conversion, run before the row itself
  if (got != want) {
    int16_t accept = op.strict_src ? int16_t(-1) : ctx.table.compiled.accept[static_cast<int>(want)][static_cast<int>(got)];
    if (accept < 0)
      return ctx.fail("coll.src_mismatch", value_arg.loc,
                      {{"value", value_name},
                       {"op", op_text.str()},
                       {"want", std::string(1, ty_letter(want))},
                       {"axis", axis_name},
                       {"got", std::string(1, ty_letter(got))}});
    const AcceptRow& row = ctx.table.accepts[accept];
    if (row.via < 0)
      return ctx.fail("op.unknown", b.op_loc,
                      {{"op", op_text.str() + " (accept row without a via row)"},
                       {"known", "the rule table has a gap here; `spmdcheck rules --lint` names it"}});
    ctx.hit(row.rule);
    ctx.hit(ctx.table.transitions[row.via].rule);
    via = row.via;
  }
  // Keywords the applicable rows (the row and its components) do not
  // interpret are errors, not ignored.
  auto for_each_part = [&](auto&& visit) {
    visit(row);
    for (int c : row.compose) visit(ctx.table.transitions[c]);
  };
  for (const KwArg& kw : b.kwargs) {
    if (&kw == keywords.src || &kw == keywords.dst || &kw == keywords.expert || (&kw == keywords.op && !op.reduce_ops.empty())) continue;
    bool used = false;
    for_each_part([&](const TransitionRow& part) { used = used || part.dim_index(kw.key) >= 0; });
    if (used) continue;
    std::string meaningful = op.takes_keyword("expert") ? "src, dst, expert" : "src, dst";
    for_each_part([&](const TransitionRow& part) {
      for (const DimBinding& d : part.dims) meaningful += ", " + d.param;
    });
    return ctx.fail("call.keyword_unknown", kw.loc, {{"op", op_text.str()}, {"key", kw.key}, {"known", meaningful}});
  }

  PendingBinding pending(ctx.result);
  ResolvedBinding& resolved = pending.binding;
  resolved.is_transition = true;
  resolved.row = row_index;
  resolved.operands = {input};
  resolved.axis = axis;
  resolved.src = forms.src;
  resolved.dst = forms.dst;
  resolved.steps.reserve((via >= 0) + (row.primitive() ? 1 : row.compose.size()));
  Shape shape = in_shape;
  auto push_step = [&](int step_row) {
    std::optional<TransitionStep> step = apply_step(ctx, b, step_row, forms, axis, shape, op_text);
    if (step) resolved.steps.push_back(std::move(*step));
    return step.has_value();
  };
  if (via >= 0 && !push_step(via)) return false;
  if (row.primitive()) {
    if (!push_step(row_index)) return false;
  } else {
    for (int c : row.compose)
      if (!push_step(c)) return false;
  }
  // A composite's components run too: they count for coverage.
  ctx.hit(row.rule);
  for (int c : row.compose) ctx.hit(ctx.table.transitions[c].rule);
  LocalType type = in_type;
  type.axis[axis] = forms.dst.base();
  PartitionSpec spec;
  if (!transition_spec(ctx, b, resolved, via, in_spec, type, spec)) return false;
  if (op.buffer && !check_buffer(ctx, b, ctx.value(*buffer), ValueInfo{b.names[0], in_dtype, shape, type, false, spec})) return false;
  const std::optional<int> value = ctx.bind(ValueInfo{b.names[0], in_dtype, shape, type, false, spec}, b.loc);
  if (!value) return false;
  resolved.value = *value;
  return pending.commit();
}

}  // namespace spmdcheck::check
