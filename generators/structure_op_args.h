#pragma once
// The shape and structure family's argument generators
// (generators/structure_op_args*.cpp): helpers its parts share. Internal to
// spmd_generators; register_structure_args (generators/op_args.h) is the
// family's one entry point.
//
// Each generator builds a call the checker accepts (oracle/shapes_structure*
// rules), with real variety: -1 sizes, negative dims (signed_dim), single
// ints where a list of one is meant, defaults left out. Ops that grow their
// input (expand, repeat, tile, repeat_interleave, stack, unfold) keep results
// at most kMaxGrownElements, so chains of them stay cheap to run.
#include <span>

#include "generators/op_args.h"

namespace spmdcheck::gen::structure {

inline constexpr int64_t kMaxGrownElements = int64_t{1} << 12;

int64_t elements(const Shape& s);
// 1 .. max_dim.
int64_t random_size(Context& ctx);
// A shape of `count` elements and rank <= max_rank: its prime factors
// spread over the dims, with some size-1 dims among them.
Shape factor_shape(Context& ctx, int64_t count, int max_rank);
// Distinct dims (k of them) out of `positions`, in random order.
std::vector<int64_t> distinct_dims(Context& ctx, int k, int positions);
// `dims` signed at random (each written as itself or counted from the end)
// as an int list, or as one int when it holds one dim and the chooser says so.
ArgValue dims_value(Context& ctx, std::span<const int64_t> dims, int positions);
// An int list, or one int for a list of one when the chooser says so.
ArgValue ints_value(Context& ctx, std::vector<int64_t> v);
// Sets parameter `param` of the plan's op.
void set(OpPlan& plan, std::string_view param, ArgValue v);

// The parts' registrations.
void register_join_args(ArgsGenerators& g);     // stack, hstack, vstack, dstack, column_stack, block_diag
void register_reshape_args(ArgsGenerators& g);  // reshape, view, view_as, flatten, unflatten, ravel, expand, expand_as
void register_dims_args(ArgsGenerators& g);     // permute, movedim, swapaxes, t, T, mT, squeeze, unsqueeze
void register_repeat_args(ArgsGenerators& g);   // flip, fliplr, flipud, roll, diagonal, repeat, tile, repeat_interleave, unfold

}  // namespace spmdcheck::gen::structure
