#include "rules/table_linter.h"

#include <algorithm>
#include <set>

#include "common/template.h"
#include "rules/local_typing.h"
#include "rules/table_linter_internal.h"

namespace spmdcheck {
namespace lint {

std::string row_name(const RuleTable& t, RuleIndex r) { return "row '" + t.rules[r].id + "'"; }

}  // namespace lint

namespace {
using lint::Findings;
using lint::row_name;

// The names each section's templates may use (what the checker binds).
std::span<const std::string_view> placeholders_for(RowSection s) {
  static constexpr std::string_view kCombine[] = {"op", "axis", "operands"};
  static constexpr std::string_view kNonlinearArg[] = {"op", "axis", "param", "position", "got"};
  static constexpr std::string_view kOpAxis[] = {"op", "axis"};
  static constexpr std::string_view kTransition[] = {"op", "value", "axis", "src", "dst"};
  static constexpr std::string_view kLoss[] = {"name", "axis"};
  static constexpr std::string_view kPropagation[] = {"op", "axis", "operands"};
  static constexpr std::string_view kDiagnostic[] = {"name", "op",    "want", "got",   "known", "usage",       "position",
                                                     "key",  "value", "axis", "src",   "dst",   "row_message", "dim",
                                                     "low",  "high",  "rank", "param", "names"};
  switch (s) {
    case RowSection::Combine: return kCombine;
    case RowSection::NonlinearArg: return kNonlinearArg;
    case RowSection::OutPartial:
    case RowSection::Accept: return kOpAxis;
    case RowSection::Transition: return kTransition;
    case RowSection::Loss: return kLoss;
    case RowSection::Diagnostic: return kDiagnostic;
    case RowSection::Propagation: return kPropagation;
    case RowSection::Type:
    case RowSection::Op: return {};
  }
  return {};
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.front() == '.' || id.back() == '.' || id.find('.') == std::string::npos) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c == '.' && id[i - 1] != '.');
    if (c >= 'A' && c <= 'Z' && i > 0 && id[i - 1] == '.') ok = true;  // type.R
    if (!ok) return false;
  }
  return true;
}

// duplicate[r]: an earlier row has rule r's id (one sort, no per-id node).
std::vector<bool> later_duplicates(const RuleTable& t) {
  std::vector<std::pair<std::string_view, size_t>> ids;
  ids.reserve(t.rules.size());
  for (size_t r = 0; r < t.rules.size(); ++r) ids.emplace_back(t.rules[r].id, r);
  std::sort(ids.begin(), ids.end());  // equal ids together, lowest row first
  std::vector<bool> duplicate(t.rules.size(), false);
  for (size_t i = 1; i < ids.size(); ++i)
    if (ids[i].first == ids[i - 1].first) duplicate[ids[i].second] = true;
  return duplicate;
}

// "path:LINE" or "path:LINE-LINE", several separated by ", "; or "pytorch".
bool valid_source(std::string_view source) {
  if (source.empty()) return false;
  if (source == "pytorch") return true;  // PyTorch's own behaviour (an argument error), not the modelled code
  while (!source.empty()) {
    const size_t end = std::min(source.find(", "), source.size());
    const std::string_view one = source.substr(0, end);
    const size_t colon = one.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == one.size()) return false;
    for (char c : one.substr(colon + 1))
      if (!(c >= '0' && c <= '9') && c != '-') return false;
    source = end == source.size() ? std::string_view() : source.substr(end + 2);
  }
  return true;
}

void lint_rules(const RuleTable& t, Findings& f) {
  const std::vector<bool> duplicate = later_duplicates(t);
  for (size_t r = 0; r < t.rules.size(); ++r) {
    const RuleInfo& info = t.rules[r];
    if (duplicate[r]) f.add(info.loc, "duplicate_id", "id '" + info.id + "' is used by more than one row");
    if (!valid_id(info.id))
      f.add(info.loc, "id_format", "id '" + info.id + "' must be dotted lower-case words, e.g. coll.all_reduce.p_to_r");
    if (info.rejects && info.fix.empty()) f.add(info.loc, "missing_fix", row_name(t, r) + " rejects, so it needs a `fix` hint");
    if (!info.source.empty() && !valid_source(info.source))
      f.add(info.loc, "source",
            row_name(t, r) + " cites '" + info.source + "', which is not source = \"path/file.py:LINE\" (LINE or LINE-LINE)");
    else if (info.source.empty() && !t.source_commit.empty())
      f.add(info.loc, "source",
            row_name(t, r) + " is part of a table that models " + t.source_repository + " at " + t.source_commit +
                ", so it cites the code it transcribes: source = \"path/file.py:LINE\"");
    auto allowed = placeholders_for(info.section);
    for (const std::string* text : {&info.message, &info.fix})
      for_each_placeholder(*text, [&](std::string_view name) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
          f.add(
              info.loc, "placeholder",
              row_name(t, r) + " uses {" + std::string(name) + "}, which a " + std::string(section_name(info.section)) + " row cannot use");
      });
  }
}

void lint_types(const RuleTable& t, Findings& f) {
  SourceLoc at = t.types.empty() ? SourceLoc{1, 1} : t.rules[t.types.front().rule].loc;
  for (Ty ty : kAllTys) {
    long n = std::count_if(t.types.begin(), t.types.end(), [&](const TypeRow& r) { return r.ty == ty; });
    if (n != 1) f.add(at, "types", std::string("type ") + ty_letter(ty) + " needs exactly one [[type]] row, but has " + std::to_string(n));
  }
  for (const TypeRow& r : t.types)
    if (t.grad(t.grad(r.ty)) != r.ty)
      f.add(t.rules[r.rule].loc, "types",
            std::string("the gradient type of the gradient type of ") + ty_letter(r.ty) + " must be " + ty_letter(r.ty));
}

std::string describe_multiset(int mask, int pclass) {
  std::string out = "{";
  for (int k = 0; k < kNumOperandKinds; ++k) {
    if (!(mask >> k & 1)) continue;
    if (out.size() > 1) out += ", ";
    out += operand_kind_name(static_cast<OperandKind>(k));
    if (k == static_cast<int>(OperandKind::P) && pclass == 2) out += " x2";
  }
  return out + "}";
}

void lint_combine(const RuleTable& t, Findings& f) {
  std::vector<bool> used(t.combine.size(), false);
  const int p_bit = kind_bit(OperandKind::P);
  for (size_t lin = 0; lin < t.linearities.size(); ++lin) {
    for (int mask = 0; mask < 32; ++mask) {
      for (int pclass = 0; pclass < 3; ++pclass) {
        if ((pclass > 0) != ((mask & p_bit) != 0)) continue;  // inconsistent multiset
        int row = t.compiled.combine[lin][mask * 3 + pclass];
        if (row < 0) {
          // A partial table misses many multisets: one allocation per message.
          std::string message;
          message.reserve(64 + t.linearities[lin].name.size());
          message += "no combine row decides operands ";
          message += describe_multiset(mask, pclass);
          message += " of a ";
          message += t.linearities[lin].name;
          message += " op";
          f.add(t.linearities[lin].loc, "combine_total", std::move(message));
        } else {
          used[row] = true;
        }
      }
    }
  }
  for (size_t i = 0; i < t.combine.size(); ++i)
    if (!used[i])
      f.add(t.rules[t.combine[i].rule].loc, "combine_dead", row_name(t, t.combine[i].rule) + " never decides: earlier rows match first");
}

void lint_per_type(const RuleTable& t, Findings& f) {
  auto check = [&](const char* section, auto rows, auto ty_of) {
    for (Ty ty : kAllTys) {
      long n = std::count_if(rows.begin(), rows.end(), [&](const auto& r) { return ty_of(r) == ty; });
      if (n != 1) {
        SourceLoc at = rows.empty() ? SourceLoc{1, 1} : t.rules[rows.front().rule].loc;
        f.add(at, "per_type_total",
              std::string(section) + " rows must cover type " + ty_letter(ty) + " exactly once, but cover it " + std::to_string(n) +
                  " times");
      }
    }
  };
  check("out_partial", t.out_partial, [](const OutPartialRow& r) { return r.from; });
  check("loss", t.losses, [](const LossRow& r) { return r.ty; });
}

// An op's parameters against its shape rule (rules/shape_rules.h) and the
// fields that refer to roles.
void lint_op_params(const RuleTable& t, const OpRow& op, SourceLoc at, Findings& f) {
  const std::string row = row_name(t, op.rule);
  const std::string rule = std::string(shape_rule_name(op.shape));
  const ShapeRuleSpec& spec = shape_rule_spec(op.shape);
  int operands = 0;
  bool nonlinear = false, list = false;
  for (const ParamSpec& p : op.params) {
    operands += is_typing_role(p.role);
    nonlinear |= is_nonlinear_role(p.role);
    list |= p.role == ParamRole::Operands;
    if (p.role == ParamRole::Operands && p.keyword_only)
      f.add(p.loc, "op", row + ": an operands list must be positional (version 1 writes it variadically)");
  }
  if (operands < spec.min_operands || (spec.max_operands >= 0 && operands > spec.max_operands))
    f.add(
        at, "op",
        row + ": shape rule " + rule + " reads " +
            (spec.min_operands == spec.max_operands ? std::to_string(spec.min_operands) : "at least " + std::to_string(spec.min_operands)) +
            " operand parameter(s), but the op declares " + std::to_string(operands));
  if (spec.operands_list != list)
    f.add(at, "op", row + ": shape rule " + rule + (list ? " does not read an operands list" : " reads an operands list"));
  if (operands == 0 && !op.no_operands)
    f.add(at, "op",
          row +
              ": the op has no typing parameter, so every call would be refused (call.no_value); a factory gives `no_operands`, "
              "its result type");
  for (const ShapeParam& need : spec.params) {
    int i = op.param_index(need.name);
    if (i < 0) {
      f.add(at, "op",
            row + ": shape rule " + rule + " reads parameter '" + std::string(need.name) + ": " + std::string(param_role_name(need.role)) +
                "', which the op does not declare");
    } else if (op.params[i].role != need.role) {
      f.add(op.params[i].loc, "op",
            row + ": shape rule " + rule + " reads '" + std::string(need.name) + "' as " + std::string(param_role_name(need.role)) +
                ", but it is declared " + std::string(param_role_name(op.params[i].role)));
    }
  }
  // A typing expression must name every typing operand: one it leaves out
  // would take no part in the judgment.
  if (!op.typing.empty())
    for (size_t p = 0; p < op.params.size(); ++p) {
      bool named = false;
      for (const TypingNode& node : op.typing)
        for (const TypingItem& item : node.items) named |= item.param == static_cast<int>(p);
      if (is_typing_role(op.params[p].role) && !named)
        f.add(at, "op", row + ": the typing expression does not name operand '" + op.params[p].name + "'");
    }
  if (!op.poles.empty() && !nonlinear)
    f.add(at, "op", row + ": poles apply at non-linear operands, and this op has no nonlinear_operand or index parameter");
  if (!op.ties.empty()) {
    const int p = op.param_index(op.ties);
    if (p < 0 || op.params[p].role != ParamRole::Int)
      f.add(at, "op", row + ": ties names the dim parameter the op compares along, but '" + op.ties + "' is no int parameter of the op");
  }
  // A kink's location is a number or a value another operand meets.
  for (const std::string& k : op.kinks_at) {
    const int i = op.param_index(k);
    const ParamRole role = i < 0 ? ParamRole::Axes : op.params[i].role;
    if (i < 0 || !(role == ParamRole::Number || role == ParamRole::Operand || role == ParamRole::ScalarOperand ||
                   role == ParamRole::NonlinearOperand))
      f.add(at, "op", row + ": kinks_at names '" + k + "', which is not a number or operand parameter of the op");
  }
  // The corner check evaluates the op item by item on its result's type;
  // out_partial would sum items first.
  bool axes = false;
  for (const ParamSpec& p : op.params) axes |= p.role == ParamRole::Axes;
  if (op.jumps && axes) f.add(at, "op", row + ": jumps is not supported on an op with an axes (out_partial) parameter");
  // An exact op that is no product has its operands' non-finite elements
  // (one rounding at most): no kernel has a choice to make. A product's
  // kernel has one: whether a factor of 0 meets an infinity (addmm at
  // alpha = 0: LibTorch 1.13's f64 BLAS path skips the product, its bf16
  // path gives NaN).
  if (!op.nonfinite_by_kernel.empty() && op.tolerance_eps == 0 && !op.product_width)
    f.add(at, "op",
          row +
              ": nonfinite_by_kernel needs an inexact op (tolerance_eps > 0) or a product (data_width = \"product\"): an exact sum's "
              "non-finite results are its operands'");
}

bool same_when_value(const ArgValue& a, const ArgValue& b) {
  return a.kind == b.kind && a.text == b.text && a.integer == b.integer && a.boolean == b.boolean;
}

// A variant row against its name's base row: the same parameters, a `when`
// on one structural parameter, values it can hold, none the default (the
// base would never type a call that omits it) and none an earlier
// variant's (this one would never be selected).
void lint_op_variant(const RuleTable& t, const OpRow& v, Findings& f) {
  const SourceLoc at = t.rules[v.rule].loc;
  const std::string row = row_name(t, v.rule);
  const auto base_it = t.compiled.op_by_name.find(v.name);
  const OpRow& base = t.ops[base_it->second];
  if (&base == &v || !base.when_param.empty()) {
    f.add(at, "op", row + " is a variant of '" + v.name + "', which has no base row (a row of that name without `when`)");
    return;
  }
  bool same = base.params.size() == v.params.size();
  for (size_t i = 0; same && i < v.params.size(); ++i)
    same = param_spec_to_text(base.params[i]) == param_spec_to_text(v.params[i]) && base.params[i].keyword_only == v.params[i].keyword_only;
  if (!same) f.add(at, "op", row + ": a variant declares its base's parameters (" + signature_text(base.name, base.params) + ")");
  const int p = v.param_index(v.when_param);
  if (p < 0 || is_typing_role(v.params[p].role) || v.params[p].role == ParamRole::Axes) {
    f.add(at, "op", row + ": when names '" + v.when_param + "', which is no structural parameter of the op");
    return;
  }
  const ParamSpec& spec = v.params[p];
  const ArgValue::Kind want = spec.role == ParamRole::String ? ArgValue::Kind::String
                              : spec.role == ParamRole::Bool ? ArgValue::Kind::Bool
                                                             : ArgValue::Kind::Int;
  for (const ArgValue& value : v.when_values) {
    if (value.kind != want)
      f.add(at, "op", row + ": a when value of '" + spec.name + "' must be " + std::string(param_role_name(spec.role)));
    if (spec.default_value && same_when_value(value, *spec.default_value))
      f.add(at, "op", row + ": a when value is the default of '" + spec.name + "', so the base row would never type a call that omits it");
    for (uint16_t earlier : t.compiled.op_variants[base_it->second]) {
      if (&t.ops[earlier] == &v) break;
      for (const ArgValue& e : t.ops[earlier].when_values)
        if (t.ops[earlier].when_param == v.when_param && same_when_value(e, value))
          f.add(at, "op", row + ": an earlier variant of '" + v.name + "' takes the same when value, so this one is never selected");
    }
  }
}

void lint_ops(const RuleTable& t, Findings& f) {
  std::set<std::string> names;
  for (const CommOpRow& c : t.comm_ops)
    if (!names.insert(c.name).second) f.add(c.loc, "op", "comm_op '" + c.name + "' is defined twice");
  for (const OpRow& op : t.ops) {
    SourceLoc at = t.rules[op.rule].loc;
    if (!op.when_param.empty())
      lint_op_variant(t, op, f);
    else if (!names.insert(op.name).second)
      f.add(at, "op", "op '" + op.name + "' is defined twice");
    lint_op_params(t, op, at, f);
  }
}

void lint_required(const RuleTable& t, Findings& f) {
  // A type that excludes dtypes makes the checker cite type.dtype.
  for (const TypeRow& r : t.types)
    if (!r.no_dtypes.empty() && t.find_rule("type.dtype") == kNoRule)
      f.add(t.rules[r.rule].loc, "required_diagnostic",
            "type " + std::string(1, ty_letter(r.ty)) + " lists no_dtypes, and the table has no [[diagnostic]] 'type.dtype'");
  // An op with an index parameter makes the checker cite dtype.index.
  for (const OpRow& op : t.ops)
    for (const ParamSpec& p : op.params)
      if (p.role == ParamRole::Index && t.find_rule("dtype.index") == kNoRule)
        f.add(p.loc, "required_diagnostic",
              "parameter '" + p.name + "' of " + op.name + " is an index, and the table has no [[diagnostic]] 'dtype.index'");
  // A shape rule cites the diagnostics its catalog entry lists (once per id).
  std::set<std::string_view> cited;
  for (const OpRow& op : t.ops)
    for (std::string_view id : shape_rule_spec(op.shape).cites) {
      const RuleIndex r = t.find_rule(id);
      if ((r == kNoRule || t.rules[r].section != RowSection::Diagnostic) && cited.insert(id).second)
        f.add(t.rules[op.rule].loc, "required_diagnostic",
              "shape rule " + std::string(shape_rule_name(op.shape)) + " of " + op.name + " cites [[diagnostic]] id '" + std::string(id) +
                  "', which the table does not define");
    }
  for (std::string_view id : required_diagnostic_ids()) {
    RuleIndex r = t.find_rule(id);
    if (r == kNoRule || t.rules[r].section != RowSection::Diagnostic)
      f.add(SourceLoc{1, 1}, "required_diagnostic",
            "the checker cites [[diagnostic]] id '" + std::string(id) + "', which the table does not define");
  }
}

}  // namespace

std::vector<Diagnostic> lint_rule_table(const RuleTable& t) {
  Findings f;
  lint_rules(t, f);
  lint_types(t, f);
  lint_combine(t, f);
  lint_per_type(t, f);
  lint_ops(t, f);
  lint::lint_transitions(t, f);
  lint::lint_laws(t, f);
  lint_required(t, f);
  std::stable_sort(f.list.begin(), f.list.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.loc.line < b.loc.line || (a.loc.line == b.loc.line && a.loc.col < b.loc.col);
  });
  return std::move(f.list);
}

}  // namespace spmdcheck
