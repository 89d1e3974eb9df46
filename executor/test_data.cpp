// Deterministic, exactly-summable test data (see test_data.h).
//
// Every element drawn here is a quarter k/4 with k in [-8, 8]: a dyadic
// fraction with a 5-bit numerator. Sums of a few dozen of them are exact in
// f64, f32 and bf16 (bf16 holds every quarter of magnitude below 64), so the
// P pieces below add up to their item bitwise in any order, and linear
// programs compare bitwise. i64 and bool inputs (indices, masks) hold small
// non-negative integers instead, below the bound of every index parameter
// they fill, and an i64 value's P pieces are integers.
//
// The draw order is fixed and independent of which ranks a process hosts:
// items in order, elements row-major, and for P values every piece of every
// item. Processes hosting different subsets of the mesh therefore agree.
#include "executor/test_data.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "executor/special_values.h"
#include "kernels/local_kernels.h"

namespace spmdcheck {

uint64_t DataRng::next() {
  // splitmix64 (Steele, Lea, Flood 2014), as in java.util.SplittableRandom.
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

int64_t DataRng::uniform(int64_t lo, int64_t hi) {
  if (lo > hi) throw std::invalid_argument("DataRng::uniform: lo > hi");
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;  // 0: the full 2^64 range
  if (range == 0) return static_cast<int64_t>(next());
  // Reject the lowest (2^64 mod range) values so every residue is equally likely.
  const uint64_t threshold = (0 - range) % range;
  uint64_t x = next();
  while (x < threshold) x = next();
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % range);
}

namespace {

constexpr int64_t kLow = -8, kHigh = 8;  // elements are k/4, k in [kLow, kHigh]

// A fresh f64 tensor of `sizes`, elements k/4 drawn in row-major order (k
// itself where `integer`: an i64 value's pieces); `nonzero` skips k = 0
// (input values, so that a division by an input never divides by zero;
// split pieces may be zero).
at::Tensor random_quarters(at::IntArrayRef sizes, DataRng& rng, bool nonzero = false, bool integer = false) {
  at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(at::kDouble));
  double* data = t.data_ptr<double>();
  for (int64_t i = 0; i < t.numel(); ++i) {
    int64_t k = nonzero ? rng.uniform(kLow, kHigh - 1) : rng.uniform(kLow, kHigh);
    if (nonzero && k >= 0) ++k;
    data[i] = integer ? static_cast<double>(k) : static_cast<double>(k) / 4.0;
  }
  return t;
}

// A fresh f64 tensor of `sizes`, integers in [0, bound) in row-major order.
at::Tensor random_indices(at::IntArrayRef sizes, DataRng& rng, int64_t bound) {
  at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(at::kDouble));
  double* data = t.data_ptr<double>();
  for (int64_t i = 0; i < t.numel(); ++i) data[i] = static_cast<double>(rng.uniform(0, bound - 1));
  return t;
}

// The P axes of a value, in mesh order, with their sizes. A value's P pieces
// are indexed row-major over these axes' coordinates (like its items over
// the V axes); m, the number of pieces, is the product of the sizes.
struct PieceIndex {
  std::vector<int> axes;
  std::vector<int64_t> sizes;
  int64_t count = 1;

  PieceIndex(const MeshLayout& layout, const LocalType& type) {
    for (int a = 0; a < type.num_axes; ++a)
      if (type.axis[a] == Ty::P) {
        axes.push_back(a);
        sizes.push_back(layout.axis_size(a));
        count *= layout.axis_size(a);
      }
  }
  int64_t of_rank(const MeshLayout& layout, int rank) const {
    int64_t j = 0;
    for (size_t i = 0; i < axes.size(); ++i) j = j * sizes[i] + layout.coord(rank, axes[i]);
    return j;
  }
  // Coordinate on the i-th P axis of piece j.
  int64_t coord(int64_t j, size_t i) const {
    for (size_t later = axes.size() - 1; later > i; --later) j /= sizes[later];
    return j % sizes[i];
  }
};

// True if the pieces hold both signs and, on every P axis of size >= 2,
// non-zero pieces sit at two or more coordinates: no axis' sum is held by one
// rank (rank 0 or any other).
// One pass over each piece's f64 data (this runs for every P input and
// cotangent of every program: tensor ops here cost a tenth of the search).
bool spread(const std::vector<at::Tensor>& pieces, const PieceIndex& index) {
  // Sign-varying: some piece holds a negative element and some a positive one.
  bool negative = false, positive = false;
  std::vector<bool> nonzero(pieces.size());
  for (size_t j = 0; j < pieces.size(); ++j) {
    const at::Tensor c = pieces[j].contiguous();
    const double* data = c.data_ptr<double>();
    for (int64_t i = 0; i < c.numel(); ++i) {
      negative = negative || data[i] < 0;
      positive = positive || data[i] > 0;
      nonzero[j] = nonzero[j] || data[i] != 0;
    }
  }
  if (!negative || !positive) return false;
  for (size_t i = 0; i < index.axes.size(); ++i) {
    if (index.sizes[i] < 2) continue;
    int64_t first = -1;
    bool two = false;
    for (size_t j = 0; j < pieces.size() && !two; ++j) {
      if (!nonzero[j]) continue;
      int64_t c = index.coord(static_cast<int64_t>(j), i);
      if (first < 0) first = c;
      two = c != first;
    }
    if (!two) return false;
  }
  return true;
}

// m pieces summing exactly to `item`: m - 1 random quarters (integers
// where `integer`) and the remainder, redrawn until spread() holds. With m == 1 (no P axis, or only
// size-1 ones) the item is its own piece.
// With `special`, the special elements (special_values.h) are split apart:
// the regular ones as above, with spread() judged on them alone (an item
// of special elements only is accepted as split), then the special ones by
// place_special_pieces.
std::vector<at::Tensor> split_item(const at::Tensor& item, const PieceIndex& index, DataRng& rng, bool integer, bool special) {
  if (index.count == 1) return {item};  // read only: realize_denotation copies each rank's piece
  const at::Tensor mask = special ? special_mask(item) : at::Tensor();
  const bool any_special = special && mask.any().item<bool>();
  const bool all_special = any_special && mask.all().item<bool>();
  const at::Tensor regular = any_special ? item.masked_fill(mask, 0.0) : item;
  for (;;) {
    std::vector<at::Tensor> p;
    at::Tensor rest = regular.clone();
    for (int64_t j = 0; j + 1 < index.count; ++j) {
      p.push_back(random_quarters(item.sizes(), rng, /*nonzero=*/false, integer));
      rest.sub_(p.back());  // exact: dyadic quarters of small magnitude
    }
    p.push_back(rest);
    if (!any_special) {
      if (spread(p, index)) return p;
      continue;
    }
    std::vector<at::Tensor> judged;
    for (const at::Tensor& piece : p) judged.push_back(piece.masked_fill(mask, 0.0));
    if (all_special || spread(judged, index)) {
      place_special_pieces(item, mask, p, rng);
      return p;
    }
  }
}

}  // namespace

Denotation make_input_denotation(const InputStmt& input, const MeshLayout& layout, DataRng& rng, int64_t index_bound) {
  Denotation den;
  den.type = input.type.type;
  const at::IntArrayRef sizes(input.shape.dims.data(), input.shape.rank);
  const int64_t count = denotation_size(layout, den.type);
  const bool integer = !input.scalar && !dtype_is_floating(input.dtype);
  const int64_t bound = index_bound > 0 ? index_bound : input.dtype == DType::Bool ? 2 : 4;
  den.items.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    den.items.push_back(integer ? random_indices(sizes, rng, bound) : random_quarters(sizes, rng, /*nonzero=*/true));
  return den;
}

std::vector<int64_t> input_index_bounds(const CheckResult& checked) {
  std::vector<int64_t> out(checked.values.size(), 0);
  for (const ResolvedBinding& b : checked.bindings)
    for (const IndexBound& ib : b.index_bounds) {
      int64_t& bound = out[static_cast<size_t>(ib.value)];
      bound = bound == 0 ? ib.bound : std::min(bound, ib.bound);
    }
  return out;
}

namespace {

// Writes the elements of the f64 tensor `piece` into `out` (room for as many
// elements of `type`, contiguous), each converted as LibTorch's scalar
// conversion converts it (bf16 and f16 through float, bool as != 0). A plain
// loop, not a tensor op: the conversion of a piece is then the same bits
// wherever it lands (LibTorch's vectorised conversion gives a NaN a bf16
// sign that depends on the element's place in the loop, which made an R
// input's ranks differ), and it costs no dispatch (these conversions were
// a sixth of a search's ATen calls).
void write_converted(const at::Tensor& piece, void* out, at::ScalarType type) {
  const at::Tensor c = piece.contiguous();  // pieces are fresh: no copy
  const double* in = c.data_ptr<double>();
  const int64_t n = c.numel();
  auto write = [&](auto* to) {
    using T = std::remove_pointer_t<decltype(to)>;
    for (int64_t i = 0; i < n; ++i) to[i] = static_cast<T>(in[i]);
  };
  switch (type) {
    case at::kDouble: write(static_cast<double*>(out)); break;
    case at::kFloat: write(static_cast<float*>(out)); break;
    case at::kBFloat16:
      for (int64_t i = 0; i < n; ++i) static_cast<c10::BFloat16*>(out)[i] = c10::BFloat16(static_cast<float>(in[i]));
      break;
    case at::kHalf:
      for (int64_t i = 0; i < n; ++i) static_cast<c10::Half*>(out)[i] = c10::Half(static_cast<float>(in[i]));
      break;
    case at::kLong: write(static_cast<int64_t*>(out)); break;
    case at::kBool:
      for (int64_t i = 0; i < n; ++i) static_cast<bool*>(out)[i] = in[i] != 0;
      break;
    default: throw std::invalid_argument(std::string("realize_denotation: no dtype of the format: ") + c10::toString(type));
  }
}

// The f64 pieces the hosted ranks hold, in hosted order (the split's own
// tensors: a rank's piece may be shared with another rank's).
std::vector<at::Tensor> hosted_pieces(const Denotation& den, DType dtype, const MeshLayout& layout, const std::vector<int>& hosted,
                                      DataRng& rng, bool special) {
  if (static_cast<int64_t>(den.items.size()) != denotation_size(layout, den.type))
    throw std::invalid_argument("realize_denotation: the denotation has the wrong number of items");
  const PieceIndex index(layout, den.type);
  if (dtype == DType::Bool && index.count > 1)
    throw std::invalid_argument("realize_denotation: a bool value cannot be P (pieces of a sum are not bools)");
  // Every process draws the whole split, hosted or not (see the file comment).
  std::vector<std::vector<at::Tensor>> split;
  split.reserve(den.items.size());
  for (const at::Tensor& item : den.items)
    split.push_back(split_item(item.scalar_type() == at::kDouble ? item : item.to(at::kDouble), index, rng, dtype == DType::I64,
                               special && dtype_is_floating(dtype)));
  std::vector<at::Tensor> out;
  out.reserve(hosted.size());
  for (int rank : hosted) out.push_back(split[denotation_item_of_rank(layout, den.type, rank)][index.of_rank(layout, rank)]);
  return out;
}

}  // namespace

RankTensors realize_denotation(const Denotation& den, DType dtype, const MeshLayout& layout, const std::vector<int>& hosted, DataRng& rng,
                               bool special) {
  const at::ScalarType type = to_scalar_type(dtype);
  RankTensors out;
  for (const at::Tensor& piece : hosted_pieces(den, dtype, layout, hosted, rng, special)) {
    at::Tensor t = at::empty(piece.sizes(), at::TensorOptions().dtype(type));  // each rank its own storage
    write_converted(piece, t.data_ptr(), type);
    out.push_back(std::move(t));
  }
  return out;
}

at::Tensor realize_denotation_stacked(const Denotation& den, DType dtype, const MeshLayout& layout, const std::vector<int>& hosted,
                                      DataRng& rng, bool special) {
  const at::ScalarType type = to_scalar_type(dtype);
  const std::vector<at::Tensor> pieces = hosted_pieces(den, dtype, layout, hosted, rng, special);
  std::vector<int64_t> sizes{static_cast<int64_t>(hosted.size())};
  const at::IntArrayRef piece_sizes = pieces.empty() ? at::IntArrayRef() : pieces[0].sizes();
  sizes.insert(sizes.end(), piece_sizes.begin(), piece_sizes.end());
  at::Tensor out = at::empty(sizes, at::TensorOptions().dtype(type));
  char* base = static_cast<char*>(out.data_ptr());
  const int64_t stride = out.numel() / std::max<int64_t>(1, static_cast<int64_t>(hosted.size())) * static_cast<int64_t>(out.element_size());
  for (size_t h = 0; h < pieces.size(); ++h) write_converted(pieces[h], base + static_cast<int64_t>(h) * stride, type);
  return out;
}

}  // namespace spmdcheck
