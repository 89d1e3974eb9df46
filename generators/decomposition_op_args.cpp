// Argument generators of the decompositions (addmm and kin): the anchor is
// the input; the factors get shapes whose product the input broadcasts to
// (the input itself, or a suffix of it with some dims 1, by the anchor's
// shape, which must have the product's rank or less).
#include "generators/op_args.h"

namespace spmdcheck::gen {
namespace {

int64_t random_size(Context& ctx) { return 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim))); }

Shape shape_of(std::initializer_list<int64_t> dims) {
  Shape s;
  for (int64_t d : dims) s.dims[s.rank++] = d;
  return s;
}

// The product's shape from the anchor (the input): its trailing dims, with
// 1s filled by fresh sizes; `rank` the product's rank. False when the
// anchor has more dims than the product.
bool product_shape(Context& ctx, const Shape& input, int rank, Shape& out) {
  if (input.rank > rank) return false;
  out.rank = static_cast<uint8_t>(rank);
  for (int d = 0; d < rank; ++d) {
    const int i = d - (rank - input.rank);
    const int64_t size = i >= 0 ? input.dims[i] : 1;
    out.dims[d] = size == 1 && ctx.chance(50) ? random_size(ctx) : size;
  }
  return true;
}

bool addmm(Context& ctx, OpPlan& plan) {
  Shape out;
  if (!product_shape(ctx, plan.anchor_shape, 2, out)) return false;
  const int64_t m = random_size(ctx);
  plan.shapes[1] = shape_of({out.dims[0], m});
  plan.shapes[2] = shape_of({m, out.dims[1]});
  return true;
}

bool addmv(Context& ctx, OpPlan& plan) {
  Shape out;
  if (!product_shape(ctx, plan.anchor_shape, 1, out)) return false;
  const int64_t m = random_size(ctx);
  plan.shapes[1] = shape_of({out.dims[0], m});
  plan.shapes[2] = shape_of({m});
  return true;
}

bool addbmm(Context& ctx, OpPlan& plan) {
  Shape out;
  if (!product_shape(ctx, plan.anchor_shape, 2, out)) return false;
  const int64_t b = random_size(ctx), m = random_size(ctx);
  plan.shapes[1] = shape_of({b, out.dims[0], m});
  plan.shapes[2] = shape_of({b, m, out.dims[1]});
  return true;
}

bool baddbmm(Context& ctx, OpPlan& plan) {
  Shape out;
  if (!product_shape(ctx, plan.anchor_shape, 3, out)) return false;
  const int64_t m = random_size(ctx);
  plan.shapes[1] = shape_of({out.dims[0], out.dims[1], m});
  plan.shapes[2] = shape_of({out.dims[0], m, out.dims[2]});
  return true;
}

bool addr(Context& ctx, OpPlan& plan) {
  Shape out;
  if (!product_shape(ctx, plan.anchor_shape, 2, out)) return false;
  plan.shapes[1] = shape_of({out.dims[0]});
  plan.shapes[2] = shape_of({out.dims[1]});
  return true;
}

}  // namespace

void register_decomposition_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Addmm)] = addmm;
  g[static_cast<int>(ShapeRule::Addmv)] = addmv;
  g[static_cast<int>(ShapeRule::Addbmm)] = addbmm;
  g[static_cast<int>(ShapeRule::Baddbmm)] = baddbmm;
  g[static_cast<int>(ShapeRule::Addr)] = addr;
}

}  // namespace spmdcheck::gen
