#include "oracle/consistency.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "oracle/denotation_index.h"
#include "oracle/jump_check.h"
#include "oracle/near_ties.h"
#include "oracle/tensor_elements.h"
#include "oracle/value_tolerance.h"
#include "program/program_text.h"

namespace spmdcheck {
namespace {

// First element where `a` and `b` differ (special_match), or -1.
int64_t first_mismatch(const at::Tensor& want, const at::Tensor& got, double allowed, double overflow, double& w, double& g) {
  const TensorElements a(want), b(got);
  for (int64_t i = 0; i < a.size(); ++i) {
    if (!special_match(a[i], b[i], allowed, overflow)) {
      w = a[i];
      g = b[i];
      return i;
    }
  }
  return -1;
}

// Bit-identical: byte by byte in the value's own dtype, so -0.0 differs from
// 0.0 and NaN payloads count.
int64_t first_bitwise_difference(const at::Tensor& a, const at::Tensor& b, double& va, double& vb) {
  const at::Tensor ca = a.contiguous(), cb = b.contiguous();
  const size_t width = ca.element_size();
  const auto* pa = static_cast<const unsigned char*>(ca.data_ptr());
  const auto* pb = static_cast<const unsigned char*>(cb.data_ptr());
  for (int64_t i = 0; i < ca.numel(); ++i) {
    if (std::memcmp(pa + i * width, pb + i * width, width) != 0) {
      va = ca.reshape({-1})[i].item<double>();
      vb = cb.reshape({-1})[i].item<double>();
      return i;
    }
  }
  return -1;
}

// Largest finite magnitude of `t`, whether every element is finite and
// whether one is infinite: one pass over the data (these run on every value
// of every program).
MagnitudeScan scan(const at::Tensor& t) {
  MagnitudeScan out;
  const TensorElements e(t);
  for (int64_t i = 0; i < e.size(); ++i) {
    const double x = e[i];
    if (!std::isfinite(x)) {
      out.finite = false;
      out.infinite = out.infinite || std::isinf(x);
      continue;
    }
    out.max_abs = std::max(out.max_abs, std::fabs(x));
  }
  return out;
}

}  // namespace

Denotation denotation_from_ranks(const MeshLayout& layout, const LocalType& type, const std::vector<at::Tensor>& ranks) {
  Denotation d;
  d.type = type;
  d.items.resize(static_cast<size_t>(denotation_size(layout, type)));
  std::vector<int> contributors(d.items.size(), 0);
  std::vector<int> first(d.items.size(), -1);
  auto contributes = [&](int r) {  // rank r sits at coordinate 0 of every R/I axis
    for (int a = 0; a < type.num_axes; ++a)
      if ((type.axis[a] == Ty::R || type.axis[a] == Ty::I) && layout.coord(r, a) != 0) return false;
    return true;
  };
  for (int r = 0; r < layout.num_ranks(); ++r) {
    if (!contributes(r)) continue;
    const size_t item = static_cast<size_t>(denotation_item_of_rank(layout, type, r));
    if (contributors[item]++ == 0) first[item] = r;
  }
  // A single contributor is read in place, in its own dtype: the denotation
  // is only compared (TensorElements reads any dtype). Sums are in f64, in
  // rank order.
  for (size_t item = 0; item < d.items.size(); ++item)
    if (contributors[item] == 1) d.items[item] = ranks[first[item]];
  // The sums element by element, not as tensor ops (a conversion and an add
  // per rank were a tenth of the consistency and gradient checks' ATen calls);
  // IEEE addition in rank order gives the bits the tensor ops gave.
  for (int r = 0; r < layout.num_ranks(); ++r) {
    if (!contributes(r)) continue;
    const size_t item = static_cast<size_t>(denotation_item_of_rank(layout, type, r));
    if (contributors[item] < 2) continue;
    at::Tensor& slot = d.items[item];
    const bool first_term = !slot.defined();
    if (first_term) slot = at::empty(ranks[r].sizes(), at::TensorOptions().dtype(at::kDouble));
    const TensorElements x(ranks[r]);
    double* sum = slot.data_ptr<double>();
    for (int64_t i = 0; i < x.size(); ++i) sum[i] = first_term ? x[i] : sum[i] + x[i];
  }
  return d;
}

std::optional<Inconsistency> check_rank_values(const std::string& name, const LocalType& type, const Shape& shape, const MeshLayout& layout,
                                               const Denotation& want, const std::vector<at::Tensor>& ranks, double allowed,
                                               bool compare_denotation) {
  Inconsistency bad;
  bad.name = name;
  struct {
    const LocalType& type;
    const Shape& shape;
  } info{type, shape};
  // Shapes: every rank holds the checker's local shape.
  for (int r = 0; r < layout.num_ranks(); ++r) {
    const at::Tensor& t = ranks[r];
    bool same = t.dim() == info.shape.rank;
    for (int i = 0; same && i < info.shape.rank; ++i) same = t.size(i) == info.shape.dims[i];
    if (!same) {
      bad.kind = Inconsistency::Kind::Shape;
      bad.rank = r;
      return bad;
    }
  }
  // R and I: bit-identical across each fiber.
  for (int a = 0; a < info.type.num_axes; ++a) {
    if (info.type.axis[a] != Ty::R && info.type.axis[a] != Ty::I) continue;
    for (int r = 0; r < layout.num_ranks(); ++r) {
      if (layout.coord(r, a) == 0) continue;
      int base = layout.with_coord(r, a, 0);
      int64_t e = first_bitwise_difference(ranks[base], ranks[r], bad.want, bad.got);
      if (e >= 0) {
        bad.kind = Inconsistency::Kind::NotIdentical;
        bad.axis = a;
        bad.rank = r;
        bad.other_rank = base;
        bad.element = e;
        return bad;
      }
    }
  }
  // The reference's items have the checked shape too (else the row's meaning
  // and its shape steps disagree).
  for (size_t item = 0; item < want.items.size(); ++item) {
    const at::Tensor& t = want.items[item];
    bool same = t.dim() == info.shape.rank;
    for (int i = 0; same && i < info.shape.rank; ++i) same = t.size(i) == info.shape.dims[i];
    if (!same) {
      bad.kind = Inconsistency::Kind::ReferenceShape;
      bad.item = static_cast<int64_t>(item);
      return bad;
    }
  }
  // The denotation read off the ranks equals the reference's.
  if (!compare_denotation) return std::nullopt;
  const Denotation got = denotation_from_ranks(layout, info.type, ranks);
  const double overflow = overflow_threshold(ranks.front().scalar_type());  // the ranks hold the value's dtype
  for (size_t item = 0; item < got.items.size(); ++item) {
    int64_t e = first_mismatch(want.items[item], got.items[item], allowed, overflow, bad.want, bad.got);
    if (e >= 0) {
      bad.kind = Inconsistency::Kind::Denotation;
      bad.item = static_cast<int64_t>(item);
      bad.element = e;
      bad.tolerance = allowed;
      std::vector<int64_t> c = ref::item_coords(layout, info.type, bad.item);
      bad.rank = layout.rank_of(c);
      return bad;
    }
  }
  return std::nullopt;
}

double smallest_distance(const std::vector<at::Tensor>& tensors, double point) {
  double out = std::numeric_limits<double>::infinity();
  for (const at::Tensor& t : tensors) {
    const TensorElements e(t);
    for (int64_t i = 0; i < e.size(); ++i) {
      const double d = std::fabs(e[i] - point);
      if (std::isnan(d)) return d;
      out = std::min(out, d);
    }
  }
  return out;
}

MagnitudeScan scan_magnitudes(const std::vector<at::Tensor>& tensors) {
  MagnitudeScan out;
  for (const at::Tensor& t : tensors) {
    const MagnitudeScan s = scan(t);
    out.max_abs = std::max(out.max_abs, s.max_abs);
    out.finite = out.finite && s.finite;
    out.infinite = out.infinite || s.infinite;
  }
  return out;
}

ConsistencyReport check_consistency(const RuleTable& table, const Program& program, const CheckResult& checked, const MeshLayout& layout,
                                    const ReferenceRun& reference, const std::vector<std::vector<at::Tensor>>& ranks, bool all_values) {
  // One scan of each reference value: its magnitude (for tolerances and
  // scales) and whether it is finite.
  std::vector<double> magnitudes(checked.values.size(), 0);
  std::vector<bool> finite(checked.values.size(), true), infinite(checked.values.size(), false);
  for (size_t v = 0; v < checked.values.size() && v < reference.values.size(); ++v) {
    const MagnitudeScan s = scan_magnitudes(reference.values[v].items);
    magnitudes[v] = s.max_abs;
    finite[v] = s.finite;
    infinite[v] = s.infinite;
  }
  const PoleDistance pole_distance = [&](int value, double pole) { return smallest_distance(reference.values[value].items, pole); };
  // The pieces of P inputs as the ranks hold them: input data, which the
  // overflow test bounds what the ranks compute from (value_tolerance.h).
  std::vector<double> input_pieces(checked.values.size(), 0);
  std::vector<bool> bound(checked.values.size(), false);
  for (const ResolvedBinding& b : checked.bindings)
    for (int r = 0; r < b.num_results; ++r) bound[static_cast<size_t>(b.value + r)] = true;
  for (size_t v = 0; v < checked.values.size() && v < ranks.size(); ++v)
    if (!bound[v]) input_pieces[v] = scan_magnitudes(ranks[v]).max_abs;
  const std::vector<ValueTolerance> tolerance = value_tolerances(table, program, checked, &magnitudes, &pole_distance, &input_pieces);
  std::vector<const Statement*> binder(checked.values.size(), nullptr);
  size_t index = 0;
  for (const Statement& s : program.statements) {
    if (std::holds_alternative<InputStmt>(s)) binder[index++] = &s;
    if (const auto* b = std::get_if<BindingStmt>(&s))
      for (size_t i = 0; i < b->names.size(); ++i) binder[index++] = &s;
  }
  std::vector<const ResolvedBinding*> binding_of(checked.values.size(), nullptr);
  for (const ResolvedBinding& rb : checked.bindings)
    for (int r = 0; r < rb.num_results; ++r) binding_of[rb.value + r] = &rb;

  ConsistencyReport report;
  report.values.resize(checked.values.size());
  // Special values compare exactly (special_match): a reference that holds
  // NaN or an infinity is still checked. A value is compared loosely
  // (invariants only, with the LooseReason that report verdicts carry)
  // where no error bound holds: an operand was loose; a non-finite element
  // meets an inexact operand in a non-additive op (0 * inf is NaN, (0 + e)
  // * inf is not); the reference is non-finite from finite operands while
  // the value is inexact; the op's terms may overflow the dtype (the f64
  // reference does not); an op computed at or near one of its poles (a
  // divisor at 0, or within its own tolerance of 0: the quotient's error has
  // no bound there, and at an exact 0 the sign of that zero, which
  // comparisons ignore, picks the infinity); the results of an op that
  // picks elements by comparing them, at a near tie of an inexact operand
  // (oracle/near_ties.h); an op that may jump inside its operands' error box;
  // a value computed outside an assumption the table states.
  std::vector<bool> poisoned(checked.values.size(), false);
  auto near_pole = [&](const ResolvedBinding& b) {
    if (b.is_transition || table.ops[b.row].poles.empty()) return false;
    const OpRow& op = table.ops[b.row];
    for (size_t p = 0; p < op.params.size(); ++p) {
      if (!is_nonlinear_role(op.params[p].role)) continue;
      const BoundParam& bp = b.params[p];
      const int o = bp.num_values == 1 ? b.operands[bp.first_value] : -1;
      if (o < 0) continue;  // a literal
      for (const at::Tensor& item : reference.values[o].items) {
        const TensorElements e(item);
        for (double pole : table.ops[b.row].poles)
          for (int64_t i = 0; i < e.size(); ++i)
            if (std::fabs(e[i] - pole) <= report.values[o].tolerance) return true;
      }
    }
    return false;
  };
  // Outside finite_factors (DataAssumptions): on some axis a P operand passes
  // to a P result while another operand, not P there, holds an infinity.
  auto partial_times_infinity = [&](const ResolvedBinding& b) {
    for (int r = 0; r < b.num_results; ++r) {
      const LocalType& out = checked.values[b.value + r].type;
      for (int a = 0; a < out.num_axes; ++a) {
        if (out.axis[a] != Ty::P) continue;
        bool partial = false, infinite_factor = false;
        for (int o : b.operands) {
          if (o < 0) continue;
          if (checked.values[o].type.axis[a] == Ty::P)
            partial = true;
          else
            infinite_factor = infinite_factor || infinite[o];
        }
        if (partial && infinite_factor) return true;
      }
    }
    return false;
  };
  // A kernel listed in nonfinite_by_kernel may also take the log of an exp
  // that underflowed in its float intermediates: LibTorch 1.13's bf16
  // log_softmax along a dim other than the last gives -inf where x - max is
  // below the log of float's smallest subnormal (an exact -295.5 read -inf;
  // the f32 kernel gives -295.5). A result element within twice its
  // operands' tolerance of that point may be -inf on the ranks.
  auto kernel_may_underflow = [&](size_t v, const ResolvedBinding& b) {
    static const double kFloatExpUnderflow = std::log(static_cast<double>(std::numeric_limits<float>::denorm_min()));
    double slack = 0;
    for (int o : b.operands)
      if (o >= 0) slack = std::max(slack, 2 * report.values[o].tolerance);
    for (const at::Tensor& item : reference.values[v].items) {
      const TensorElements e(item);
      for (int64_t i = 0; i < e.size(); ++i)
        if (e[i] < kFloatExpUnderflow + slack) return true;
    }
    return false;
  };
  auto loose_reason = [&](size_t v, const ResolvedBinding& b, double allowed) {
    bool finite_operands = true, inexact_operand = false;
    for (int o : b.operands) {
      if (o < 0) continue;
      if (poisoned[o]) return LooseReason::Operand;
      finite_operands = finite_operands && finite[o];
      inexact_operand = inexact_operand || report.values[o].tolerance > 0;
    }
    if (table.assumes.finite_factors && partial_times_infinity(b)) return LooseReason::Assumption;
    if (tolerance[v].overflow) return LooseReason::Overflow;
    if (tolerance[v].multiplies && !finite_operands && inexact_operand) return LooseReason::NonFiniteFactor;
    if (!finite[v] && finite_operands && tolerance[v].abs_error > 0) return LooseReason::NonFiniteResult;
    if (!b.is_transition) {
      const std::vector<std::string>& kernels = table.ops[b.row].nonfinite_by_kernel;
      if (std::find(kernels.begin(), kernels.end(), dtype_name(checked.values[v].dtype)) != kernels.end() &&
          (!finite_operands || kernel_may_underflow(v, b)))
        return LooseReason::NonFiniteKernel;
    }
    if (near_pole(b)) return LooseReason::Pole;
    const BindingStmt& stmt = std::get<BindingStmt>(*binder[v]);
    if (near_tie(
            table, stmt, b, [&](int o) { return report.values[o].tolerance; },
            [&](int o) -> const Denotation& { return reference.values[o]; }))
      return LooseReason::Tie;
    if (!b.is_transition && table.ops[b.row].jumps &&
        may_jump(table, checked, stmt, b, layout, reference, report.values, magnitudes, static_cast<int>(v), allowed))
      return LooseReason::Jump;
    return LooseReason::None;
  };
  for (size_t v = 0; v < checked.values.size(); ++v) {
    const ValueInfo& info = checked.values[v];
    const Denotation& want = reference.values[v];
    // The absolute error bound value_tolerance propagated from reference
    // magnitudes (never the ranks' own data, which may be the wrong part),
    // per P piece, times the number of P pieces summed.
    int64_t pieces = 1;
    for (int a = 0; a < info.type.num_axes; ++a)
      if (info.type.axis[a] == Ty::P) pieces *= layout.axis_size(a);
    const double allowed = tolerance[v].abs_error * static_cast<double>(pieces);
    const LooseReason reason = binding_of[v] ? loose_reason(v, *binding_of[v], allowed) : LooseReason::None;
    poisoned[v] = reason != LooseReason::None;
    std::optional<Inconsistency> bad = check_rank_values(info.name, info.type, info.shape, layout, want, ranks[v], allowed, !poisoned[v]);
    report.values[v] = ValueVerdict{true, !bad, allowed, !poisoned[v], magnitudes[v], reason, finite[v]};
    if (bad) {
      bad->value = static_cast<int>(v);
      bad->statement = binder[v] ? print_statement(program.mesh, *binder[v]) : "";
      if (!report.first) report.first = std::move(bad);
      if (!all_values) break;
    }
  }
  return report;
}

std::string Inconsistency::describe(const Mesh& mesh) const {
  auto coords = [&](int r) {
    MeshLayout layout(mesh);
    std::string out = "rank " + std::to_string(r) + " (";
    for (int a = 0; a < layout.num_axes(); ++a) out += (a ? ", " : "") + mesh.axes[a].name + "=" + std::to_string(layout.coord(r, a));
    return out + ")";
  };
  auto num = [](double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return std::string(buf);
  };
  std::string where = statement.empty() ? name : "value " + name + " (`" + statement + "`)";
  switch (kind) {
    case Kind::Shape: return where + ": " + coords(rank) + " holds a tensor of another shape than the checker inferred";
    case Kind::ReferenceShape:
      return where + ": the reference gives item " + std::to_string(item) +
             " another shape than the checker inferred (the table's shape steps or shape rule disagree with the op's law or meaning)";
    case Kind::Execution: return where + ": " + message;
    case Kind::NotIdentical:
      return where + " is " + "R/I on axis " + mesh.axes[axis].name + ", but " + coords(rank) + " differs from " + coords(other_rank) +
             " at element " + std::to_string(element) + ": want " + num(want) + ", got " + num(got);
    case Kind::Denotation:
      return where + ": the denotation read off the ranks differs from the reference at item " + std::to_string(item) + " (" +
             coords(rank) + "), element " + std::to_string(element) + ": want " + num(want) + ", got " + num(got) +
             (tolerance > 0 ? " (tolerance " + num(tolerance) + ")" : " (bitwise)");
  }
  return where;
}

}  // namespace spmdcheck
