#include "mpi_runner/mpi_rank_group.h"

#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "mpi_runner/mpi_communicator.h"
#include "mpi_runner/watchdog.h"

namespace spmdcheck {
namespace {

void wait_world(MPI_Request& request, const char* operation) {
  watchdog_wait(
      [&] {
        int done = 0;
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        return done != 0;
      },
      WaitWhat{operation, "", nullptr, true});
}

[[noreturn]] void internal_error(const std::string& what) {
  std::fprintf(stderr, "spmdcheck-mpi: internal error: %s\n", what.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 2);
  std::_Exit(2);
}

}  // namespace

MpiRankGroup::MpiRankGroup(MPI_Comm world, std::unique_ptr<Communicator> comm, TestFault fault)
    : world_(world), comm_(std::move(comm)), fault_(fault) {
  MPI_Comm_rank(world_, &rank_);
  MPI_Comm_size(world_, &size_);
}

Communicator* MpiRankGroup::begin(const Program&, const MeshLayout& layout, uint64_t data_seed) {
  ++checks_;
  data_seed_ = data_seed;
  if (fault_.kind != TestFault::Kind::None && fault_.rank == rank_ && fault_.at_check == checks_) {
    std::fprintf(stderr, "spmdcheck-mpi: test fault: rank %d %s at property check %lld\n", rank_,
                 fault_.kind == TestFault::Kind::Hang ? "hangs" : "exits without MPI_Finalize", static_cast<long long>(checks_));
    std::fflush(stderr);
    if (fault_.kind == TestFault::Kind::Exit) std::_Exit(3);
    for (;;) ::sleep(1000);
  }
  return layout.sizes() == comm_->layout().sizes() ? comm_.get() : nullptr;
}

// Every value has one shape and dtype on every rank (the executor checked
// each against the checker's), so each rank sends the same byte count: the
// values packed back to back, gathered with one MPI_Igather.
std::vector<RankTensors> MpiRankGroup::gather(const std::vector<RankTensors>& hosted) {
  std::vector<at::Tensor> mine;
  int64_t total = 0;
  for (const RankTensors& v : hosted) {
    if (v.size() != 1 || !v[0].defined()) internal_error("gather: one defined tensor per value expected");
    mine.push_back(v[0].detach().contiguous());
    total += mpi_byte_count(mine.back());
  }
  if (total > INT32_MAX / size_) internal_error("gather: the program's values exceed one MPI message");
  std::vector<unsigned char> send(static_cast<size_t>(total));
  size_t at = 0;
  for (const at::Tensor& t : mine) {
    const size_t n = static_cast<size_t>(mpi_byte_count(t));
    if (n) std::memcpy(send.data() + at, t.data_ptr(), n);
    at += n;
  }
  std::vector<unsigned char> all(rank_ == 0 ? send.size() * static_cast<size_t>(size_) : 0);
  MPI_Request request;
  MPI_Igather(send.data(), static_cast<int>(total), MPI_BYTE, all.data(), static_cast<int>(total), MPI_BYTE, 0, world_, &request);
  wait_world(request, "gather of the values to rank 0");
  if (rank_ != 0) return {};
  std::vector<RankTensors> out(hosted.size());
  for (int r = 0; r < size_; ++r) {
    size_t offset = static_cast<size_t>(r) * send.size();
    for (size_t v = 0; v < mine.size(); ++v) {
      at::Tensor t = at::empty(mine[v].sizes(), mine[v].options());
      const size_t n = static_cast<size_t>(mpi_byte_count(t));
      if (n) std::memcpy(t.data_ptr(), all.data() + offset, n);
      offset += n;
      out[v].push_back(t);
    }
  }
  return out;
}

bool MpiRankGroup::any(bool flag) {
  int value = flag ? 1 : 0;
  MPI_Request request;
  MPI_Iallreduce(MPI_IN_PLACE, &value, 1, MPI_INT, MPI_MAX, world_, &request);
  wait_world(request, "agreement on errors");
  return value != 0;
}

bool MpiRankGroup::from_checker(bool value) {
  int v = value ? 1 : 0;
  MPI_Request request;
  MPI_Ibcast(&v, 1, MPI_INT, 0, world_, &request);
  wait_world(request, "rank 0's verdict");
  return v != 0;
}

}  // namespace spmdcheck
