#include "oracle/value_tolerance.h"

#include <limits>

#include <algorithm>
#include <cmath>

#include "oracle/einsum_equation.h"

namespace spmdcheck {
namespace {

constexpr int kInputBits = 4, kInputFraction = 2;  // k/4 with |k| <= 8

int log2_ceil(double x) { return x <= 1 ? 0 : static_cast<int>(std::ceil(std::log2(x))); }

int64_t elements(const Shape& s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; ++i) n *= s.dims[i];
  return n;
}

// Fraction bits of a literal if it is a dyadic k / 2^f with f <= 20, else -1.
int literal_fraction_bits(double x) {
  for (int f = 0; f <= 20; ++f) {
    double scaled = std::ldexp(x, f);
    if (scaled == std::floor(scaled) && std::fabs(scaled) < 0x1p30) return f;
  }
  return -1;
}

// einsum's equation read against the binding's operands.
EinsumPlan einsum_plan(const OpRow& op, const BindingStmt& stmt, const ResolvedBinding& b, const CheckResult& checked) {
  const int p = op.param_index("equation");
  const ArgValue* equation = p < 0 ? nullptr : bound_arg(op, stmt, b, p);
  std::vector<Shape> shapes;
  for (int o : b.operands) shapes.push_back(checked.values[o].shape);
  return plan_einsum(equation && equation->kind == ArgValue::Kind::String ? std::string_view(equation->text) : std::string_view(), shapes);
}

bool sums_over_axis(ActionKind k) {
  return k == ActionKind::AllReduceSum || k == ActionKind::ReduceScatterSelect || k == ActionKind::ReduceScatterChunk;
}

}  // namespace

const char* loose_reason_name(LooseReason reason) {
  switch (reason) {
    case LooseReason::None: return "none";
    case LooseReason::Operand: return "operand";
    case LooseReason::NonFiniteFactor: return "non-finite factor";
    case LooseReason::NonFiniteResult: return "non-finite result";
    case LooseReason::NonFiniteKernel: return "non-finite by kernel";
    case LooseReason::Overflow: return "overflow";
    case LooseReason::Pole: return "pole";
    case LooseReason::Tie: return "tie";
    case LooseReason::Kink: return "kink";
    case LooseReason::Jump: return "jump";
    case LooseReason::Assumption: return "assumption finite_factors";
  }
  return "?";
}

double dtype_max(DType d) {
  switch (d) {
    case DType::F64: return std::numeric_limits<double>::max();
    case DType::F32: return static_cast<double>(std::numeric_limits<float>::max());
    case DType::BF16: return 0x1.FEp127;
    case DType::F16: return 65504.0;
    case DType::I64: return 0x1p63;
    case DType::Bool: return 1;
  }
  return std::numeric_limits<double>::max();
}

double dtype_epsilon(DType d) {
  switch (d) {
    case DType::F64: return 0x1p-52;
    case DType::F32: return 0x1p-23;
    case DType::BF16: return 0x1p-7;
    case DType::F16: return 0x1p-10;
    case DType::I64:
    case DType::Bool: return 0;  // exact
  }
  return 0x1p-52;
}

int dtype_mantissa_bits(DType d) {
  switch (d) {
    case DType::F64: return 53;
    case DType::F32: return 24;
    case DType::BF16: return 8;
    case DType::F16: return 11;
    case DType::I64: return 63;
    case DType::Bool: return 1;
  }
  return 53;
}

namespace {

bool partial_somewhere(const LocalType& t) {
  for (int a = 0; a < t.num_axes; ++a)
    if (t.axis[a] == Ty::P) return true;
  return false;
}

}  // namespace

std::vector<ValueTolerance> value_tolerances(const RuleTable& table, const Program& program, const CheckResult& checked,
                                             const std::vector<double>* magnitudes, const PoleDistance* pole_distance,
                                             const std::vector<double>* input_pieces) {
  std::vector<ValueTolerance> tol(checked.values.size(), ValueTolerance{0, kInputBits, kInputFraction});
  // Per value, a bound of the largest |element| a rank holds of it: its
  // reference magnitude, but for a P value its pieces, which may far exceed
  // their sum (see the header: the overflow test).
  std::vector<double> on_rank(checked.values.size(), 1.0);
  size_t next_binding = 0, value = 0;
  for (const Statement& stmt : program.statements) {
    if (const auto* in = std::get_if<InputStmt>(&stmt)) {
      // P pieces are exact splits, wider than the value by the piece count.
      double pieces = 1;
      for (int a = 0; a < in->type.type.num_axes; ++a)
        if (in->type.type.axis[a] == Ty::P) pieces *= static_cast<double>(program.mesh.axes[a].size);
      if (magnitudes && dtype_is_floating(in->dtype))
        tol[value].bits = std::max(kInputBits, log2_ceil((*magnitudes)[value]) + kInputFraction + 1);
      if (magnitudes) on_rank[value] = std::max((*magnitudes)[value], pieces > 1 && input_pieces ? (*input_pieces)[value] : 0.0);
      tol[value++].bits += 1 + log2_ceil(pieces);
      continue;
    }
    if (!std::holds_alternative<BindingStmt>(stmt)) continue;
    const BindingStmt& stmt_b = std::get<BindingStmt>(stmt);
    const ResolvedBinding& b = checked.bindings[next_binding++];
    const ValueInfo& v = checked.values[b.value];
    double carried = 0;
    int bits = 0, fraction = 0, product_bits = 0, product_fraction = 0;
    bool exact = true;
    const OpRow* row = b.is_transition ? nullptr : &table.ops[b.row];
    // The operands, literals included: a transition's input, or a local
    // op's typing operands parameter by parameter.
    std::vector<TypingOperand> operands;
    if (row)
      operands = typing_operands(*row, stmt_b, b);
    else
      operands.push_back(TypingOperand{0, b.operands[0], 0});
    // A decomposition's beta and alpha are factors of its terms even where
    // the table does not type them (spmd_types 6dbe9e2 types the tensors
    // only): a written number there counts for widths and magnitudes.
    // (op_typing_params is param_types() of rules/local_typing.h, compiled;
    // that header needs C++20 and this library is C++17 under clang.)
    const bool decomposition = row && shape_rule_spec(row->shape).fanin == Fanin::Decomposition;
    if (decomposition)
      for (size_t p = 0; p < row->params.size(); ++p)
        if (row->params[p].role == ParamRole::Number && !(table.compiled.op_typing_params[b.row] >> p & 1u))
          if (const ArgValue* n = bound_arg(*row, stmt_b, b, static_cast<int>(p)); n && n->is_numeric())
            operands.push_back(TypingOperand{static_cast<int>(p), -1, n->as_double()});
    // |operand i| per operand (a literal: its own), from the reference.
    auto magnitude = [&](size_t i) {
      const int o = operands[i].value;
      return o < 0 ? std::fabs(operands[i].number) : magnitudes ? (*magnitudes)[o] : 1.0;
    };
    // |operand i| as a rank holds it: its reference magnitude, or for a P
    // value the bound of its pieces (on_rank), which may far exceed their
    // sum. Each rank rounds its own terms, so a rank's rounding and the
    // errors it carries scale with what it holds (found on a bf16 einsum of
    // two factors P on two axes: a rank's product of pieces, 17.8125, rounded
    // by 0.0625, where the reference magnitudes bounded a piece's error by
    // 0.0039). For a value that is P nowhere in its cone this is its
    // magnitude.
    auto held = [&](size_t i) {
      const int o = operands[i].value;
      return o < 0 || !magnitudes ? magnitude(i) : std::max(magnitude(i), on_rank[o]);
    };
    // The other factors of a product as a rank holds them (1 for other ops).
    // A decomposition (beta * input + alpha * (a @ b), the shape family's
    // contract) is two products: the added input's factor is beta, a's and
    // b's are alpha and each other; the input is no factor of the product (a
    // zero input made the product's carried error vanish: a bf16
    // baddbmm(v13, x2, v13) of a log_softmax v13 whose reference is 0 read
    // 2^-25 where the bound was 0; default-table search at seed 105).
    auto added_term = [&](size_t i) { return operands[i].param == 0 || row->params[operands[i].param].name == "beta"; };
    auto other_factors = [&](size_t i) {
      double m = 1;
      if (row && row->product_width)
        for (size_t j = 0; j < operands.size(); ++j)
          if (j != i && (!decomposition || added_term(j) == added_term(i))) m *= held(j);
      return m;
    };
    const double own_magnitude = magnitudes ? (*magnitudes)[b.value] : 1.0;
    double propagated = 0, local_scale = own_magnitude;
    for (size_t i = 0; i < operands.size(); ++i) {
      const int o = operands[i].value;
      // An index (gather's, index_select's) picks positions: no data of it
      // reaches the result, so neither its width nor its scale counts.
      if (row && row->params[operands[i].param].role == ParamRole::Index) continue;
      int ob, of;
      local_scale = std::max(local_scale, held(i) * other_factors(i));
      if (o < 0) {
        of = literal_fraction_bits(operands[i].number);
        if (of < 0) exact = false;
        ob = std::max(1, log2_ceil(std::fabs(operands[i].number) + 1) + std::max(of, 0));
      } else {
        const bool amplifies = row && row->tolerance_eps > 0 && magnitudes;
        double gain = (amplifies ? std::max({1.0, magnitude(i), own_magnitude}) : 1.0) * other_factors(i);
        double amplification = amplifies ? std::max(1.0, magnitude(i)) : 1.0;
        // |y / (b - pole)| at a pole op's non-linear operand (see the header).
        if (row && pole_distance && magnitudes && !row->poles.empty() && is_nonlinear_role(row->params[operands[i].param].role) &&
            tol[o].abs_error > 0) {
          double nearest = std::numeric_limits<double>::infinity();
          for (double pole : row->poles) nearest = std::min(nearest, (*pole_distance)(o, pole));
          if (nearest > 0 && std::isfinite(nearest)) {
            const double pole_gain = own_magnitude / nearest;
            gain = std::max(gain, pole_gain * other_factors(i));
            amplification = std::max(amplification, pole_gain);
          }
        }
        carried = std::max(carried, tol[o].eps_units * amplification);
        propagated += gain * tol[o].abs_error;
        ob = tol[o].bits;
        of = tol[o].fraction_bits;
      }
      bits = std::max(bits, ob + std::max(0, fraction - of));
      fraction = std::max(fraction, of);
      product_bits += ob;
      product_fraction += std::max(of, 0);
    }
    double fanin = 1, own = 0;
    if (b.is_transition) {
      for (const TransitionStep& s : b.steps) {
        const auto& action = table.transitions[s.row].action;
        if (action && sums_over_axis(action->kind)) fanin *= static_cast<double>(program.mesh.axes[b.axis].size);
      }
    } else {
      const OpRow& op = table.ops[b.row];
      own = op.tolerance_eps;
      exact = exact && own == 0;
      const Shape first = b.operands.empty() ? Shape{} : checked.values[b.operands[0]].shape;  // a factory has none
      switch (shape_rule_spec(op.shape).fanin) {
        case Fanin::None:
        case Fanin::Gather: break;  // forward: a copy per element
        case Fanin::Contraction: fanin = static_cast<double>(first.rank ? first.dims[first.rank - 1] : 1); break;
        case Fanin::Reduction:
          fanin = static_cast<double>(std::max<int64_t>(1, elements(first) / std::max<int64_t>(1, elements(v.shape))));
          break;
        case Fanin::Decomposition: {
          const Shape& second = checked.values[b.operands[1]].shape;
          const int64_t rows = second.rank >= 2 ? second.dims[second.rank - 2] : 1;
          fanin = 1 + static_cast<double>(std::max<int64_t>(1, elements(second) / std::max<int64_t>(1, rows)));
          break;
        }
        case Fanin::Scan: {
          int64_t largest = 1;
          for (int d = 0; d < first.rank; ++d) largest = std::max(largest, first.dims[d]);
          fanin = static_cast<double>(largest);
          break;
        }
        case Fanin::Einsum: fanin = einsum_summed_terms(einsum_plan(op, stmt_b, b, checked)); break;
      }
      // A factory's data are its structural numbers (a fill value, a
      // range's bounds), aligned as a sum's terms, never its operands'.
      if (op.numbers_width) {
        int integer_bits = 0;
        fraction = 0;
        exact = own == 0;
        carried = propagated = 0;
        local_scale = own_magnitude;
        for (size_t p = 0; p < op.params.size(); ++p) {
          const ArgValue* n = op.params[p].role == ParamRole::Number ? bound_arg(op, stmt_b, b, static_cast<int>(p)) : nullptr;
          if (!n || !n->is_numeric()) continue;
          const int of = literal_fraction_bits(n->as_double());
          if (of < 0) exact = false;
          integer_bits = std::max(integer_bits, log2_ceil(std::fabs(n->as_double()) + 1));
          fraction = std::max(fraction, std::max(of, 0));
        }
        bits = std::max(1, integer_bits + fraction);
      }
      // Products add their operands' widths (the row's data_width); other
      // ops align their operands (the max) and may carry one bit per sum.
      if (op.product_width) {
        bits = product_bits;
        fraction = product_fraction;
      }
    }
    bits += 1 + log2_ceil(fanin);
    ValueTolerance& t = tol[b.value];
    t.bits = std::min(bits, 4096);
    t.fraction_bits = std::min(fraction, 4096);
    exact = exact && carried == 0 && t.bits <= dtype_mantissa_bits(v.dtype);
    t.eps_units = exact ? 0 : carried * fanin + own + fanin;
    // Errors carried in are summed over the op's terms like the units are.
    t.abs_error = exact ? 0 : fanin * propagated + (own + fanin) * dtype_epsilon(v.dtype) * local_scale;
    // What the ranks compute: the op's terms over the magnitudes each rank
    // holds (a product's or contraction's factors multiplied, at least 1
    // each; other ops' operands summed), times the terms it sums; a pole
    // op's non-linear operand (a divisor) multiplies them by 1 / its
    // nearest distance to a pole, where that exceeds 1.
    double rank_terms = 0;
    if (magnitudes) {
      const bool products =
          row && (row->product_width || shape_rule_spec(row->shape).fanin == Fanin::Contraction ||
                  shape_rule_spec(row->shape).fanin == Fanin::Decomposition || shape_rule_spec(row->shape).fanin == Fanin::Einsum);
      rank_terms = products ? 1 : 0;
      double pole_factor = 1;
      for (size_t i = 0; i < operands.size(); ++i) {
        const ParamRole role = row ? row->params[operands[i].param].role : ParamRole::Operand;
        if (role == ParamRole::Index) continue;
        const int o = operands[i].value;
        if (row && !row->poles.empty() && is_nonlinear_role(role)) {
          double nearest = std::numeric_limits<double>::infinity();
          for (double pole : row->poles)
            nearest = std::min(nearest, o < 0 ? std::fabs(operands[i].number - pole) : pole_distance ? (*pole_distance)(o, pole) : nearest);
          if (nearest > 0 && std::isfinite(nearest)) pole_factor = std::max(pole_factor, 1 / nearest);
          continue;
        }
        rank_terms = products ? rank_terms * std::max(1.0, held(i)) : rank_terms + held(i);
      }
      rank_terms *= fanin * pole_factor;
      for (int r = 0; r < b.num_results; ++r)
        on_rank[b.value + r] = partial_somewhere(checked.values[b.value + r].type) ? rank_terms : (*magnitudes)[b.value + r];
    }
    t.overflow = magnitudes && dtype_is_floating(v.dtype) && std::max(local_scale * fanin, rank_terms) >= 0.5 * dtype_max(v.dtype);
    // An inexact op computes terms of its own that its result does not show
    // (norm's |x|^p: an f32 norm(x, 3) of 2^124 is finite, its cube is not):
    // an operand past the fourth root of the range may overflow inside it.
    if (magnitudes && row && row->tolerance_eps > 0 && dtype_is_floating(v.dtype))
      for (size_t i = 0; i < operands.size(); ++i)
        if (row->params[operands[i].param].role != ParamRole::Index && magnitude(i) >= std::pow(dtype_max(v.dtype), 0.25))
          t.overflow = true;
    if (row) {
      const Fanin f = shape_rule_spec(row->shape).fanin;
      t.multiplies = row->product_width || row->tolerance_eps > 0 || !row->poles.empty() || f == Fanin::Contraction ||
                     f == Fanin::Decomposition || f == Fanin::Einsum;
    }
    // A bool result (a comparison) is not rounded: it is exact, or, where its
    // operands may straddle the comparison, not compared at all (OpRow::jumps).
    if (v.dtype == DType::Bool) t = ValueTolerance{0, 1, 0};
    // Several results of one op share its bound (their dtypes' epsilons
    // aside: an index result is exact).
    for (int r = 1; r < b.num_results; ++r)
      tol[b.value + r] = dtype_is_floating(checked.values[b.value + r].dtype) ? t : ValueTolerance{0, 63, 0};
    value = static_cast<size_t>(b.value + b.num_results);
  }
  return tol;
}

}  // namespace spmdcheck
