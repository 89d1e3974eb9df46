#include "oracle/global_reference.h"

#include <stdexcept>
#include <string>

#include "kernels/local_kernels.h"
#include "oracle/comm_law_eval.h"
#include "oracle/global_denotation.h"
#include "oracle/reference_steps.h"

namespace spmdcheck {
namespace {

// The global shape of a value: each dim times the sizes of the axes that shard it.
std::vector<int64_t> global_shape(const MeshLayout& layout, const ValueInfo& v) {
  std::vector<int64_t> out(v.shape.dims.begin(), v.shape.dims.begin() + v.shape.rank);
  for (int a = 0; a < layout.num_axes(); ++a)
    if (v.spec.shards(a)) out[static_cast<size_t>(v.spec.dim[a])] *= layout.axis_size(a);
  return out;
}

// The statement as the global kernel reads it: the size arguments of the
// reshape family are written per rank, and one device needs the global
// sizes of the result (its local shape scaled by its spec). Other
// structural numbers (dims, counts, offsets) mean the same on both.
BindingStmt global_statement(const RuleTable& table, const CheckResult& checked, const BindingStmt& b, const ResolvedBinding& r,
                             const MeshLayout& layout) {
  const OpRow& op = table.ops[r.row];
  // The size parameter as the kind's catalog entry names it (reshape's
  // `shape`, view's `size`, unflatten's `sizes`).
  std::string_view param;
  if (op.shape == ShapeRule::Reshape || op.shape == ShapeRule::View || op.shape == ShapeRule::Unflatten)
    for (const ShapeParam& sp : shape_rule_spec(op.shape).params)
      if (sp.role == ParamRole::Ints) param = sp.name;
  const int p = param.empty() ? -1 : op.param_index(param);
  if (p < 0) return b;
  const std::vector<int64_t> shape = global_shape(layout, checked.values[r.value]);
  ArgValue sizes;
  sizes.kind = ArgValue::Kind::IntList;
  if (op.shape == ShapeRule::Unflatten) {  // the result dims the unflattened dim becomes
    const ValueInfo& in = checked.values[r.operands[0]];
    const ArgValue* written = bound_arg(op, b, r, p);
    const int64_t dim_arg = bound_arg(op, b, r, op.param_index("dim"))->integer;
    const int64_t dim = dim_arg < 0 ? dim_arg + in.shape.rank : dim_arg;
    const size_t count = written && written->kind == ArgValue::Kind::IntList ? written->ints.size() : 1;
    sizes.ints.assign(shape.begin() + dim, shape.begin() + dim + static_cast<int64_t>(count));
  } else {
    sizes.ints = shape;
  }
  BindingStmt out = b;
  const BoundParam& bp = r.params[p];
  if (bp.arg >= 0) out.args[bp.arg].value = sizes;
  if (bp.kwarg >= 0) out.kwargs[bp.kwarg].value = sizes;
  return out;
}

// Where the ranks' blocks of a transition's result lie, by the meaning of
// the statement's dst form on its axis, never by the row's `spec` field:
// S(j) puts the axis innermost on dim j; R, I and P have no entry. A dst
// written V does not say where its blocks lie (an all_to_all restack moves
// them), so there the checker's entry is read. The other axes' entries are
// the checker's (they move only where a dim is inserted or removed, which
// the shape rules fix).
PartitionSpec meant_result_spec(const ResolvedBinding& r, const PartitionSpec& claimed) {
  if (r.dst.kind == Form::Kind::V) return claimed;
  PartitionSpec out = claimed;
  out.remove(r.axis);
  if (r.dst.kind == Form::Kind::S) out.append(r.axis, static_cast<int>(r.dst.shard_dim));
  return out;
}

// A coercion or collective: on a local axis the law applies to the lists of
// global values; on a global axis to the ranks' blocks, split by the
// operand's type and spec and assembled where the dst form puts them.
Denotation apply_transition(const RuleTable& table, const Program& program, const CheckResult& checked, const BindingStmt& b,
                            const ResolvedBinding& r, const MeshLayout& layout, const Denotation& in) {
  const Mesh& mesh = program.mesh;
  if (!mesh.is_global(r.axis)) return apply_comm_law(table, b, r, layout, in);
  const ValueInfo& operand = checked.values[r.operands[0]];
  const ValueInfo& result = checked.values[r.value];
  const Denotation blocks = split_global(mesh, layout, in, operand.type, operand.spec);
  return assemble_global(mesh, layout, apply_comm_law(table, b, r, layout, blocks), meant_result_spec(r, result.spec));
}

}  // namespace

ReferenceRun run_global_reference(const RuleTable& table, const Program& program, const CheckResult& checked, const MeshLayout& layout,
                                  std::vector<Denotation> inputs) {
  const Mesh& mesh = program.mesh;
  ReferenceRun run;
  std::vector<Denotation> global;  // per value: its global denotation
  global.reserve(checked.values.size());
  size_t next_input = 0, next_binding = 0;
  auto fail = [&](const std::string& name, const std::string& what) {
    run.error = "statement '" + name + "': " + what;
    return run;
  };
  for (const Statement& stmt : program.statements) {
    if (std::holds_alternative<InputStmt>(stmt)) {
      Denotation d = std::move(inputs.at(next_input++));
      const ValueInfo& v = checked.values[global.size()];
      for (at::Tensor& t : d.items) t = dtype_is_floating(v.dtype) ? t.to(at::kDouble) : t.to(to_scalar_type(v.dtype));
      global.push_back(assemble_global(mesh, layout, d, v.spec));
      continue;
    }
    const BindingStmt* b = std::get_if<BindingStmt>(&stmt);
    if (!b) continue;
    const ResolvedBinding& resolved = checked.bindings.at(next_binding++);
    std::vector<Denotation> results;
    try {
      if (!resolved.is_transition) {
        const LocalType type = collapsed_type(mesh, checked.values[resolved.value].type);
        results = apply_local_op(table, checked, global_statement(table, checked, *b, resolved, layout), resolved, type, mesh, layout,
                                 global, run.error);
        if (!run.error.empty()) return fail(b->names[0], run.error);
      } else {
        results.push_back(apply_transition(table, program, checked, *b, resolved, layout, global[resolved.operands[0]]));
        if (table.comm_ops[table.transitions[resolved.row].op].no_gradient)  // raw torch.distributed: no autograd
          for (at::Tensor& item : results.back().items) item = item.detach();
      }
    } catch (const c10::Error& e) {
      return fail(b->names[0], e.what_without_backtrace());
    } catch (const std::exception& e) {
      return fail(b->names[0], e.what());
    }
    for (size_t i = 0; i < results.size(); ++i) {
      round_to_dtype(results[i], checked.values[resolved.value + static_cast<int>(i)].dtype);
      global.push_back(std::move(results[i]));
    }
  }
  // The local form: each rank's block of every value.
  run.values.reserve(global.size());
  try {
    for (size_t v = 0; v < global.size(); ++v)
      run.values.push_back(split_global(mesh, layout, global[v], checked.values[v].type, checked.values[v].spec));
  } catch (const c10::Error& e) {
    run.error = "splitting " + checked.values[run.values.size()].name + " into the ranks' blocks: " + e.what_without_backtrace();
  } catch (const std::exception& e) {
    run.error = "splitting " + checked.values[run.values.size()].name + " into the ranks' blocks: " + e.what();
  }
  return run;
}

}  // namespace spmdcheck
