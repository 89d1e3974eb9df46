#include "oracle/reference_interpreter.h"

#include <stdexcept>
#include <string>

#include "kernels/local_kernels.h"
#include "oracle/comm_law_eval.h"
#include "oracle/reference_steps.h"

namespace spmdcheck {

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
        results = apply_local_op(table, checked, *b, resolved, type, program.mesh, layout, run.values, run.error);
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
