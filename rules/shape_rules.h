#pragma once
// The catalog of local ops' shape rule kinds (OpRow::shape): their names and
// the parameters each reads. A shape rule is one per op family and is
// implemented once (torch-free in oracle/local_shapes, PyTorch's meaning in
// the kernels); the linter checks that every op row declares the
// parameters its shape rule reads, with a role that holds what it reads.
#include <optional>
#include <string_view>

#include "common/const_span.h"
#include "rules/op_signature.h"

namespace spmdcheck {

enum class ShapeRule : uint8_t {
  Elementwise,
  Matmul,
  Reduce,
  Transpose,
  Cat,
  Addmm,
  Addmv,
  Addbmm,
  Baddbmm,
  Addr,  // decompositions: beta * input + alpha * product
  // shape and structure (oracle/shapes_structure*.cpp)
  Stack,
  HStack,
  VStack,
  DStack,
  ColumnStack,
  BlockDiag,
  Reshape,
  View,
  ViewAs,
  Flatten,
  Unflatten,
  Ravel,
  Permute,
  Movedim,
  Swapaxes,
  T2D,
  ReverseDims,
  MatrixTranspose,
  Squeeze,
  Unsqueeze,
  Expand,
  ExpandAs,
  Flip,
  FlipLR,
  FlipUD,
  Roll,
  Diagonal,
  Repeat,
  Tile,
  RepeatInterleave,
  Unfold,
  Scan,
  Norm,
  Gelu,
  Clamp,  // numeric (oracle/shapes_numeric.cpp)
  Mm,
  Bmm,
  Mv,
  Dot,
  Einsum,  // contractions (oracle/shapes_contractions.cpp)
  Sized,
  Arange,
  Linspace,
  Eye,  // factories (oracle/shapes_factories.cpp)
  // several results, indices (oracle/shapes_results.cpp)
  Split,
  Chunk,
  Unbind,
  Narrow,
  Select,
  IndexSelect,
  Gather,
  MaxMin,
  Sort,
  Topk,
};
inline constexpr int kNumShapeRules = 64;

std::string_view shape_rule_name(ShapeRule s);
std::optional<ShapeRule> shape_rule_from_name(std::string_view s);

// A structural parameter a shape rule reads, by name.
struct ShapeParam {
  std::string_view name;
  ParamRole role;
  // Negative values are meaningful (a dim counted from the end, an inferred
  // -1 size, a negative offset or shift), so generation coverage counts both
  // signs (`dim.OP.NAME.neg|nonneg`); false for counts (repeats, a window's
  // size and step), where a negative value is only an error.
  bool negative = true;
};

// How many terms an op sums per result element (the exactness analysis and
// the gradient error bounds read it; oracle/value_tolerance,
// soundness/gradient_check).
enum class Fanin : uint8_t {
  None,           // each element from one (elementwise, rearranging)
  Contraction,    // the first operand's last dim (matmul and its kin)
  Reduction,      // the input's elements per result element (sum, mean)
  Scan,           // up to the scanned dim's size (cumsum; softmax's normaliser)
  Gather,         // one element per result element (index_select, gather); the backward
                  // scatter-adds, up to the result's elements per gradient element
  Einsum,         // the product of the sizes of the labels summed out (oracle/einsum_equation.h)
  Decomposition,  // input plus a product: the second operand's elements per row (addmm's inner dim, addbmm's batch too)
};

struct ShapeRuleSpec {
  // Typing operand parameters (operand, scalar_operand, nonlinear_operand,
  // index, operands) the rule reads: at least min, at most max (-1: any).
  int min_operands = 1, max_operands = -1;
  ConstSpan<ShapeParam> params;  // structural parameters it reads
  Fanin fanin = Fanin::None;
  int min_rank = 0;            // of the first operand (generation)
  int max_rank = -1;           // of the first operand (generation); -1: kMaxRank
  bool operands_list = false;  // reads one `operands` list (cat, stack, ...)
  // [[diagnostic]] ids the rule cites beyond those every table must have
  // (the linter requires them of a table with an op of this kind).
  ConstSpan<std::string_view> cites = {};
  // The result is the operand with its dims permuted, and the rule reads no
  // structural parameter (t, T, mT): on a square operand its shape is the
  // operand's (the `identity-shape` mutation operator's corner).
  bool permutes_dims = false;
};
const ShapeRuleSpec& shape_rule_spec(ShapeRule s);

}  // namespace spmdcheck
