#pragma once
// Argument generators of local ops, one per shape rule kind, filled in by
// one registration function per op family (generators/*_op_args.cpp).
// generate_local_op (local_op_generation.cpp) chooses the operand slots,
// their types per axis and the anchor; the family's generator then chooses
// the shapes (and dtypes) of the other operands and the structural
// arguments its shape rule reads, so that the checker accepts the call.
#include <array>
#include <optional>
#include <vector>

#include "generators/generation_context.h"

namespace spmdcheck::gen {

struct OpPlan {
  const OpRow& op;
  Shape anchor_shape;  // the anchor operand's shape (value slot anchor_slot)
  size_t anchor_slot;
  std::vector<Shape> shapes;                    // per value slot; pre-filled with anchor_shape
  std::vector<DType> dtypes;                    // per value slot; pre-filled with the anchor's dtype
  std::vector<std::optional<ArgValue>> values;  // per parameter: the structural arguments it sets
  std::vector<int> slot_params;                 // per value slot: the parameter it fills
  int results = 1;                              // how many results the call will have (one name each)
  // Global SPMD: per value slot, which of its dims corresponds to each dim
  // of the slot-0 operand (-1: none), so a fresh operand shards where its
  // dim meets the first operand's (mm's k: the last dim of one, the first
  // of the other). Empty: dims correspond by position (elementwise).
  std::vector<std::array<int8_t, kMaxRank>> slot0_dims;
};

// The contraction's map for its second operand (OpPlan::slot0_dims): the
// first operand [..., m, k] of rank `lhs_rank` against [..., k, n] or [k].
std::array<int8_t, kMaxRank> contraction_rhs_dims(int lhs_rank, int rhs_rank);

// False if the family cannot build a call from this plan (the attempt is
// dropped).
using ArgsGenerator = bool (*)(Context& ctx, OpPlan& plan);
using ArgsGenerators = std::array<ArgsGenerator, kNumShapeRules>;
void register_core_args(ArgsGenerators& g);           // elementwise, matmul, reduce, transpose, cat
void register_decomposition_args(ArgsGenerators& g);  // addmm, addmv, addbmm, baddbmm, addr
void register_structure_args(
    ArgsGenerators& g);  // shape and structure: stack, reshape, permute, expand, flip, repeat, ... (structure_op_args*.cpp)
void register_numeric_args(ArgsGenerators& g);      // scan, norm, gelu, clamp (numeric_op_args.cpp)
void register_contraction_args(ArgsGenerators& g);  // mm, bmm, mv, dot, einsum
void register_factory_args(ArgsGenerators& g);      // sized, arange, linspace, eye
// split, chunk, unbind, narrow, select, index_select, gather, max_min, sort, topk
void register_results_args(ArgsGenerators& g);
const ArgsGenerators& args_generators();

// A dim written as itself or, as often, counted from the end (d - positions),
// because both spellings must mean the same dim.
int64_t signed_dim(Context& ctx, int64_t d, int64_t positions);
// A literal of the generators' stock (dyadic, both signs).
double random_literal(Context& ctx);

}  // namespace spmdcheck::gen
