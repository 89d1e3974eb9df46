#include "oracle/reference_interpreter.h"

#include <stdexcept>
#include <string>

#include "kernels/local_kernels.h"
#include "oracle/comm_law_eval.h"
#include "oracle/denotation_index.h"

namespace spmdcheck {
namespace {

using ref::item_at;
using ref::item_coords;

// A local op item by item over the V axes of its type before out_partial;
// the axes out_partial turns from V into P are then summed. One denotation
// per result (several results share the type).
std::vector<Denotation> apply_local(const RuleTable& table, const CheckResult& checked, const BindingStmt& b,
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

}  // namespace

ReferenceRun run_reference(const RuleTable& table, const Program& program, const CheckResult& checked, const MeshLayout& layout,
                           std::vector<Denotation> inputs) {
  ReferenceRun run;
  run.values.reserve(checked.values.size());
  size_t next_input = 0, next_binding = 0;
  for (const Statement& stmt : program.statements) {
    if (std::holds_alternative<InputStmt>(stmt)) {
      Denotation d = std::move(inputs.at(next_input++));
      const DType dtype = checked.values[run.values.size()].dtype;
      for (at::Tensor& t : d.items) t = dtype_is_floating(dtype) ? t.to(at::kDouble) : t.to(to_scalar_type(dtype));
      run.values.push_back(std::move(d));
      continue;
    }
    const BindingStmt* b = std::get_if<BindingStmt>(&stmt);
    if (!b) continue;
    const ResolvedBinding& resolved = checked.bindings.at(next_binding++);
    const LocalType& type = checked.values[resolved.value].type;
    std::vector<Denotation> results;
    if (!resolved.is_transition) {
      try {
        results = apply_local(table, checked, *b, resolved, type, program.mesh, layout, run.values, run.error);
      } catch (const c10::Error& e) {
        run.error = "statement '" + b->names[0] + "': " + e.what_without_backtrace();
      }
      if (!run.error.empty()) return run;
    } else {
      try {
        results.push_back(apply_comm_law(table, *b, resolved, layout, run.values[resolved.operands[0]]));
        if (table.comm_ops[table.transitions[resolved.row].op].no_gradient)  // raw torch.distributed: no autograd
          for (at::Tensor& item : results.back().items) item = item.detach();
      } catch (const c10::Error& e) {
        run.error = "statement '" + b->names[0] + "': " + e.what_without_backtrace();
        return run;
      } catch (const std::exception& e) {
        run.error = "statement '" + b->names[0] + "': " + e.what();
        return run;
      }
    }
    for (size_t r = 0; r < results.size(); ++r) {
      round_to_dtype(results[r], checked.values[resolved.value + static_cast<int>(r)].dtype);
      run.values.push_back(std::move(results[r]));
    }
  }
  return run;
}

}  // namespace spmdcheck
