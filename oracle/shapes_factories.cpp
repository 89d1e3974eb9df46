// The shape rules of the factories (no operands): sized (zeros, ones, full),
// arange, linspace, eye. PyTorch refuses negative sizes and an empty or
// misdirected range; it accepts size 0 (an empty tensor), which spmdcheck's
// values never have (their dims are >= 1), so the rules refuse it too.
#include <cmath>

#include "oracle/call_binding.h"
#include "oracle/local_shapes.h"
#include "program/program_text.h"

namespace spmdcheck::check {
namespace {

// One size of the result; fails with shape.size_positive or
// shape.size_limit.
[[nodiscard]] bool check_size(Context& ctx, const LocalCall& call, std::string_view param, int64_t size) {
  if (size < 1) return ctx.fail("shape.size_positive", call.loc(param), {{"op", call.b.op}, {"got", std::to_string(size)}});
  if (size > kMaxDimSize)
    return ctx.fail("shape.size_limit", call.loc(param),
                    {{"op", call.b.op}, {"want", std::to_string(kMaxDimSize)}, {"got", std::to_string(size)}});
  return true;
}

// zeros(size), ones(size), full(size, fill_value): the shape `size` (an int
// n is [n], as PyTorch's varargs `zeros(3)`).
std::optional<ResultShapes> sized(Context& ctx, const LocalCall& call) {
  const std::vector<int64_t> size = call.ints_arg("size").value_or(std::vector<int64_t>{});
  if (size.size() > static_cast<size_t>(kMaxRank))
    return ctx.fail("shape.rank_limit", call.loc("size"),
                    {{"op", call.b.op}, {"want", std::to_string(kMaxRank)}, {"got", std::to_string(size.size())}});
  Shape out;
  for (int64_t s : size) {
    if (!check_size(ctx, call, "size", s)) return std::nullopt;
    out.dims[out.rank++] = s;
  }
  return single_result(out);
}

double number_arg(const LocalCall& call, std::string_view param, double fallback) {
  const ArgValue* v = call.arg(param);
  return v && v->is_numeric() ? v->as_double() : fallback;
}

std::string arg_text(const LocalCall& call, std::string_view param) {
  const ArgValue* v = call.arg(param);
  return v ? arg_value_to_text(*v) : "None";
}

bool int_arg_or_absent(const LocalCall& call, std::string_view param) {
  const ArgValue* v = call.arg(param);
  return !v || v->kind == ArgValue::Kind::Int;
}

// arange(start, end, step=1): [ceil((end - start) / step)], computed as
// PyTorch does (in double; in int64 when every bound is an integer). The
// step must be nonzero and point from start towards end, and the range
// must hold an element (shape.range).
std::optional<ResultShapes> arange(Context& ctx, const LocalCall& call) {
  const double start = number_arg(call, "start", 0), end = number_arg(call, "end", 0), step = number_arg(call, "step", 1);
  if (!(step > 0 && end > start) && !(step < 0 && end < start))
    return ctx.fail("shape.range", call.loc("end"),
                    {{"op", call.b.op},
                     {"got", "start " + arg_text(call, "start") + ", end " + arg_text(call, "end") + ", step " + arg_text(call, "step")}});
  double size = std::ceil((end - start) / step);
  if (int_arg_or_absent(call, "start") && int_arg_or_absent(call, "end") && int_arg_or_absent(call, "step")) {
    const int64_t s = call.arg("start") ? call.arg("start")->integer : 0, e = call.arg("end") ? call.arg("end")->integer : 0;
    const int64_t k = call.arg("step") ? call.arg("step")->integer : 1;
    int64_t span = 0;  // PyTorch 2.x's int64 formula; past int64 the double one stands
    if (!__builtin_sub_overflow(e, s, &span) && !__builtin_add_overflow(span, k - (k > 0 ? 1 : -1), &span))
      size = static_cast<double>(span / k);
  }
  if (!(size <= static_cast<double>(kMaxDimSize)))
    return ctx.fail("shape.size_limit", call.loc("end"),
                    {{"op", call.b.op}, {"want", std::to_string(kMaxDimSize)}, {"got", std::to_string(size)}});
  Shape out;
  out.dims[out.rank++] = static_cast<int64_t>(size);
  return single_result(out);
}

// linspace(start, end, steps): [steps].
std::optional<ResultShapes> linspace(Context& ctx, const LocalCall& call) {
  const int64_t steps = call.int_arg("steps").value_or(0);
  if (!check_size(ctx, call, "steps", steps)) return std::nullopt;
  Shape out;
  out.dims[out.rank++] = steps;
  return single_result(out);
}

// eye(n, m=None): [n, m], m None meaning n.
std::optional<ResultShapes> eye(Context& ctx, const LocalCall& call) {
  const int64_t n = call.int_arg("n").value_or(0);
  if (!check_size(ctx, call, "n", n)) return std::nullopt;
  const int64_t m = call.int_arg("m").value_or(n);
  if (!check_size(ctx, call, "m", m)) return std::nullopt;
  Shape out;
  out.dims[out.rank++] = n;
  out.dims[out.rank++] = m;
  return single_result(out);
}

}  // namespace

void register_factory_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Sized)] = sized;
  fns[static_cast<int>(ShapeRule::Arange)] = arange;
  fns[static_cast<int>(ShapeRule::Linspace)] = linspace;
  fns[static_cast<int>(ShapeRule::Eye)] = eye;
}

}  // namespace spmdcheck::check
