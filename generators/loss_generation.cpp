// Generating a training loss: reduce an existing value to a scalar, then on
// every axis whose type the loss rows reject, apply a transition row (drawn
// from the table) that leads from that type to an admitted loss type.
#include "generators/generation_context.h"

namespace spmdcheck::gen {

bool generate_loss(Context& ctx) {
  const RuleTable& t = ctx.table;
  // The reduction: an exact op of the `reduce` shape rule (which, without
  // `dim`, reduces to a scalar), whatever the table calls it.
  const OpRow* reduce = nullptr;
  for (const OpRow& op : t.ops)
    if (!reduce && op.shape == ShapeRule::Reduce && op.tolerance_eps == 0) reduce = &op;
  std::vector<int> sources =
      ctx.values_where([](const ValueInfo& v) { return v.name[0] == 'v' && !v.scalar && dtype_is_floating(v.dtype); });
  if (!reduce || sources.empty()) return false;

  BindingStmt total;
  total.names.push_back(ctx.next_name());
  total.op = reduce->name;
  total.args.push_back(positional(ArgValue::of_name(ctx.values()[sources[ctx.pick(sources.size())]].name)));
  if (!ctx.try_binding(total)) return false;
  std::string current = total.names[0];

  for (int a = 0; a < ctx.num_axes(); ++a) {
    const Ty now = ctx.values().back().type.axis[a];
    int16_t loss_row = t.compiled.loss[static_cast<int>(now)];
    if (loss_row < 0 || !t.losses[loss_row].reject) continue;
    // Legal rows from `now` to an admitted loss type that keep a scalar a scalar.
    std::vector<int> candidates;
    for (size_t i = 0; i < t.transitions.size(); ++i) {
      const TransitionRow& r = t.transitions[i];
      if (r.illegal || r.src_kind() == Form::Kind::S || r.dst_kind() == Form::Kind::S) continue;
      // Steps written with src and dst keywords, through which a gradient flows.
      const CommOpRow& op = t.comm_ops[r.op];
      if (!op.takes_keyword("src") || !op.takes_keyword("dst") || op.no_gradient) continue;
      if (Form{r.src_kind(), 0}.base() != now) continue;
      int16_t target = t.compiled.loss[static_cast<int>(Form{r.dst_kind(), 0}.base())];
      if (target < 0 || t.losses[target].reject) continue;
      bool steps = !r.shape.empty();
      for (int c : r.compose) steps = steps || !t.transitions[c].shape.empty();
      if (!steps) candidates.push_back(static_cast<int>(i));
    }
    if (candidates.empty()) return false;
    const TransitionRow& r = t.transitions[candidates[ctx.pick(candidates.size())]];
    BindingStmt step;
    step.names.push_back(ctx.next_name());
    step.op = t.comm_ops[r.op].name;
    step.args = {positional(ArgValue::of_name(current)), positional(ArgValue::of_name(ctx.program.mesh.axes[a].name))};
    step.kwargs = {form_keyword("src", Form{r.src_kind(), 0}), form_keyword("dst", Form{r.dst_kind(), 0})};
    if (r.expert) step.kwargs.push_back(bool_keyword("expert", true));
    if (!ctx.try_binding(step)) return false;
    current = step.names[0];
  }
  LossStmt loss;
  loss.name = current;
  if (ctx.checker->add(loss)) return false;
  ctx.program.statements.push_back(loss);
  return true;
}

}  // namespace spmdcheck::gen
