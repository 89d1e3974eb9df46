#include "rules/table_loader.h"

#include <functional>

#include "rules/local_typing.h"
#include "rules/table_linter.h"
#include "rules/table_loader_internal.h"

namespace spmdcheck {
namespace loader {

RuleIndex add_rule(RuleTable& t, TomlRow& row, RowSection section, bool rejects) {
  RuleInfo info;
  info.id = row.str("id");
  info.message = row.str("message");
  info.fix = row.opt_str("fix").value_or("");
  info.section = section;
  info.rejects = rejects;
  info.convention = row.flag("convention");
  if (info.convention && !rejects) row.fail("convention", "only a rejecting row can be a convention");
  info.source = row.opt_str("source").value_or("");
  info.loc = row.loc();
  if (t.rules.size() >= kNoRule) row.fail("id", "too many rows");
  t.rules.push_back(std::move(info));
  return static_cast<RuleIndex>(t.rules.size() - 1);
}

Ty read_ty(TomlRow& row, const char* key, const std::string& text) {
  auto ty = ty_from_letter(text);
  if (!ty) row.fail(key, "'" + text + "' is not a type; expected R, I, V or P");
  return *ty;
}

Form::Kind read_form_kind(TomlRow& row, const char* key, const std::string& text) {
  auto kind = form_kind_from_name(text);
  if (!kind) row.fail(key, "'" + text + "' is not a form; expected R, I, V, P or S");
  return *kind;
}

}  // namespace loader

namespace {
using namespace loader;

KindMask read_kind_mask(TomlRow& row, const char* key) {
  KindMask mask = 0;
  for (const std::string& name : row.str_list(key)) {
    bool found = false;
    for (int k = 0; k < kNumOperandKinds; ++k) {
      if (operand_kind_name(static_cast<OperandKind>(k)) == name) {
        mask |= kind_bit(static_cast<OperandKind>(k));
        found = true;
      }
    }
    if (!found) row.fail(key, "'" + name + "' is not an operand kind; expected R, I, V, P or scalar");
  }
  return mask;
}

uint8_t find_linearity(const RuleTable& t, TomlRow& row, const char* key, const std::string& name) {
  for (size_t i = 0; i < t.linearities.size(); ++i)
    if (t.linearities[i].name == name) return static_cast<uint8_t>(i);
  row.fail(key, "unknown linearity '" + name + "'; define it in a [[linearity]] row");
}

void load_type(RuleTable& t, TomlRow& row) {
  TypeRow r;
  r.rule = add_rule(t, row, RowSection::Type, false);
  r.ty = read_ty(row, "name", row.str("name"));
  r.grad = read_ty(row, "grad", row.str("grad"));
  r.denotation = row.str("denotation");
  if (r.denotation != "same" && r.denotation != "list" && r.denotation != "sum")
    row.fail("denotation", "denotation must be \"same\", \"list\" or \"sum\"");
  for (const auto& [name, loc] : row.located_str_list("no_dtypes")) {
    constexpr std::string_view kFormatDTypes[] = {"f64", "f32", "bf16", "f16", "i64", "bool"};  // program-format.md
    if (std::find(std::begin(kFormatDTypes), std::end(kFormatDTypes), name) == std::end(kFormatDTypes))
      throw TableError(loc, "table.schema", "no_dtypes lists dtypes (f64, f32, bf16, f16, i64, bool), not '" + name + "'");
    r.no_dtypes.push_back(name);
  }
  t.types.push_back(r);
}

void load_linearity(RuleTable& t, TomlRow& row) {
  LinearityRow r{row.str("name"), row.str("message"), row.loc()};
  if (t.linearities.size() >= 32) row.fail("name", "at most 32 linearity classes");
  t.linearities.push_back(std::move(r));
}

void load_combine(RuleTable& t, TomlRow& row) {
  CombineRow r;
  r.reject = row.flag("reject");
  r.rule = add_rule(t, row, RowSection::Combine, r.reject);
  if (const toml::table* when = row.opt_table("when")) {
    TomlRow w(*when, "when");
    if (w.has("only")) r.only = read_kind_mask(w, "only");
    r.has = read_kind_mask(w, "has");
    r.has_any = read_kind_mask(w, "has_any");
    if (w.has("linearity")) {
      r.linearities = 0;
      for (const std::string& name : w.str_list("linearity")) r.linearities |= 1u << find_linearity(t, w, "linearity", name);
    }
    int64_t min_p = w.opt_int("min_partials").value_or(0);
    if (min_p < 0 || min_p > 2) w.fail("min_partials", "min_partials must be 0, 1 or 2");
    r.min_partials = static_cast<uint8_t>(min_p);
    w.finish();
  }
  if (auto result = row.opt_str("result")) r.result = read_ty(row, "result", *result);
  if (r.reject == row.has("result")) row.fail("result", "a combine row has either `result` or `reject = true`");
  t.combine.push_back(r);
}

void load_nonlinear_arg(RuleTable& t, TomlRow& row) {
  NonlinearArgRow r;
  r.rule = add_rule(t, row, RowSection::NonlinearArg, true);
  r.forbid = read_kind_mask(row, "forbid");
  if (row.has("roles")) {
    r.roles = 0;
    for (const auto& [name, loc] : row.located_str_list("roles")) {
      const std::optional<ParamRole> role = param_role_from_name(name);
      if (!role) throw TableError(loc, "table.schema", "unknown parameter role '" + name + "'");
      r.roles |= role_bit(*role);
    }
  }
  const std::string reads = row.opt_str("reads").value_or("bound");
  if (reads != "bound" && reads != "positional")
    row.fail("reads", "reads must be \"bound\" (however spelt) or \"positional\" (arguments by position only)");
  r.positional_only = reads == "positional";
  t.nonlinear_args.push_back(r);
}

void load_out_partial(RuleTable& t, TomlRow& row) {
  OutPartialRow r;
  r.reject = row.flag("reject");
  r.rule = add_rule(t, row, RowSection::OutPartial, r.reject);
  r.from = read_ty(row, "from", row.str("from"));
  if (auto result = row.opt_str("result")) r.result = read_ty(row, "result", *result);
  if (r.reject == row.has("result")) row.fail("result", "an out_partial row has either `result` or `reject = true`");
  t.out_partial.push_back(r);
}

// `params = ["input: scalar_operand", "*", "alpha: number = 1"]`: each
// string parsed by parse_param_spec; an error points at the byte inside the
// string (a basic string without escapes: the column after the quote).
std::vector<ParamSpec> read_params(TomlRow& row) {
  if (!row.has("params")) row.fail("params", "an op row needs `params`, its PyTorch parameters with their roles (DESIGN.md §2.5)");
  std::vector<ParamSpec> params;
  bool keyword_only = false;
  for (auto& [text, loc] : row.located_str_list("params")) {
    ParsedParam parsed = parse_param_spec(text, keyword_only);
    if (parsed.error) {
      SourceLoc at{loc.line, loc.col + 1 + static_cast<uint32_t>(parsed.error->offset)};
      throw TableError(at, "table.schema", "parameter '" + text + "': " + parsed.error->message);
    }
    if (parsed.star) {
      if (keyword_only) throw TableError(loc, "table.schema", "a second '*' in params");
      keyword_only = true;
      continue;
    }
    ParamSpec& p = *parsed.param;
    p.loc = loc;
    for (const ParamSpec& q : params)
      if (q.name == p.name) throw TableError(loc, "table.schema", "parameter '" + p.name + "' is declared twice");
    if (!p.default_value && !p.keyword_only && !params.empty() && params.back().default_value && !params.back().keyword_only)
      throw TableError(loc, "table.schema", "positional parameter '" + p.name + "' without a default follows one with a default");
    params.push_back(std::move(p));
  }
  if (params.size() > 16) row.fail("params", "at most 16 parameters");
  return params;
}

std::vector<ResultDType> read_results(TomlRow& row) {
  std::vector<std::string> names = row.str_list("results");
  if (names.empty()) return {ResultDType::Same};
  std::vector<ResultDType> out;
  for (const std::string& n : names) {
    if (n == "same")
      out.push_back(ResultDType::Same);
    else if (n == "bool")
      out.push_back(ResultDType::Bool);
    else if (n == "i64")
      out.push_back(ResultDType::I64);
    else if (n == "f32")
      out.push_back(ResultDType::F32);
    else if (n == "inferred")
      out.push_back(ResultDType::Inferred);
    else
      row.fail("results", "'" + n + "' is not a result dtype; expected \"same\", \"bool\", \"i64\", \"f32\" or \"inferred\"");
  }
  return out;
}

// `when = { PARAM = [VALUE, ...] }`: one structural parameter and the
// values (strings, integers, booleans) that select this variant row.
void read_when(TomlRow& row, const toml::table& when, OpRow& r) {
  if (when.size() != 1) row.fail("when", "when names exactly one parameter: when = { rounding_mode = [\"trunc\", \"floor\"] }");
  // The iterator's pair is a proxy: read through the iterator, not a copy.
  const auto entry = when.begin();
  r.when_param = std::string(entry->first.str());
  const toml::node& node = entry->second;
  const toml::array* values = node.as_array();
  if (!values || values->empty())
    throw TableError(loc_of(node), "table.schema", "when." + r.when_param + " must be a non-empty array of values");
  for (const toml::node& v : *values) {
    if (const auto* s = v.as_string()) {
      ArgValue a;
      a.kind = ArgValue::Kind::String;
      a.text = s->get();
      r.when_values.push_back(std::move(a));
    } else if (const auto* i = v.as_integer()) {
      r.when_values.push_back(ArgValue::of_int(i->get()));
    } else if (const auto* b = v.as_boolean()) {
      r.when_values.push_back(ArgValue::of_bool(b->get()));
    } else {
      throw TableError(loc_of(v), "table.schema", "a when value is a string, an integer or a boolean");
    }
  }
}

std::string shape_rule_names() {
  std::string out;
  for (int i = 0; i < kNumShapeRules; ++i) out += (i ? ", " : "") + std::string(shape_rule_name(static_cast<ShapeRule>(i)));
  return out;
}

void load_op(RuleTable& t, TomlRow& row) {
  OpRow r;
  r.rule = add_rule(t, row, RowSection::Op, false);
  r.name = row.str("name");
  const std::optional<std::string> linearity = row.opt_str("linearity");
  if (linearity)
    r.linearity = find_linearity(t, row, "linearity", *linearity);
  else if (!row.has("typing"))
    row.fail("linearity", "an op row needs `linearity` (or a `typing` expression)");
  r.params = read_params(row);
  r.results = read_results(row);
  if (std::optional<std::string> typing = row.opt_str("typing")) {
    TypingParse parsed = parse_typing(t, r, *typing);
    if (parsed.error) {
      const SourceLoc at = row.loc("typing");
      throw TableError(SourceLoc{at.line, at.col + 1 + static_cast<uint32_t>(parsed.error->first)}, "table.schema",
                       "typing \"" + *typing + "\": " + parsed.error->second);
    }
    r.typing = std::move(parsed.nodes);
    // The row's class is its root's: one statement of it, not two.
    if (linearity && r.linearity != r.typing[0].linearity)
      row.fail("linearity",
               "linearity " + *linearity + " differs from the typing expression's root class " + t.linearities[r.typing[0].linearity].name);
    r.linearity = r.typing[0].linearity;
  }
  std::string shape = row.str("shape");
  auto rule = shape_rule_from_name(shape);
  if (!rule) row.fail("shape", "unknown shape rule '" + shape + "'; expected one of " + shape_rule_names());
  r.shape = *rule;
  r.tolerance_eps = row.opt_number("tolerance_eps").value_or(0.0);
  if (!(r.tolerance_eps >= 0 && r.tolerance_eps <= 1e12)) row.fail("tolerance_eps", "tolerance_eps must be in [0, 1e12]");
  r.kinks = row.number_list("kinks");
  r.registry = row.str_list("registry");
  r.poles = row.number_list("poles");
  r.ties = row.opt_str("ties").value_or("");
  r.kinks_at = row.str_list("kinks_at");
  r.jumps = row.flag("jumps");
  r.nonfinite_by_kernel = row.str_list("nonfinite_by_kernel");
  for (const std::string& name : r.nonfinite_by_kernel)  // the format's floating dtypes but the reference's f64
    if (name != "f32" && name != "bf16" && name != "f16")
      row.fail("nonfinite_by_kernel", "nonfinite_by_kernel lists floating dtypes other than f64 (f32, bf16, f16), not '" + name + "'");
  if (auto width = row.opt_str("data_width")) {
    if (*width != "product" && *width != "sum" && *width != "numbers")
      row.fail("data_width", "data_width must be \"product\", \"sum\" or \"numbers\"");
    r.product_width = *width == "product";
    r.numbers_width = *width == "numbers";
  }
  if (auto type = row.opt_str("no_operands")) r.no_operands = read_ty(row, "no_operands", *type);
  if (const toml::table* when = row.opt_table("when")) read_when(row, *when, r);
  t.ops.push_back(std::move(r));
}

void load_accept(RuleTable& t, TomlRow& row) {
  AcceptRow r;
  r.rule = add_rule(t, row, RowSection::Accept, false);
  r.expected = read_ty(row, "expected", row.str("expected"));
  r.given = read_ty(row, "given", row.str("given"));
  r.via_id = row.str("via");
  r.via_loc = row.loc("via");
  t.accepts.push_back(r);
}

void load_loss(RuleTable& t, TomlRow& row) {
  LossRow r;
  r.reject = row.flag("reject");
  r.rule = add_rule(t, row, RowSection::Loss, r.reject);
  r.ty = read_ty(row, "type", row.str("type"));
  t.losses.push_back(r);
}

void load_diagnostic(RuleTable& t, TomlRow& row) { t.diagnostics.push_back(add_rule(t, row, RowSection::Diagnostic, true)); }

using SectionLoader = std::function<void(RuleTable&, TomlRow&)>;

void load_sections(RuleTable& t, const toml::table& doc) {
  // Dependency order: linearities before combine/op rows, comm ops before
  // transitions. Rows keep their file order within a section.
  const std::pair<const char*, SectionLoader> sections[] = {
      {"type", load_type},
      {"linearity", load_linearity},
      {"combine", load_combine},
      {"nonlinear_arg", load_nonlinear_arg},
      {"out_partial", load_out_partial},
      {"op", load_op},
      {"comm_op", load_comm_op},
      {"accept", load_accept},
      {"transition", load_transition},
      {"loss", load_loss},
      {"diagnostic", load_diagnostic},
      {"propagation", load_propagation},
  };
  for (const auto& [key, node] : doc) {
    std::string k(key.str());
    bool known = k == "table";
    for (const auto& s : sections) known = known || k == s.first;
    if (!known) throw TableError(loc_of(node), "table.schema", "unknown section '" + k + "'");
  }
  if (const toml::node* header = doc.get("table")) {
    if (!header->is_table()) throw TableError(loc_of(*header), "table.schema", "'table' must be a table");
    load_table_header(t, *header->as_table());
  }
  for (const auto& [key, loader] : sections) {
    const toml::node* node = doc.get(key);
    if (!node) continue;
    const toml::array* rows = node->as_array();
    if (!rows) throw TableError(loc_of(*node), "table.schema", std::string("write each ") + key + " row as [[" + key + "]]");
    for (const toml::node& item : *rows) {
      if (!item.is_table()) throw TableError(loc_of(item), "table.schema", std::string("a ") + key + " row must be a table");
      TomlRow row(*item.as_table(), key);
      loader(t, row);
      row.finish();
    }
  }
  resolve_transition_references(t);
}

}  // namespace

TableLoadResult parse_rule_table(std::string_view text, std::string_view source_name) {
  TableLoadResult result;
  auto table = std::make_shared<RuleTable>();
  table->source_name = std::string(source_name);
  try {
    toml::table doc = toml::parse(text, source_name);
    load_sections(*table, doc);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    result.error = Diagnostic{
        {static_cast<uint32_t>(begin.line), static_cast<uint32_t>(begin.column)}, "table.syntax", std::string(e.description()), "", {}};
    return result;
  } catch (const TableError& e) {
    result.error = e.diagnostic;
    return result;
  }
  table->compile();
  result.table = std::move(table);
  return result;
}

TableLoadResult load_rule_table(std::string_view text, std::string_view source_name) {
  TableLoadResult result = parse_rule_table(text, source_name);
  if (!result.table) return result;
  std::vector<Diagnostic> findings = lint_rule_table(*result.table);
  if (!findings.empty()) {
    result.error = std::move(findings.front());
    result.table.reset();
  }
  return result;
}

std::shared_ptr<const RuleTable> default_rule_table() {
  static const std::shared_ptr<const RuleTable> table = [] {
    TableLoadResult r = load_rule_table(embedded_default_table_text(), "<embedded default table>");
    if (!r.table) throw std::logic_error("embedded default rule table is invalid: " + r.error->message);
    return r.table;
  }();
  return table;
}

}  // namespace spmdcheck
