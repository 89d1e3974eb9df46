// The NCCL communicator (see nccl_communicator.h). Built only with the CUDA
// toolkit and NCCL; nccl_absent.cpp stands in otherwise.
#include "mpi_runner/nccl_communicator.h"

#include <cuda_runtime.h>
#include <nccl.h>

#include <stdexcept>

#include "mpi_runner/watchdog.h"

namespace spmdcheck {
namespace {

void cuda_check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("NcclCommunicator: ") + what + ": " + cudaGetErrorString(e));
}

void nccl_check(ncclResult_t r, const char* what) {
  if (r != ncclSuccess) throw std::runtime_error(std::string("NcclCommunicator: ") + what + ": " + ncclGetErrorString(r));
}

ncclDataType_t nccl_type(at::ScalarType t, bool& ok) {
  ok = true;
  if (t == at::kDouble) return ncclFloat64;
  if (t == at::kFloat) return ncclFloat32;
  if (t == at::kBFloat16) return ncclBfloat16;
  ok = false;
  return ncclUint8;
}

// A device buffer that grows to the largest request.
class DeviceBuffer {
 public:
  ~DeviceBuffer() {
    if (data_) cudaFree(data_);
  }
  void* get(size_t bytes) {
    if (bytes > size_) {
      if (data_) cudaFree(data_);
      data_ = nullptr;
      cuda_check(cudaMalloc(&data_, bytes), "cudaMalloc");
      size_ = bytes;
    }
    return data_;
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

class NcclCommunicator : public Communicator {
 public:
  NcclCommunicator(MeshLayout layout, std::vector<MpiAxis> mpi_axes, ncclComm_t world, std::vector<ncclComm_t> axes, Reduction reduction)
      : layout_(std::move(layout)), mpi_axes_(std::move(mpi_axes)), world_(world), axes_(std::move(axes)), reduction_(reduction) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    hosted_ = {rank};
    cuda_check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
  }
  ~NcclCommunicator() override {
    for (ncclComm_t c : axes_) ncclCommDestroy(c);
    ncclCommDestroy(world_);
    cudaStreamDestroy(stream_);
    free_mesh_axes(mpi_axes_);
  }
  const MeshLayout& layout() const override { return layout_; }
  const std::vector<int>& hosted_ranks() const override { return hosted_; }

  std::vector<at::Tensor> all_reduce_sum(int axis, const std::vector<at::Tensor>& in) override {
    const at::Tensor x = checked_input(axis, in.size(), in[0], "all_reduce_sum");
    bool typed = false;
    const ncclDataType_t type = nccl_type(x.scalar_type(), typed);
    if (reduction_ == Reduction::Native && typed) {
      at::Tensor out = at::empty_like(x, at::MemoryFormat::Contiguous);
      run(axis, "all_reduce_sum", x, out, [&](const void* send, void* recv) {
        nccl_check(ncclAllReduce(send, recv, static_cast<size_t>(x.numel()), type, ncclSum, axes_[axis], stream_), "ncclAllReduce");
      });
      return {out};
    }
    return {ordered_sum(gather_stacked(axis, x, "all_reduce_sum"))};
  }

  std::vector<std::vector<at::Tensor>> all_gather(int axis, const std::vector<at::Tensor>& in) override {
    const at::Tensor x = checked_input(axis, in.size(), in[0], "all_gather");
    return {gather_stacked(axis, x, "all_gather").unbind(0)};
  }

  std::vector<std::vector<at::Tensor>> all_to_all(int axis, const std::vector<std::vector<at::Tensor>>& send) override {
    return {exchange_stacked(axis, send, "all_to_all").unbind(0)};
  }

  std::vector<at::Tensor> reduce_scatter_sum(int axis, const std::vector<std::vector<at::Tensor>>& chunks) override {
    if (reduction_ == Reduction::Native && chunks.size() == 1 && !chunks[0].empty()) {
      bool typed = false;
      const ncclDataType_t type = nccl_type(chunks[0][0].scalar_type(), typed);
      if (typed) {
        const at::Tensor packed = stacked_input(axis, chunks, "reduce_scatter_sum");
        at::Tensor out = at::empty(chunks[0][0].sizes(), chunks[0][0].options());
        run(axis, "reduce_scatter_sum", packed, out, [&](const void* s, void* r) {
          nccl_check(ncclReduceScatter(s, r, static_cast<size_t>(out.numel()), type, ncclSum, axes_[axis], stream_), "ncclReduceScatter");
        });
        return {out};
      }
    }
    return {ordered_sum(exchange_stacked(axis, chunks, "reduce_scatter_sum"))};
  }

 private:
  at::Tensor checked_input(int axis, size_t inputs, const at::Tensor& t, const char* operation) {
    if (axis < 0 || axis >= layout_.num_axes()) throw std::invalid_argument("NcclCommunicator: axis out of range");
    if (inputs != 1) throw std::invalid_argument("NcclCommunicator: one tensor per hosted rank expected");
    at::Tensor x = t.detach().contiguous();
    require_uniform_fiber(mpi_axes_[axis], operation, x);
    return x;
  }

  at::Tensor stacked_input(int axis, const std::vector<std::vector<at::Tensor>>& send, const char* operation) {
    if (send.size() != 1 || send[0].size() != static_cast<size_t>(layout_.axis_size(axis)))
      throw std::invalid_argument(std::string("NcclCommunicator: ") + operation + " needs one tensor per coordinate of the axis");
    for (const at::Tensor& t : send[0])
      if (t.sizes() != send[0][0].sizes() || t.scalar_type() != send[0][0].scalar_type())
        throw std::invalid_argument(std::string("NcclCommunicator: ") + operation + ": the pieces of one rank differ in shape or dtype");
    checked_input(axis, 1, send[0][0], operation);
    std::vector<at::Tensor> pieces;
    for (const at::Tensor& t : send[0]) pieces.push_back(t.detach());
    return at::stack(pieces);
  }

  at::Tensor gather_stacked(int axis, const at::Tensor& x, const char* operation) {
    std::vector<int64_t> shape{layout_.axis_size(axis)};
    shape.insert(shape.end(), x.sizes().begin(), x.sizes().end());
    at::Tensor out = at::empty(shape, x.options());
    const size_t bytes = static_cast<size_t>(x.numel()) * x.element_size();
    run(axis, operation, x, out,
        [&](const void* s, void* r) { nccl_check(ncclAllGather(s, r, bytes, ncclUint8, axes_[axis], stream_), "ncclAllGather"); });
    return out;
  }

  at::Tensor exchange_stacked(int axis, const std::vector<std::vector<at::Tensor>>& send, const char* operation) {
    const at::Tensor packed = stacked_input(axis, send, operation);
    at::Tensor out = at::empty_like(packed);
    const size_t block = static_cast<size_t>(send[0][0].numel()) * send[0][0].element_size();
    const int n = static_cast<int>(layout_.axis_size(axis));
    run(axis, operation, packed, out, [&](const void* s, void* r) {
      nccl_check(ncclGroupStart(), "ncclGroupStart");
      for (int k = 0; k < n; ++k) {
        nccl_check(ncclSend(static_cast<const char*>(s) + k * block, block, ncclUint8, k, axes_[axis], stream_), "ncclSend");
        nccl_check(ncclRecv(static_cast<char*>(r) + k * block, block, ncclUint8, k, axes_[axis], stream_), "ncclRecv");
      }
      nccl_check(ncclGroupEnd(), "ncclGroupEnd");
    });
    return out;
  }

  // Stages `in` and `out` through device buffers unless they are CUDA
  // tensors, enqueues `op(send, recv)` on the stream and waits under the
  // watchdog.
  template <typename Op>
  void run(int axis, const char* operation, const at::Tensor& in, at::Tensor& out, Op&& op) {
    const size_t in_bytes = static_cast<size_t>(in.numel()) * in.element_size();
    const size_t out_bytes = static_cast<size_t>(out.numel()) * out.element_size();
    const bool device = in.is_cuda() && out.is_cuda();
    void* send = device ? in.data_ptr() : send_buffer_.get(in_bytes);
    void* recv = device ? out.data_ptr() : recv_buffer_.get(out_bytes);
    if (!device && in_bytes) cuda_check(cudaMemcpyAsync(send, in.data_ptr(), in_bytes, cudaMemcpyHostToDevice, stream_), "cudaMemcpy H2D");
    op(send, recv);
    if (!device && out_bytes)
      cuda_check(cudaMemcpyAsync(out.data_ptr(), recv, out_bytes, cudaMemcpyDeviceToHost, stream_), "cudaMemcpy D2H");
    cudaError_t status = cudaSuccess;
    watchdog_wait(
        [&] {
          status = cudaStreamQuery(stream_);
          return status != cudaErrorNotReady;
        },
        WaitWhat{operation, mpi_axes_[axis].name, &mpi_axes_[axis].ranks, false});
    cuda_check(status, operation);
  }

  MeshLayout layout_;
  std::vector<int> hosted_;
  std::vector<MpiAxis> mpi_axes_;
  ncclComm_t world_;
  std::vector<ncclComm_t> axes_;
  Reduction reduction_;
  cudaStream_t stream_ = nullptr;
  DeviceBuffer send_buffer_, recv_buffer_;
};

bool all_ranks(MPI_Comm world, bool mine) {
  int v = mine ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_INT, MPI_MIN, world);
  return v != 0;
}

}  // namespace

bool nccl_compiled() { return true; }

NcclStart start_nccl_communicator(const MeshLayout& layout, const std::vector<std::string>& axis_names, MPI_Comm world,
                                  Reduction reduction) {
  NcclStart start;
  int devices = 0;
  const cudaError_t e = cudaGetDeviceCount(&devices);
  if (!all_ranks(world, e == cudaSuccess && devices > 0)) {
    start.exit_code = 77;
    start.message = std::string("no CUDA device on some rank (cudaGetDeviceCount: ") +
                    (e == cudaSuccess ? "0 devices" : cudaGetErrorString(e)) + "): the NCCL backend is skipped";
    return start;
  }
  // One GPU per rank: NCCL refuses two ranks on one device.
  MPI_Comm node;
  MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int local_rank = 0, local_size = 1;
  MPI_Comm_rank(node, &local_rank);
  MPI_Comm_size(node, &local_size);
  MPI_Comm_free(&node);
  if (!all_ranks(world, local_size <= devices)) {
    start.exit_code = 2;
    start.message = "a node runs " + std::to_string(local_size) + " ranks but has " + std::to_string(devices) +
                    " GPU(s): NCCL needs one GPU per rank (run mpirun -np <number of GPUs>)";
    return start;
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(world, &rank);
  MPI_Comm_size(world, &size);
  try {
    cuda_check(cudaSetDevice(local_rank % devices), "cudaSetDevice");
    ncclUniqueId id;
    if (rank == 0) nccl_check(ncclGetUniqueId(&id), "ncclGetUniqueId");
    MPI_Bcast(&id, sizeof id, MPI_BYTE, 0, world);
    ncclComm_t world_comm;
    nccl_check(ncclCommInitRank(&world_comm, size, id, rank), "ncclCommInitRank");
    std::vector<ncclComm_t> axes;
    for (int a = 0; a < layout.num_axes(); ++a) {
      ncclComm_t c;
      nccl_check(ncclCommSplit(world_comm, layout.with_coord(rank, a, 0), static_cast<int>(layout.coord(rank, a)), &c, nullptr),
                 "ncclCommSplit");
      axes.push_back(c);
    }
    start.comm =
        std::make_unique<NcclCommunicator>(layout, split_mesh_axes(layout, axis_names, world), world_comm, std::move(axes), reduction);
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, local_rank % devices);
    int version = 0;
    ncclGetVersion(&version);
    start.message = "NCCL " + std::to_string(version) + " on " + prop.name + " (device " + std::to_string(local_rank % devices) + " of " +
                    std::to_string(devices) + " on rank 0's node)";
  } catch (const std::exception& ex) {
    start.exit_code = 1;
    start.message = ex.what();
  }
  if (!all_ranks(world, start.exit_code == 0) && start.exit_code == 0) {
    start.comm.reset();
    start.exit_code = 1;
    start.message = "NCCL failed to start on another rank";
  }
  return start;
}

}  // namespace spmdcheck
