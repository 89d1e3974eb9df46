#include "oracle/reference_interpreter.h"

#include <stdexcept>
#include <string>

#include "executor/local_kernels.h"
#include "oracle/denotation_index.h"

namespace spmdcheck {
namespace {

using ref::item_at;
using ref::item_coords;

int64_t wrap(int64_t d, int64_t positions) { return d < 0 ? d + positions : d; }

// x.chunk(n, d)[r], checked: at::chunk silently returns fewer pieces when
// n does not divide the dim, which only a table whose meaning disagrees with
// its shape steps (a mutant) can cause. Thrown errors become the program's
// reference error (a failure of the table, never a crash).
at::Tensor chunk_piece(const at::Tensor& x, int64_t n, int64_t d, int64_t r) {
  if (d < 0 || d >= x.dim() || x.size(d) % n != 0)
    throw std::invalid_argument("meaning: dim " + std::to_string(d) + " of a rank-" + std::to_string(x.dim()) +
                                " value does not chunk into " + std::to_string(n) + " pieces");
  return x.chunk(n, d)[static_cast<size_t>(r)];
}

// One primitive transition on `axis`, by the meaning its row states.
Denotation apply_meaning(const RuleTable& table, const TransitionStep& step, int axis, const MeshLayout& layout, const Denotation& in) {
  const TransitionRow& row = table.transitions[step.row];
  const MeaningCall& m = *row.meaning;
  const int64_t n = layout.axis_size(axis);
  Denotation out;
  out.type = in.type;
  out.type.axis[axis] = Form{row.dst_kind(), 0}.base();
  const int64_t count = denotation_size(layout, out.type);
  out.items.resize(static_cast<size_t>(count));
  auto param = [&](int i) { return step.dims[m.params[i]]; };
  for (int64_t item = 0; item < count; ++item) {
    const std::vector<int64_t> c = item_coords(layout, out.type, item);
    const int64_t r = c[axis];
    auto in_item = [&](int64_t k) -> const at::Tensor& {
      std::vector<int64_t> cc = c;
      cc[axis] = k;
      return in.items[static_cast<size_t>(item_at(layout, in.type, cc))];
    };
    auto all_items = [&] {
      std::vector<at::Tensor> list;
      for (int64_t k = 0; k < n; ++k) list.push_back(in_item(k));
      return list;
    };
    const at::Tensor& x = in_item(r);
    const int64_t rank = x.dim();
    at::Tensor y;
    switch (m.kind) {
      case MeaningKind::Identity: y = x; break;
      case MeaningKind::Unbind: y = x.select(wrap(param(0), rank), r); break;
      case MeaningKind::Chunk: y = chunk_piece(x, n, wrap(param(0), rank), r); break;
      case MeaningKind::Replicate: y = x; break;
      case MeaningKind::TimesN: y = x * static_cast<double>(n); break;
      case MeaningKind::Stack: y = at::stack(all_items(), wrap(param(0), rank + 1)); break;
      case MeaningKind::Cat: y = at::cat(all_items(), wrap(param(0), rank)); break;
      case MeaningKind::Sum: {
        y = in_item(0).clone();
        for (int64_t k = 1; k < n; ++k) y = y + in_item(k);
        break;
      }
      case MeaningKind::Restack: {
        std::vector<at::Tensor> parts;
        for (const at::Tensor& xk : all_items()) parts.push_back(xk.select(wrap(param(0), rank), r));
        y = at::stack(parts, wrap(param(1), rank));
        break;
      }
      case MeaningKind::Rechunk: {
        std::vector<at::Tensor> parts;
        for (const at::Tensor& xk : all_items()) parts.push_back(chunk_piece(xk, n, wrap(param(0), rank), r));
        y = at::cat(parts, wrap(param(1), rank));
        break;
      }
      case MeaningKind::Reshard: y = chunk_piece(at::cat(all_items(), wrap(param(0), rank)), n, wrap(param(1), rank), r); break;
    }
    out.items[static_cast<size_t>(item)] = y;
  }
  return out;
}

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
      d = run.values[resolved.operands[0]];
      try {
        for (const TransitionStep& step : resolved.steps) d = apply_meaning(table, step, resolved.axis, layout, d);
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
