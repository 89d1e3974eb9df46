#pragma once
// torch.einsum's equation read against its operands' shapes, exactly as
// at::einsum does (aten/src/ATen/native/Linear.cpp, LibTorch 1.13 and 2.x):
// one comma-separated term of labels [A-Za-z] per operand, one label per
// dim, at most one ellipsis `...` per term covering the dims no label
// names; spaces are ignored. Sizes broadcast: a label (or an ellipsis dim,
// right-aligned across operands) has one size, and a dim of size 1
// broadcasts to it. A label repeated within one term takes the diagonal:
// its dims there must have equal sizes (no broadcasting). Without `->` the
// output is the ellipsis dims, then every label that occurs exactly once,
// in at::einsum's label order (A-Z, then a-z); with `->` it is what the
// right side lists, each label at most once and only labels of the inputs.
// Labels not in the output are summed out (and so are the ellipsis dims
// when an explicit output has no ellipsis).
//
// Torch-free: the einsum shape rule (oracle/shapes_contractions.cpp), the
// exactness analysis and the gradient error bounds read it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "program/tensor_meta.h"

namespace spmdcheck {

// Labels: 0-51 the letters in at::einsum's order (A-Z, a-z); 52 + j the
// j-th of the dims an ellipsis covers (right-aligned over the operands).
inline constexpr int kEinsumLetters = 52;

struct EinsumPlan {
  std::string error;                       // empty when the equation fits the operands
  int error_operand = -1;                  // the operand the error is about, or -1 (the equation)
  std::vector<std::vector<int>> operands;  // per operand, the label of each dim
  std::vector<int> output;                 // the result's dims' labels, in order
  std::vector<int64_t> sizes;              // per label (52 + ellipsis dims): its size
  std::vector<bool> used;                  // per label: some operand has it
  bool ok() const { return error.empty(); }
};

EinsumPlan plan_einsum(std::string_view equation, const std::vector<Shape>& operands);

// Terms summed per result element: the product of the sizes of the labels
// summed out (1 if none).
double einsum_summed_terms(const EinsumPlan& plan);

// Terms summed per element of an operand's gradient, the largest over the
// operands: the product of the sizes of every label the operand's element
// does not fix (the others, and its own where it broadcasts a size 1).
double einsum_gradient_terms(const EinsumPlan& plan, const std::vector<Shape>& operands);

}  // namespace spmdcheck
