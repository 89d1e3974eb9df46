#include "oracle/global_specs.h"

#include <algorithm>

#include "common/small_vector.h"
#include "program/type_text.h"

namespace spmdcheck::check {
namespace {

// A type and a spec agree on every global axis: V has an entry, nothing else has.
[[nodiscard]] bool check_agreement(Context& ctx, const LocalType& type, const PartitionSpec& spec, SourceLoc loc, std::string_view name,
                                   bool v_needs_entry) {
  for (int a = 0; a < type.num_axes; ++a) {
    if (!ctx.mesh.is_global(a)) continue;
    const TemplateArgs args{{"name", std::string(name)}, {"axis", ctx.mesh.axes[a].name}, {"got", std::string(1, ty_letter(type.axis[a]))}};
    if (type.axis[a] == Ty::V && !spec.shards(a) && v_needs_entry) return ctx.fail("global.v_without_spec", loc, args);
    if (type.axis[a] != Ty::V && spec.shards(a)) return ctx.fail("global.spec_on_non_v", loc, args);
  }
  return true;
}

}  // namespace

bool check_written_spec(Context& ctx, const TypeAnnot& t, int rank, std::string_view name, bool v_needs_entry) {
  if (ctx.mesh.num_global == 0) return true;  // the parser admits no spec without `global`
  const SourceLoc at = t.spec_loc.known() ? t.spec_loc : t.loc;
  if (t.spec.max_dim() >= rank || (t.spec_entries >= 0 && t.spec_entries != rank))
    return ctx.fail(
        "global.spec_rank", at,
        {{"name", std::string(name)},
         {"rank", std::to_string(rank)},
         {"got", t.spec_entries >= 0 ? std::to_string(t.spec_entries) + " entries" : "S(" + std::to_string(t.spec.max_dim()) + ")"}});
  return check_agreement(ctx, t.type, t.spec, at, name, v_needs_entry);
}

bool assert_refinement_holds(const Mesh& mesh, const ValueInfo& v, const TypeAnnot& t) {
  for (int a = 0; a < t.type.num_axes; ++a)
    if (mesh.axes[a].size > 1 && t.type.axis[a] != v.type.axis[a]) return false;
  // The axes of size > 1 on dim `d`, major to minor.
  auto tuple = [&](const PartitionSpec& spec, int d) {
    std::array<int8_t, kMaxAxes> axes{};
    SmallVector<int8_t, kMaxAxes> out;
    for (int i = 0, n = spec.axes_on(d, axes); i < n; ++i)
      if (mesh.axes[axes[i]].size > 1) out.push_back(axes[i]);
    return out;
  };
  for (int d = 0; d <= t.spec.max_dim(); ++d) {
    const SmallVector<int8_t, kMaxAxes> want = tuple(t.spec, d);
    if (want.empty()) continue;
    const SmallVector<int8_t, kMaxAxes> got = tuple(v.spec, d);
    if (want.size() != got.size() || !std::equal(want.begin(), want.end(), got.begin())) return false;
  }
  return true;
}

bool transition_spec(Context& ctx, const BindingStmt& b, const ResolvedBinding& r, int via, const PartitionSpec& in,
                     const LocalType& result_type, PartitionSpec& out) {
  out = in;
  if (ctx.mesh.num_global == 0) return true;
  const int axis = r.axis;
  const bool global = ctx.mesh.is_global(axis);
  const TransitionRow& row = ctx.table.transitions[r.row];
  if (global && in.shards(axis)) {
    const TemplateArgs args{{"op", b.op},
                            {"value", ctx.value(r.operands[0]).name},
                            {"axis", ctx.mesh.axes[axis].name},
                            {"want", r.src.kind == Form::Kind::S ? std::to_string(r.src.shard_dim) : ""},
                            {"got", std::to_string(in.dim[axis])}};
    if (!in.innermost(axis)) return ctx.fail("coll.spec_not_innermost", b.op_loc, args);
    if (r.src.kind == Form::Kind::S && in.dim[axis] != r.src.shard_dim)
      return ctx.fail("coll.spec_mismatch", b.args[ctx.table.comm_ops[row.op].value_position()].loc, args);
  }
  // A local axis's collective that splits or concatenates along a dim a
  // global axis shards interleaves the ranks' blocks (each local
  // coordinate's global tensor is no longer the concatenation of its
  // blocks). A table judges it where it has the row (spmd_types 6dbe9e2
  // does not check it: its table has none).
  if (!global && !in.empty())
    if (const RuleIndex rule = ctx.table.find_rule("coll.local_on_global_shard"); rule != kNoRule)
      for (const TransitionStep& step : r.steps)
        for (const ShapeStep& s : ctx.table.transitions[step.row].shape) {
          const int d = static_cast<int>(step.dims[s.param]);
          if (s.kind != ShapeStepKind::Split && s.kind != ShapeStepKind::Concat) continue;
          for (int a = 0; a < kMaxAxes; ++a)
            if (in.dim[a] == d)
              return ctx.fail(rule, b.op_loc,
                              {{"op", b.op},
                               {"value", ctx.value(r.operands[0]).name},
                               {"axis", ctx.mesh.axes[axis].name},
                               {"dim", std::to_string(d)},
                               {"got", ctx.mesh.axes[a].name}});
        }
  // The axis's own entry: the accept row's update, then the row's.
  enum class Own { Kept, Gone, AtDst } own = Own::Kept;
  for (const TransitionRow* part : {via >= 0 ? &ctx.table.transitions[via] : nullptr, &row}) {
    if (!part) continue;
    switch (part->spec) {
      case SpecUpdate::Keep: break;
      case SpecUpdate::Remove: own = Own::Gone; break;
      case SpecUpdate::Append:
      case SpecUpdate::Move: own = Own::AtDst; break;
    }
  }
  if (!global) own = Own::Kept;  // a local axis has no entry to change
  if (own != Own::Kept) out.remove(axis);
  // A table whose implementation drops every spec over a local axis.
  if (!global && ctx.table.local_collectives_drop_specs) out = PartitionSpec{};
  // Dims the steps insert or remove move the other entries.
  for (const TransitionStep& step : r.steps)
    for (const ShapeStep& s : ctx.table.transitions[step.row].shape) {
      const int d = static_cast<int>(step.dims[s.param]);
      if (s.kind == ShapeStepKind::Stack) out.insert_dim(d);
      if (s.kind == ShapeStepKind::Unstack) {
        for (int a = 0; a < kMaxAxes; ++a)
          if (out.dim[a] == d) out.remove(a);  // an entry on a dim that goes: the agreement check below names it
        out.erase_dim(d);
      }
    }
  if (own == Own::AtDst && r.dst.kind == Form::Kind::S) out.append(axis, static_cast<int>(r.dst.shard_dim));
  return check_agreement(ctx, result_type, out, b.loc, b.names[0], /*v_needs_entry=*/true);
}

}  // namespace spmdcheck::check
