#include "oracle/assert_transmute.h"

#include "oracle/check_context.h"

namespace spmdcheck {

BindingStmt transmute_statement(const RuleTable& table, const Mesh& mesh, const std::string& name, int axis, int row, SourceLoc loc) {
  const TransitionRow& r = table.transitions[row];
  const CommOpRow& op = table.comm_ops[r.op];
  BindingStmt b;
  b.names = {name};
  b.name_locs = {loc};
  b.op = op.name;
  b.loc = b.op_loc = loc;
  b.args.assign(op.axis_position() + 1, Arg{ArgValue::of_name(name), loc});
  b.args[op.axis_position()].value = ArgValue::of_name(mesh.axes[axis].name);
  for (const auto& [key, kind] : {std::pair{"src", r.src_kind()}, std::pair{"dst", r.dst_kind()}}) {
    KwArg kw;
    kw.key = key;
    kw.value = ArgValue::of_form(Form{kind, 0});
    kw.loc = kw.value_loc = loc;
    b.kwargs.push_back(std::move(kw));
  }
  return b;
}

int transmute_row(const RuleTable& table, const Mesh& mesh, const ValueInfo& v, int axis, Ty written) {
  if (!table.assert_refines || mesh.axes[axis].size == 1 || written == v.type.axis[axis] || v.spec.shards(axis)) return -1;
  for (const AssertTransmute& m : table.assert_transmutes) {
    if (m.row < 0) continue;  // an unlinted table
    const TransitionRow& r = table.transitions[m.row];
    if (Form{r.src_kind(), 0}.base() == v.type.axis[axis] && Form{r.dst_kind(), 0}.base() == written) return m.row;
  }
  return -1;
}

StatementCounts statement_counts(const Program& program, const CheckResult& checked, size_t i) {
  const Statement& s = program.statements[i];
  if (std::holds_alternative<InputStmt>(s)) return {1, 0};
  if (const auto* b = std::get_if<BindingStmt>(&s)) return {b->names.size(), 1};
  for (const AssertTransmutes& t : checked.transmutes)
    if (t.statement == i) return {t.coercions.size(), t.coercions.size()};
  return {};
}

Program lowered_program(const Program& program, const CheckResult& checked) {
  Program out;
  out.mesh = program.mesh;
  out.statements.reserve(program.statements.size());
  auto next = checked.transmutes.begin();
  for (size_t i = 0; i < program.statements.size(); ++i) {
    if (next != checked.transmutes.end() && next->statement == i) {
      out.statements.insert(out.statements.end(), next->coercions.begin(), next->coercions.end());
      ++next;
    }
    out.statements.push_back(program.statements[i]);
  }
  return out;
}

namespace check {

SmallVector<std::pair<int, int>, kMaxAxes> transmutes_asked(const Context& ctx, const ValueInfo& v, const LocalType& written) {
  SmallVector<std::pair<int, int>, kMaxAxes> asked;
  for (int a = 0; a < written.num_axes; ++a)
    if (const int row = transmute_row(ctx.table, ctx.mesh, v, a, written.axis[a]); row >= 0) asked.push_back({a, row});
  return asked;
}

bool apply_transmutes(Context& ctx, const std::string& name, const SmallVector<std::pair<int, int>, kMaxAxes>& asked, SourceLoc loc) {
  if (asked.empty()) return true;
  AssertTransmutes record{ctx.statement, {}};
  const size_t values_before = ctx.result.values.size(), bindings_before = ctx.result.bindings.size();
  for (const auto& [axis, row] : asked) {
    BindingStmt b = transmute_statement(ctx.table, ctx.mesh, name, axis, row, loc);
    ctx.rebinding = true;
    const bool ok = check_transition(ctx, b, ctx.table.transitions[row].op);
    ctx.rebinding = false;
    if (!ok) {
      // A rejected statement changes nothing: drop the coercions already
      // bound, and make the name denote the asserted value again.
      ctx.roll_back(values_before, bindings_before);
      return false;
    }
    ctx.result.bindings.back().by_assert = true;
    record.coercions.push_back(std::move(b));
  }
  ctx.result.transmutes.push_back(std::move(record));
  return true;
}

}  // namespace check
}  // namespace spmdcheck
