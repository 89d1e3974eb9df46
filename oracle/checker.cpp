#include "oracle/checker.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>

#include "common/name_equal.h"
#include "common/name_hash.h"
#include "common/nearest_names.h"
#include "oracle/assert_transmute.h"
#include "oracle/check_context.h"
#include "oracle/global_specs.h"
#include "program/program_text.h"
#include "program/type_text.h"

namespace spmdcheck {
namespace check {

Rejected Context::fail(RuleIndex rule, SourceLoc loc, const TemplateArgs& args) {
  hit(rule);
  const RuleInfo& info = table.info(rule);
  error = Diagnostic{loc, info.id, expand_template(info.message, args), expand_template(info.fix, args), {}};
  return {};
}

Rejected Context::fail(std::string_view diagnostic_id, SourceLoc loc, const TemplateArgs& args) {
  RuleIndex rule = table.find_rule(diagnostic_id);
  if (rule == kNoRule) {
    // Only an unlinted table can lack a required diagnostic row.
    error = Diagnostic{loc, std::string(diagnostic_id), "rule table has no row '" + std::string(diagnostic_id) + "'", "", {}};
    return {};
  }
  return fail(rule, loc, args);
}

int Context::find(std::string_view name) const { return find(name, name_hash(name)); }

int Context::find(std::string_view name, uint64_t hash) const { return slots_.empty() ? -1 : slots_[slot_of(name, hash)]; }

size_t Context::slot_of(std::string_view name, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const int index = slots_[i];
    if (index < 0 || name_equal(result.values[index].name, name)) return i;
  }
}

void Context::reserve_names(size_t values) {
  size_t size = std::max<size_t>(16, slots_.size());
  while (2 * values > size) size *= 2;
  if (size == slots_.size()) return;
  rehash(size, result.values.size());
}

void Context::rehash(size_t size, size_t values) {
  slots_.assign(size, -1);
  // In binding order, so a name a transmuting assert rebound (two values of
  // one name) ends up at its latest value.
  for (size_t v = 0; v < values; ++v) slots_[slot_of(result.values[v].name, name_hash(result.values[v].name))] = static_cast<int>(v);
}

void Context::roll_back(size_t values, size_t bindings) {
  result.values.resize(values);
  result.bindings.resize(bindings);
  if (!slots_.empty()) rehash(slots_.size(), values);
}

std::optional<int> Context::lookup(std::string_view name, SourceLoc loc) {
  const int index = find(name);
  if (index < 0) return fail("name.unbound", loc, {{"name", std::string(name)}});
  return index;
}

}  // namespace check

int excluded_type_axis(const RuleTable& table, const LocalType& type, DType dtype, bool scalar) {
  if (scalar) return -1;
  for (int a = 0; a < type.num_axes; ++a) {
    const int16_t row = table.compiled.type[static_cast<int>(type.axis[a])];
    if (row < 0) continue;
    const std::vector<std::string>& no = table.types[row].no_dtypes;
    if (!no.empty() && std::find(no.begin(), no.end(), dtype_name(dtype)) != no.end()) return a;
  }
  return -1;
}

namespace check {

std::optional<int> Context::bind(ValueInfo info, SourceLoc loc) {
  // A type row may exclude dtypes (TypeRow::no_dtypes: no P bool).
  if (const int a = excluded_type_axis(table, info.type, info.dtype, info.scalar); a >= 0)
    return fail("type.dtype", loc,
                {{"name", info.name},
                 {"got", std::string(dtype_name(info.dtype))},
                 {"want", std::string(1, ty_letter(info.type.axis[a]))},
                 {"axis", mesh.axes[a].name}});
  const int index = static_cast<int>(result.values.size());
  // Load factor <= 1/2, so probes stay short and an empty slot always exists.
  if (2 * (static_cast<size_t>(index) + 1) > slots_.size()) rehash(std::max<size_t>(16, 2 * slots_.size()), index);
  const size_t slot = slot_of(info.name, name_hash(info.name));  // one probe finds a clash and the free slot
  if (slots_[slot] >= 0 && !rebinding) return fail("name.rebound", loc, {{"name", info.name}});
  result.values.push_back(std::move(info));
  slots_[slot] = index;
  return index;
}

std::string Context::type_text(const LocalType& t) const { return type_to_text(mesh, t); }

std::string Context::axis_list() const {
  std::string out;
  for (const MeshAxis& a : mesh.axes) out += (out.empty() ? "" : ", ") + a.name;
  return out;
}

std::optional<int64_t> canonical_dim(Context& ctx, int64_t dim, int rank, std::string_view op, SourceLoc loc) {
  if (rank == 0) return ctx.fail("shape.scalar_operand", loc, {{"position", "0"}, {"op", std::string(op)}, {"got", "[]"}});
  int64_t low = -rank, high = rank - 1;
  if (dim < low || dim > high)
    return ctx.fail("shape.dim_range", loc,
                    {{"dim", std::to_string(dim)},
                     {"op", std::string(op)},
                     {"low", std::to_string(low)},
                     {"high", std::to_string(high)},
                     {"rank", std::to_string(rank)},
                     {"got", std::to_string(dim)}});
  return dim < 0 ? dim + rank : dim;
}

const KwArg* find_keyword(const BindingStmt& b, std::string_view key) {
  for (const KwArg& kw : b.kwargs)
    if (name_equal(kw.key, key)) return &kw;
  return nullptr;
}

std::optional<int64_t> int_keyword(Context& ctx, const BindingStmt& b, std::string_view key, int64_t fallback, bool* given) {
  const KwArg* kw = find_keyword(b, key);
  if (given) *given = kw != nullptr;
  if (!kw) return fallback;
  if (kw->value.kind != ArgValue::Kind::Int)
    return ctx.fail("call.keyword_value", kw->loc,
                    {{"key", kw->key},
                     {"op", b.op},
                     {"want", "an integer"},
                     {"got", arg_value_to_text(kw->value)},
                     {"usage", b.op + "(..., " + kw->key + "=1)"}});
  return kw->value.integer;
}

namespace {

// The parser guarantees that a type names every mesh axis
// (syntax.type_axis_missing); a program built in code must too. A type of
// another arity is a caller's bug, not a user's input: it is refused before
// any lookup reads past the type's axes.
void require_mesh_arity(const Context& ctx, const LocalType& t, const std::string& name) {
  if (t.num_axes != ctx.mesh.axes.size())
    throw std::invalid_argument("program IR: the type of " + name + " has " + std::to_string(t.num_axes) + " axes, the mesh " +
                                std::to_string(ctx.mesh.axes.size()));
}

bool check_input(Context& ctx, const InputStmt& s) {
  require_mesh_arity(ctx, s.type.type, s.name);
  const Shape shape = s.scalar ? Shape{} : s.shape;
  if (!check_written_spec(ctx, s.type, shape.rank, s.name)) return false;
  return ctx.bind(ValueInfo{s.name, s.scalar ? DType::F64 : s.dtype, shape, s.type.type, s.scalar, s.type.spec}, s.name_loc).has_value();
}

bool check_binding(Context& ctx, const BindingStmt& b) {
  const CompiledTable& c = ctx.table.compiled;
  if (const int32_t call = c.calls.find(b.op); call >= 0)
    return call & CompiledTable::kCommCall ? check_transition(ctx, b, call & ~CompiledTable::kCommCall) : check_local_op(ctx, b, call);
  std::vector<std::string> names;
  for (const OpRow& op : ctx.table.ops)
    if (names.empty() || names.back() != op.name) names.push_back(op.name);  // variants share a name
  for (const CommOpRow& op : ctx.table.comm_ops) names.push_back(op.name);
  std::string known;
  for (const std::string& n : nearest_names(b.op, names)) known += (known.empty() ? "did you mean " : " or ") + n;
  known += known.empty() ? "`spmdcheck rules` lists the ops and collectives of the rule table in use" : "?";
  return ctx.fail("op.unknown", b.op_loc, {{"op", b.op}, {"known", known}});
}

bool check_assert(Context& ctx, const AssertStmt& s) {
  const std::optional<int> index = ctx.lookup(s.name, s.name_loc);
  if (!index) return false;
  const ValueInfo& v = ctx.value(*index);
  require_mesh_arity(ctx, s.type.type, s.name);
  const bool refine = ctx.table.assert_refines;
  // Refining, the written spec is normalised first, as assert_type's
  // normalize_partition_spec does (spmd_types/types.py:189-227, called at
  // runtime.py:409): size-1 axes are dropped, so an entry of one does not
  // meet the spec's own checks either (its type is skipped: runtime.py:424-425).
  TypeAnnot written = s.type;
  if (refine)
    for (int a = 0; a < static_cast<int>(ctx.mesh.axes.size()); ++a)
      if (ctx.mesh.axes[a].size == 1) written.spec.remove(a);
  if (!check_written_spec(ctx, written, v.shape.rank, s.name, /*v_needs_entry=*/!refine)) return false;
  // A transmute (oracle/assert_transmute.h) gives an axis the written type;
  // the assert must hold of the value so retyped, before anything is bound.
  const auto transmutes = transmutes_asked(ctx, v, s.type.type);
  ValueInfo retyped = v;
  for (const auto& [axis, row] : transmutes) retyped.type.axis[axis] = s.type.type.axis[axis];
  const bool holds = refine ? assert_refinement_holds(ctx.mesh, retyped, written) : v.type == s.type.type && v.spec == s.type.spec;
  if (!holds)
    return ctx.fail("assert.mismatch", s.type.loc,
                    {{"name", s.name},
                     {"want", type_to_text(ctx.mesh, s.type.type, s.type.spec, v.shape.rank)},
                     {"got", type_to_text(ctx.mesh, v.type, v.spec, v.shape.rank)}});
  return apply_transmutes(ctx, s.name, transmutes, s.type.loc);
}

bool check_output(Context& ctx, const OutputStmt& s) {
  std::vector<int> outputs;
  for (size_t i = 0; i < s.names.size(); ++i) {
    const std::optional<int> index = ctx.lookup(s.names[i], s.name_locs[i]);
    if (!index) return false;
    outputs.push_back(*index);
  }
  ctx.result.outputs.insert(ctx.result.outputs.end(), outputs.begin(), outputs.end());
  return true;
}

bool check_loss(Context& ctx, const LossStmt& s) {
  const std::optional<int> index = ctx.lookup(s.name, s.name_loc);
  if (!index) return false;
  const ValueInfo& v = ctx.value(*index);
  if (v.scalar || !dtype_is_floating(v.dtype))
    return ctx.fail("loss.no_gradient", s.name_loc, {{"name", s.name}, {"got", v.scalar ? "scalar" : std::string(dtype_name(v.dtype))}});
  if (!s.gradient.empty()) {
    // loss.backward(gradient=G): G is the loss's cotangent, so it has the
    // loss's shape and dtype and, per axis, the gradient type of the loss's
    // type (the [[type]] rows' duals); the loss rows judge the implicit seed only.
    const std::optional<int> seed = ctx.lookup(s.gradient, s.gradient_loc);
    if (!seed) return false;
    const ValueInfo& g = ctx.value(*seed);
    if (g.scalar || g.dtype != v.dtype || !(g.shape == v.shape))
      return ctx.fail("loss.seed_shape", s.gradient_loc,
                      {{"name", s.gradient},
                       {"want", std::string(dtype_name(v.dtype)) + shape_to_string(v.shape)},
                       {"got", g.scalar ? "scalar" : std::string(dtype_name(g.dtype)) + shape_to_string(g.shape)}});
    for (int a = 0; a < v.type.num_axes; ++a)
      if (g.type.axis[a] != ctx.table.grad(v.type.axis[a]))
        return ctx.fail("loss.seed_type", s.gradient_loc,
                        {{"name", s.gradient},
                         {"axis", ctx.mesh.axes[a].name},
                         {"want", std::string(1, ty_letter(ctx.table.grad(v.type.axis[a])))},
                         {"got", std::string(1, ty_letter(g.type.axis[a]))}});
    ctx.result.loss = *index;
    ctx.result.loss_seed = *seed;
    return true;
  }
  if (v.shape.rank != 0) return ctx.fail("loss.not_scalar", s.name_loc, {{"name", s.name}, {"got", shape_to_string(v.shape)}});
  for (int a = 0; a < v.type.num_axes; ++a) {
    int16_t row = ctx.table.compiled.loss[static_cast<int>(v.type.axis[a])];
    if (row < 0) continue;  // unlinted table without a row: nothing to judge
    const LossRow& r = ctx.table.losses[row];
    if (r.reject) return ctx.fail(r.rule, s.name_loc, {{"name", s.name}, {"axis", ctx.mesh.axes[a].name}});
    ctx.hit(r.rule);
  }
  ctx.result.loss = *index;
  return true;
}

}  // namespace
}  // namespace check

struct ProgramChecker::State {
  CheckResult result;
  check::Context ctx;
  State(const RuleTable& table, const Mesh& mesh, RuleHits* hits) : ctx(table, mesh, hits, result) {}
};

ProgramChecker::ProgramChecker(const RuleTable& table, const Mesh& mesh, RuleHits* hits) {
  if (hits && hits->size() < table.rules.size()) hits->resize(table.rules.size(), 0);
  state_ = std::make_unique<State>(table, mesh, hits);
}

ProgramChecker::~ProgramChecker() = default;

std::optional<Diagnostic> ProgramChecker::add(const Statement& statement) {
  check::Context& ctx = state_->ctx;
  const bool checked = std::visit(
      [&](const auto& s) {
        using S = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<S, InputStmt>)
          return check::check_input(ctx, s);
        else if constexpr (std::is_same_v<S, BindingStmt>)
          return check::check_binding(ctx, s);
        else if constexpr (std::is_same_v<S, AssertStmt>)
          return check::check_assert(ctx, s);
        else if constexpr (std::is_same_v<S, OutputStmt>)
          return check::check_output(ctx, s);
        else
          return check::check_loss(ctx, s);
      },
      statement);
  if (checked) {
    ++ctx.statement;
    return std::nullopt;
  }
  std::optional<Diagnostic> error = std::move(ctx.error);
  ctx.error.reset();
  return error;
}

const CheckResult& ProgramChecker::result() const { return state_->result; }

void ProgramChecker::reserve(size_t statements) {
  CheckResult& r = state_->result;
  r.values.reserve(r.values.size() + statements);
  r.bindings.reserve(r.bindings.size() + statements);
  state_->ctx.reserve_names(r.values.size() + statements);
}

CheckResult ProgramChecker::take_result() { return std::move(state_->result); }

CheckResult check_program(const RuleTable& table, const Program& program, RuleHits* hits) {
  ProgramChecker checker(table, program.mesh, hits);
  checker.reserve(program.statements.size());
  for (const Statement& stmt : program.statements) {
    if (auto error = checker.add(stmt)) {
      CheckResult result = checker.take_result();
      result.error = std::move(error);
      return result;
    }
  }
  CheckResult result = checker.take_result();
  if (result.loss >= 0) result.outputs.push_back(result.loss);
  return result;
}

std::string format_value_info(const Mesh& mesh, const ValueInfo& v) {
  if (v.scalar) return v.name + " : scalar " + type_to_text(mesh, v.type);
  return v.name + " : " + std::string(dtype_name(v.dtype)) + shape_to_string(v.shape) + " " +
         type_to_text(mesh, v.type, v.spec, v.shape.rank);
}

}  // namespace spmdcheck
