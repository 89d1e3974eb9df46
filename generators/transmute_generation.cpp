// Generating a transmuting assert (oracle/assert_transmute.h): in a table
// whose asserts retype (RuleTable::assert_transmutes), assert a recent
// value with a transmute's dst on one axis on which it has the row's src,
// so later statements read it retyped (spmd_types' assert_type(x, P) of a
// V tensor). The table's rows, not this file, say which retypes exist.
#include "generators/generation_context.h"
#include "oracle/assert_transmute.h"

namespace spmdcheck::gen {

bool generate_transmute(Context& ctx) {
  // (value, axis, dst) where a transmute applies.
  struct Choice {
    int value, axis;
    Ty dst;
  };
  std::vector<Choice> choices;
  std::vector<int> values = ctx.values_where([](const ValueInfo& v) { return !v.scalar; });
  if (values.empty()) return false;
  const int v = ctx.pick_recent(values);
  const ValueInfo& info = ctx.values()[v];
  for (int a = 0; a < ctx.num_axes(); ++a)
    for (Ty dst : kAllTys)
      if (transmute_row(ctx.table, ctx.program.mesh, info, a, dst) >= 0) choices.push_back({v, a, dst});
  if (choices.empty()) return false;
  const Choice c = choices[ctx.pick(choices.size())];
  AssertStmt s;
  s.name = info.name;
  s.type.type = info.type;
  s.type.type.axis[c.axis] = c.dst;
  s.type.spec = info.spec;
  if (!info.spec.empty()) s.type.spec_entries = static_cast<int8_t>(info.shape.rank);
  ++ctx.stats.attempts;
  if (ctx.checker->add(s)) {
    ++ctx.stats.rejected;
    return false;
  }
  ctx.superseded(c.value);
  ctx.program.statements.push_back(std::move(s));
  return true;
}

}  // namespace spmdcheck::gen
