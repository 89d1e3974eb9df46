#include "oracle/reference_interpreter.h"

#include <stdexcept>
#include <string>

#include "executor/local_kernels.h"
#include "oracle/comm_law_eval.h"
#include "oracle/denotation_index.h"

namespace spmdcheck {
namespace {

using ref::item_at;
using ref::item_coords;

// A local op item by item over the V axes of its type before out_partial;
// the axes out_partial turns from V into P are then summed.
Denotation apply_local(const BindingStmt& b, const ResolvedBinding& resolved, const LocalType& type, const Mesh& mesh,
                       const MeshLayout& layout, const std::vector<Denotation>& values, std::string& error) {
  LocalType pre = type;
  std::vector<int> summed;
  for (const KwArg& kw : b.kwargs) {
    if (kw.key != "out_partial") continue;
    for (const std::string& name : kw.value.names) {
      const int a = mesh.axis_index(name);
      bool varying = false;
      for (int v : resolved.operands) varying = varying || (v >= 0 && values[v].type.axis[a] == Ty::V);
      if (varying && pre.axis[a] != Ty::V) {
        pre.axis[a] = Ty::V;
        summed.push_back(a);
      }
    }
  }
  Denotation pre_den;
  pre_den.type = pre;
  const int64_t count = denotation_size(layout, pre);
  for (int64_t item = 0; item < count; ++item) {
    const std::vector<int64_t> c = item_coords(layout, pre, item);
    std::vector<KernelOperand> operands(b.args.size());
    for (size_t i = 0; i < b.args.size(); ++i) {
      const int v = resolved.operands[i];
      if (v < 0) operands[i].literal = b.args[i].number;
      else operands[i].tensor = values[v].items[static_cast<size_t>(item_at(layout, values[v].type, c))];
    }
    std::optional<at::Tensor> y = apply_local_kernel(b, operands, at::kDouble);
    if (!y) {
      error = "no kernel for op '" + b.op + "'";
      return {};
    }
    pre_den.items.push_back(*y);
  }
  if (summed.empty()) return pre_den;

  Denotation out;
  out.type = type;
  out.items.resize(static_cast<size_t>(denotation_size(layout, type)));
  for (int64_t item = 0; item < count; ++item) {
    const int64_t target = item_at(layout, type, item_coords(layout, pre, item));
    at::Tensor& slot = out.items[static_cast<size_t>(target)];
    slot = slot.defined() ? slot + pre_den.items[static_cast<size_t>(item)] : pre_den.items[static_cast<size_t>(item)].clone();
  }
  return out;
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
      for (at::Tensor& t : d.items) t = t.to(at::kDouble);
      run.values.push_back(std::move(d));
      continue;
    }
    const BindingStmt* b = std::get_if<BindingStmt>(&stmt);
    if (!b) continue;
    const ResolvedBinding& resolved = checked.bindings.at(next_binding++);
    const LocalType& type = checked.values[resolved.value].type;
    Denotation d;
    if (!resolved.is_transition) {
      d = apply_local(*b, resolved, type, program.mesh, layout, run.values, run.error);
      if (!run.error.empty()) return run;
    } else {
      try {
        d = apply_comm_law(table, *b, resolved, layout, run.values[resolved.operands[0]]);
      } catch (const c10::Error& e) {
        run.error = "statement '" + b->name + "': " + e.what_without_backtrace();
        return run;
      } catch (const std::exception& e) {
        run.error = "statement '" + b->name + "': " + e.what();
        return run;
      }
    }
    // Values of a narrower dtype are rounded to it (its range and precision),
    // as the ranks hold them; the reference still computes each op in f64.
    const DType dtype = checked.values[resolved.value].dtype;
    if (dtype != DType::F64)
      for (at::Tensor& t : d.items) t = t.to(to_scalar_type(dtype)).to(at::kDouble);
    run.values.push_back(std::move(d));
  }
  return run;
}

}  // namespace spmdcheck
