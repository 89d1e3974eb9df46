// Dim labellings of elementwise ops, reductions and contractions; the
// dispatch over kinds.
#include "oracle/dim_labels.h"

#include <algorithm>

namespace spmdcheck::check {

int DimLabels::find(int id) const {
  for (int e = 0; e < rank; ++e)
    if (dims[e].id == id) return e;
  return -1;
}

bool label_dims(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  switch (labelling_of(call.op.shape)) {
    case Labelling::None: return false;
    case Labelling::Elementwise: return label_elementwise(call, shapes, out);
    case Labelling::Reduce: return label_reduce(call, shapes, out);
    case Labelling::Matrix:
    case Labelling::BatchedMatrix: return label_contraction(call, shapes, out);
    case Labelling::Permutation: return label_permutation(call, shapes, out);
    case Labelling::Reshape: return label_reshape(call, shapes, out);
    case Labelling::Flatten: return label_flatten(call, shapes, out);
    case Labelling::Unflatten: return label_unflatten(call, shapes, out);
    case Labelling::Squeeze:
    case Labelling::Unsqueeze: return label_squeeze(call, shapes, out);
    case Labelling::Cat:
    case Labelling::Stack: return label_concat(call, shapes, out);
    case Labelling::Along:
    case Labelling::Gather: return label_along(call, shapes, out);
  }
  return false;
}

bool label_checked_binding(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, const std::vector<ValueInfo>& values,
                           DimLabelling& out) {
  const LocalCall call{b, op, r, shape_operands(op, b, r, values), nullptr};
  ResultShapes shapes;
  for (int i = 0; i < r.num_results; ++i) shapes.push(values[r.value + i].shape);
  return label_dims(call, shapes, out);
}

// Broadcasting aligns trailing dims: an operand dim is D where it has the
// result's size, Broadcast where it is 1 against a larger one; its identity
// is the result dim it aligns with.
bool label_elementwise(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& result = shapes.shapes[0];
  for (const ShapeOperand& o : call.operands) {
    DimLabels& l = out.operands.emplace_back();
    const int offset = result.rank - o.shape.rank;
    for (int e = 0; e < o.shape.rank; ++e) l.push(o.shape[e] == result[e + offset] ? DimLabel::D : DimLabel::Broadcast, e + offset);
  }
  for (int i = 0; i < shapes.count; ++i) {
    DimLabels& l = out.results.emplace_back();
    for (int j = 0; j < shapes.shapes[i].rank; ++j) l.push(DimLabel::D, j);
  }
  return true;
}

// sum/mean(input, dim, keepdim): identities are the input's dims; a
// reduced dim kept as size 1 (keepdim) is still Reduced.
bool label_reduce(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  std::array<bool, kMaxRank + 1> reduced{};
  const std::optional<std::vector<int64_t>> dims = call.ints_arg("dim");
  if (!dims) reduced.fill(true);
  for (int64_t d : dims.value_or(std::vector<int64_t>{})) reduced[d < 0 ? d + std::max<int>(in.rank, 1) : d] = true;
  const bool keepdim = call.bool_arg("keepdim", false);
  DimLabels& l = out.operands.emplace_back();
  DimLabels& r = out.results.emplace_back();
  for (int e = 0; e < in.rank; ++e) {
    l.push(reduced[e] ? DimLabel::Reduced : DimLabel::Kept, e);
    if (!reduced[e] || keepdim) r.push(reduced[e] ? DimLabel::Reduced : DimLabel::Kept, e);
  }
  (void)shapes;
  return true;
}

// torch.matmul's cases (and mm, mv, dot, bmm, which are some of them):
// batch dims broadcast (aligned on the right, identities 0 ..), then m and k
// of the first operand (a 1-D one is k alone), k and n of the second.
bool label_contraction(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  constexpr int kM = kMaxRank, kK = kMaxRank + 1, kN = kMaxRank + 2;
  const Shape& a = call.operands[0].shape;
  const Shape& b = call.operands[1].shape;
  const Shape& result = shapes.shapes[0];
  const int batch = result.rank - (a.rank > 1) - (b.rank > 1);
  auto label_batch = [&](DimLabels& l, const Shape& s) {
    const int own = s.rank - 2;
    for (int e = 0; e < own; ++e) {
      const int j = e + batch - own;
      l.push(s[e] == result[j] ? DimLabel::B : DimLabel::Broadcast, j);
    }
  };
  DimLabels& la = out.operands.emplace_back();
  if (a.rank == 1) {
    la.push(DimLabel::K, kK);
  } else {
    label_batch(la, a);
    la.push(DimLabel::M, kM);
    la.push(DimLabel::K, kK);
  }
  DimLabels& lb = out.operands.emplace_back();
  if (b.rank == 1) {
    lb.push(DimLabel::K, kK);
  } else {
    label_batch(lb, b);
    lb.push(DimLabel::K, kK);
    lb.push(DimLabel::N, kN);
  }
  DimLabels& r = out.results.emplace_back();
  for (int j = 0; j < batch; ++j) r.push(DimLabel::B, j);
  if (a.rank > 1) r.push(DimLabel::M, kM);
  if (b.rank > 1) r.push(DimLabel::N, kN);
  return true;
}

}  // namespace spmdcheck::check
