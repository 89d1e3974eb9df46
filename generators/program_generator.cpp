#include "generators/program_generator.h"

#include <algorithm>

#include "generators/generation_context.h"

namespace spmdcheck {
namespace gen {
namespace {

constexpr const char* kAxisNames[] = {"dp", "tp", "cp", "ep", "sp", "pp"};
// Per statement, in a table whose asserts retype (assert_transmutes): the
// chance of a transmuting assert after it. About one a program of 15.
constexpr uint32_t kTransmutePercent = 7;

// The last 1 .. all axes global, in global_percent of the programs (no
// choice is drawn where it is 0, so local searches draw as before).
void choose_global_axes(const GenerationSettings& s, Chooser& chooser, Mesh& mesh) {
  if (s.global_percent <= 0 || mesh.axes.empty() || !chooser.chance(static_cast<uint32_t>(s.global_percent))) return;
  mesh.num_global = 1 + static_cast<int>(chooser.choose(mesh.axes.size()));
}

Mesh make_mesh(const GenerationSettings& s, Chooser& chooser) {
  Mesh mesh;
  if (!s.mesh.empty()) {
    std::string error;
    for (const auto& [name, size] : parse_mesh_spec(s.mesh, error)) mesh.axes.push_back(MeshAxis{name, size, {}});
    choose_global_axes(s, chooser, mesh);
    return mesh;
  }
  int axes = s.min_axes + static_cast<int>(chooser.choose(static_cast<uint64_t>(s.max_axes - s.min_axes + 1)));
  int64_t ranks = 1;
  for (int a = 0; a < axes; ++a) {
    // Sizes are drawn 2..max first (choice 0 = size 2, the smallest that communicates), then 1.
    int64_t size = s.max_axis_size >= 2 ? 2 + static_cast<int64_t>(chooser.choose(static_cast<uint64_t>(s.max_axis_size))) : 1;
    if (size > s.max_axis_size) size = 1;
    while (size > 1 && ranks * size > s.max_ranks) --size;
    ranks *= size;
    mesh.axes.push_back(MeshAxis{kAxisNames[a % 6] + (a >= 6 ? std::to_string(a / 6) : std::string()), size, {}});
  }
  choose_global_axes(s, chooser, mesh);
  return mesh;
}

}  // namespace

Context::Context(const RuleTable& table, const GenerationSettings& settings, Chooser& chooser, Mesh mesh, GenerationStats& stats)
    : table(table), settings(settings), chooser(chooser), stats(stats) {
  program.mesh = std::move(mesh);
  checker = std::make_unique<ProgramChecker>(table, program.mesh);
}

DType Context::pick_dtype() { return settings.dtypes[pick(settings.dtypes.size())]; }

LocalType Context::random_type() {
  LocalType t;
  t.num_axes = static_cast<uint8_t>(num_axes());
  for (int a = 0; a < t.num_axes; ++a) t.axis[a] = kAllTys[pick(kNumTys)];
  return t;
}

Shape Context::random_shape(int min_rank, int max_rank) {
  Shape s;
  s.rank = static_cast<uint8_t>(min_rank + static_cast<int>(pick(static_cast<uint64_t>(std::max(0, max_rank - min_rank) + 1))));
  for (int i = 0; i < s.rank; ++i) s.dims[i] = 1 + static_cast<int64_t>(pick(static_cast<uint64_t>(settings.max_dim)));
  return s;
}

int Context::pick_recent(const std::vector<int>& candidates) {
  const size_t recent = std::min<size_t>(3, candidates.size());
  if (chance(60)) return candidates[candidates.size() - 1 - pick(recent)];
  return candidates[pick(candidates.size())];
}

KwArg keyword(const std::string& key, ArgValue value) {
  KwArg kw;
  kw.key = key;
  kw.value = std::move(value);
  return kw;
}

KwArg int_keyword(const std::string& key, int64_t value) { return keyword(key, ArgValue::of_int(value)); }
KwArg form_keyword(const std::string& key, Form form) { return keyword(key, ArgValue::of_form(form)); }
KwArg bool_keyword(const std::string& key, bool value) { return keyword(key, ArgValue::of_bool(value)); }

Arg positional(ArgValue value) { return Arg{std::move(value), {}}; }

std::string Context::next_name() { return "v" + std::to_string(bindings_++); }

// A fresh input's spec on the global axes where it is V (DESIGN.md §8):
// the hint's dim where it fits (the anchor of the statement being built,
// so its operands tend to shard alike), else dim 0 or another at random.
// Axes on one dim keep the hint's order, then mesh order. A rank-0 value
// cannot be sharded: it is R there instead.
void Context::shard_fresh(const Shape& shape, LocalType& type, TypeAnnot& annot) {
  std::array<int, kMaxAxes> order{};
  int n = 0;
  for (int a = 0; a < num_axes(); ++a)
    if (program.mesh.is_global(a) && type.axis[a] == Ty::V) order[n++] = a;
  // The hint is followed most of the time; otherwise a contraction's
  // operands (bmm's k: dim 2 of one, dim 1 of the other) never meet.
  std::array<bool, kMaxAxes> follow{};
  for (int a = 0; a < num_axes(); ++a) follow[a] = spec_hint.shards(a) && spec_hint.dim[a] < shape.rank && chance(70);
  auto hinted = [&](int a) { return follow[a]; };
  std::stable_sort(order.begin(), order.begin() + n, [&](int x, int y) {
    if (hinted(x) != hinted(y)) return hinted(x);
    return hinted(x) && std::pair(spec_hint.dim[x], spec_hint.place[x]) < std::pair(spec_hint.dim[y], spec_hint.place[y]);
  });
  for (int i = 0; i < n; ++i) {
    const int a = order[i];
    if (shape.rank == 0) {
      type.axis[a] = Ty::R;
      continue;
    }
    const int d = hinted(a) ? spec_hint.dim[a] : chance(30) ? 0 : static_cast<int>(pick(shape.rank));
    annot.spec.append(a, d);
  }
  // The printer writes spec(...) where a dim has two axes: with every entry.
  if (!annot.spec.empty()) annot.spec_entries = static_cast<int8_t>(shape.rank);
}

std::string Context::fresh_input(DType dtype, const Shape& shape, const LocalType& type) {
  InputStmt in;
  in.name = "x" + std::to_string(inputs_++);
  in.dtype = dtype;
  in.shape = shape;
  in.type.type = type;
  if (program.mesh.num_global > 0) shard_fresh(shape, in.type.type, in.type);
  checker->add(in);  // an input with a full type always holds
  program.statements.push_back(in);
  return in.name;
}

std::string Context::value_with(DType dtype, const Shape& shape, const LocalType& type) {
  std::vector<int> matches =
      values_where([&](const ValueInfo& v) { return !v.scalar && v.dtype == dtype && v.shape == shape && v.type == type; });
  if (!matches.empty() && !chance(25)) return values()[matches[pick(matches.size())]].name;
  return fresh_input(dtype, shape, type);
}

std::string Context::scalar_with(const LocalType& requested) {
  // A typed scalar has no dim to shard: on a global axis it is not V.
  LocalType type = requested;
  for (int a = 0; a < type.num_axes; ++a)
    if (program.mesh.is_global(a) && type.axis[a] == Ty::V) type.axis[a] = Ty::R;
  std::vector<int> matches = values_where([&](const ValueInfo& v) { return v.scalar && v.type == type; });
  if (!matches.empty() && !chance(25)) return values()[matches[pick(matches.size())]].name;
  InputStmt in;
  in.name = "s" + std::to_string(scalars_++);
  in.scalar = true;
  in.dtype = DType::F64;  // a Python float (DESIGN.md §2.5)
  in.type.type = type;
  checker->add(in);
  program.statements.push_back(in);
  return in.name;
}

bool Context::try_binding(BindingStmt b) {
  ++stats.attempts;
  if (checker->add(b)) {
    ++stats.rejected;
    return false;
  }
  program.statements.push_back(std::move(b));
  return true;
}

}  // namespace gen

Program generate_program(const RuleTable& table, const GenerationSettings& settings, Chooser& chooser, GenerationStats* stats) {
  GenerationStats local_stats;
  gen::Context ctx(table, settings, chooser, gen::make_mesh(settings, chooser), stats ? *stats : local_stats);

  // The judgment rows a statement may apply: every op, every legal transition.
  std::vector<std::pair<bool, int>> rows;
  std::vector<uint32_t> weights;
  for (size_t i = 0; i < table.ops.size(); ++i) {
    rows.emplace_back(true, static_cast<int>(i));
    weights.push_back(settings.weight_of(table.info(table.ops[i].rule).id, settings.op_weight));
  }
  for (size_t i = 0; i < table.transitions.size(); ++i) {
    if (table.transitions[i].illegal) continue;
    rows.emplace_back(false, static_cast<int>(i));
    weights.push_back(settings.weight_of(table.info(table.transitions[i].rule).id, settings.transition_weight));
  }

  const int statements = settings.min_statements +
                         static_cast<int>(chooser.choose(static_cast<uint64_t>(settings.max_statements - settings.min_statements + 1)));
  for (int i = 0; i < statements && !rows.empty(); ++i) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      auto [is_op, index] = rows[chooser.choose_weighted(weights)];
      if (is_op ? gen::generate_local_op(ctx, index) : gen::generate_transition(ctx, index)) break;
    }
    // A table whose asserts retype: now and then one (no choice is drawn
    // in a table without, so its programs are what they were).
    if (!table.assert_transmutes.empty() && ctx.chance(gen::kTransmutePercent)) gen::generate_transmute(ctx);
  }
  if (ctx.chance(static_cast<uint32_t>(settings.loss_percent))) gen::generate_loss(ctx);

  // Outputs: every binding no statement consumes (the loss aside), so that
  // cotangents reach every binding and every backward row runs, and now and
  // then a consumed one (a value with a cotangent and a consumer).
  OutputStmt out;
  const auto& values = ctx.values();
  const CheckResult& so_far = ctx.checker->result();
  std::vector<bool> consumed(values.size(), false);
  for (const ResolvedBinding& b : so_far.bindings)
    for (int o : b.operands)
      if (o >= 0) consumed[o] = true;
  for (const ResolvedBinding& b : so_far.bindings)
    for (int v = b.value; v < b.value + b.num_results; ++v) {  // every result of an op with several
      if (v == so_far.loss || ctx.is_superseded(v)) continue;
      if (!consumed[v] || ctx.chance(10)) out.names.push_back(values[v].name);
    }
  out.name_locs.resize(out.names.size());
  if (!out.names.empty() && !ctx.checker->add(out)) ctx.program.statements.push_back(out);
  return std::move(ctx.program);
}

}  // namespace spmdcheck
