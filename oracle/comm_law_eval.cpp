#include "oracle/comm_law_eval.h"

#include <stdexcept>
#include <string>

#include "oracle/denotation_index.h"
#include "rules/comm_laws.h"

namespace spmdcheck {
namespace {

using ref::item_at;
using ref::item_coords;

// Canonical dim d of `positions` places, or an error (the law is evaluated
// on what the program wrote, which nothing but the law's own meaning checks).
int64_t wrap(int64_t d, int64_t positions, const char* what) {
  const int64_t w = d < 0 ? d + positions : d;
  if (w < 0 || w >= positions)
    throw std::invalid_argument(std::string("law: ") + what + " dim " + std::to_string(d) + " is out of range for " +
                                std::to_string(positions) + " positions");
  return w;
}

// x.chunk(n, d)[r], checked: at::chunk silently returns fewer pieces when n
// does not divide the dim.
at::Tensor chunk_piece(const at::Tensor& x, int64_t n, int64_t d, int64_t r) {
  const int64_t w = wrap(d, x.dim(), "chunk");
  if (x.size(w) % n != 0)
    throw std::invalid_argument("law: dim " + std::to_string(w) + " of size " + std::to_string(x.size(w)) + " does not chunk into " +
                                std::to_string(n) + " pieces");
  return x.chunk(n, w)[static_cast<size_t>(r)];
}

at::Tensor select_piece(const at::Tensor& x, int64_t n, int64_t d, int64_t r) {
  const int64_t w = wrap(d, x.dim(), "unbind");
  if (x.size(w) != n)
    throw std::invalid_argument("law: dim " + std::to_string(w) + " of size " + std::to_string(x.size(w)) + " does not unbind into " +
                                std::to_string(n) + " items");
  return x.select(w, r);
}

struct StepDims {
  int64_t a = 0, b = 0;
};

// One meaning on `axis` with its dims resolved; `out_type` is the value's
// type after it (a list on the axis: V).
Denotation apply_step(MeaningKind kind, StepDims dims, int axis, const MeshLayout& layout, const Denotation& in, Ty out_ty) {
  const int64_t n = layout.axis_size(axis);
  Denotation out;
  out.type = in.type;
  out.type.axis[axis] = out_ty;
  const int64_t count = denotation_size(layout, out.type);
  out.items.resize(static_cast<size_t>(count));
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
    switch (kind) {
      case MeaningKind::Identity:
      case MeaningKind::Replicate: y = x; break;
      case MeaningKind::Unbind: y = select_piece(x, n, dims.a, r); break;
      case MeaningKind::Chunk: y = chunk_piece(x, n, dims.a, r); break;
      case MeaningKind::TimesN: y = x * static_cast<double>(n); break;
      case MeaningKind::Stack: y = at::stack(all_items(), wrap(dims.a, rank + 1, "stack")); break;
      case MeaningKind::Cat: y = at::cat(all_items(), wrap(dims.a, rank, "cat")); break;
      case MeaningKind::Sum: {
        y = in_item(0).clone();
        for (int64_t k = 1; k < n; ++k) y = y + in_item(k);
        break;
      }
      case MeaningKind::Restack: {  // the pieces lose dim a; concat positions are theirs plus one
        std::vector<at::Tensor> parts;
        for (const at::Tensor& xk : all_items()) parts.push_back(select_piece(xk, n, dims.a, r));
        y = at::stack(parts, wrap(dims.b, rank, "stack"));
        break;
      }
      case MeaningKind::Rechunk: {
        std::vector<at::Tensor> parts;
        for (const at::Tensor& xk : all_items()) parts.push_back(chunk_piece(xk, n, dims.a, r));
        y = at::cat(parts, wrap(dims.b, rank, "cat"));
        break;
      }
      case MeaningKind::Reshard: y = chunk_piece(at::cat(all_items(), wrap(dims.a, rank, "cat")), n, dims.b, r); break;
    }
    out.items[static_cast<size_t>(item)] = y;
  }
  return out;
}

int64_t law_dim_value(const LawDim& d, const BindingStmt& b, const ResolvedBinding& resolved) {
  switch (d.from) {
    case LawDim::From::SrcShard: return resolved.src.shard_dim;
    case LawDim::From::DstShard: return resolved.dst.shard_dim;
    case LawDim::From::Keyword: break;
  }
  for (const KwArg& kw : b.kwargs) {
    if (kw.key != d.keyword) continue;
    if (kw.value.kind != ArgValue::Kind::Int) throw std::invalid_argument("law: keyword " + kw.key + " is not an integer");
    return kw.value.integer;
  }
  return d.default_value;
}

Denotation apply_cell(const LawCell& cell, const BindingStmt& b, const ResolvedBinding& resolved, const MeshLayout& layout, Denotation d,
                      Ty final_ty) {
  for (uint8_t i = 0; i < cell.num_steps; ++i) {
    const LawStep& s = cell.steps[i];
    const MeaningKindInfo& info = meaning_kind_info(s.kind);
    const StepDims dims{info.num_params > 0 ? law_dim_value(s.params[0], b, resolved) : 0,
                        info.num_params > 1 ? law_dim_value(s.params[1], b, resolved) : 0};
    const bool last = i + 1 == cell.num_steps;
    // Between steps only list-or-single matters for the items (one item for
    // any single type).
    const Ty ty = last ? final_ty : (info.to_list ? Ty::V : Ty::P);
    d = apply_step(s.kind, dims, resolved.axis, layout, d, ty);
  }
  d.type.axis[resolved.axis] = final_ty;
  return d;
}

}  // namespace

Denotation apply_comm_law(const RuleTable& table, const BindingStmt& b, const ResolvedBinding& resolved, const MeshLayout& layout,
                          const Denotation& in) {
  const CommOpRow& op = table.comm_ops[table.transitions[resolved.row].op];
  const int axis = resolved.axis;
  const Ty given = in.type.axis[axis], expected = resolved.src.base();
  Denotation d = in;
  if (given != expected) {
    const LawCell read = acceptance_law(given, expected);
    if (!read.defined)
      throw std::invalid_argument(std::string("law: a ") + ty_letter(given) + " input cannot be read as " + ty_letter(expected) + ": " +
                                  std::string(read.undefined_reason));
    d = apply_cell(read, b, resolved, layout, std::move(d), expected);
  }
  const bool equal =
      resolved.src.kind == Form::Kind::S && resolved.dst.kind == Form::Kind::S && resolved.src.shard_dim == resolved.dst.shard_dim;
  const LawCell cell = law_cell(op.law, resolved.src.kind, resolved.dst.kind, equal);
  if (!cell.defined)
    throw std::invalid_argument("law: " + std::string(comm_law_info(op.law).name) + " does not define src=" + form_to_string(resolved.src) +
                                ", dst=" + form_to_string(resolved.dst) + ": " + std::string(cell.undefined_reason));
  return apply_cell(cell, b, resolved, layout, std::move(d), resolved.dst.base());
}

}  // namespace spmdcheck
