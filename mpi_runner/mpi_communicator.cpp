#include "mpi_runner/mpi_communicator.h"

#include <malloc.h>

#include <climits>
#include <stdexcept>

#include "mpi_runner/watchdog.h"

namespace spmdcheck {
namespace {

constexpr int kSignatureDims = 12;  // more than any value's rank (kMaxRank) plus a stacked dim

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("MpiCommunicator: " + what);
}

MPI_Datatype native_type(at::ScalarType t) {
  if (t == at::kDouble) return MPI_DOUBLE;
  if (t == at::kFloat) return MPI_FLOAT;
  return MPI_DATATYPE_NULL;
}

std::vector<int64_t> stacked_shape(int64_t n, const at::Tensor& x) {
  std::vector<int64_t> shape{n};
  shape.insert(shape.end(), x.sizes().begin(), x.sizes().end());
  return shape;
}

// Block k of a send buffer goes to coordinate k: pieces that already lie
// back to back (the chunks of a contiguous tensor along dim 0) are sent in
// place, others are packed into `packed` first.
const void* blocks_base(const std::vector<at::Tensor>& pieces, int bytes, at::Tensor& packed) {
  bool adjacent = true;
  for (size_t k = 0; k < pieces.size() && adjacent; ++k)
    adjacent = pieces[k].is_contiguous() && static_cast<const char*>(pieces[k].data_ptr()) ==
                                                static_cast<const char*>(pieces[0].data_ptr()) + k * static_cast<size_t>(bytes);
  if (adjacent) return pieces[0].data_ptr();
  packed = at::stack(pieces);
  return packed.data_ptr();
}

}  // namespace

at::Tensor ordered_sum(const at::Tensor& stacked) {
  at::Tensor acc = stacked[0].clone(at::MemoryFormat::Contiguous);
  for (int64_t k = 1; k < stacked.size(0); ++k) acc.add_(stacked[k]);
  return acc;
}

std::vector<MpiAxis> split_mesh_axes(const MeshLayout& layout, const std::vector<std::string>& names, MPI_Comm world) {
  int rank = 0;
  MPI_Comm_rank(world, &rank);
  std::vector<MpiAxis> axes;
  for (int a = 0; a < layout.num_axes(); ++a) {
    MpiAxis axis;
    axis.name = a < static_cast<int>(names.size()) ? names[a] : "axis " + std::to_string(a);
    axis.ranks = layout.fiber(rank, a);
    // color: the fiber (its coordinate-0 rank); key: the coordinate.
    MPI_Comm_split(world, layout.with_coord(rank, a, 0), static_cast<int>(layout.coord(rank, a)), &axis.comm);
    axes.push_back(std::move(axis));
  }
  return axes;
}

void free_mesh_axes(std::vector<MpiAxis>& axes) {
  for (MpiAxis& a : axes)
    if (a.comm != MPI_COMM_NULL) MPI_Comm_free(&a.comm);
  axes.clear();
}

// An allreduce(MAX) of the signature and its negation gives the maximum and
// the minimum of every field at once.
void require_uniform_fiber(const MpiAxis& a, const char* operation, const at::Tensor& t) {
  require(t.dim() < kSignatureDims - 1, "a tensor of rank " + std::to_string(t.dim()) + " is beyond the signature");
  int64_t sig[2 * kSignatureDims];
  int64_t* mine = sig;
  mine[0] = static_cast<int64_t>(t.scalar_type());
  mine[1] = t.dim();
  for (int i = 0; i < kSignatureDims - 2; ++i) mine[2 + i] = i < t.dim() ? t.size(i) : -1;
  for (int i = 0; i < kSignatureDims; ++i) sig[kSignatureDims + i] = -mine[i];
  {
    const BlockingScope watched(WaitWhat{operation, a.name, &a.ranks, false});
    MPI_Allreduce(MPI_IN_PLACE, sig, 2 * kSignatureDims, MPI_INT64_T, MPI_MAX, a.comm);
  }
  for (int i = 0; i < kSignatureDims; ++i)
    require(sig[i] == -sig[kSignatureDims + i], std::string(operation) + ": tensors of one fiber differ in shape or dtype");
}

void reuse_large_buffers() {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

int mpi_byte_count(const at::Tensor& t) {
  const int64_t bytes = t.numel() * static_cast<int64_t>(t.element_size());
  require(bytes <= INT_MAX, "a tensor of " + std::to_string(bytes) + " bytes exceeds one MPI message");
  return static_cast<int>(bytes);
}

MpiCommunicator::MpiCommunicator(MeshLayout layout, std::vector<std::string> axis_names, MPI_Comm world, Reduction reduction)
    : layout_(std::move(layout)), reduction_(reduction) {
  int rank = 0;
  MPI_Comm_rank(world, &rank);
  hosted_ = {rank};
  axes_ = split_mesh_axes(layout_, axis_names, world);
}

MpiCommunicator::~MpiCommunicator() { free_mesh_axes(axes_); }

const MpiAxis& MpiCommunicator::axis_of(int axis, size_t inputs) const {
  require(axis >= 0 && axis < layout_.num_axes(), "axis out of range");
  require(inputs == 1, "one tensor per hosted rank expected (this process hosts one rank)");
  return axes_[axis];
}

at::Tensor MpiCommunicator::gather_stacked(const MpiAxis& a, const at::Tensor& x, const char* operation) const {
  const int64_t n = static_cast<int64_t>(a.ranks.size());
  at::Tensor out = at::empty(stacked_shape(n, x), x.options());
  const int bytes = mpi_byte_count(x);
  {
    const BlockingScope watched(WaitWhat{operation, a.name, &a.ranks, false});
    MPI_Allgather(x.data_ptr(), bytes, MPI_BYTE, out.data_ptr(), bytes, MPI_BYTE, a.comm);
  }
  return out;
}

at::Tensor MpiCommunicator::exchange_stacked(const MpiAxis& a, const std::vector<at::Tensor>& send, const char* operation) const {
  require(send.size() == a.ranks.size(), std::string(operation) + " needs one tensor per coordinate of the axis");
  for (const at::Tensor& t : send)
    require(t.sizes() == send[0].sizes() && t.scalar_type() == send[0].scalar_type(),
            std::string(operation) + ": the pieces of one rank differ in shape or dtype");
  require_uniform_fiber(a, operation, send[0]);
  const int bytes = mpi_byte_count(send[0]);
  at::Tensor packed;
  const void* base = blocks_base(send, bytes, packed);
  at::Tensor out = at::empty(stacked_shape(static_cast<int64_t>(send.size()), send[0]), send[0].options());
  {
    const BlockingScope watched(WaitWhat{operation, a.name, &a.ranks, false});
    MPI_Alltoall(base, bytes, MPI_BYTE, out.data_ptr(), bytes, MPI_BYTE, a.comm);
  }
  return out;
}

// Inputs are detached: the transfers write raw memory that autograd must not
// see (the autograd Function around each step records the graph).

std::vector<at::Tensor> MpiCommunicator::all_reduce_sum(int axis, const std::vector<at::Tensor>& in) {
  const MpiAxis& a = axis_of(axis, in.size());
  const at::Tensor x = in[0].detach().contiguous();
  require_uniform_fiber(a, "all_reduce_sum", x);
  const MPI_Datatype type = native_type(x.scalar_type());
  if (reduction_ == Reduction::Native && type != MPI_DATATYPE_NULL) {
    at::Tensor out = at::empty(x.sizes(), x.options());
    require(out.numel() <= INT_MAX, "all_reduce_sum: too many elements for one MPI message");
    {
      const BlockingScope watched(WaitWhat{"all_reduce_sum", a.name, &a.ranks, false});
      MPI_Allreduce(x.data_ptr(), out.data_ptr(), static_cast<int>(out.numel()), type, MPI_SUM, a.comm);
    }
    return {out};
  }
  return {ordered_sum(gather_stacked(a, x, "all_reduce_sum"))};
}

std::vector<std::vector<at::Tensor>> MpiCommunicator::all_gather(int axis, const std::vector<at::Tensor>& in) {
  const MpiAxis& a = axis_of(axis, in.size());
  const at::Tensor x = in[0].detach().contiguous();
  require_uniform_fiber(a, "all_gather", x);
  // Disjoint slices of one fresh buffer: no output aliases an input.
  return {gather_stacked(a, x, "all_gather").unbind(0)};
}

std::vector<std::vector<at::Tensor>> MpiCommunicator::all_to_all(int axis, const std::vector<std::vector<at::Tensor>>& send) {
  const MpiAxis& a = axis_of(axis, send.size());
  std::vector<at::Tensor> pieces;
  for (const at::Tensor& t : send[0]) pieces.push_back(t.detach());
  return {exchange_stacked(a, pieces, "all_to_all").unbind(0)};
}

std::vector<at::Tensor> MpiCommunicator::reduce_scatter_sum(int axis, const std::vector<std::vector<at::Tensor>>& chunks) {
  const MpiAxis& a = axis_of(axis, chunks.size());
  std::vector<at::Tensor> pieces;
  for (const at::Tensor& t : chunks[0]) pieces.push_back(t.detach());
  require(!pieces.empty(), "reduce_scatter_sum needs one chunk per coordinate of the axis");
  const MPI_Datatype type = native_type(pieces[0].scalar_type());
  if (reduction_ == Reduction::Native && type != MPI_DATATYPE_NULL) {
    require(pieces.size() == a.ranks.size(), "reduce_scatter_sum needs one chunk per coordinate of the axis");
    require_uniform_fiber(a, "reduce_scatter_sum", pieces[0]);
    at::Tensor packed;
    const void* base = blocks_base(pieces, mpi_byte_count(pieces[0]), packed);
    at::Tensor out = at::empty(pieces[0].sizes(), pieces[0].options());
    require(out.numel() <= INT_MAX, "reduce_scatter_sum: too many elements for one MPI message");
    {
      const BlockingScope watched(WaitWhat{"reduce_scatter_sum", a.name, &a.ranks, false});
      MPI_Reduce_scatter_block(base, out.data_ptr(), static_cast<int>(out.numel()), type, MPI_SUM, a.comm);
    }
    return {out};
  }
  // Every rank receives the contributions to its own coordinate, then sums them in coordinate order.
  return {ordered_sum(exchange_stacked(a, pieces, "reduce_scatter_sum"))};
}

}  // namespace spmdcheck
