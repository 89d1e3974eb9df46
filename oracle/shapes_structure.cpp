// The shape and structure family: helpers its shape rules share, and its
// registration (oracle/shapes_structure.h).
#include "oracle/shapes_structure.h"

#include "oracle/call_binding.h"
#include "program/program_text.h"

namespace spmdcheck::check {
namespace structure {

bool require_tensor_values(Context& ctx, const LocalCall& call) {
  int position = 0;
  for (int p = 0; p < static_cast<int>(call.op.params.size()); ++p) {
    if (!is_typing_role(call.op.params[p].role)) continue;
    const BoundParam& bp = call.r.params[p];
    const ArgValue* v = bound_arg(call.op, call.b, call.r, p);
    if (v && v->is_numeric())
      return ctx.fail("call.literal", bound_loc(call.b, bp),
                      {{"position", std::to_string(position)},
                       {"op", call.b.op},
                       {"got", arg_value_to_text(*v)},
                       {"usage", "usage: " + signature_text(call.op.name, call.op.params)}});
    for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i, ++position) {
      const ValueInfo& info = ctx.value(call.r.operands[i]);
      if (info.scalar)
        return ctx.fail("call.argument_value", bound_loc(call.b, bp),
                        {{"param", call.op.params[p].name},
                         {"op", call.b.op},
                         {"want", "a tensor"},
                         {"got", "the typed scalar " + info.name},
                         {"usage", "usage: " + signature_text(call.op.name, call.op.params)}});
    }
  }
  return true;
}

std::optional<std::span<const int64_t>> int_list(const LocalCall& call, std::string_view param) {
  const ArgValue* v = call.arg(param);
  if (!v) return std::nullopt;
  if (v->kind == ArgValue::Kind::Int) return std::span<const int64_t>(&v->integer, 1);
  if (v->kind == ArgValue::Kind::IntList) return std::span<const int64_t>(v->ints);
  return std::nullopt;
}

bool canonical_dims(Context& ctx, const LocalCall& call, std::string_view param, std::span<const int64_t> dims, int positions,
                    std::span<int64_t> out, bool repeats_allowed) {
  for (size_t i = 0; i < dims.size(); ++i) {
    const std::optional<int64_t> d = canonical_dim(ctx, dims[i], positions, call.b.op, call.loc(param));
    if (!d) return false;
    for (size_t j = 0; j < i && !repeats_allowed; ++j)
      if (out[j] == *d) return ctx.fail("shape.dim_repeated", call.loc(param), {{"op", call.b.op}, {"dim", std::to_string(*d)}});
    out[i] = *d;
  }
  return true;
}

bool check_result_rank(Context& ctx, const LocalCall& call, int64_t rank) {
  if (rank > kMaxRank)
    return ctx.fail("shape.rank_limit", call.b.op_loc,
                    {{"op", call.b.op}, {"want", std::to_string(kMaxRank)}, {"got", std::to_string(rank)}});
  return true;
}

std::optional<Shape> checked_result(Context& ctx, const LocalCall& call, const Shape& out) {
  if (!check_shape_limits(ctx, out, call.b.op, call.b.op_loc)) return std::nullopt;
  for (int i = 0; i < out.rank; ++i)
    if (out.dims[i] == 0) return ctx.fail("shape.empty", call.b.op_loc, {{"op", call.b.op}, {"got", shape_to_string(out)}});
  return out;
}

std::optional<int64_t> element_count(std::span<const int64_t> dims) {
  constexpr int64_t kCap = int64_t{1} << 62;
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0) return std::nullopt;
    if (d != 0 && n > kCap / d) return std::nullopt;
    n *= d;
  }
  return n;
}

std::optional<int64_t> checked_dim_product(int64_t a, int64_t b) {
  if (a < 0 || b < 0) return std::nullopt;
  if (a != 0 && b > kMaxDimSize / a) return std::nullopt;
  return a * b;
}

Rejected fail_param(Context& ctx, std::string_view id, const LocalCall& call, std::string_view param, std::string want, std::string got) {
  return ctx.fail(id, call.loc(param),
                  {{"op", call.b.op}, {"param", std::string(param)}, {"want", std::move(want)}, {"got", std::move(got)}});
}

}  // namespace structure

void register_structure_shapes(ShapeFns& fns) {
  structure::register_stack_shapes(fns);
  structure::register_reshape_shapes(fns);
  structure::register_permute_shapes(fns);
  structure::register_repeat_shapes(fns);
}

}  // namespace spmdcheck::check
