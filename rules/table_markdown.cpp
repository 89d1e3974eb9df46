#include "rules/table_markdown.h"

#include <bit>
#include <charconv>

#include "rules/local_typing.h"

namespace spmdcheck {
namespace {

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string code(std::string_view text) { return text.empty() ? "" : "`" + std::string(text) + "`"; }

std::string row(std::initializer_list<std::string> cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string header(std::initializer_list<std::string> cells) {
  std::string out = row(cells) + "|";
  for (size_t i = 0; i < cells.size(); ++i) out += "---|";
  return out + "\n";
}

std::string kinds(KindMask mask) {
  std::string out;
  for (int k = 0; k < kNumOperandKinds; ++k)
    if (mask >> k & 1) out += (out.empty() ? "" : ", ") + std::string(operand_kind_name(static_cast<OperandKind>(k)));
  return out;
}

std::string forms(FormMask mask) {
  std::string out;
  for (int k = 0; k < kNumFormKinds; ++k)
    if (mask >> k & 1) out += (out.empty() ? "" : ", ") + std::string(form_kind_name(static_cast<Form::Kind>(k)));
  return out;
}

std::string number(double x) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string dims_text(const TransitionRow& r) {
  std::string out;
  for (const DimBinding& d : r.dims) {
    std::string v = d.from == DimBinding::From::Src ? "src" : d.from == DimBinding::From::Dst ? "dst" : std::to_string(d.default_value);
    out += (out.empty() ? "" : ", ") + d.param + "=" + v;
  }
  return out;
}

std::string action_text(const TransitionRow& r) {
  if (!r.action) return "";
  const ActionKindInfo& info = action_kind_info(r.action->kind);
  std::string out(info.name);
  if (info.num_params) {
    out += "(";
    for (int i = 0; i < info.num_params; ++i) out += (i ? ", " : "") + r.dims[r.action->params[i]].param;
    out += ")";
  }
  if (r.action->rank_shift) out += " with rank_shift " + std::to_string(r.action->rank_shift);
  if (r.action->rank_swap) out += " with rank_swap " + std::to_string(r.action->rank_swap);
  if (r.action->first_axis) out += " on the first axis";
  return out;
}

std::string shape_text(const TransitionRow& r) {
  std::string out;
  for (const ShapeStep& s : r.shape)
    out += (out.empty() ? "" : " ") + std::string(shape_step_name(s.kind)) + "(" + r.dims[s.param].param + ")";
  return out.empty() && r.action ? "same" : out;
}

std::string semantics_text(const RuleTable& t, const TransitionRow& r) {
  if (r.illegal) return "illegal";
  if (!r.compose.empty()) {
    std::string out;
    for (const std::string& id : r.compose_ids) out += (out.empty() ? "" : " then ") + code(id);
    return out;
  }
  std::string out = code(action_text(r)) + ", shape " + code(shape_text(r)) + "; backward " +
                    (r.backward_id.empty() ? std::string("none") : code(r.backward_id));
  std::string bd;
  for (const auto& [b, own] : r.backward_dims) bd += (bd.empty() ? "" : ", ") + b + "=" + own;
  if (!bd.empty()) out += " (" + bd + ")";
  (void)t;
  return out;
}

void transitions_of(const RuleTable& t, size_t op, std::string& out) {
  const CommOpRow& c = t.comm_ops[op];
  out += "\n### " + c.name + " (" + c.kind + ")\n\n" + cell(c.message) + ". Keywords: ";
  std::string kws;
  for (const std::string& k : c.keywords) kws += (kws.empty() ? "" : ", ") + code(k);
  out += kws.empty() ? "none" : kws;
  if (c.default_src) out += "; default src " + code(form_kind_name(*c.default_src));
  if (c.default_dst) out += "; default dst " + code(form_kind_name(*c.default_dst));
  if (!c.takes_keyword("src")) out += "; spelled " + code(c.usage());
  if (c.buffer) out += "; dst is the output buffer's type";
  if (c.strict_src) out += "; no implicit acceptance";
  if (c.no_gradient) out += "; no gradient";
  if (!c.reduce_ops.empty()) {
    std::string ops;
    for (const std::string& r : c.reduce_ops) ops += (ops.empty() ? "" : ", ") + code(r);
    out += "; reduce ops " + ops;
  }
  const CommLawInfo& law = comm_law_info(c.law);
  out += ". Law " + code(law.name) + ": " + cell(std::string(law.summary));
  out += ".\n\n" + header({"id", "src", "dst", "gate", "dims", "semantics", "message", "fix"});
  for (const TransitionRow& r : t.transitions) {
    if (r.op != op) continue;
    std::string src = forms(r.src), dst = forms(r.dst);
    if (r.shard_dims == ShardDims::Equal) dst += " (same dim)";
    if (r.shard_dims == ShardDims::Differ) dst += " (other dim)";
    const RuleInfo& info = t.info(r.rule);
    std::string semantics = semantics_text(t, r);
    if (!r.illegal && r.spec != SpecUpdate::Keep) semantics += "; spec " + code(spec_update_name(r.spec));
    out += row({code(info.id), src, dst, r.expert ? "expert" : "", dims_text(r), semantics, cell(info.message), cell(info.fix)});
  }
}

}  // namespace

std::string combine_condition(const RuleTable& t, const CombineRow& r) {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (r.only != kAllKinds) add("only " + kinds(r.only));
  if (r.has) add("has " + kinds(r.has));
  if (r.has_any) add("has any of " + kinds(r.has_any));
  if (r.min_partials) add(">= " + std::to_string(r.min_partials) + " P");
  if (r.linearities != ~0u) {
    std::string lins;
    for (size_t l = 0; l < t.linearities.size(); ++l)
      if (r.linearities >> l & 1u) lins += (lins.empty() ? "" : ", ") + t.linearities[l].name;
    add(lins + " only");
  }
  return out.empty() ? "always" : out;
}

std::string table_to_markdown(const RuleTable& t) {
  std::string out = "Rule table `" + t.name + "`: " + cell(t.description) + ".\n";
  out += "\n### Types\n\n" + header({"id", "type", "gradient", "denotation", "meaning"});
  for (const TypeRow& r : t.types)
    out += row({code(t.info(r.rule).id), std::string(1, ty_letter(r.ty)), std::string(1, ty_letter(r.grad)), r.denotation,
                cell(t.info(r.rule).message)});
  out += "\n### Linearity classes\n\n" + header({"class", "meaning"});
  for (const LinearityRow& r : t.linearities) out += row({code(r.name), cell(r.message)});
  out +=
      "\n### Combination of operand types (per axis, first matching row decides)\n\n" + header({"id", "when", "result", "message", "fix"});
  for (const CombineRow& r : t.combine)
    out += row({code(t.info(r.rule).id), combine_condition(t, r), r.reject ? "reject" : std::string(1, ty_letter(r.result)),
                cell(t.info(r.rule).message), cell(t.info(r.rule).fix)});
  out += "\n### Non-linear arguments\n\n" + header({"id", "forbidden", "message", "fix"});
  for (const NonlinearArgRow& r : t.nonlinear_args)
    out += row({code(t.info(r.rule).id), kinds(r.forbid), cell(t.info(r.rule).message), cell(t.info(r.rule).fix)});
  out += "\n### out_partial\n\n" + header({"id", "inferred", "result", "message", "fix"});
  for (const OutPartialRow& r : t.out_partial)
    out += row({code(t.info(r.rule).id), std::string(1, ty_letter(r.from)), r.reject ? "reject" : std::string(1, ty_letter(r.result)),
                cell(t.info(r.rule).message), cell(t.info(r.rule).fix)});
  out += "\n### Local ops\n\n" +
         header({"id", "signature", "linearity", "typing roles", "results", "shape", "tolerance (eps)", "kinks", "poles", "meaning"});
  for (const OpRow& r : t.ops) {
    std::string roles, results, kinks, poles;
    for (const ParamSpec& p : r.params)
      if (is_typing_role(p.role) || p.role == ParamRole::Axes)
        roles += (roles.empty() ? "" : ", ") + p.name + ": " + std::string(param_role_name(p.role));
    if (!r.typing.empty()) roles += (roles.empty() ? "" : "; ") + std::string("typing ") + typing_text(t, r);
    for (ResultDType d : r.results) results += (results.empty() ? "" : ", ") + std::string(result_dtype_name(d));
    if (r.no_operands) roles += (roles.empty() ? "" : ", ") + std::string("no operands: ") + ty_letter(*r.no_operands);
    for (double k : r.kinks) kinks += (kinks.empty() ? "" : ", ") + number(k);
    if (!r.ties.empty()) kinks += (kinks.empty() ? "" : ", ") + std::string("ties along ") + r.ties;
    for (const std::string& k : r.kinks_at) kinks += (kinks.empty() ? "" : ", ") + k;
    for (double p : r.poles) poles += (poles.empty() ? "" : ", ") + number(p);
    if (r.jumps) poles += (poles.empty() ? "" : ", ") + std::string("jumps");
    for (const std::string& d : r.nonfinite_by_kernel)
      poles += std::string(poles.empty() ? "" : ", ") + "non-finite by its " + d + " kernel";
    std::string when;  // a variant row: the values that select it
    for (const ArgValue& v : r.when_values)
      when += (when.empty() ? "" : " or ") + (v.kind == ArgValue::Kind::String ? "\"" + v.text + "\""
                                              : v.kind == ArgValue::Kind::Bool ? std::string(v.boolean ? "true" : "false")
                                                                               : std::to_string(v.integer));
    if (!when.empty()) when = " when " + r.when_param + "=" + when;
    out += row({code(t.info(r.rule).id), code(signature_text(r.name, r.params)) + when, t.linearities[r.linearity].name, roles, results,
                std::string(shape_rule_name(r.shape)), number(r.tolerance_eps), kinks, poles, cell(t.info(r.rule).message)});
  }
  out += "\n### Accepted input substitutions (coercions and collectives)\n\n" + header({"id", "expected", "accepted", "via", "message"});
  for (const AcceptRow& r : t.accepts)
    out += row({code(t.info(r.rule).id), std::string(1, ty_letter(r.expected)), std::string(1, ty_letter(r.given)), code(r.via_id),
                cell(t.info(r.rule).message)});
  for (size_t op = 0; op < t.comm_ops.size(); ++op) transitions_of(t, op, out);
  out += "\n### Loss types\n\n" + header({"id", "type", "verdict", "message", "fix"});
  for (const LossRow& r : t.losses)
    out += row({code(t.info(r.rule).id), std::string(1, ty_letter(r.ty)), r.reject ? "reject" : "accept", cell(t.info(r.rule).message),
                cell(t.info(r.rule).fix)});
  out += "\n### Shard propagation (global SPMD: per axis, the first matching row of the op's kind decides)\n\n" +
         header({"id", "kinds", "ops", "operands", "result", "message", "fix"});
  for (const PropagationRow& r : t.propagation) {
    std::string kinds, ops, operands;
    for (ShapeRule k : r.kinds) kinds += (kinds.empty() ? "" : ", ") + std::string(shape_rule_name(k));
    for (const std::string& o : r.ops) ops += (ops.empty() ? "" : ", ") + o;
    for (const Placement& p : r.operands) operands += (operands.empty() ? "" : ", ") + placement_to_string(p);
    out += row({code(t.info(r.rule).id), kinds, ops.empty() ? "all" : ops, operands, r.reject ? "reject" : placement_to_string(r.result),
                cell(t.info(r.rule).message), cell(t.info(r.rule).fix)});
  }
  out += "\n### Diagnostics\n\n" + header({"id", "message", "fix"});
  for (RuleIndex r : t.diagnostics) out += row({code(t.info(r).id), cell(t.info(r).message), cell(t.info(r).fix)});
  return out;
}

}  // namespace spmdcheck
