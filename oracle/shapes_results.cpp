// The shape rules of the ops with several results or index operands: split,
// chunk, unbind, narrow, select, index_select, gather, max/min with a dim,
// sort and topk. Each accepts exactly the calls LibTorch 1.13 accepts and
// computes its result shapes (ATen's TensorShape.cpp,
// TensorAdvancedIndexing.cpp, ReduceOps.cpp, Sorting.cpp, TensorTopK), so a
// checked call always runs; tests/executor/results_kernels_test.cpp runs the
// edge cases against the kernels. Rejections: shape.scalar_operand,
// shape.dim_range, shape.argument_range (a size, start, index or count
// outside what the input's shape allows), dtype.index (an index dtype the op
// does not take), shape.results_limit (more results than kMaxResults).
#include <algorithm>
#include <string>

#include "oracle/local_shapes.h"

namespace spmdcheck::check {
namespace {

std::string num(int64_t x) { return std::to_string(x); }
std::string range(int64_t low, int64_t high) { return "in [" + num(low) + ", " + num(high) + "]"; }

// `param` holds a value its input's shape does not allow: `want` says which.
Rejected out_of_range(Context& ctx, const LocalCall& call, std::string_view param, const std::string& want, const std::string& got) {
  return ctx.fail("shape.argument_range", call.loc(param),
                  {{"param", std::string(param)}, {"op", call.b.op}, {"want", want}, {"got", got}});
}

// The canonical value of the "dim" parameter against `in`. PyTorch wraps a
// 0-d input's dim as if it had one dim where the op is defined on 0-d
// inputs (`scalar_wraps`); elsewhere a 0-d input is shape.scalar_operand.
std::optional<int64_t> dim_arg(Context& ctx, const LocalCall& call, const Shape& in, bool scalar_wraps) {
  const int positions = scalar_wraps ? std::max<int>(in.rank, 1) : in.rank;
  return canonical_dim(ctx, call.int_arg("dim").value_or(0), positions, call.b.op, call.loc("dim"));
}

// A dim's size as PyTorch's ensure_nonempty_size reads it: 1 for a 0-d tensor.
int64_t size_or_one(const Shape& s, int64_t d) { return s.rank == 0 ? 1 : s.dims[d]; }

Shape without_dim(const Shape& s, int64_t d) {
  Shape out;
  for (int i = 0; i < s.rank; ++i)
    if (i != d) out.dims[out.rank++] = s.dims[i];
  return out;
}

// Fails with shape.results_limit when a call has more than kMaxResults results.
[[nodiscard]] bool within_results_limit(Context& ctx, const LocalCall& call, int64_t count) {
  if (count <= kMaxResults) return true;
  return ctx.fail("shape.results_limit", call.b.op_loc, {{"op", call.b.op}, {"want", num(kMaxResults)}, {"got", num(count)}});
}

// Pieces of `in` along d of the given sizes, one result each.
std::optional<ResultShapes> pieces(Context& ctx, const LocalCall& call, const Shape& in, int64_t d, const std::vector<int64_t>& sizes) {
  if (!within_results_limit(ctx, call, static_cast<int64_t>(sizes.size()))) return std::nullopt;
  ResultShapes out;
  for (int64_t size : sizes) {
    Shape s = in;
    s.dims[d] = size;
    out.push(s);
  }
  return out;
}

// split(x, n) along d: pieces of n, the last smaller; at least one piece
// (n beyond the size gives one). n = 0 only splits a dim of size 0.
std::optional<std::vector<int64_t>> split_sizes_of(Context& ctx, const LocalCall& call, int64_t size, int64_t n) {
  if (n < 0 || (n == 0 && size != 0))
    return out_of_range(ctx, call, "split_size_or_sections", size == 0 ? "at least 0" : "at least 1", num(n));
  const int64_t count = n == 0 ? 1 : std::max<int64_t>(size == 0 ? 0 : (size - 1) / n + 1, 1);
  if (!within_results_limit(ctx, call, count)) return std::nullopt;
  std::vector<int64_t> sizes(static_cast<size_t>(count), n);
  sizes.back() = size - n * (count - 1);
  return sizes;
}

// split(tensor, split_size_or_sections, dim=0): an int is a piece size
// (Tensor.split), a list the pieces' sizes, which must sum to the dim's size
// (split_with_sizes).
std::optional<ResultShapes> split(Context& ctx, const LocalCall& call) {
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, false);
  if (!d) return std::nullopt;
  const int64_t size = in.dims[*d];
  const ArgValue* arg = call.arg("split_size_or_sections");
  if (arg && arg->kind == ArgValue::Kind::Int) {
    const std::optional<std::vector<int64_t>> sizes = split_sizes_of(ctx, call, size, arg->integer);
    if (!sizes) return std::nullopt;
    return pieces(ctx, call, in, *d, *sizes);
  }
  const std::vector<int64_t> sizes = arg ? arg->ints : std::vector<int64_t>{};
  std::string got;
  for (int64_t s : sizes) got += (got.empty() ? "[" : ", ") + num(s);
  got = got.empty() ? "[]" : got + "]";
  int64_t sum = 0;
  for (int64_t s : sizes) {
    if (s < 0) return out_of_range(ctx, call, "split_size_or_sections", "a list of non-negative sizes", got);
    sum += std::min(s, size + 1);  // no overflow: any entry above the size already breaks the sum
  }
  if (sum != size)
    return out_of_range(ctx, call, "split_size_or_sections", "sizes that sum to " + num(size) + " (the size of dim " + num(*d) + ")", got);
  return pieces(ctx, call, in, *d, sizes);
}

// chunk(input, chunks, dim=0): split into pieces of ceil(size / chunks), so
// fewer than `chunks` results where they do not divide evenly; a dim of
// size 0 gives `chunks` empty pieces.
std::optional<ResultShapes> chunk(Context& ctx, const LocalCall& call) {
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const int64_t chunks = call.int_arg("chunks").value_or(0);
  if (chunks <= 0) return out_of_range(ctx, call, "chunks", "at least 1", num(chunks));
  const std::optional<int64_t> d = dim_arg(ctx, call, in, false);
  if (!d) return std::nullopt;
  const int64_t size = in.dims[*d];
  if (size == 0) {
    if (!within_results_limit(ctx, call, chunks)) return std::nullopt;
    return pieces(ctx, call, in, *d, std::vector<int64_t>(static_cast<size_t>(chunks), 0));
  }
  const std::optional<std::vector<int64_t>> sizes = split_sizes_of(ctx, call, size, (size - 1) / chunks + 1);
  if (!sizes) return std::nullopt;
  return pieces(ctx, call, in, *d, *sizes);
}

// unbind(input, dim=0): one result per slice along dim, the dim removed.
std::optional<ResultShapes> unbind(Context& ctx, const LocalCall& call) {
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, false);
  if (!d) return std::nullopt;
  if (!within_results_limit(ctx, call, in.dims[*d])) return std::nullopt;
  ResultShapes out;
  for (int64_t i = 0; i < in.dims[*d]; ++i) out.push(without_dim(in, *d));
  return out;
}

// narrow(input, dim, start, length): start in [-size, size] (negative counts
// from the end; 1.13 wraps it as a dim of `size` positions, the end itself
// allowed), then start + length <= size.
std::optional<ResultShapes> narrow(Context& ctx, const LocalCall& call) {
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, false);
  if (!d) return std::nullopt;
  const int64_t size = in.dims[*d];
  int64_t start = call.int_arg("start").value_or(0);
  const int64_t length = call.int_arg("length").value_or(0);
  if (start != size) {
    const int64_t positions = std::max<int64_t>(size, 1);
    if (start < -positions || start >= positions) return out_of_range(ctx, call, "start", range(-size, size), num(start));
    if (start < 0) start += positions;
  }
  if (length < 0 || start > size - length) return out_of_range(ctx, call, "length", range(0, size - start), num(length));
  Shape s = in;
  s.dims[*d] = length;
  return single_result(s);
}

// select(input, dim, index): the slice `index` (negative from the end), the
// dim removed.
std::optional<ResultShapes> select(Context& ctx, const LocalCall& call) {
  if (!require_tensor_operands(ctx, call)) return std::nullopt;
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, false);
  if (!d) return std::nullopt;
  const int64_t size = in.dims[*d], index = call.int_arg("index").value_or(0);
  if (index < -size || index >= size)
    return out_of_range(ctx, call, "index", size == 0 ? "none: dim " + num(*d) + " is empty" : range(-size, size - 1), num(index));
  return single_result(without_dim(in, *d));
}

// The index operand (parameter "index"): its value and shape. index_select
// and gather take i64 indices only (a bool mask is dtype.index).
std::optional<int> index_operand(Context& ctx, const LocalCall& call) {
  const int p = call.op.param_index("index");
  const BoundParam& bp = call.r.params[p];
  const int value = call.r.operands[bp.first_value];
  const ValueInfo& v = ctx.value(value);
  if (v.dtype != DType::I64)
    return ctx.fail("dtype.index", call.loc("index"), {{"param", "index"}, {"op", call.b.op}, {"got", std::string(dtype_name(v.dtype))}});
  return value;
}

void record_bound(const LocalCall& call, int value, int64_t bound) {
  if (call.index_bounds) call.index_bounds->push_back(IndexBound{value, bound});
}

int64_t elements(const Shape& s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; ++i) n *= s.dims[i];
  return n;
}

// index_select(input, dim, index): the input with dim's size replaced by the
// index's element count; the index is a vector (or 0-d). A 0-d input gives a
// 0-d result for any index (1.13 has no check of the count; later versions
// require one element). Indices in [0, size of dim).
std::optional<ResultShapes> index_select(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const Shape& index = call.operands[1].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, true);
  if (!d) return std::nullopt;
  if (index.rank > 1) return out_of_range(ctx, call, "index", "a vector (rank at most 1)", shape_to_string(index));
  const std::optional<int> value = index_operand(ctx, call);
  if (!value) return std::nullopt;
  Shape out = in;
  if (in.rank > 0) out.dims[*d] = elements(index);
  record_bound(call, *value, size_or_one(in, *d));
  return single_result(out);
}

// gather(input, dim, index, *, sparse_grad=False): the index's shape; a
// non-empty index has the input's rank (0-d counting as one dim) and, in
// every dim but `dim`, at most the input's size. Indices in [0, size of dim).
std::optional<ResultShapes> gather(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const Shape& index = call.operands[1].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, true);
  if (!d) return std::nullopt;
  const std::optional<int> value = index_operand(ctx, call);
  if (!value) return std::nullopt;
  const int rank = std::max<int>(in.rank, 1);
  // 1.13 checks an empty index's shape against nothing (its result is empty).
  if (elements(index) != 0 && std::max<int>(index.rank, 1) != rank)
    return out_of_range(ctx, call, "index", "an index of the input's rank " + num(in.rank), shape_to_string(index));
  for (int i = 0; i < rank && elements(index) != 0; ++i)
    if (i != *d && size_or_one(index, i) > size_or_one(in, i))
      return out_of_range(ctx, call, "index", "at most the input's size " + shape_to_string(in) + " in every dim but " + num(*d),
                          shape_to_string(index));
  record_bound(call, *value, size_or_one(in, *d));
  return single_result(index);
}

// Values and indices of one shape.
std::optional<ResultShapes> values_and_indices(const Shape& s) {
  ResultShapes out;
  out.push(s);
  out.push(s);
  return out;
}

// max/min(input, dim, keepdim=False): values and indices, dim reduced (kept
// as 1 with keepdim); the reduced dim must not be empty.
std::optional<ResultShapes> max_min(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, true);
  if (!d) return std::nullopt;
  if (in.rank > 0 && in.dims[*d] == 0) return out_of_range(ctx, call, "dim", "a dim of non-zero size", num(*d));
  Shape out = in;
  if (in.rank > 0 && call.bool_arg("keepdim", false))
    out.dims[*d] = 1;
  else if (in.rank > 0)
    out = without_dim(in, *d);
  return values_and_indices(out);
}

// sort(input, dim=-1, descending=False, *, stable=False): values and
// indices, the input's shape.
std::optional<ResultShapes> sort(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  if (!dim_arg(ctx, call, in, true)) return std::nullopt;
  return values_and_indices(in);
}

// topk(input, k, dim=-1, largest=True, sorted=True): values and indices,
// dim's size replaced by k, k in [0, size of dim].
std::optional<ResultShapes> topk(Context& ctx, const LocalCall& call) {
  const Shape& in = call.operands[0].shape;
  const std::optional<int64_t> d = dim_arg(ctx, call, in, true);
  if (!d) return std::nullopt;
  const int64_t k = call.int_arg("k").value_or(0), slice = size_or_one(in, *d);
  if (k < 0 || k > slice) return out_of_range(ctx, call, "k", range(0, slice), num(k));
  Shape out = in;
  if (in.rank > 0) out.dims[*d] = k;
  return values_and_indices(out);
}

}  // namespace

void register_results_shapes(ShapeFns& fns) {
  fns[static_cast<int>(ShapeRule::Split)] = split;
  fns[static_cast<int>(ShapeRule::Chunk)] = chunk;
  fns[static_cast<int>(ShapeRule::Unbind)] = unbind;
  fns[static_cast<int>(ShapeRule::Narrow)] = narrow;
  fns[static_cast<int>(ShapeRule::Select)] = select;
  fns[static_cast<int>(ShapeRule::IndexSelect)] = index_select;
  fns[static_cast<int>(ShapeRule::Gather)] = gather;
  fns[static_cast<int>(ShapeRule::MaxMin)] = max_min;
  fns[static_cast<int>(ShapeRule::Sort)] = sort;
  fns[static_cast<int>(ShapeRule::Topk)] = topk;
}

}  // namespace spmdcheck::check
