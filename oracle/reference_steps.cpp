#include "oracle/reference_steps.h"

#include <string>

#include "kernels/local_kernels.h"
#include "oracle/denotation_index.h"

namespace spmdcheck {

using ref::item_at;
using ref::item_coords;

// A local op item by item over the V axes of its type before out_partial;
// the axes out_partial turns from V into P are then summed. One denotation
// per result (several results share the type).
std::vector<Denotation> apply_local_op(const RuleTable& table, const CheckResult& checked, const BindingStmt& b,
                                       const ResolvedBinding& resolved, const LocalType& type, const Mesh& mesh, const MeshLayout& layout,
                                       const std::vector<Denotation>& values, std::string& error) {
  const OpRow& op = table.ops[resolved.row];
  LocalType pre = type;
  std::vector<int> summed;
  for (size_t p = 0; p < op.params.size(); ++p) {
    if (op.params[p].role != ParamRole::Axes) continue;
    const ArgValue* axes = bound_arg(op, b, resolved, static_cast<int>(p));
    if (!axes || axes->kind == ArgValue::Kind::None) continue;
    for (const std::string& name : axes->names) {
      const int a = mesh.axis_index(name);
      bool varying = false;
      for (int v : resolved.operands) varying = varying || values[v].type.axis[a] == Ty::V;
      if (varying && pre.axis[a] != Ty::V) {
        pre.axis[a] = Ty::V;
        summed.push_back(a);
      }
    }
  }
  const size_t results = static_cast<size_t>(resolved.num_results);
  std::vector<Denotation> pre_den(results);
  for (Denotation& d : pre_den) d.type = pre;
  const int64_t count = denotation_size(layout, pre);
  for (int64_t item = 0; item < count; ++item) {
    const std::vector<int64_t> c = item_coords(layout, pre, item);
    const KernelCall call = make_kernel_call(
        table, checked, b, resolved, [&](int v) { return values[v].items[static_cast<size_t>(item_at(layout, values[v].type, c))]; },
        dtype_is_floating(resolved.dtype) ? at::kDouble : to_scalar_type(resolved.dtype));
    std::optional<std::vector<at::Tensor>> y = apply_local_kernel(call);
    if (!y) {
      error = "no kernel for op '" + b.op + "'";
      return {};
    }
    if (y->size() != results) {
      error =
          "kernel of '" + b.op + "' returned " + std::to_string(y->size()) + " results, the checker inferred " + std::to_string(results);
      return {};
    }
    for (size_t r = 0; r < results; ++r) pre_den[r].items.push_back(std::move((*y)[r]));
  }
  if (summed.empty()) return pre_den;

  std::vector<Denotation> out(results);
  for (size_t r = 0; r < results; ++r) {
    out[r].type = type;
    out[r].items.resize(static_cast<size_t>(denotation_size(layout, type)));
    for (int64_t item = 0; item < count; ++item) {
      const int64_t target = item_at(layout, type, item_coords(layout, pre, item));
      at::Tensor& slot = out[r].items[static_cast<size_t>(target)];
      const at::Tensor& piece = pre_den[r].items[static_cast<size_t>(item)];
      slot = slot.defined() ? slot + piece : piece.clone();
    }
  }
  return out;
}

// Values of a narrower dtype are rounded to it (its range and precision), as
// the ranks hold them; the reference still computes each floating op in
// f64. Integer and bool values keep their dtype (exact, and what indices and
// masks must be).
void round_to_dtype(Denotation& d, DType dtype) {
  if (dtype == DType::F64) return;
  for (at::Tensor& t : d.items) t = dtype_is_floating(dtype) ? t.to(to_scalar_type(dtype)).to(at::kDouble) : t.to(to_scalar_type(dtype));
}

}  // namespace spmdcheck
