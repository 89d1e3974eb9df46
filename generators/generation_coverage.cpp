#include "generators/generation_coverage.h"

#include <algorithm>
#include <set>

#include "rules/table_linter.h"

namespace spmdcheck {
namespace {

// Elementwise ops with two or more operands: where literals and broadcasting
// can stand at any position.
int elementwise_arity(const OpRow& op) {
  if (op.shape != ShapeRule::Elementwise) return 0;
  const int k = op.max_args >= 0 ? op.max_args : op.min_args + 2;
  return k >= 2 ? k : 0;
}

// The dim keywords of a local op: those its shape rule kind interprets
// (the linter's list; out_partial is not one of them).
std::vector<std::string> local_dim_keywords(const OpRow& op) {
  const auto known = shape_rule_keywords(op.shape);
  return {known.begin(), known.end()};
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
    for (int p = 0; p < elementwise_arity(op); ++p) out.push_back("literal." + op.name + "." + std::to_string(p));
    for (int p = 0; p < elementwise_arity(op); ++p) out.push_back("broadcast." + op.name + "." + std::to_string(p));
    for (const std::string& k : local_dim_keywords(op))
      for (const char* sg : {"neg", "nonneg"}) out.push_back("dim." + op.name + "." + k + "." + sg);
  }
  for (size_t c = 0; c < t.comm_ops.size(); ++c) {
    std::set<std::string> params;
    bool s_src = false, s_dst = false;
    for (const TransitionRow& row : t.transitions) {
      if (row.illegal || row.op != c) continue;
      s_src = s_src || row.src_kind() == Form::Kind::S;
      s_dst = s_dst || row.dst_kind() == Form::Kind::S;
      for (const TransitionRow* part : parts_of(t, row))
        for (const DimBinding& d : part->dims) params.insert(d.param);
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
  return out;
}

void count_features(const RuleTable& t, const Program& program, const CheckResult& checked, FeatureHits& hits) {
  if (!checked.ok()) return;
  for (const MeshAxis& a : program.mesh.axes) ++hits["axis_size." + std::to_string(a.size)];
  std::set<DType> dtypes;
  for (const ValueInfo& v : checked.values) dtypes.insert(v.dtype);
  for (DType d : dtypes) ++hits["dtype." + std::string(dtype_name(d))];

  size_t next = 0;
  for (const Statement& stmt : program.statements) {
    const auto* b = std::get_if<BindingStmt>(&stmt);
    if (!b) continue;
    if (next >= checked.bindings.size()) break;
    const ResolvedBinding& r = checked.bindings[next++];
    const Shape& result = checked.values[r.value].shape;
    if (!r.is_transition) {
      const OpRow& op = t.ops[r.row];
      if (elementwise_arity(op))
        for (size_t p = 0; p < r.operands.size(); ++p) {
          if (r.operands[p] < 0) {
            ++hits["literal." + op.name + "." + std::to_string(p)];
          } else if (checked.values[r.operands[p]].shape != result) {
            ++hits["broadcast." + op.name + "." + std::to_string(p)];
          }
        }
      const std::vector<std::string> dims = local_dim_keywords(op);
      for (const KwArg& kw : b->kwargs)
        if (kw.value.kind == KwValue::Kind::Int && std::find(dims.begin(), dims.end(), kw.key) != dims.end())
          ++hits["dim." + op.name + "." + kw.key + "." + sign(kw.value.integer)];
      continue;
    }
    const TransitionRow& row = t.transitions[r.row];
    const std::string& name = t.comm_ops[row.op].name;
    for (const KwArg& kw : b->kwargs) {
      if (kw.value.kind == KwValue::Kind::Form && kw.value.form.kind == Form::Kind::S && (kw.key == "src" || kw.key == "dst"))
        ++hits["shard." + name + "." + kw.key + "." + sign(kw.value.form.shard_dim)];
      if (kw.value.kind != KwValue::Kind::Int) continue;
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
