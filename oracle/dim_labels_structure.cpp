// Dim labellings of the rearranging ops: permutations, reshapes, squeeze
// and unsqueeze, cat and stack, and the ops that work along one dim.
#include <algorithm>
#include <numeric>

#include "oracle/dim_labels.h"

namespace spmdcheck::check {
namespace {

int wrap(int64_t d, int positions) { return static_cast<int>(d < 0 ? d + positions : d); }

// The operand with every dim labelled `label`, identity its own index
// (and Along for the dim `along`, if any).
DimLabels& own_dims(DimLabelling& out, const Shape& s, DimLabel label, int along = -1) {
  DimLabels& l = out.operands.emplace_back();
  for (int e = 0; e < s.rank; ++e) l.push(e == along ? DimLabel::Along : label, e);
  return l;
}

}  // namespace

// Result dim j is operand dim perm[j].
bool label_permutation(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  const int r = in.rank;
  std::array<int, kMaxRank> perm{};
  std::iota(perm.begin(), perm.begin() + r, 0);
  auto swap = [&](int64_t x, int64_t y) { std::swap(perm[wrap(x, r)], perm[wrap(y, r)]); };
  switch (call.op.shape) {
    case ShapeRule::Transpose: swap(*call.int_arg("dim0"), *call.int_arg("dim1")); break;
    case ShapeRule::Swapaxes: swap(*call.int_arg("axis0"), *call.int_arg("axis1")); break;
    case ShapeRule::T2D:
      if (r == 2) swap(0, 1);
      break;
    case ShapeRule::MatrixTranspose: swap(r - 2, r - 1); break;
    case ShapeRule::ReverseDims: std::reverse(perm.begin(), perm.begin() + r); break;
    case ShapeRule::Permute: {
      const std::vector<int64_t> dims = call.ints_arg("dims").value_or(std::vector<int64_t>{});
      for (int j = 0; j < r && j < static_cast<int>(dims.size()); ++j) perm[j] = wrap(dims[j], r);
      break;
    }
    case ShapeRule::Movedim: {
      const std::vector<int64_t> src = call.ints_arg("source").value_or(std::vector<int64_t>{});
      const std::vector<int64_t> dst = call.ints_arg("destination").value_or(std::vector<int64_t>{});
      std::array<int, kMaxRank> at{};
      at.fill(-1);
      std::array<bool, kMaxRank> moved{};
      for (size_t i = 0; i < src.size() && i < dst.size(); ++i) {
        at[wrap(dst[i], r)] = wrap(src[i], r);
        moved[wrap(src[i], r)] = true;
      }
      int next = 0;  // the dims not moved fill the other places in order
      for (int j = 0; j < r; ++j) {
        if (at[j] >= 0) continue;
        while (moved[next]) ++next;
        at[j] = next++;
      }
      std::copy(at.begin(), at.begin() + r, perm.begin());
      break;
    }
    default: return false;
  }
  own_dims(out, in, DimLabel::D);
  DimLabels& l = out.results.emplace_back();
  for (int j = 0; j < shapes.shapes[0].rank; ++j) l.push(DimLabel::D, perm[j]);
  return true;
}

// Pairs the input's dims with the result's by their sizes, left to right:
// equal sizes carry; a size-1 result dim is new and a size-1 input dim is
// dropped; otherwise the shortest runs with equal products form a group:
// one input dim into several is a split, several into one a merge (the
// outermost input dim leads it, and the result dim carries its identity).
bool label_reshape(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  const Shape& res = shapes.shapes[0];
  DimLabels& l = out.operands.emplace_back();
  DimLabels& r = out.results.emplace_back();
  int i = 0, j = 0;
  while (i < in.rank || j < res.rank) {
    if (i < in.rank && j < res.rank && in[i] == res[j]) {
      l.push(DimLabel::Carried, i);
      r.push(DimLabel::Carried, i);
      ++i, ++j;
    } else if (j < res.rank && res[j] == 1) {
      r.push(DimLabel::New, -1);
      ++j;
    } else if (i < in.rank && in[i] == 1) {
      l.push(DimLabel::Dropped, i);
      ++i;
    } else {
      if (i >= in.rank || j >= res.rank) return false;
      int i2 = i + 1, j2 = j + 1;
      int64_t pi = in[i], pj = res[j];
      while (pi != pj) {
        if (pi < pj) {
          if (i2 >= in.rank) return false;
          pi *= in[i2++];
        } else {
          if (j2 >= res.rank) return false;
          pj *= res[j2++];
        }
      }
      const bool split = i2 - i == 1, merge = j2 - j == 1;
      for (int e = i; e < i2; ++e) l.push(merge ? (e == i ? DimLabel::MergedLead : DimLabel::Merged) : DimLabel::Split, e);
      for (int f = j; f < j2; ++f) r.push(merge ? DimLabel::MergedLead : DimLabel::Split, f == j && (split || merge) ? i : -1);
      i = i2, j = j2;
    }
  }
  return true;
}

// flatten(start_dim, end_dim) and ravel (every dim) merge a known run of
// dims; unflatten(dim, sizes) splits a known dim. Labelled by that
// structure, not by sizes: with size-1 dims the sizes alone cannot say
// which result dim carries which input dim.
bool label_flatten(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  DimLabels& l = out.operands.emplace_back();
  DimLabels& r = out.results.emplace_back();
  if (in.rank == 0) {  // flatten of a 0-d tensor is [1]
    r.push(DimLabel::New, -1);
    return true;
  }
  const bool ravel = call.op.shape == ShapeRule::Ravel;
  const int start = ravel ? 0 : wrap(*call.int_arg("start_dim"), in.rank);
  const int end = ravel ? in.rank - 1 : wrap(*call.int_arg("end_dim"), in.rank);
  for (int e = 0; e < in.rank; ++e) {
    const bool merged = e >= start && e <= end && start < end;
    l.push(!merged ? DimLabel::Carried : e == start ? DimLabel::MergedLead : DimLabel::Merged, e);
    if (e < start || e > end || start == end) r.push(DimLabel::Carried, e);
    if (e == start && start < end) r.push(DimLabel::MergedLead, e);
  }
  (void)shapes;
  return true;
}

bool label_unflatten(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  const Shape& res = shapes.shapes[0];
  const int d = wrap(*call.int_arg("dim"), in.rank);
  const int k = res.rank - in.rank + 1;  // the result dims dim becomes
  // One of them with dim's whole size and the others 1: dim is carried there.
  int whole = -1, ones = 0;
  for (int j = d; j < d + k; ++j) {
    if (res[j] == 1 && ones < k - 1) {
      ++ones;
      continue;
    }
    if (res[j] == in[d] && whole < 0) whole = j;
  }
  const bool carried = k == 1 || (whole >= 0 && ones == k - 1);
  DimLabels& l = out.operands.emplace_back();
  for (int e = 0; e < in.rank; ++e) l.push(e == d && !carried ? DimLabel::Split : DimLabel::Carried, e);
  DimLabels& r = out.results.emplace_back();
  for (int j = 0; j < res.rank; ++j) {
    if (j < d) r.push(DimLabel::Carried, j);
    if (j >= d + k) r.push(DimLabel::Carried, j - k + 1);
    if (j < d || j >= d + k) continue;
    if (carried)
      r.push(j == (k == 1 ? d : whole) ? DimLabel::Carried : DimLabel::New, j == (k == 1 ? d : whole) ? d : -1);
    else
      r.push(DimLabel::Split, j == d ? d : -1);
  }
  return true;
}

bool label_squeeze(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  DimLabels& r = out.results.emplace_back();
  if (call.op.shape == ShapeRule::Unsqueeze) {
    const int d = wrap(*call.int_arg("dim"), in.rank + 1);
    own_dims(out, in, DimLabel::D);
    for (int j = 0; j < shapes.shapes[0].rank; ++j) r.push(j == d ? DimLabel::New : DimLabel::D, j < d ? j : j == d ? -1 : j - 1);
    return true;
  }
  // squeeze(dim=None) drops every size-1 dim; squeeze(dim) those of `dim` that have size 1.
  std::array<bool, kMaxRank + 1> drop{};
  const std::optional<std::vector<int64_t>> dims = call.ints_arg("dim");
  for (int e = 0; e < in.rank; ++e) drop[e] = !dims && in[e] == 1;
  for (int64_t d : dims.value_or(std::vector<int64_t>{}))
    if (in.rank > 0 && in[wrap(d, in.rank)] == 1) drop[wrap(d, in.rank)] = true;
  DimLabels& l = out.operands.emplace_back();
  for (int e = 0; e < in.rank; ++e) {
    l.push(drop[e] ? DimLabel::Dropped : DimLabel::D, e);
    if (!drop[e]) r.push(DimLabel::D, e);
  }
  return true;
}

// cat(tensors, dim): the cat dim and the others, one identity per dim for
// every operand; stack(tensors, dim): a new result dim at dim.
bool label_concat(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const int rank = call.operands[0].shape.rank;
  const Shape& res = shapes.shapes[0];
  DimLabels& r = out.results.emplace_back();
  if (call.op.shape == ShapeRule::Cat) {
    const int d = wrap(*call.int_arg("dim"), std::max(rank, 1));
    for (const ShapeOperand& o : call.operands) {
      DimLabels& l = out.operands.emplace_back();
      for (int e = 0; e < o.shape.rank; ++e) l.push(e == d ? DimLabel::Cat : DimLabel::Other, e);
    }
    for (int j = 0; j < res.rank; ++j) r.push(j == d ? DimLabel::Cat : DimLabel::Other, j);
    return true;
  }
  const int d = wrap(*call.int_arg("dim"), rank + 1);
  for (const ShapeOperand& o : call.operands) own_dims(out, o.shape, DimLabel::Other);
  for (int j = 0; j < res.rank; ++j) r.push(j == d ? DimLabel::New : DimLabel::Other, j < d ? j : j == d ? -1 : j - 1);
  return true;
}

// The ops that work along one dim `dim` (Along; every other dim Other):
// cumsum and softmax (scan), sort, topk, narrow, split and chunk keep the
// input's dims in every result; max/min with a dim (unless keepdim),
// select and unbind drop it. index_select's index is the result's dim
// `dim`; gather's index has the input's rank and its dims are the result's,
// an index dim other than `dim` Other where its local size is the input's,
// else Unpaired (the ranks' blocks of the two would not pair), so a table
// can state a strategy that ignores the sizes.
bool label_along(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out) {
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> dim = call.int_arg("dim");
  if (!dim) return false;  // a reduction over every dim is another kind's business
  const int d = in.rank == 0 ? 0 : wrap(*dim, in.rank);
  own_dims(out, in, DimLabel::Other, d);
  const ShapeRule kind = call.op.shape;
  const bool drops =
      kind == ShapeRule::Select || kind == ShapeRule::Unbind || (kind == ShapeRule::MaxMin && !call.bool_arg("keepdim", false));
  if (kind == ShapeRule::IndexSelect || kind == ShapeRule::Gather) {
    if (call.operands.size() != 2) return false;
    const Shape& index = call.operands[1].shape;
    DimLabels& l = out.operands.emplace_back();
    if (kind == ShapeRule::IndexSelect) {
      if (index.rank == 1) l.push(DimLabel::Along, d);  // a 0-d index: no dim
    } else {
      if (index.rank != in.rank) return false;
      for (int e = 0; e < index.rank; ++e) l.push(e == d ? DimLabel::Along : index[e] == in[e] ? DimLabel::Other : DimLabel::Unpaired, e);
    }
    DimLabels& r = out.results.emplace_back();
    const DimLabels& from = kind == ShapeRule::Gather ? l : out.operands[0];
    if (shapes.shapes[0].rank != from.rank) return false;  // a 0-d input's index_select
    for (int e = 0; e < from.rank; ++e)
      r.push(from.dims[e].label == DimLabel::Unpaired ? DimLabel::Unpaired : e == d ? DimLabel::Along : DimLabel::Other, from.dims[e].id);
    return true;
  }
  for (int i = 0; i < shapes.count; ++i) {
    DimLabels& r = out.results.emplace_back();
    for (int e = 0; e < in.rank; ++e)
      if (!(drops && e == d)) r.push(e == d ? DimLabel::Along : DimLabel::Other, e);
  }
  return true;
}

}  // namespace spmdcheck::check
