#include "soundness/gradient_check.h"

#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <functional>

#include "executor/local_kernels.h"
#include "executor/test_data.h"
#include "oracle/value_tolerance.h"
#include "program/type_text.h"

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

// The largest tolerance any value of the program needs (backward mirrors
// forward, so its ops are the forward ops' adjoints).
double program_tolerance(const GradientRun& run) {
  double units = 0;
  std::vector<double> magnitudes;
  for (const Denotation& d : run.reference.values) magnitudes.push_back(scan_magnitudes(d.items).max_abs);
  for (const ValueTolerance& t : value_tolerances(run.table, run.program, run.checked, &magnitudes)) units = std::max(units, t.eps_units);
  return 2 * units;
}

// True if an op with kinks received an inexact operand with an element within
// its tolerance of a kink: the ranks and the reference may then be on
// different sides of the kink, where the derivative jumps.
bool near_a_kink(const GradientRun& run) {
  for (const ResolvedBinding& b : run.checked.bindings) {
    if (b.is_transition || run.table.ops[b.row].kinks.empty()) continue;
    for (int o : b.operands) {
      if (o < 0 || run.forward.values[o].tolerance == 0) continue;
      const double tol = run.forward.values[o].tolerance;
      for (const at::Tensor& item : run.reference.values[o].items)
        for (double k : run.table.ops[b.row].kinks)
          if ((item.detach() - k).abs().le(tol).any().item<bool>()) return true;
    }
  }
  return false;
}

}  // namespace

Cotangents make_cotangents(const RuleTable& table, const CheckResult& checked, const MeshLayout& layout, const std::vector<int>& hosted,
                           uint64_t seed) {
  Cotangents out;
  out.outputs = checked.outputs;
  std::sort(out.outputs.begin(), out.outputs.end());
  out.outputs.erase(std::unique(out.outputs.begin(), out.outputs.end()), out.outputs.end());
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
      for (size_t h = 0; h < hosted.size(); ++h) ones.push_back(at::ones({}, at::TensorOptions().dtype(to_scalar_type(checked.values[o].dtype))));
      out.pieces.push_back(std::move(ones));
    } else {
      out.pieces.push_back(realize_denotation(out.denotations.back(), checked.values[o].dtype, layout, hosted, rng));
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

std::vector<RankTensors> leaf_gradients(const std::vector<RankTensors>& leaves) {
  std::vector<RankTensors> out(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i)
    for (const at::Tensor& leaf : leaves[i]) out[i].push_back(leaf.grad().defined() ? leaf.grad().detach() : at::zeros_like(leaf).detach());
  return out;
}

std::optional<Inconsistency> compare_gradients(const GradientRun& run, std::vector<ValueVerdict>& verdicts) {
  const double cotangent_max = run.cotangent_max;
  at::NoGradGuard no_grad;
  const double units = program_tolerance(run);
  const bool kink = near_a_kink(run);
  // Rounding in backward is relative to products of cotangents with forward
  // magnitudes, which can exceed the gradients themselves (x/x has gradient 0).
  double forward_max = 0;
  for (const Denotation& d : run.reference.values) forward_max = std::max(forward_max, scan_magnitudes(d.items).max_abs);
  for (size_t i = 0; i < run.input_values.size(); ++i) {
    const ValueInfo& info = run.checked.values[run.input_values[i]];
    const LocalType g = gradient_type(run.table, info.type);
    const std::vector<at::Tensor>& got = run.rank_gradients[i];
    Denotation want;
    want.type = g;
    for (const at::Tensor& item : run.input_denotations[i].items) want.items.push_back(item.grad().defined() ? item.grad() : at::zeros_like(item));
    const MagnitudeScan ref_scan = scan_magnitudes(want.items);
    int64_t pieces = 1;
    for (int a = 0; a < g.num_axes; ++a)
      if (g.axis[a] == Ty::P) pieces *= run.layout.axis_size(a);
    const double scale = std::max({ref_scan.max_abs, scan_magnitudes(got).max_abs, forward_max * cotangent_max});
    const double allowed = units * dtype_epsilon(info.dtype) * scale * static_cast<double>(pieces);
    std::optional<Inconsistency> bad = check_rank_values("the gradient of input " + info.name + ", read as " + type_to_text(run.program.mesh, g), g,
                                                         info.shape, run.layout, want, got, allowed, ref_scan.finite && !kink);
    verdicts[run.input_values[i]] = ValueVerdict{true, !bad, allowed, ref_scan.finite && !kink, ref_scan.max_abs};
    if (bad) {
      bad->value = run.input_values[i];
      return bad;
    }
  }
  return std::nullopt;
}

}  // namespace spmdcheck
