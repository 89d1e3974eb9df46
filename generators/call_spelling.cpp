// How a generated local-op call is spelt: which parameters by position,
// which by keyword (generation_context.h, spell_call).
#include "generators/generation_context.h"

namespace spmdcheck::gen {

void spell_call(Context& ctx, const OpRow& op, const std::vector<std::optional<ArgValue>>& values, BindingStmt& b) {
  const int num_positional = op.positional_count();
  int last = -1;  // the last positional parameter with a value
  for (int p = 0; p < num_positional; ++p)
    if (values[p]) last = p;
  // Mostly every given positional parameter by position; else a cut so
  // that the later ones are keywords. A parameter without a value before
  // the cut is written out: its default, or None.
  int cut = last + 1;
  if (cut > 0 && ctx.chance(35)) cut = static_cast<int>(ctx.pick(static_cast<uint64_t>(cut)));
  for (int p = 0; p < cut; ++p) {
    const ParamSpec& spec = op.params[p];
    // Version 1's variadic spelling of a list, `cat(a, b, dim=0)`, where no
    // later positional argument is a name it would swallow.
    bool names_follow = false;
    for (int q = p + 1; q < cut; ++q) names_follow |= values[q] && values[q]->kind == ArgValue::Kind::Name;
    if (values[p] && spec.role == ParamRole::Operands && !names_follow && ctx.chance(30)) {
      for (const std::string& name : values[p]->names) b.args.push_back(positional(ArgValue::of_name(name)));
      continue;
    }
    if (values[p])
      b.args.push_back(positional(*values[p]));
    else if (spec.default_value)
      b.args.push_back(positional(*spec.default_value));
    else
      b.args.push_back(positional(ArgValue::of_none()));  // an optional parameter without a default
  }
  for (size_t p = static_cast<size_t>(cut); p < op.params.size(); ++p)
    if (values[p]) b.kwargs.push_back(keyword(op.params[p].name, *values[p]));
}

}  // namespace spmdcheck::gen
