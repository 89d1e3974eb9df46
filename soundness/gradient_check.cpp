#include "soundness/gradient_check.h"

#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "executor/test_data.h"
#include "kernels/local_kernels.h"
#include "oracle/einsum_equation.h"
#include "oracle/near_ties.h"
#include "oracle/tensor_elements.h"
#include "oracle/value_tolerance.h"
#include "program/type_text.h"
#include "soundness/gradient_cones.h"
#include "soundness/kinks_at.h"

namespace spmdcheck {
namespace {

LocalType gradient_type(const RuleTable& table, const LocalType& t) {
  LocalType g = t;
  for (int a = 0; a < t.num_axes; ++a) g.axis[a] = table.grad(t.axis[a]);
  return g;
}

// The cotangent's denotation: items like the output's (grad keeps V axes).
Denotation cotangent(const RuleTable& table, const CheckResult& checked, const MeshLayout& layout, int value, bool is_loss, DataRng& rng) {
  const ValueInfo& v = checked.values[value];
  Denotation g;
  g.type = gradient_type(table, v.type);
  const std::vector<int64_t> sizes(v.shape.dims.begin(), v.shape.dims.begin() + v.shape.rank);
  for (int64_t i = 0; i < denotation_size(layout, g.type); ++i) {
    if (is_loss) {
      g.items.push_back(at::ones(sizes, at::kDouble));  // loss.backward() seeds 1.0
      continue;
    }
    at::Tensor t = at::empty(sizes, at::kDouble);
    double* p = t.data_ptr<double>();
    for (int64_t k = 0; k < t.numel(); ++k) p[k] = static_cast<double>(rng.uniform(-8, 8)) / 4.0;
    g.items.push_back(t);
  }
  return g;
}

int64_t elements(const Shape& s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; ++i) n *= s.dims[i];
  return n;
}

// The reference's facts about every forward value (never the ranks' data).
ForwardFacts forward_facts(const GradientRun& run) {
  ForwardFacts f;
  const size_t n = run.checked.values.size();
  f.magnitude.resize(n);
  f.finite.resize(n);
  f.infinite.resize(n);
  f.partial_cotangent.resize(n);
  f.compared.resize(n);
  f.tolerance.resize(n);
  for (size_t v = 0; v < n; ++v) {
    const MagnitudeScan s = scan_magnitudes(run.reference.values[v].items);
    f.magnitude[v] = s.max_abs;
    f.finite[v] = s.finite;
    f.infinite[v] = s.infinite;
    const LocalType g = gradient_type(run.table, run.checked.values[v].type);
    for (int a = 0; a < g.num_axes; ++a) f.partial_cotangent[v] = f.partial_cotangent[v] || g.axis[a] == Ty::P;
    // A forward value without an error bound (a LooseReason) bounds no
    // gradient through it either.
    f.compared[v] = v >= run.forward.values.size() || run.forward.values[v].compared;
    f.tolerance[v] = v < run.forward.values.size() ? run.forward.values[v].tolerance : 0;
  }
  const PoleDistance pole_distance = [&](int value, double pole) { return smallest_distance(run.reference.values[value].items, pole); };
  for (const ValueTolerance& t : value_tolerances(run.table, run.program, run.checked, &f.magnitude, &pole_distance))
    f.eps_units.push_back(t.eps_units);
  // An op with kinks that received an inexact operand with an element within
  // its tolerance of a kink: the ranks and the reference may then be on
  // different sides of the kink, where the derivative jumps. Likewise an op
  // that picks elements by comparing them, at a near tie of an inexact
  // operand (oracle/near_ties.h): the gradient goes where the pick went.
  std::vector<const BindingStmt*> stmts;
  for (const Statement& s : run.program.statements)
    if (const auto* b = std::get_if<BindingStmt>(&s)) stmts.push_back(b);
  for (size_t k = 0; k < run.checked.bindings.size(); ++k) {
    const ResolvedBinding& b = run.checked.bindings[k];
    f.near_kink.emplace_back();
    if (near_tie(
            run.table, *stmts[k], b, [&](int o) { return f.tolerance[o]; },
            [&](int o) -> const Denotation& { return run.reference.values[o]; }))
      for (int o : b.operands)
        if (f.tolerance[o] > 0) f.near_kink.back().push_back(o);
    if (b.is_transition || run.table.ops[b.row].kinks.empty()) continue;
    for (int o : b.operands) {
      if (o < 0 || f.tolerance[o] == 0) continue;
      bool near = false;
      for (const at::Tensor& item : run.reference.values[o].items) {
        const TensorElements e(item);
        for (double k : run.table.ops[b.row].kinks)
          for (int64_t i = 0; i < e.size() && !near; ++i) near = std::fabs(e[i] - k) <= f.tolerance[o];
      }
      if (near) f.near_kink.back().push_back(o);
    }
  }
  add_kinks_at(run, f);  // kinks at a parameter's value (clamp's bounds, maximum's ties)
  return f;
}

// einsum's gradient terms (oracle/einsum_equation.h) for binding `b`, whose
// equation its statement holds.
double einsum_backward_terms(const GradientRun& run, const ResolvedBinding& b) {
  const size_t index = static_cast<size_t>(&b - run.checked.bindings.data());
  size_t seen = 0;
  for (const Statement& stmt : run.program.statements) {
    const auto* bs = std::get_if<BindingStmt>(&stmt);
    if (!bs || seen++ != index) continue;
    const OpRow& op = run.table.ops[b.row];
    const int p = op.param_index("equation");
    const ArgValue* equation = p < 0 ? nullptr : bound_arg(op, *bs, b, p);
    std::vector<Shape> shapes;
    for (int o : b.operands) shapes.push_back(run.checked.values[o].shape);
    const EinsumPlan plan =
        plan_einsum(equation && equation->kind == ArgValue::Kind::String ? std::string_view(equation->text) : std::string_view(), shapes);
    return einsum_gradient_terms(plan, shapes);
  }
  return 1;
}

// Terms the backward of binding `b` may sum per element of an operand's
// gradient: a broadcast operand's gradient sums the result over the
// broadcast elements, a contraction's (or scan's) sums over the other
// factor's free dims (at most the result's elements) or the inner dim, a transition's backward
// collective over the axis, a gather's (index_select, gather) adds the
// cotangents of a repeated index (at most the result's elements).
// Reductions, elementwise ops and selections (sort, topk, split) copy.
double backward_terms(const GradientRun& run, const ResolvedBinding& b) {
  if (b.is_transition) return static_cast<double>(run.program.mesh.axes[b.axis].size);
  const Shape& result = run.checked.values[b.value].shape;
  double terms = 1;
  for (int o : b.operands)
    if (o >= 0)
      terms = std::max(
          terms, static_cast<double>(elements(result)) / static_cast<double>(std::max<int64_t>(1, elements(run.checked.values[o].shape))));
  const Fanin fanin = shape_rule_spec(run.table.ops[b.row].shape).fanin;
  // A gather's backward scatter-adds: a repeated index sums its cotangents.
  if (fanin == Fanin::Gather) terms = std::max(terms, static_cast<double>(elements(result)));
  if (fanin == Fanin::Einsum) terms = std::max(terms, einsum_backward_terms(run, b));
  if (fanin == Fanin::Contraction || fanin == Fanin::Scan || fanin == Fanin::Decomposition) {
    const Shape& a = run.checked.values[b.operands[fanin == Fanin::Decomposition ? 1 : 0]].shape;
    terms = std::max({terms, static_cast<double>(elements(result)), static_cast<double>(a.rank ? a.dims[a.rank - 1] : 1)});
  }
  return terms;
}

}  // namespace

Cotangents make_cotangents(const RuleTable& table, const CheckResult& checked, const MeshLayout& layout, const std::vector<int>& hosted,
                           uint64_t seed) {
  Cotangents out;
  out.outputs = cotangent_values(checked);
  DataRng rng(seed ^ 0xc0ffee);
  for (int o : out.outputs) {
    out.denotations.push_back(cotangent(table, checked, layout, o, o == checked.loss, rng));
    out.max_abs = std::max(out.max_abs, scan_magnitudes(out.denotations.back().items).max_abs);
    if (o == checked.loss) {
      // loss.backward() seeds 1.0 on every rank, whatever the loss's type:
      // read under the loss's gradient type those ones must denote 1.0 (the
      // reference's seed), which holds for the losses a sound table accepts
      // (I, and P whose gradient is R) and fails for an R loss (n ones summed).
      RankTensors ones;
      for (size_t h = 0; h < hosted.size(); ++h)
        ones.push_back(at::ones({}, at::TensorOptions().dtype(to_scalar_type(checked.values[o].dtype))));
      out.pieces.push_back(std::move(ones));
    } else {
      out.pieces.push_back(realize_denotation(out.denotations.back(), checked.values[o].dtype, layout, hosted, rng));
      // The ranks round products of their own pieces, not of the sum: a P
      // cotangent of 0 realised as pieces +a and -a gives gradient pieces
      // that sum to a rounding error of a times the data (found by the
      // generation fuzzer: an R output of silu(silu(...)), want -0, got
      // 8.9e-08 bitwise). The bound scales with the largest piece.
      out.max_abs = std::max(out.max_abs, scan_magnitudes(out.pieces.back()).max_abs);
    }
  }
  return out;
}

void backward_ranks(const std::vector<RankTensors>& rank_values, const Cotangents& cotangents) {
  std::vector<at::Tensor> outs, grads;
  for (size_t i = 0; i < cotangents.outputs.size(); ++i) {
    const RankTensors& value = rank_values[cotangents.outputs[i]];
    for (size_t h = 0; h < value.size(); ++h) {
      if (!value[h].requires_grad()) continue;  // does not depend on any input
      outs.push_back(value[h]);
      grads.push_back(cotangents.pieces[i][h]);
    }
  }
  if (!outs.empty()) torch::autograd::backward(outs, grads);
}

void backward_reference(const ReferenceRun& reference, const Cotangents& cotangents) {
  std::vector<at::Tensor> outs, grads;
  for (size_t i = 0; i < cotangents.outputs.size(); ++i) {
    const Denotation& value = reference.values[cotangents.outputs[i]];
    for (size_t k = 0; k < value.items.size(); ++k) {
      if (!value.items[k].requires_grad()) continue;
      outs.push_back(value.items[k]);
      grads.push_back(cotangents.denotations[i].items[k]);
    }
  }
  if (!outs.empty()) torch::autograd::backward(outs, grads);
}

std::vector<int> cotangent_values(const CheckResult& checked) {
  std::vector<int> out;
  // i64 and bool values (indices, masks) and typed scalars have no gradient: no cotangent.
  for (int v : checked.outputs)
    if (has_gradient(checked.values[v])) out.push_back(v);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Inconsistency> compare_gradients(const GradientRun& run, const std::vector<int>& seeded,
                                               std::vector<ValueVerdict>& verdicts) {
  at::NoGradGuard no_grad;
  const ForwardFacts facts = forward_facts(run);
  const std::vector<InputCone> cones = input_cones(run.checked, run.input_values, seeded, facts);
  const std::vector<bool> reached = reached_backwards(run.checked, seeded);
  for (size_t i = 0; i < run.input_values.size(); ++i) {
    const ValueInfo& info = run.checked.values[run.input_values[i]];
    if (!has_gradient(info)) continue;  // an index, a mask or a typed scalar: no gradient to compare
    const LocalType g = gradient_type(run.table, info.type);
    const std::vector<at::Tensor>& got = run.rank_gradients[i];
    Denotation want;
    want.type = g;
    for (const at::Tensor& item : run.input_denotations[i].items)
      want.items.push_back(item.grad().defined() ? item.grad() : at::zeros_like(item));
    const MagnitudeScan ref_scan = scan_magnitudes(want.items);
    const InputCone& cone = cones[i];
    int64_t pieces = 1;
    for (int a = 0; a < g.num_axes; ++a)
      if (g.axis[a] == Ty::P) pieces *= run.layout.axis_size(a);
    // Units: backward mirrors forward, so its ops round like the forward
    // ops on the input's paths (twice: the ranks and the reference each
    // round), plus, where the dtype rounds products of cotangents and data
    // (not f64, whose 53 bits hold them), one rounding per term each
    // backward op on the paths sums. Scale: reference magnitudes only (the
    // gradient, or cotangent times forward data on the paths, which bound
    // the terms a cancelling gradient is summed from; x/x has gradient 0).
    double units = 2 * cone.eps_units, most_terms = 1;
    if (info.dtype != DType::F64) {
      std::vector<bool> depends(run.checked.values.size(), false);
      depends[run.input_values[i]] = true;
      for (const ResolvedBinding& b : run.checked.bindings) {
        bool dependent = false, seeded_result = false;
        for (int o : b.operands) dependent = dependent || (o >= 0 && depends[o]);
        for (int r = 0; r < b.num_results; ++r) {
          depends[b.value + r] = dependent;
          seeded_result = seeded_result || reached[b.value + r];
        }
        if (dependent && seeded_result) {
          const double terms = backward_terms(run, b);
          units += terms;
          most_terms = std::max(most_terms, terms);
        }
      }
    }
    const double scale = std::max(ref_scan.max_abs, cone.forward_max * run.cotangent_max);
    const double allowed = units * dtype_epsilon(info.dtype) * scale * static_cast<double>(pieces);
    // Special values compare exactly (special_match). Loose (invariants
    // only): a kink or tie on the paths; a forward value on them without an
    // error bound; a non-finite value on them or in the gradient while the
    // gradient is inexact (a rounding error times inf has no bound: 0 * inf
    // is NaN); gradient terms that may overflow the dtype; a pending sum
    // times an infinity on them where the table assumes finite_factors.
    LooseReason reason = LooseReason::None;
    if (cone.near_kink)
      reason = LooseReason::Kink;
    else if (cone.loose)
      reason = LooseReason::Operand;
    else if (run.table.assumes.finite_factors && (cone.partial_times_infinity || (cone.partial_cotangent && !ref_scan.finite)))
      reason = LooseReason::Assumption;
    else if ((!ref_scan.finite || cone.non_finite) && allowed > 0)
      reason = LooseReason::NonFiniteFactor;
    else if (scale * most_terms >= 0.5 * dtype_max(info.dtype))
      reason = LooseReason::Overflow;
    const bool compare = reason == LooseReason::None;
    std::optional<Inconsistency> bad =
        check_rank_values("the gradient of input " + info.name + ", read as " + type_to_text(run.program.mesh, g), g, info.shape,
                          run.layout, want, got, allowed, compare);
    verdicts[run.input_values[i]] = ValueVerdict{true, !bad, allowed, compare, ref_scan.max_abs, reason, ref_scan.finite};
    if (bad) {
      bad->value = run.input_values[i];
      return bad;
    }
  }
  return std::nullopt;
}

}  // namespace spmdcheck
