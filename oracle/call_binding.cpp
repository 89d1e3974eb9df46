// Binding a local op's arguments to the parameters its row declares, by
// PyTorch's rule: positional arguments fill the positional parameters in
// order, keyword arguments fill parameters by name, and every parameter
// without an argument takes its default. Each bound value is then checked
// against its parameter's role, and the names it holds are looked up, so
// whether an argument takes part in typing is decided by the row alone.
#include "oracle/call_binding.h"

#include "program/program_text.h"
#include "rules/local_typing.h"

namespace spmdcheck {

const ArgValue* bound_arg(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, int param) {
  const BoundParam& p = r.params[param];
  if (p.kwarg >= 0) return &b.kwargs[p.kwarg].value;
  if (p.arg >= 0) return p.count == 1 ? &b.args[p.arg].value : nullptr;
  const std::optional<ArgValue>& d = op.params[param].default_value;
  return d ? &*d : nullptr;
}

std::vector<TypingOperand> typing_operands(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r) {
  std::vector<TypingOperand> out;
  for (size_t p = 0; p < op.params.size(); ++p) {
    if (!param_types(op, static_cast<int>(p))) continue;
    const BoundParam& bp = r.params[p];
    const ArgValue* v = bound_arg(op, b, r, static_cast<int>(p));
    if (v && v->is_numeric()) {
      out.push_back(TypingOperand{static_cast<int>(p), -1, v->as_double()});
      continue;
    }
    for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i)
      out.push_back(TypingOperand{static_cast<int>(p), r.operands[i], 0});
  }
  return out;
}

namespace check {

namespace {

bool same_value(const ArgValue& a, const ArgValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ArgValue::Kind::String: return a.text == b.text;
    case ArgValue::Kind::Int: return a.integer == b.integer;
    case ArgValue::Kind::Bool: return a.boolean == b.boolean;
    case ArgValue::Kind::None: return true;
    default: return false;
  }
}

}  // namespace

int select_op_row(const RuleTable& table, int base, const BindingStmt& b, const ResolvedBinding& r, VariantMiss* miss) {
  const OpRow& op = table.ops[base];
  for (uint16_t v : table.compiled.op_variants[base]) {
    const OpRow& variant = table.ops[v];
    const int p = op.param_index(variant.when_param);
    const ArgValue* bound = p < 0 ? nullptr : bound_arg(op, b, r, p);
    if (!bound) continue;
    for (const ArgValue& want : variant.when_values)
      if (same_value(want, *bound)) return v;
  }
  // A parameter that selects variants is an enumeration: its default (the
  // base row's) or a value some variant takes.
  for (uint16_t v : table.compiled.op_variants[base]) {
    const int p = op.param_index(table.ops[v].when_param);
    const ArgValue* bound = p < 0 ? nullptr : bound_arg(op, b, r, p);
    const std::optional<ArgValue>& fallback = op.params[p].default_value;
    if (!bound || (fallback && same_value(*fallback, *bound))) continue;
    if (miss) {
      miss->param = p;
      miss->choices = fallback ? arg_value_to_text(*fallback) : "";
      for (uint16_t w : table.compiled.op_variants[base])
        if (table.ops[w].when_param == op.params[p].name)
          for (const ArgValue& value : table.ops[w].when_values)
            miss->choices += (miss->choices.empty() ? "" : ", ") + arg_value_to_text(value);
    }
    return -1;
  }
  return base;
}

namespace {

std::string usage(const OpRow& op) { return "usage: " + signature_text(op.name, op.params); }

// What a role accepts, for messages.
std::string_view role_want(const ParamSpec& p) {
  switch (p.role) {
    case ParamRole::Operand:
    case ParamRole::ScalarOperand:
    case ParamRole::NonlinearOperand: return "a value or a number";
    case ParamRole::Operands: return "a list of values [a, b, ...]";
    case ParamRole::Index: return "an i64 or bool value";
    case ParamRole::Int: return "an integer";
    case ParamRole::Ints: return "an integer or a list of integers";
    case ParamRole::Number: return "a number";
    case ParamRole::Bool: return "true or false";
    case ParamRole::String: return "a \"string\"";
    case ParamRole::Axes: return "a mesh axis or [axes]";
  }
  return "";
}

bool fits_role(const ParamSpec& p, const ArgValue& v) {
  using K = ArgValue::Kind;
  if (v.kind == K::None) return p.accepts_none;
  switch (p.role) {
    case ParamRole::Operand:
    case ParamRole::ScalarOperand:
    case ParamRole::NonlinearOperand: return v.kind == K::Name || v.is_numeric();
    case ParamRole::Operands: return v.kind == K::NameList;
    case ParamRole::Index: return v.kind == K::Name;
    // A name at a structural number position is a typed scalar (looked up).
    case ParamRole::Int: return v.kind == K::Int || v.kind == K::Name;
    case ParamRole::Ints: return v.kind == K::Int || v.kind == K::IntList;
    case ParamRole::Number: return v.is_numeric() || v.kind == K::Name;
    case ParamRole::Bool: return v.kind == K::Bool;
    case ParamRole::String: return v.kind == K::String;
    case ParamRole::Axes: return v.kind == K::Name || v.kind == K::NameList;
  }
  return false;
}

// Looks up the value names `v` holds for parameter `param` and appends them
// to the operands; checks what the role requires of each value. `types`:
// param_types(op, param).
[[nodiscard]] bool look_up_values(Context& ctx, const BindingStmt& b, const OpRow& op, int param, bool types, const ArgValue& v,
                                  SourceLoc loc, ResolvedBinding& r) {
  const ParamSpec& p = op.params[param];
  if (p.role == ParamRole::Axes || (v.kind != ArgValue::Kind::Name && v.kind != ArgValue::Kind::NameList)) return true;
  for (size_t i = 0; i < v.names.size(); ++i) {
    const SourceLoc at = i < v.item_locs.size() ? v.item_locs[i] : loc;
    const std::optional<int> value = ctx.lookup(v.names[i], at);
    if (!value) return false;
    const ValueInfo& info = ctx.value(*value);
    if (!types) {  // a value at a structural number position
      if (!info.scalar)
        return ctx.fail("call.argument_value", at,
                        {{"param", p.name},
                         {"op", b.op},
                         {"want", std::string(role_want(p))},
                         {"got", "the tensor " + info.name},
                         {"usage", usage(op)}});
      return ctx.fail("call.scalar_position", at, {{"name", info.name}, {"param", p.name}, {"op", b.op}});
    }
    if (info.scalar && p.role != ParamRole::Operand && p.role != ParamRole::ScalarOperand && p.role != ParamRole::NonlinearOperand &&
        p.role != ParamRole::Number)
      return ctx.fail("call.argument_value", at,
                      {{"param", p.name},
                       {"op", b.op},
                       {"want", std::string(role_want(p))},
                       {"got", "the typed scalar " + info.name},
                       {"usage", usage(op)}});
    if (!info.scalar && p.role == ParamRole::Number)  // a tensor where a (typed) number goes
      return ctx.fail(
          "call.argument_value", at,
          {{"param", p.name}, {"op", b.op}, {"want", std::string(role_want(p))}, {"got", "the tensor " + info.name}, {"usage", usage(op)}});
    if (p.role == ParamRole::Index && info.dtype != DType::I64 && info.dtype != DType::Bool)
      return ctx.fail("dtype.index", at, {{"param", p.name}, {"op", b.op}, {"got", std::string(dtype_name(info.dtype))}});
    r.operands.push_back(*value);
  }
  return true;
}

}  // namespace

bool bind_call_arguments(Context& ctx, const BindingStmt& b, int row, ResolvedBinding& r) {
  const OpRow& op = ctx.table.ops[row];
  const uint16_t typing = ctx.table.compiled.op_typing_params[row];
  const int num_params = static_cast<int>(op.params.size());
  const int positional = ctx.table.compiled.op_positional[row];
  r.params.assign(num_params, BoundParam{});
  const int nargs = static_cast<int>(b.args.size());
  int param = 0;
  for (int i = 0; i < nargs; ++param) {
    if (param >= positional)
      return ctx.fail(
          "call.arity", b.op_loc,
          {{"op", b.op}, {"want", "at most " + std::to_string(positional)}, {"got", std::to_string(nargs)}, {"usage", usage(op)}});
    BoundParam& bp = r.params[param];
    bp.arg = static_cast<int16_t>(i);
    bp.count = 1;
    // Version 1 writes an operands list variadically: `cat(a, b, dim=0)`.
    if (op.params[param].role == ParamRole::Operands && b.args[i].value.kind == ArgValue::Kind::Name)
      while (i + bp.count < nargs && b.args[i + bp.count].value.kind == ArgValue::Kind::Name) ++bp.count;
    i += bp.count;
  }
  for (size_t k = 0; k < b.kwargs.size(); ++k) {
    const KwArg& kw = b.kwargs[k];
    for (size_t j = 0; j < k; ++j)
      if (b.kwargs[j].key == kw.key) return ctx.fail("call.keyword_duplicate", kw.loc, {{"key", kw.key}});
    const int p = op.param_index(kw.key);
    if (p < 0) {
      std::string known;
      for (const ParamSpec& s : op.params) known += (known.empty() ? "" : ", ") + s.name;
      return ctx.fail("call.keyword_unknown", kw.loc, {{"op", b.op}, {"key", kw.key}, {"known", known.empty() ? "no parameters" : known}});
    }
    if (r.params[p].arg >= 0) return ctx.fail("call.argument_twice", kw.loc, {{"param", kw.key}, {"op", b.op}, {"usage", usage(op)}});
    r.params[p].kwarg = static_cast<int16_t>(k);
  }
  r.operands.clear();
  // At most one value per name written: one allocation, not one per growth.
  size_t names = 0;
  for (const Arg& a : b.args) names += a.value.names.size();
  for (const KwArg& kw : b.kwargs) names += kw.value.names.size();
  r.operands.reserve(names);
  for (int p = 0; p < num_params; ++p) {
    const ParamSpec& spec = op.params[p];
    BoundParam& bp = r.params[p];
    bp.first_value = static_cast<int16_t>(r.operands.size());
    if (bp.is_default() && !spec.default_value) {
      if (spec.accepts_none) continue;
      return ctx.fail("call.argument_missing", b.op_loc, {{"op", b.op}, {"param", spec.name}, {"usage", usage(op)}});
    }
    if (bp.count > 1) {  // a variadic operands list: value names, checked as a list
      for (int i = bp.arg; i < bp.arg + bp.count; ++i) {
        const std::optional<int> value = ctx.lookup(b.args[i].value.names[0], b.args[i].loc);
        if (!value) return false;
        r.operands.push_back(*value);
      }
    } else if (!bp.is_default()) {
      const ArgValue& v = bp.kwarg >= 0 ? b.kwargs[bp.kwarg].value : b.args[bp.arg].value;
      const SourceLoc loc = bound_loc(b, bp);
      // A single value name fills an operands list of one (PyTorch would
      // reject it; version 1 wrote `cat(a)`).
      const bool single_list = spec.role == ParamRole::Operands && v.kind == ArgValue::Kind::Name;
      // At a structural number position a name must be a bound (typed
      // scalar) value; anything else (an axis, a typo) is a bad argument.
      const bool unbound_structural =
          !(typing >> p & 1u) && spec.role != ParamRole::Axes && v.kind == ArgValue::Kind::Name && !ctx.is_bound(v.names[0]);
      if ((!single_list && !fits_role(spec, v)) || unbound_structural) {
        if (bp.kwarg >= 0)  // version 1's id for a bad keyword value
          return ctx.fail("call.keyword_value", loc,
                          {{"key", spec.name},
                           {"op", b.op},
                           {"want", std::string(role_want(spec))},
                           {"got", arg_value_to_text(v)},
                           {"usage", usage(op)}});
        return ctx.fail("call.argument_value", loc,
                        {{"param", spec.name},
                         {"op", b.op},
                         {"want", std::string(role_want(spec))},
                         {"got", arg_value_to_text(v)},
                         {"usage", usage(op)}});
      }
      if (!look_up_values(ctx, b, op, p, typing >> p & 1u, v, loc, r)) return false;
    }
    bp.num_values = static_cast<int16_t>(r.operands.size() - bp.first_value);
  }
  return true;
}

SourceLoc bound_loc(const BindingStmt& b, const BoundParam& p) {
  if (p.kwarg >= 0) return b.kwargs[p.kwarg].loc;
  if (p.arg >= 0) return b.args[p.arg].loc;
  return b.op_loc;
}

}  // namespace check
}  // namespace spmdcheck
