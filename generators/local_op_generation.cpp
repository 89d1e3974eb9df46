// Generating one application of a local op row: an anchor operand, per-axis
// operand types that a non-rejecting combine row accepts (chosen by row, so
// every accepting combine row gets its share), shapes that the op's shape
// rule accepts, and the other operands found or created to match.
#include <algorithm>

#include "generators/generation_context.h"

namespace spmdcheck::gen {
namespace {

constexpr double kLiterals[] = {2, -1, 0.5, 3, -0.25};

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

int min_rank_for(ShapeRule rule) {
  switch (rule) {
    case ShapeRule::Matmul:
    case ShapeRule::Cat: return 1;
    case ShapeRule::Transpose: return 2;
    default: return 0;
  }
}

// Per-axis choice of operand types for the value positions (`fixed`: the
// anchor's type at value slot `fixed_slot`, or -1), and the result type the
// deciding combine row gives.
// Returns false if no accepting combination exists.
bool choose_axis_types(Context& ctx, const OpRow& op, const std::vector<int>& value_positions, bool scalar, size_t fixed_slot,
                       int fixed, std::vector<Ty>& out, Ty& result) {
  KindMask forbid = 0;
  for (const NonlinearArgRow& r : ctx.table.nonlinear_args) forbid |= r.forbid;
  const auto& slots = ctx.table.compiled.combine[op.linearity];
  const size_t k = value_positions.size();
  std::vector<std::vector<Ty>> options;
  std::vector<int> option_rows;
  uint64_t combos = 1;
  for (size_t i = 0; i < k; ++i) combos *= kNumTys;
  for (uint64_t code = 0; code < combos; ++code) {
    std::vector<Ty> tys(k);
    uint64_t c = code;
    KindMask present = scalar ? kind_bit(OperandKind::Scalar) : KindMask{0};
    int partials = 0;
    bool ok = true;
    for (size_t i = 0; i < k; ++i, c /= kNumTys) {
      tys[i] = static_cast<Ty>(c % kNumTys);
      if (i == fixed_slot && fixed >= 0 && tys[i] != static_cast<Ty>(fixed)) ok = false;
      if (contains(op.nonlinear_args, value_positions[i]) && (forbid & kind_bit(tys[i]))) ok = false;
      present |= kind_bit(tys[i]);
      partials += tys[i] == Ty::P;
    }
    if (!ok) continue;
    int row = slots[present * 3 + std::min(partials, 2)];
    if (row < 0 || ctx.table.combine[row].reject) continue;
    options.push_back(std::move(tys));
    option_rows.push_back(row);
  }
  if (options.empty()) return false;
  // Pick the combine row first (weighted), then one of its combinations.
  std::vector<int> rows = option_rows;
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  std::vector<uint32_t> weights;
  for (int r : rows) weights.push_back(ctx.settings.weight_of(ctx.table.info(ctx.table.combine[r].rule).id, 1));
  int row = rows[ctx.chooser.choose_weighted(weights)];
  std::vector<size_t> in_row;
  for (size_t i = 0; i < options.size(); ++i)
    if (option_rows[i] == row) in_row.push_back(i);
  out = options[in_row[ctx.pick(in_row.size())]];
  result = ctx.table.combine[row].result;
  return true;
}

// A shape broadcast-compatible with `s`: itself, a suffix, with some dims 1,
// or larger (a leading dim more, or a size-1 dim expanded), so that either
// operand of a broadcasting op can be the smaller one.
Shape broadcast_variant(Context& ctx, const Shape& s) {
  Shape out = s;
  switch (ctx.pick(4)) {
    case 1:
      if (s.rank > 0) {
        int drop = 1 + static_cast<int>(ctx.pick(s.rank));
        out.rank = static_cast<uint8_t>(s.rank - drop);
        for (int i = 0; i < out.rank; ++i) out.dims[i] = s.dims[i + drop];
      }
      break;
    case 2:
      if (s.rank > 0) out.dims[ctx.pick(s.rank)] = 1;
      break;
    case 3: {
      std::vector<int> ones;
      for (int i = 0; i < s.rank; ++i)
        if (s.dims[i] == 1) ones.push_back(i);
      const int64_t size = 2 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(std::max(1, ctx.settings.max_dim - 1))));
      if (!ones.empty() && (s.rank >= ctx.settings.max_rank || ctx.chance(50))) {
        out.dims[ones[ctx.pick(ones.size())]] = size;
      } else if (s.rank < ctx.settings.max_rank) {
        out.rank = static_cast<uint8_t>(s.rank + 1);
        out.dims[0] = size;
        for (int i = 0; i < s.rank; ++i) out.dims[i + 1] = s.dims[i];
      }
      break;
    }
    default: break;
  }
  return out;
}

// A dim keyword's value for canonical dim `d` of `positions`: written as
// itself or, as often, counted from the end (d - positions), because both
// spellings must mean the same dim.
int64_t signed_dim(Context& ctx, int64_t d, int64_t positions) { return ctx.chance(50) ? d - positions : d; }

}  // namespace

bool generate_local_op(Context& ctx, int op_index) {
  const OpRow& op = ctx.table.ops[op_index];
  const int k = op.max_args >= 0 ? op.max_args : op.min_args + static_cast<int>(ctx.pick(3));
  const int min_rank = min_rank_for(op.shape);

  // Literals wherever the shape rule takes scalars, position 0 included
  // (`add(2, p)` types differently from a value there); one value at least.
  std::vector<bool> literal(k, false);
  if (op.shape == ShapeRule::Elementwise && k >= 2) {
    int values = k;
    for (int p = 0; p < k; ++p) values -= literal[p] = ctx.chance(15);
    if (values == 0) literal[ctx.pick(static_cast<uint64_t>(k))] = false;
  }
  bool scalar = false;
  std::vector<int> value_positions;
  for (int p = 0; p < k; ++p) {
    scalar |= literal[p] && contains(op.scalar_args, p);
    if (!literal[p]) value_positions.push_back(p);
  }
  // Elementwise ops take their anchor (the existing value the statement
  // extends) at any value position; other shape rules anchor position 0.
  const size_t anchor_slot = op.shape == ShapeRule::Elementwise ? ctx.pick(value_positions.size()) : 0;
  const int anchor_pos = value_positions[anchor_slot];

  std::vector<int> anchors = ctx.values_where([&](const ValueInfo& v) { return v.shape.rank >= min_rank; });
  const int anchor = !anchors.empty() && !ctx.chance(15) ? ctx.pick_recent(anchors) : -1;
  const DType dtype = anchor >= 0 ? ctx.values()[anchor].dtype : ctx.pick_dtype();
  const Shape anchor_shape = anchor >= 0 ? ctx.values()[anchor].shape : ctx.random_shape(min_rank, std::max(min_rank, ctx.settings.max_rank));

  // Types: per axis, a combination some accepting combine row decides.
  std::vector<LocalType> types(value_positions.size());
  for (LocalType& t : types) t.num_axes = static_cast<uint8_t>(ctx.num_axes());
  std::vector<Ty> results(static_cast<size_t>(ctx.num_axes()), Ty::R);  // per axis, before out_partial
  for (int a = 0; a < ctx.num_axes(); ++a) {
    std::vector<Ty> tys;
    int fixed = anchor >= 0 ? static_cast<int>(ctx.values()[anchor].type.axis[a]) : -1;
    if (!choose_axis_types(ctx, op, value_positions, scalar, anchor_slot, fixed, tys, results[a])) return false;
    for (size_t i = 0; i < tys.size(); ++i) types[i].axis[a] = tys[i];
  }

  // Shapes per the op's shape rule, from the anchor's.
  BindingStmt b;
  b.name = ctx.next_name();
  b.op = op.name;
  std::vector<Shape> shapes(k, anchor_shape);
  switch (op.shape) {
    case ShapeRule::Elementwise:
      for (int p = 0; p < k; ++p)
        if (p != anchor_pos) shapes[p] = ctx.chance(60) ? anchor_shape : broadcast_variant(ctx, anchor_shape);
      break;
    case ShapeRule::Matmul: {
      const int64_t inner = anchor_shape.dims[anchor_shape.rank - 1];
      Shape rhs;
      if (ctx.chance(25)) {
        rhs.rank = 1;
        rhs.dims[0] = inner;
      } else {
        rhs.rank = 2;
        rhs.dims[0] = inner;
        rhs.dims[1] = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim)));
      }
      shapes[1] = rhs;
      break;
    }
    case ShapeRule::Reduce:
      if (ctx.chance(50)) {
        int positions = std::max<int>(anchor_shape.rank, 1);
        b.kwargs.push_back(int_keyword("dim", static_cast<int64_t>(ctx.pick(2 * positions)) - positions));
      }
      break;
    case ShapeRule::Transpose:
      if (ctx.chance(60)) {
        b.kwargs.push_back(int_keyword("dim0", signed_dim(ctx, static_cast<int64_t>(ctx.pick(anchor_shape.rank)), anchor_shape.rank)));
        b.kwargs.push_back(int_keyword("dim1", signed_dim(ctx, static_cast<int64_t>(ctx.pick(anchor_shape.rank)), anchor_shape.rank)));
      }
      break;
    case ShapeRule::Cat: {
      int64_t d = static_cast<int64_t>(ctx.pick(anchor_shape.rank));
      if (d != 0 || ctx.chance(30)) b.kwargs.push_back(int_keyword("dim", signed_dim(ctx, d, anchor_shape.rank)));
      for (int p = 1; p < k; ++p) shapes[p].dims[d] = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim)));
      break;
    }
  }

  for (int p = 0, v = 0; p < k; ++p) {
    Arg arg;
    if (literal[p]) {
      arg.kind = Arg::Kind::Number;
      arg.number = kLiterals[ctx.pick(std::size(kLiterals))];
    } else {
      arg.name = p == anchor_pos && anchor >= 0 ? ctx.values()[anchor].name : ctx.value_with(dtype, shapes[p], types[v]);
      ++v;
    }
    b.args.push_back(std::move(arg));
  }

  // out_partial on some axes whose inferred type an accepting out_partial
  // row takes.
  if (op.takes_keyword("out_partial") && ctx.chance(30)) {
    KwArg kw;
    kw.key = "out_partial";
    kw.value.kind = KwValue::Kind::NameList;
    for (int a = 0; a < ctx.num_axes(); ++a) {
      const int16_t row = ctx.table.compiled.out_partial[static_cast<int>(results[a])];
      if (row >= 0 && !ctx.table.out_partial[row].reject && ctx.chance(60)) kw.value.names.push_back(ctx.program.mesh.axes[a].name);
    }
    if (kw.value.names.size() == 1 && ctx.chance(50)) kw.value.kind = KwValue::Kind::Name;
    if (!kw.value.names.empty()) b.kwargs.push_back(std::move(kw));
  }
  return ctx.try_binding(std::move(b));
}

}  // namespace spmdcheck::gen
