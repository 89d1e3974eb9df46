// Generating one application of a local op row: an anchor operand, per-axis
// operand types that a non-rejecting combine row accepts (chosen by row, so
// every accepting combine row gets its share), shapes that the op's shape
// rule accepts, and the other operands found or created to match.
#include <algorithm>

#include "generators/op_args.h"
#include "rules/local_typing.h"
#include "rules/number_positions.h"

namespace spmdcheck::gen {
namespace {

// Per-axis choice of operand types for the value slots of `operands` (the
// typing operands; numbers with no type; `fixed`: the anchor's type at value
// slot `fixed_slot`, or -1), and the result type the deciding row gives: the
// per-axis judgment of rules/local_typing.h over every combination.
// Returns false if no accepting combination exists.
bool choose_axis_types(Context& ctx, const OpRow& op, std::vector<AxisOperand> operands, const std::vector<size_t>& value_slots,
                       size_t fixed_slot, int fixed, std::vector<Ty>& out, Ty& result) {
  const size_t k = value_slots.size();
  std::vector<std::vector<Ty>> options;
  std::vector<RuleIndex> option_rows;
  std::vector<Ty> option_results;
  uint64_t combos = 1;
  for (size_t i = 0; i < k; ++i) combos *= kNumTys;
  for (uint64_t code = 0; code < combos; ++code) {
    std::vector<Ty> tys(k);
    uint64_t c = code;
    bool ok = true;
    for (size_t i = 0; i < k; ++i, c /= kNumTys) {
      tys[i] = static_cast<Ty>(c % kNumTys);
      if (i == fixed_slot && fixed >= 0 && tys[i] != static_cast<Ty>(fixed)) ok = false;
      operands[value_slots[i]].type = tys[i];
    }
    if (!ok) continue;
    const LocalJudgment j = judge_local_axis(ctx.table, op, operands, CombineLookup::Compiled);
    if (!j.decided || j.rejects) continue;
    options.push_back(std::move(tys));
    option_rows.push_back(j.rule);
    option_results.push_back(j.result);
  }
  if (options.empty()) return false;
  // Pick the deciding row first (weighted), then one of its combinations.
  std::vector<RuleIndex> rows = option_rows;
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::vector<uint32_t> weights;
  for (RuleIndex r : rows) weights.push_back(r == kNoRule ? 1 : ctx.settings.weight_of(ctx.table.info(r).id, 1));
  const RuleIndex row = rows[ctx.chooser.choose_weighted(weights)];
  std::vector<size_t> in_row;
  for (size_t i = 0; i < options.size(); ++i)
    if (option_rows[i] == row) in_row.push_back(i);
  const size_t chosen = in_row[ctx.pick(in_row.size())];
  out = options[chosen];
  result = option_results[chosen];
  return true;
}

// An index operand's value: an existing input of that dtype, shape and type,
// or a fresh one; never a computed value, whose elements the test data
// cannot bound (an input's are drawn below the bound of every use).
std::string index_input_with(Context& ctx, DType dtype, const Shape& shape, const LocalType& type) {
  std::vector<const std::string*> inputs;
  for (const Statement& s : ctx.program.statements)
    if (const auto* in = std::get_if<InputStmt>(&s); in && !in->scalar && in->dtype == dtype && in->shape == shape && in->type.type == type)
      inputs.push_back(&in->name);
  if (!inputs.empty() && !ctx.chance(25)) return *inputs[ctx.pick(inputs.size())];
  return ctx.fresh_input(dtype, shape, type);
}

// The slot-0 operand's spec carried to another operand's dims (OpPlan::
// slot0_dims): an axis on a dim without a counterpart is left out.
PartitionSpec remap_spec(const PartitionSpec& spec, const std::array<int8_t, kMaxRank>& dims) {
  PartitionSpec out;
  for (int d = 0; d < kMaxRank; ++d) {
    if (dims[d] < 0) continue;
    std::array<int8_t, kMaxAxes> axes{};
    const int n = spec.axes_on(d, axes);
    for (int k = 0; k < n; ++k) out.append(axes[k], dims[d]);
  }
  return out;
}

// Where the slot-0 operand shards a dim this operand has no counterpart of
// (mm's m, a batch dim against a matrix), the strategies take it R: a V
// there is made R most of the time (the checker still judges the types).
void replicate_uncarried(Context& ctx, const PartitionSpec& slot0, const std::array<int8_t, kMaxRank>& dims, LocalType& type) {
  for (int a = 0; a < ctx.num_axes(); ++a)
    if (slot0.shards(a) && dims[slot0.dim[a]] < 0 && type.axis[a] == Ty::V && ctx.chance(70)) type.axis[a] = Ty::R;
}

// The converse: where the slot-0 operand shards a dim this operand carries
// (a batch dim, bmm's k), the strategies that keep the shard take it
// sharded alike, so an R there is made V half of the time and the fresh
// operand follows the hint (DESIGN.md §8). Without it S(b) @ S(b)
// (prop.matmul.batch) was written 0 times in 5000 default programs. The
// checker still judges the types: a combination no row accepts drops the
// statement.
void shard_carried(Context& ctx, const PartitionSpec& slot0, const std::array<int8_t, kMaxRank>& dims, LocalType& type) {
  for (int a = 0; a < ctx.num_axes(); ++a)
    if (ctx.program.mesh.is_global(a) && slot0.shards(a) && dims[slot0.dim[a]] >= 0 && type.axis[a] == Ty::R && ctx.chance(50))
      type.axis[a] = Ty::V;
}

// Whether an accepting propagation row of the op's kind puts S on two or
// more of its `tensors` operands (a row's last pattern repeats).
bool shards_may_meet(const RuleTable& table, const OpRow& op, size_t tensors) {
  for (const PropagationRow& row : table.propagation) {
    if (row.reject || row.operands.empty() || std::find(row.kinds.begin(), row.kinds.end(), op.shape) == row.kinds.end()) continue;
    if (!row.ops.empty() && std::find(row.ops.begin(), row.ops.end(), op.name) == row.ops.end()) continue;
    size_t s = 0;
    for (size_t i = 0; i < tensors; ++i) s += row.operands[std::min(i, row.operands.size() - 1)].kind == Placement::Kind::S;
    if (s >= 2) return true;
  }
  return false;
}

PartitionSpec spec_named(const Context& ctx, const std::string& name) {
  const std::vector<int> found = ctx.values_where([&](const ValueInfo& v) { return v.name == name; });
  return found.empty() ? PartitionSpec{} : ctx.values()[found.back()].spec;
}

}  // namespace

bool generate_local_op(Context& ctx, int op_index) {
  const OpRow& op = ctx.table.ops[op_index];
  const int min_rank = shape_rule_spec(op.shape).min_rank;
  const int max_rank =
      shape_rule_spec(op.shape).max_rank < 0 ? ctx.settings.max_rank : std::min(ctx.settings.max_rank, shape_rule_spec(op.shape).max_rank);

  // Operand slots, parameter by parameter: one per typing parameter, or
  // 1-3 for an operands list.
  struct Slot {
    int param;
    bool literal = false;
    bool scalar = false;  // a typed scalar (spmd_types' Scalar) holds it
    bool number = false;  // a number a typing expression names (alpha): plain (a literal slot) unless a typed scalar holds it
  };
  std::vector<Slot> slots;
  for (int p = 0; p < static_cast<int>(op.params.size()); ++p) {
    const ParamRole role = op.params[p].role;
    // A number a typing expression names takes part as a weak scalar,
    // given or by default, as in the checker.
    if (role == ParamRole::Number && number_may_stand(op, p)) slots.push_back(Slot{p, true, false, true});
    if (!is_typing_role(role)) continue;
    const int n = role == ParamRole::Operands ? 1 + static_cast<int>(ctx.pick(3)) : 1;
    for (int i = 0; i < n; ++i) slots.push_back(Slot{p});
  }
  const int k = static_cast<int>(std::count_if(slots.begin(), slots.end(), [](const Slot& s) { return !s.number; }));
  // No typing parameter: a factory (the row's no_operands types it), whose
  // args generator sets everything; else every call is refused.
  if (k == 0 && !op.no_operands) return false;
  // Literals wherever one can stand (rules/number_positions.h), position 0
  // included (`add(2, p)` types differently from a value there); one
  // value at least.
  {
    int values = k, literal_slots = 0;
    for (Slot& s : slots) {
      if (s.number || !literal_may_stand(op, s.param)) continue;
      ++literal_slots;
      values -= s.literal = ctx.chance(15);
    }
    if (values == 0 && literal_slots > 0) {
      std::vector<Slot*> literals;
      for (Slot& s : slots)
        if (s.literal && !s.number) literals.push_back(&s);
      literals[ctx.pick(literals.size())]->literal = false;
    }
  }
  // Typed scalars wherever an elementwise op takes a number: some of its
  // value slots, or all of them (scalar arithmetic, `t = mul(s, 2)`: the
  // result is a typed scalar, so its results must keep the operands'
  // dtype). Never at an index or in an operands list.
  const auto scalar_slot = [&](const Slot& s) {
    const ParamRole role = op.params[s.param].role;
    return op.shape == ShapeRule::Elementwise && !s.literal && role != ParamRole::Operands && role != ParamRole::Index;
  };
  const bool keeps_dtype = std::all_of(op.results.begin(), op.results.end(), [](ResultDType d) { return d == ResultDType::Same; });
  bool all_scalars = std::all_of(slots.begin(), slots.end(), [&](const Slot& s) { return s.literal || scalar_slot(s); }) && keeps_dtype &&
                     k > 0 && ctx.chance(static_cast<uint32_t>(ctx.settings.scalar_percent / 2));
  for (Slot& s : slots) s.scalar = scalar_slot(s) && (all_scalars || ctx.chance(static_cast<uint32_t>(ctx.settings.scalar_percent)));
  // Every value a typed scalar by chance (neg's one operand): scalar
  // arithmetic where the result keeps the dtype, else one stays a tensor.
  if (!all_scalars && k > 0 && std::all_of(slots.begin(), slots.end(), [](const Slot& s) { return s.literal || s.scalar; })) {
    if (keeps_dtype)
      all_scalars = true;
    else
      std::find_if(slots.begin(), slots.end(), [](const Slot& s) { return s.scalar; })->scalar = false;
  }
  // A typed scalar at a named number (`addmm(x, a, b, alpha=s)`), which
  // the typing expression types like a factor.
  for (Slot& s : slots)
    if (s.number && ctx.chance(static_cast<uint32_t>(ctx.settings.scalar_percent))) {
      s.literal = false;
      s.scalar = true;
    }
  std::vector<size_t> value_slots;  // indices into `slots` of the non-literal ones
  std::vector<AxisOperand> axis_operands;
  for (size_t i = 0; i < slots.size(); ++i) {
    axis_operands.push_back(AxisOperand{slots[i].param, std::nullopt, true});  // spelt later: any spelling
    if (!slots[i].literal) value_slots.push_back(i);
  }
  // Elementwise ops take their anchor (the existing value the statement
  // extends) at any value slot; other shape rules anchor the first. A
  // factory has no value slot: its anchor only lends a shape the result
  // can meet.
  size_t anchor_slot = op.shape == ShapeRule::Elementwise ? ctx.pick(value_slots.size()) : 0;
  // The anchor is a floating tensor: never at an index slot (where's mask)
  // nor at a typed scalar's (unless every operand is one: no anchor).
  const auto at_index = [&] {
    if (value_slots.empty()) return false;
    const Slot& s = slots[value_slots[anchor_slot]];
    return op.params[s.param].role == ParamRole::Index || (s.scalar && !all_scalars);
  };
  for (size_t tries = 0; tries < value_slots.size() && at_index(); ++tries) anchor_slot = (anchor_slot + 1) % value_slots.size();
  if (at_index()) return false;

  std::vector<int> anchors = ctx.values_where(
      [&](const ValueInfo& v) { return v.shape.rank >= min_rank && v.shape.rank <= max_rank && !v.scalar && dtype_is_floating(v.dtype); });
  // In a global program, where a row of the op's kind lets two operands'
  // shards meet (S(b) @ S(b), a sharded contraction, gather's input and
  // index), a sharded anchor is preferred 70% of the time: most computed
  // values are not sharded. Elsewhere a sharded anchor mostly finds no
  // strategy (roll, flip along the shard), and the checker refuses it.
  if (ctx.program.mesh.num_global > 0 && shards_may_meet(ctx.table, op, value_slots.size()) && ctx.chance(70)) {
    std::vector<int> sharded;
    for (int v : anchors)
      if (!ctx.values()[v].spec.empty()) sharded.push_back(v);
    if (!sharded.empty()) anchors = std::move(sharded);
  }
  const int anchor = !anchors.empty() && !all_scalars && !ctx.chance(15) ? ctx.pick_recent(anchors) : -1;
  // Global SPMD: fresh operands shard as the anchor does, where they can.
  ctx.spec_hint = anchor >= 0 ? ctx.values()[anchor].spec : PartitionSpec{};
  const DType dtype = anchor >= 0 ? ctx.values()[anchor].dtype : ctx.pick_dtype();
  const Shape anchor_shape = anchor >= 0   ? ctx.values()[anchor].shape
                             : all_scalars ? Shape{}
                                           : ctx.random_shape(min_rank, std::max(min_rank, max_rank));

  // Types: per axis, a combination some accepting combine row decides.
  std::vector<LocalType> types(value_slots.size());
  for (LocalType& t : types) t.num_axes = static_cast<uint8_t>(ctx.num_axes());
  std::vector<Ty> results(static_cast<size_t>(ctx.num_axes()), Ty::R);  // per axis, before out_partial
  // A factory (no value slots) has no types to choose: its row's no_operands.
  for (int a = 0; !value_slots.empty() && a < ctx.num_axes(); ++a) {
    std::vector<Ty> tys;
    int fixed = anchor >= 0 ? static_cast<int>(ctx.values()[anchor].type.axis[a]) : -1;
    if (!choose_axis_types(ctx, op, axis_operands, value_slots, anchor_slot, fixed, tys, results[a])) return false;
    for (size_t i = 0; i < tys.size(); ++i) types[i].axis[a] = tys[i];
  }

  // Shapes per the op's shape rule, from the anchor's, and the structural
  // parameters the rule reads: the op family's argument generator.
  OpPlan plan{op,
              anchor_shape,
              anchor_slot,
              std::vector<Shape>(value_slots.size(), anchor_shape),
              std::vector<DType>(value_slots.size(), dtype),
              std::vector<std::optional<ArgValue>>(op.params.size()),
              {}};
  for (size_t i : value_slots) plan.slot_params.push_back(slots[i].param);
  const ArgsGenerator family = args_generators()[static_cast<int>(op.shape)];
  if (!family || !family(ctx, plan)) return false;
  // A variant row is typed only where its `when` parameter holds one of
  // its values (rounding division); the base row leaves it to its default.
  if (!op.when_param.empty()) plan.values[op.param_index(op.when_param)] = op.when_values[ctx.pick(op.when_values.size())];
  std::vector<std::optional<ArgValue>>& values = plan.values;
  const std::vector<Shape>& shapes = plan.shapes;

  // The operand values, parameter by parameter.
  PartitionSpec slot0_spec = ctx.spec_hint;
  for (size_t i = 0, v = 0; i < slots.size(); ++i) {
    if (!slots[i].literal && v < plan.slot0_dims.size() && v > 0) {  // once per value slot
      ctx.spec_hint = remap_spec(slot0_spec, plan.slot0_dims[v]);
      replicate_uncarried(ctx, slot0_spec, plan.slot0_dims[v], types[v]);
      shard_carried(ctx, slot0_spec, plan.slot0_dims[v], types[v]);
    }
    const int p = slots[i].param;
    if (slots[i].literal) {
      if (slots[i].number) continue;  // given below, sometimes, or its default
      values[p] = ArgValue::of_number(random_literal(ctx));
      if (values[p]->number == static_cast<double>(static_cast<int64_t>(values[p]->number)) && ctx.chance(50))
        values[p] = ArgValue::of_int(static_cast<int64_t>(values[p]->number));  // `2` and `2.0` are one weak scalar
      continue;
    }
    std::string name = v == anchor_slot && anchor >= 0         ? ctx.values()[anchor].name
                       : slots[i].scalar                       ? ctx.scalar_with(types[v])
                       : op.params[p].role == ParamRole::Index ? index_input_with(ctx, plan.dtypes[v], shapes[v], types[v])
                                                               : ctx.value_with(plan.dtypes[v], shapes[v], types[v]);
    if (v == 0 && !plan.slot0_dims.empty()) slot0_spec = spec_named(ctx, name);
    ++v;
    if (op.params[p].role == ParamRole::Operands) {
      if (!values[p]) values[p] = ArgValue::of_names({});
      values[p]->names.push_back(std::move(name));
    } else {
      values[p] = ArgValue::of_name(std::move(name));
    }
  }

  // Structural parameters no shape rule reads: numbers (alpha) sometimes
  // given; out_partial on some axes whose inferred type an accepting
  // out_partial row takes.
  for (size_t p = 0; p < op.params.size(); ++p) {
    const ParamSpec& spec = op.params[p];
    // A required number (full_like's fill_value) is always given; an
    // integral one is sometimes written as an int (a factory infers i64).
    const bool required = !spec.default_value && !spec.accepts_none;
    if (spec.role == ParamRole::Number && !values[p] && (required || ctx.chance(20))) {
      values[p] = ArgValue::of_number(random_literal(ctx));
      if (values[p]->number == static_cast<double>(static_cast<int64_t>(values[p]->number)) && ctx.chance(50))
        values[p] = ArgValue::of_int(static_cast<int64_t>(values[p]->number));
    }
    if (spec.role != ParamRole::Axes || !ctx.chance(30)) continue;
    ArgValue axes = ArgValue::of_names({});
    for (int a = 0; a < ctx.num_axes(); ++a) {
      const int16_t row = ctx.table.compiled.out_partial[static_cast<int>(results[a])];
      if (row >= 0 && !ctx.table.out_partial[row].reject && ctx.chance(60)) axes.names.push_back(ctx.program.mesh.axes[a].name);
    }
    if (axes.names.size() == 1 && ctx.chance(50)) axes.kind = ArgValue::Kind::Name;
    if (!axes.names.empty()) values[p] = std::move(axes);
  }

  BindingStmt b;
  for (int i = 0; i < plan.results; ++i) b.names.push_back(ctx.next_name());
  b.op = op.name;
  spell_call(ctx, op, values, b);
  return ctx.try_binding(std::move(b));
}

}  // namespace spmdcheck::gen
