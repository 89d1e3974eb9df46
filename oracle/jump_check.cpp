#include "oracle/jump_check.h"

#include <algorithm>
#include <cmath>

#include "kernels/local_kernels.h"
#include "oracle/denotation_index.h"
#include "oracle/value_tolerance.h"

namespace spmdcheck {
namespace {

// Whether, at some element of some item, two floating typing operands (a
// number counts, exactly) lie within their summed tolerances of each other.
bool comparison_may_flip(const CheckResult& checked, const BindingStmt& stmt, const ResolvedBinding& b, const OpRow& op,
                         const MeshLayout& layout, const ReferenceRun& reference, const std::vector<ValueVerdict>& verdicts, int value) {
  const std::vector<TypingOperand> operands = typing_operands(op, stmt, b);
  const ValueInfo& info = checked.values[value];
  const int64_t items = denotation_size(layout, info.type);
  for (int64_t item = 0; item < items; ++item) {
    const std::vector<int64_t> coords = ref::item_coords(layout, info.type, item);
    auto operand = [&](const TypingOperand& o, at::Tensor& t, double& tol) {
      if (o.value < 0) {
        t = at::scalar_tensor(o.number, at::kDouble);
        tol = 0;
        return true;
      }
      if (!dtype_is_floating(checked.values[o.value].dtype)) return false;
      t = reference.values[o.value].items[static_cast<size_t>(ref::item_at(layout, checked.values[o.value].type, coords))].detach().to(
          at::kDouble);
      tol = verdicts[o.value].tolerance;
      return true;
    };
    for (size_t i = 0; i < operands.size(); ++i)
      for (size_t j = i + 1; j < operands.size(); ++j) {
        at::Tensor x, y;
        double tx = 0, ty = 0;
        if (!operand(operands[i], x, tx) || !operand(operands[j], y, ty) || tx + ty <= 0) continue;
        if ((x - y).abs().le(tx + ty).any().item<bool>()) return true;
      }
  }
  return false;
}

}  // namespace

bool may_jump(const RuleTable& table, const CheckResult& checked, const BindingStmt& stmt, const ResolvedBinding& b,
              const MeshLayout& layout, const ReferenceRun& reference, const std::vector<ValueVerdict>& verdicts,
              const std::vector<double>& magnitudes, int value, double allowed) {
  const OpRow& op = table.ops[b.row];
  const ValueInfo& info = checked.values[value];
  // The box: each inexact floating operand value once (pow(x, x) moves x
  // once). Bool and integer operands are exact or their own values were not
  // compared (a comparison that may flip), which this value inherits.
  std::vector<int> box;
  double scale = magnitudes[value];
  for (const TypingOperand& o : typing_operands(op, stmt, b)) {
    scale = std::max(scale, o.value < 0 ? std::fabs(o.number) : magnitudes[o.value]);
    if (o.value < 0 || !dtype_is_floating(checked.values[o.value].dtype) || verdicts[o.value].tolerance <= 0) continue;
    if (std::find(box.begin(), box.end(), o.value) == box.end()) box.push_back(o.value);
  }
  if (box.empty()) return false;
  // A typed scalar at an operand position becomes a tensor of the call's
  // dtype on the ranks (weak scalar promotion, kernels/kernel_call.h), so a
  // narrower call rounds it first: the ranks' operand may lie that far
  // beyond the scalar's own tolerance (found: bf16 div(x, sigmoid(s),
  // rounding_mode="trunc"), where the rounded divisor moved a quotient across
  // an integer: 9 against the reference's 8).
  auto conversion_error = [&](int v) {
    const bool converted = checked.values[v].scalar && b.dtype != checked.values[v].dtype && dtype_is_floating(b.dtype);
    return converted ? dtype_epsilon(b.dtype) * magnitudes[v] : 0.0;
  };
  if (box.size() > 4) return true;  // 2^k kernel calls per item: no such op has more than 3 operands
  // A bool result (a comparison) is not bounded by the corners: eq and ne
  // are not monotone, and an operand within its tolerance can meet the
  // other inside the box while every corner agrees with the center. It may
  // flip wherever two operands' error intervals meet.
  if (info.dtype == DType::Bool && comparison_may_flip(checked, stmt, b, op, layout, reference, verdicts, value)) return true;
  const double threshold =
      dtype_is_floating(info.dtype) ? std::max(0.0, allowed - op.tolerance_eps * dtype_epsilon(info.dtype) * scale) : 0.0;
  const at::ScalarType call_dtype = dtype_is_floating(b.dtype) ? at::kDouble : to_scalar_type(b.dtype);
  const size_t result = static_cast<size_t>(value - b.value);
  const int64_t items = denotation_size(layout, info.type);
  for (int64_t item = 0; item < items; ++item) {
    const std::vector<int64_t> coords = ref::item_coords(layout, info.type, item);
    const at::Tensor center = reference.values[value].items[static_cast<size_t>(item)].detach().to(at::kDouble);
    for (uint32_t corner = 0; corner < (1u << box.size()); ++corner) {
      const ValueTensor value_of = [&](int v) {
        at::Tensor t = reference.values[v].items[static_cast<size_t>(ref::item_at(layout, checked.values[v].type, coords))].detach();
        const auto k = std::find(box.begin(), box.end(), v);
        if (k == box.end()) return t;
        const double shift = verdicts[v].tolerance + conversion_error(v);
        return (corner >> (k - box.begin()) & 1) ? t + shift : t - shift;
      };
      const std::optional<std::vector<at::Tensor>> y = apply_local_kernel(make_kernel_call(table, checked, stmt, b, value_of, call_dtype));
      if (!y || y->size() <= result) return true;
      // A corner differs where it leaves the threshold or turns into
      // another special value (a finite center and a NaN corner: a jump);
      // the same NaN or infinity on both sides is no difference.
      const at::Tensor got = (*y)[result].to(at::kDouble);
      const at::Tensor same = got.eq(center).logical_or(got.isnan().logical_and(center.isnan()));
      if (same.logical_or((got - center).abs().le(threshold)).logical_not().any().item<bool>()) return true;
    }
  }
  return false;
}

}  // namespace spmdcheck
