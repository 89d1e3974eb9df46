// bench/mpi, run as `mpirun -np 4 bench_mpi [SECONDS]`:
// (1) the collective path (MpiCommunicator through LibTorch tensors, the
//     shape/dtype agreement and the watchdog's scope included) against
//     the raw MPI call on the same buffers, 1 KiB to 16 MiB per rank, f32,
//     one fiber of all ranks; target <= 1.2x at 1 MiB and above. The
//     ordered all_reduce (gather + coordinate-order sum, the default) is
//     shown against raw MPI_Allreduce too: the price of bitwise results.
//     "all_gather, fresh raw output" gives raw MPI a fresh output per call,
//     as the path has (outputs are fresh tensors).
// (2) programs per second of the soundness search on a 2x2 mesh (np=4)
//     with gradients, as spmdcheck-mpi runs it; target >= 50 on 2 cores.
// Times are medians of interleaved rounds (baseline and path alternate), so
// the ratios are measured under the same load.
#include <ATen/Parallel.h>
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "mpi_runner/mpi_communicator.h"
#include "mpi_runner/mpi_rank_group.h"
#include "mpi_runner/watchdog.h"
#include "rules/table_loader.h"
#include "soundness/soundness_search.h"

namespace {

using namespace spmdcheck;
using Clock = std::chrono::steady_clock;

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

// Seconds per call of `f` over `reps` calls, every rank starting together.
double per_call(const std::function<void()>& f, int reps) {
  MPI_Barrier(MPI_COMM_WORLD);
  const auto t = Clock::now();
  for (int i = 0; i < reps; ++i) f();
  double s = std::chrono::duration<double>(Clock::now() - t).count() / reps;
  MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Pair {
  double raw, path;
};

Pair compare(const std::function<void()>& raw, const std::function<void()>& path, size_t bytes) {
  const int reps = static_cast<int>(std::clamp<size_t>((size_t{16} << 20) / std::max<size_t>(bytes, 1), 2, 100));
  raw();
  path();  // warm up
  std::vector<double> r, p;
  for (int round = 0; round < 3; ++round) {
    r.push_back(per_call(raw, reps));
    p.push_back(per_call(path, reps));
  }
  return {median(r), median(p)};
}

void collectives(int size) {
  const MeshLayout layout(std::vector<int64_t>{size});
  MpiCommunicator native(layout, {"x"}, MPI_COMM_WORLD, Reduction::Native);
  MpiCommunicator ordered(layout, {"x"}, MPI_COMM_WORLD, Reduction::Ordered);
  MPI_Comm raw_comm;
  MPI_Comm_dup(MPI_COMM_WORLD, &raw_comm);
  if (world_rank() == 0) {
    std::printf("(1) collectives, %d ranks, f32, per-rank message size; times in microseconds (median of 3 interleaved rounds)\n", size);
    std::printf("%10s  %-30s %12s %12s %7s\n", "bytes", "operation", "raw MPI", "path", "ratio");
  }
  for (size_t bytes : {size_t{1} << 10, size_t{16} << 10, size_t{256} << 10, size_t{1} << 20, size_t{4} << 20, size_t{16} << 20}) {
    const int64_t count = static_cast<int64_t>(bytes / 4);
    const at::Tensor x = at::rand({count}, at::kFloat);
    at::Tensor out = at::empty({count}, at::kFloat), gathered = at::empty({size * count}, at::kFloat);
    const at::Tensor send = at::rand({size * count}, at::kFloat);
    at::Tensor recv = at::empty({size * count}, at::kFloat);
    std::vector<at::Tensor> pieces = send.chunk(size);
    struct Row {
      const char* name;
      std::function<void()> raw, path;
    } rows[] = {
        {"all_reduce_sum (native)",
         [&] { MPI_Allreduce(x.data_ptr(), out.data_ptr(), static_cast<int>(count), MPI_FLOAT, MPI_SUM, raw_comm); },
         [&] { native.all_reduce_sum(0, {x}); }},
        {"all_reduce_sum (ordered)",
         [&] { MPI_Allreduce(x.data_ptr(), out.data_ptr(), static_cast<int>(count), MPI_FLOAT, MPI_SUM, raw_comm); },
         [&] { ordered.all_reduce_sum(0, {x}); }},
        {"all_gather",
         [&] {
           MPI_Allgather(x.data_ptr(), static_cast<int>(bytes), MPI_BYTE, gathered.data_ptr(), static_cast<int>(bytes), MPI_BYTE, raw_comm);
         },
         [&] { ordered.all_gather(0, {x}); }},
        // The path returns a fresh output per call; this row separates the
        // cost of allocating (and first touching) it from the path's own.
        {"all_gather, fresh raw output",
         [&] {
           at::Tensor fresh = at::empty({size * count}, at::kFloat);
           MPI_Allgather(x.data_ptr(), static_cast<int>(bytes), MPI_BYTE, fresh.data_ptr(), static_cast<int>(bytes), MPI_BYTE, raw_comm);
         },
         [&] { ordered.all_gather(0, {x}); }},
        {"all_to_all",
         [&] {
           MPI_Alltoall(send.data_ptr(), static_cast<int>(bytes), MPI_BYTE, recv.data_ptr(), static_cast<int>(bytes), MPI_BYTE, raw_comm);
         },
         [&] { ordered.all_to_all(0, {pieces}); }},
        {"reduce_scatter_sum (native)",
         [&] { MPI_Reduce_scatter_block(send.data_ptr(), out.data_ptr(), static_cast<int>(count), MPI_FLOAT, MPI_SUM, raw_comm); },
         [&] { native.reduce_scatter_sum(0, {pieces}); }},
    };
    for (const Row& row : rows) {
      const Pair t = compare(row.raw, row.path, bytes);
      if (world_rank() == 0) std::printf("%10zu  %-30s %12.1f %12.1f %6.2fx\n", bytes, row.name, t.raw * 1e6, t.path * 1e6, t.path / t.raw);
    }
  }
  MPI_Comm_free(&raw_comm);
}

void programs_per_second(int size, double seconds) {
  if (size != 4) {
    if (world_rank() == 0) std::printf("(2) skipped: programs per second is measured at np=4 (2x2 mesh)\n");
    return;
  }
  const MeshLayout layout(std::vector<int64_t>{2, 2});
  MpiRankGroup group(MPI_COMM_WORLD,
                     std::make_unique<MpiCommunicator>(layout, std::vector<std::string>{"dp", "tp"}, MPI_COMM_WORLD, Reduction::Ordered));
  SearchOptions options;
  std::string error;
  options.settings = *parse_generation_settings("mesh=dp=2,tp=2 special=0", error);
  options.max_programs = 0;
  options.max_seconds = seconds;
  options.ranks = &group;
  SearchReport report = run_soundness_search(*default_rule_table(), options);
  if (world_rank() == 0)
    std::printf(
        "(2) soundness search, 2x2 mesh on 4 MPI ranks, gradients on, default settings: %lld programs in %.2f s = %.1f programs/s "
        "(target >= 50), %zu counterexample(s)\n",
        static_cast<long long>(report.programs), report.seconds, report.programs / report.seconds, report.counterexamples.size());
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  at::set_num_threads(1);
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const double seconds = argc > 1 ? std::atof(argv[1]) : 10;
  reuse_large_buffers();  // as spmdcheck-mpi runs
  start_watchdog_thread();
  collectives(size);
  programs_per_second(size, seconds);
  stop_watchdog_thread();
  MPI_Finalize();
  return 0;
}
