#pragma once
// Dim labellings for shard propagation (rules/propagation.h): for a local
// op's call, which label and identity each dim of each typing operand and
// of each result has. Code fixed once per shape rule kind (the kinds
// labels_of names), the same for every table: the rows decide what a
// sharded label does, the labelling only says which dims correspond.
//
// Identities: two dims with one identity correspond (an aligned dim of two
// elementwise operands, mm's contracted k in both operands, a kept dim and
// the result dim it becomes). A result dim no operand dim reaches has
// identity -1.
#include <array>
#include <cstdint>

#include "common/small_vector.h"
#include "oracle/local_shapes.h"
#include "rules/propagation.h"

namespace spmdcheck::check {

struct LabelledDim {
  DimLabel label = DimLabel::D;
  int8_t id = -1;
};

struct DimLabels {
  uint8_t rank = 0;
  std::array<LabelledDim, kMaxRank> dims{};
  void push(DimLabel label, int id) { dims[rank++] = LabelledDim{label, static_cast<int8_t>(id)}; }
  // The dim of identity `id`, or -1.
  int find(int id) const;
};

struct DimLabelling {
  SmallVector<DimLabels, 4> operands;  // parallel to LocalCall::operands (numbers: rank 0)
  SmallVector<DimLabels, 2> results;   // parallel to the result shapes
};

// Labels the dims of a checked call (its shapes are valid). False for a
// kind without a labelling (labels_of(kind) == 0), and for a reshape whose
// shapes do not pair up (then no strategy applies).
bool label_dims(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);

// The labelling of a binding the checker accepted (`values`: its
// CheckResult's values): its operands as the checker builds them, its
// results' shapes as bound. What near misses that break a propagation row
// read (generators/near_miss_propagation.cpp); false as label_dims.
bool label_checked_binding(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, const std::vector<ValueInfo>& values,
                           DimLabelling& out);

// The labellings, by family (oracle/dim_labels*.cpp).
bool label_elementwise(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);
bool label_reduce(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);
bool label_contraction(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);  // mm, mv, dot, bmm, matmul
bool label_permutation(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);  // transpose, permute, t, ...
bool label_reshape(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);      // reshape, view: by sizes
bool label_flatten(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);      // flatten, ravel
bool label_unflatten(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);
bool label_squeeze(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);  // squeeze, unsqueeze
bool label_concat(const LocalCall& call, const ResultShapes& shapes, DimLabelling& out);   // cat, stack
bool label_along(const LocalCall& call, const ResultShapes& shapes,
                 DimLabelling& out);  // scan, sort, topk, max_min, narrow, split, chunk, unbind, select, index_select, gather

}  // namespace spmdcheck::check
