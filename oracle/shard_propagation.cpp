#include "oracle/shard_propagation.h"

#include <algorithm>
#include <bit>

#include "oracle/dim_labels.h"

namespace spmdcheck::check {
namespace {

// A tensor operand of the call: its LocalCall::operands index and value.
struct TensorOperand {
  int operand = -1;
  int value = -1;
};
using TensorOperands = SmallVector<TensorOperand, 4>;

// One operand's placement on an axis: the sharded dim (S), or -1 with its type.
struct AxisPlacement {
  Placement::Kind kind = Placement::Kind::R;
  int dim = -1;
};

AxisPlacement placement_on(const ValueInfo& v, int axis) {
  if (v.spec.shards(axis)) return {Placement::Kind::S, v.spec.dim[axis]};
  return {v.type.axis[axis] == Ty::P ? Placement::Kind::P : Placement::Kind::R, -1};
}

// "x: S(0) [d], w: R": the operands as a rejection shows them.
std::string placements_text(const Context& ctx, const TensorOperands& tensors, const DimLabelling& labels, int axis, bool labelled) {
  std::string out;
  for (const TensorOperand& t : tensors) {
    const ValueInfo& v = ctx.value(t.value);
    const AxisPlacement p = placement_on(v, axis);
    out += (out.empty() ? "" : ", ") + v.name + ": ";
    if (p.kind != Placement::Kind::S) {
      out += p.kind == Placement::Kind::P ? "P" : std::string(1, ty_letter(v.type.axis[axis]));
      continue;
    }
    out += "S(" + std::to_string(p.dim) + ")";
    if (labelled) out += " [" + std::string(dim_label_name(labels.operands[t.operand].dims[p.dim].label)) + "]";
  }
  return out;
}

// The placements of the tensor operands on `axis`.
OperandPlacements placements_on(const Context& ctx, const TensorOperands& tensors, const DimLabelling& labels, int axis) {
  OperandPlacements out;
  for (const TensorOperand& t : tensors) {
    const AxisPlacement p = placement_on(ctx.value(t.value), axis);
    const DimLabels& l = labels.operands[t.operand];
    out.push_back(OperandPlacement{p.kind, p.kind == Placement::Kind::S ? l.dims[p.dim] : LabelledDim{}, &l});
  }
  return out;
}

// The result dim a row's S(label) result puts the axis on: the dim of the
// identity if it has the label, else the first dim with the label; -1 if none.
int result_dim(const DimLabels& r, DimLabel label, int identity) {
  const int e = r.find(identity);
  if (e >= 0 && r.dims[e].label == label) return e;
  for (int j = 0; j < r.rank; ++j)
    if (r.dims[j].label == label) return j;
  return -1;
}

std::string axes_text(const Context& ctx, uint32_t axes) {
  std::string out;
  for (int a = 0; a < kMaxAxes; ++a)
    if (axes >> a & 1u) out += (out.empty() ? "" : " and ") + ctx.mesh.axes[a].name;
  return out;
}

// Orders the axes that land on one result dim by the input specs' tuple
// orders (reference §4.4 steps 2 and 8) and builds the result specs.
// `ordered`: every shard axis (their input orders must agree even where the
// result is a partial: operands whose blocks of a contracted dim are
// ordered differently multiply mismatched blocks); `placed`: those the rows
// put on a result dim.
[[nodiscard]] bool order_axes(Context& ctx, const LocalCall& call, const TensorOperands& tensors, uint32_t ordered, uint32_t placed,
                              const std::array<SmallVector<int8_t, 2>, kMaxAxes>& dims, int results, SmallVector<PartitionSpec, 2>& specs) {
  std::array<uint32_t, kMaxAxes> before{};  // before[x] bit y: x is major to y in some input tuple
  for (const TensorOperand& t : tensors) {
    const PartitionSpec& s = ctx.value(t.value).spec;
    for (int d = 0; d <= s.max_dim(); ++d) {
      std::array<int8_t, kMaxAxes> axes{};
      const int n = s.axes_on(d, axes);
      for (int i = 0; i + 1 < n; ++i)
        if (ordered >> axes[i] & 1u && ordered >> axes[i + 1] & 1u) before[axes[i]] |= 1u << axes[i + 1];
    }
  }
  for (int x = 0; x < kMaxAxes; ++x)
    for (int y = x + 1; y < kMaxAxes; ++y)
      if (before[x] >> y & 1u && before[y] >> x & 1u)
        return ctx.fail("prop.order_conflict", call.b.op_loc, {{"op", call.b.op}, {"axis", axes_text(ctx, 1u << x | 1u << y)}});
  std::array<uint32_t, kMaxAxes> closure = before;
  for (int k = 0; k < kMaxAxes; ++k)
    for (int x = 0; x < kMaxAxes; ++x)
      if (closure[x] >> k & 1u) closure[x] |= closure[k];
  for (int x = 0; x < kMaxAxes; ++x)
    if (closure[x] >> x & 1u) return ctx.fail("prop.order_cycle", call.b.op_loc, {{"op", call.b.op}, {"axis", axes_text(ctx, closure[x])}});
  specs.clear();
  for (int i = 0; i < results; ++i) {
    PartitionSpec& spec = specs.emplace_back();
    for (int d = 0; d < kMaxRank; ++d) {
      uint32_t on = 0;
      for (int a = 0; a < kMaxAxes; ++a)
        if (placed >> a & 1u && static_cast<int>(dims[a].size()) > i && dims[a][i] == d) on |= 1u << a;
      while (on) {  // the next is the axis no other remaining axis precedes
        int next = -1;
        for (int a = 0; a < kMaxAxes && next < 0; ++a) {
          if (!(on >> a & 1u)) continue;
          bool first = true;
          for (int b = 0; b < kMaxAxes; ++b)
            if (b != a && on >> b & 1u && !(closure[b] >> a & 1u) && !(closure[a] >> b & 1u))
              return ctx.fail("prop.same_dim_unordered", call.b.op_loc,
                              {{"op", call.b.op}, {"axis", axes_text(ctx, 1u << a | 1u << b)}, {"dim", std::to_string(d)}});
            else if (b != a && on >> b & 1u && closure[b] >> a & 1u)
              first = false;
          if (first) next = a;
        }
        spec.append(next, d);
        on &= ~(1u << next);
      }
    }
  }
  return true;
}

}  // namespace

bool propagation_row_matches(const PropagationRow& row, std::string_view op, const OperandPlacements& operands, int& identity) {
  if (!row.ops.empty() && std::find(row.ops.begin(), row.ops.end(), op) == row.ops.end()) return false;
  if (row.operands.size() > operands.size()) return false;
  identity = -1;
  bool identified = false;
  for (size_t i = 0; i < operands.size(); ++i) {
    const Placement& want = row.operands[std::min(i, row.operands.size() - 1)];
    const OperandPlacement& got = operands[i];
    if (want.kind != got.kind) return false;
    if (want.kind != Placement::Kind::S) continue;
    if (got.dim.label != *want.label) return false;
    if (identified && got.dim.id != identity) return false;
    identity = got.dim.id;
    identified = true;
  }
  for (size_t i = 0; i < operands.size(); ++i) {
    const Placement& want = row.operands[std::min(i, row.operands.size() - 1)];
    if (want.kind != Placement::Kind::R || !want.label) continue;
    const DimLabels& l = *operands[i].labels;
    const int e = l.find(identity);
    if ((e < 0 ? DimLabel::Absent : l.dims[e].label) != *want.label) return false;
  }
  return true;
}

bool propagate_shards(Context& ctx, const LocalCall& call, const ResultShapes& shapes, LocalType& type,
                      SmallVector<PartitionSpec, 2>& specs) {
  specs.clear();
  if (ctx.mesh.num_global == 0) return true;
  TensorOperands tensors;
  size_t next_value = 0;  // resolved.operands runs parallel to the non-literal operands
  for (int i = 0; i < static_cast<int>(call.operands.size()); ++i) {
    if (call.operands[i].literal) continue;
    const int value = call.r.operands[next_value++];
    if (!ctx.value(value).scalar) tensors.push_back(TensorOperand{i, value});
  }
  // Every global axis some operand's spec has, whatever the local result
  // (out_partial may have made it P): spmd_types propagates them all.
  uint32_t shard_axes = 0;
  for (const TensorOperand& t : tensors)
    for (int a = 0; a < type.num_axes; ++a)
      if (ctx.value(t.value).spec.shards(a)) shard_axes |= 1u << a;
  if (shard_axes == 0) return true;

  const uint32_t all_shard_axes = shard_axes;
  DimLabelling labels;
  const bool labelled = label_dims(call, shapes, labels);
  std::array<SmallVector<int8_t, 2>, kMaxAxes> dims;  // per shard axis: per result, its dim or -1
  const std::vector<uint16_t>& rows = ctx.table.compiled.propagation[static_cast<int>(call.op.shape)];
  for (int a = 0; a < kMaxAxes; ++a) {
    if (!(shard_axes >> a & 1u)) continue;
    const std::string& axis = ctx.mesh.axes[a].name;
    const PropagationRow* chosen = nullptr;
    int identity = -1;
    const OperandPlacements placements = labelled ? placements_on(ctx, tensors, labels, a) : OperandPlacements{};
    for (size_t i = 0; labelled && i < rows.size() && !chosen; ++i)
      if (propagation_row_matches(ctx.table.propagation[rows[i]], call.op.name, placements, identity))
        chosen = &ctx.table.propagation[rows[i]];
    if (!chosen || chosen->reject) {
      const TemplateArgs args{{"op", call.b.op},
                              {"axis", axis},
                              {"operands", placements_text(ctx, tensors, labels, a, labelled)},
                              {"got", placements_text(ctx, tensors, labels, a, labelled)}};
      return chosen ? ctx.fail(chosen->rule, call.b.op_loc, args) : ctx.fail("prop.no_strategy", call.b.op_loc, args);
    }
    ctx.hit(chosen->rule);
    // The placement must fit the local result (reference §4.4 step 6): a
    // local V takes a shard or an implicit partial, a local P (out_partial)
    // only a partial.
    const Placement::Kind got = chosen->result.kind;
    const bool fits = type.axis[a] == Ty::V ? got != Placement::Kind::R : type.axis[a] == Ty::P && got == Placement::Kind::P;
    if (!fits)
      return ctx.fail("prop.local_mismatch", call.b.op_loc,
                      {{"op", call.b.op},
                       {"axis", axis},
                       {"want", std::string(1, ty_letter(type.axis[a]))},
                       {"got", placement_to_string(chosen->result) + " (row " + ctx.table.info(chosen->rule).id + ")"}});
    if (got != Placement::Kind::S) {
      type.axis[a] = Ty::P;
      shard_axes &= ~(1u << a);
      continue;
    }
    for (int r = 0; r < shapes.count; ++r) {
      const int d = result_dim(labels.results[r], *chosen->result.label, identity);
      if (d < 0)
        return ctx.fail("prop.no_strategy", call.b.op_loc,
                        {{"op", call.b.op + " (row " + ctx.table.info(chosen->rule).id + " names a result dim the call does not have)"},
                         {"axis", axis},
                         {"got", placements_text(ctx, tensors, labels, a, labelled)}});
      dims[a].push_back(static_cast<int8_t>(d));
    }
  }
  return order_axes(ctx, call, tensors, all_shard_axes, shard_axes, dims, shapes.count, specs);
}

}  // namespace spmdcheck::check
