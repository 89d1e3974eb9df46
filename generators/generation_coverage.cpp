#include "generators/generation_coverage.h"

#include <algorithm>
#include <set>

#include "oracle/assert_transmute.h"
#include "rules/number_positions.h"
#include "rules/shape_rules.h"

namespace spmdcheck {
namespace {

// The typing parameters where a literal can stand (rules/number_positions.h):
// an elementwise op's operands, when it has two or more.
std::vector<std::string> elementwise_operands(const OpRow& op) {
  std::vector<std::string> out;
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p)
    if (literal_may_stand(op, p)) out.push_back(op.params[p].name);
  return out;
}

// Whether the generators put typed scalars at an op's operands: an
// elementwise op with a typing parameter that is neither an index nor a
// list, or a number parameter a typing expression names (addmm's alpha).
bool takes_typed_scalars(const OpRow& op) {
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
    const ParamSpec& spec = op.params[p];
    if (op.shape == ShapeRule::Elementwise && is_typing_role(spec.role) && spec.role != ParamRole::Index &&
        spec.role != ParamRole::Operands)
      return true;
    if (spec.role == ParamRole::Number && number_may_stand(op, p)) return true;
  }
  return false;
}

// The dim parameters of a local op: the int ones its shape rule reads whose
// negative values mean something (not counts such as repeat's repeats).
std::vector<std::string> local_dim_params(const OpRow& op) {
  std::vector<std::string> out;
  for (const ShapeParam& p : shape_rule_spec(op.shape).params)
    if ((p.role == ParamRole::Int || p.role == ParamRole::Ints) && p.negative) out.emplace_back(p.name);
  return out;
}

// Positional parameters the generators give values to: typing ones, the
// ones its shape rule reads, numbers. Each is spelt by keyword sometimes.
std::vector<std::string> keyword_spellable(const OpRow& op) {
  std::vector<std::string> out;
  const auto read = shape_rule_spec(op.shape).params;
  for (int p = 0; p < op.positional_count(); ++p) {
    const ParamSpec& spec = op.params[p];
    bool shape_read = false;
    for (const ShapeParam& s : read) shape_read |= s.name == spec.name;
    if (is_typing_role(spec.role) || shape_read || spec.role == ParamRole::Number) out.push_back(spec.name);
  }
  return out;
}

// The parts of a legal transition row: itself, or its components.
std::vector<const TransitionRow*> parts_of(const RuleTable& t, const TransitionRow& row) {
  std::vector<const TransitionRow*> parts;
  if (row.compose.empty()) parts.push_back(&row);
  for (int c : row.compose)
    if (c >= 0) parts.push_back(&t.transitions[c]);
  return parts;
}

bool shard_bound(const DimBinding& d) { return d.from != DimBinding::From::Default; }

std::string sign(int64_t k) { return k < 0 ? "neg" : "nonneg"; }

}  // namespace

std::vector<std::string> reachable_features(const RuleTable& t, const GenerationSettings& s) {
  std::vector<std::string> out;
  for (const OpRow& op : t.ops) {
    for (const std::string& p : elementwise_operands(op)) out.push_back("literal." + op.name + "." + p);
    for (const std::string& p : elementwise_operands(op)) out.push_back("broadcast." + op.name + "." + p);
    for (const std::string& k : local_dim_params(op))
      for (const char* sg : {"neg", "nonneg"}) out.push_back("dim." + op.name + "." + k + "." + sg);
    for (const std::string& k : keyword_spellable(op)) out.push_back("keyword." + op.name + "." + k);
    if (takes_typed_scalars(op) && s.scalar_percent > 0) out.push_back("scalar." + op.name);
  }
  if (std::any_of(t.ops.begin(), t.ops.end(), takes_typed_scalars) && s.scalar_percent > 0) out.push_back("scalar_result");
  for (size_t c = 0; c < t.comm_ops.size(); ++c) {
    std::set<std::string> params;
    bool s_src = false, s_dst = false;
    for (const TransitionRow& row : t.transitions) {
      if (row.illegal || row.op != c) continue;
      s_src = s_src || row.src_kind() == Form::Kind::S;
      s_dst = s_dst || row.dst_kind() == Form::Kind::S;
      for (const TransitionRow* part : parts_of(t, row))
        for (const DimBinding& d : part->dims)
          if (t.comm_ops[c].takes_keyword(d.param)) params.insert(d.param);  // else fixed: never written
    }
    const std::string& name = t.comm_ops[c].name;
    for (const std::string& p : params)
      for (const char* sg : {"neg", "nonneg"}) out.push_back("dim." + name + "." + p + "." + sg);
    for (const char* side : {"src", "dst"})
      if (side[0] == 's' ? s_src : s_dst)
        for (const char* sg : {"neg", "nonneg"}) out.push_back("shard." + name + "." + side + "." + sg);
  }
  for (const TransitionRow& row : t.transitions) {
    if (row.illegal) continue;
    std::set<std::string> bound;
    for (const TransitionRow* part : parts_of(t, row))
      for (const DimBinding& d : part->dims)
        if (shard_bound(d)) bound.insert(d.param);
    for (const std::string& p : bound) out.push_back("shard_keyword." + t.info(row.rule).id + "." + p);
  }
  std::string error;
  std::set<int64_t> sizes;
  if (!s.mesh.empty()) {
    for (const auto& axis : parse_mesh_spec(s.mesh, error)) sizes.insert(axis.second);
  } else {
    for (int n = 1; n <= s.max_axis_size && n <= s.max_ranks; ++n) sizes.insert(n);
  }
  for (int64_t n : sizes) out.push_back("axis_size." + std::to_string(n));
  std::set<std::string> dtypes;
  for (DType d : s.dtypes) dtypes.insert(std::string(dtype_name(d)));
  for (const std::string& d : dtypes) out.push_back("dtype." + d);
  // A variant row shares its base's name, so its features are the base's.
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& f : out)
    if (seen.insert(f).second) unique.push_back(std::move(f));
  return unique;
}

void count_features(const RuleTable& t, const Program& program, const CheckResult& checked, FeatureHits& hits) {
  if (!checked.ok()) return;
  for (const MeshAxis& a : program.mesh.axes) ++hits["axis_size." + std::to_string(a.size)];
  std::set<DType> dtypes;
  for (const ValueInfo& v : checked.values) dtypes.insert(v.dtype);
  for (DType d : dtypes) ++hits["dtype." + std::string(dtype_name(d))];

  size_t next = 0;
  for (size_t i = 0; i < program.statements.size(); ++i) {
    const Statement& stmt = program.statements[i];
    const auto* b = std::get_if<BindingStmt>(&stmt);
    if (!b) {
      if (const size_t coercions = statement_counts(program, checked, i).bindings) {  // a transmuting assert
        ++hits["assert_transmute"];
        next += coercions;
      }
      continue;
    }
    if (next >= checked.bindings.size()) break;
    const ResolvedBinding& r = checked.bindings[next++];
    const Shape& result = checked.values[r.value].shape;
    if (!r.is_transition) {
      const OpRow& op = t.ops[r.row];
      if (checked.values[r.value].scalar) ++hits["scalar_result"];
      for (int o : r.operands)
        if (o >= 0 && checked.values[o].scalar) {
          ++hits["scalar." + op.name];
          break;
        }
      if (!elementwise_operands(op).empty())
        for (const TypingOperand& o : typing_operands(op, *b, r)) {
          if (o.value < 0) {
            ++hits["literal." + op.name + "." + op.params[o.param].name];
          } else if (checked.values[o.value].shape != result) {
            ++hits["broadcast." + op.name + "." + op.params[o.param].name];
          }
        }
      for (const std::string& d : local_dim_params(op)) {
        const int p = op.param_index(d);
        const ArgValue* v = p < 0 || r.params[p].is_default() ? nullptr : bound_arg(op, *b, r, p);
        if (!v) continue;
        if (v->kind == ArgValue::Kind::Int) ++hits["dim." + op.name + "." + d + "." + sign(v->integer)];
        for (int64_t i : v->ints) ++hits["dim." + op.name + "." + d + "." + sign(i)];
      }
      for (const KwArg& kw : b->kwargs)
        if (const int p = op.param_index(kw.key); p >= 0 && !op.params[p].keyword_only) ++hits["keyword." + op.name + "." + kw.key];
      continue;
    }
    const TransitionRow& row = t.transitions[r.row];
    const std::string& name = t.comm_ops[row.op].name;
    for (const KwArg& kw : b->kwargs) {
      if (kw.value.kind == ArgValue::Kind::Form && kw.value.form.kind == Form::Kind::S && (kw.key == "src" || kw.key == "dst"))
        ++hits["shard." + name + "." + kw.key + "." + sign(kw.value.form.shard_dim)];
      if (kw.value.kind != ArgValue::Kind::Int) continue;
      ++hits["dim." + name + "." + kw.key + "." + sign(kw.value.integer)];
      bool bound = false;
      for (const TransitionRow* part : parts_of(t, row)) {
        const int d = part->dim_index(kw.key);
        bound = bound || (d >= 0 && shard_bound(part->dims[d]));
      }
      if (bound) ++hits["shard_keyword." + t.info(row.rule).id + "." + kw.key];
    }
  }
}

std::vector<std::string> never_reached_features(const RuleTable& t, const GenerationSettings& s, const FeatureHits& hits) {
  std::vector<std::string> out;
  for (const std::string& f : reachable_features(t, s)) {
    auto it = hits.find(f);
    if (it == hits.end() || it->second == 0) out.push_back(f);
  }
  return out;
}

}  // namespace spmdcheck
