#include "generators/program_generator.h"

#include <algorithm>

#include "generators/generation_context.h"

namespace spmdcheck {
namespace gen {
namespace {

constexpr const char* kAxisNames[] = {"dp", "tp", "cp", "ep", "sp", "pp"};

Mesh make_mesh(const GenerationSettings& s, Chooser& chooser) {
  Mesh mesh;
  if (!s.mesh.empty()) {
    std::string error;
    for (const auto& [name, size] : parse_mesh_spec(s.mesh, error)) mesh.axes.push_back(MeshAxis{name, size, {}});
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

std::string Context::fresh_input(DType dtype, const Shape& shape, const LocalType& type) {
  InputStmt in;
  in.name = "x" + std::to_string(inputs_++);
  in.dtype = dtype;
  in.shape = shape;
  in.type.type = type;
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

std::string Context::scalar_with(const LocalType& type) {
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
      if (v == so_far.loss) continue;
      if (!consumed[v] || ctx.chance(10)) out.names.push_back(values[v].name);
    }
  out.name_locs.resize(out.names.size());
  if (!out.names.empty() && !ctx.checker->add(out)) ctx.program.statements.push_back(out);
  return std::move(ctx.program);
}

}  // namespace spmdcheck
