// spmdcheck-mpi: the soundness search on MPI (CPU) or NCCL (GPU) ranks.
//
// Every rank generates the same programs from the seed (generation is a pure
// function of seed, settings and table), runs them through the shared
// executor over its communicator, and meets the others at the RankGroup's
// agreement points; rank 0 runs the reference, compares, decides and prints.
// See DESIGN.md §4a.
#include <ATen/Parallel.h>
#include <mpi.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cmd/cli_support.h"
#include "cmd/exit_codes.h"
#include "mpi_runner/mpi_communicator.h"
#include "mpi_runner/nccl_communicator.h"
#include "mpi_runner/runner_report.h"
#include "mpi_runner/watchdog.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

// data_seed_for(s) = s * K + c with K odd: invertible modulo 2^64, so the
// watchdog can name the program seed of the program being checked.
uint64_t program_seed_of(uint64_t data_seed) {
  const uint64_t k = 0x9e3779b97f4a7c15ull;
  uint64_t inverse = k;  // Newton's iteration doubles the correct low bits
  for (int i = 0; i < 6; ++i) inverse *= 2 - k * inverse;
  return (data_seed - data_seed_for(0)) * inverse;
}

std::vector<std::string> gather_hosts(MPI_Comm world, int size) {
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  MPI_Get_processor_name(name, &length);
  std::vector<char> all(static_cast<size_t>(size) * MPI_MAX_PROCESSOR_NAME);
  MPI_Gather(name, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, all.data(), MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0, world);
  std::vector<std::string> hosts;
  for (int r = 0; r < size; ++r) hosts.emplace_back(all.data() + static_cast<size_t>(r) * MPI_MAX_PROCESSOR_NAME);
  return hosts;
}

// Loads the table on rank 0 first, so a broken table is reported once.
std::shared_ptr<const RuleTable> load_table(const std::string& rules_file, MPI_Comm world, int rank, int& exit_code) {
  TableChoice choice;
  if (rank == 0) choice = choose_rule_table(rules_file);
  int code = rank == 0 ? (choice.table ? 0 : choice.exit_code) : 0;
  MPI_Bcast(&code, 1, MPI_INT, 0, world);
  exit_code = code;
  if (code != 0) return nullptr;
  if (rank != 0) choice = choose_rule_table(rules_file);
  return choice.table;
}

int run(int argc, char** argv, MPI_Comm world, int rank, int size) {
  const bool lead = rank == 0;
  ParsedOptions parsed = parse_runner_options(argc, argv, lead);
  if (!parsed.options) return parsed.exit_code;
  const RunnerOptions& args = *parsed.options;

  SearchOptions search;
  std::string error;
  if (!args.gen.empty()) {
    auto settings = parse_generation_settings(args.gen, error);
    if (!settings) {
      if (lead) std::cerr << "spmdcheck-mpi: --gen: " << error << "\n";
      return kExitUsage;
    }
    search.settings = *settings;
  }
  const auto axes = parse_mesh_spec(args.mesh, error);
  if (axes.empty()) {
    if (lead) std::cerr << "spmdcheck-mpi: --mesh: " << error << "\n";
    return kExitUsage;
  }
  if (!search.settings.mesh.empty() && search.settings.mesh != args.mesh) {
    if (lead) std::cerr << "spmdcheck-mpi: --gen has mesh=" << search.settings.mesh << " but --mesh is " << args.mesh << "\n";
    return kExitUsage;
  }
  search.settings.mesh = args.mesh;
  std::vector<int64_t> sizes;
  std::vector<std::string> names;
  int64_t ranks = 1;
  for (const auto& [name, n] : axes) {
    names.push_back(name);
    sizes.push_back(n);
    ranks *= n;
  }
  if (ranks != size) {
    if (lead)
      std::cerr << "spmdcheck-mpi: --mesh " << args.mesh << " has " << ranks << " ranks, but mpirun started " << size
                << " processes: run mpirun -np " << ranks << " spmdcheck-mpi --mesh " << args.mesh << " ...\n";
    return kExitUsage;
  }
  int table_code = 0;
  std::shared_ptr<const RuleTable> table = load_table(args.rules_file, world, rank, table_code);
  if (!table) return table_code;

  at::set_num_threads(1);
  reuse_large_buffers();
  WatchdogSettings& watchdog = watchdog_settings();
  watchdog.timeout_seconds = args.watchdog_seconds;
  watchdog.world_rank = rank;

  const MeshLayout layout(sizes);
  const Reduction reduction = args.reduction == "native" ? Reduction::Native : Reduction::Ordered;
  std::unique_ptr<Communicator> comm;
  std::string backend;
  if (args.backend == "nccl") {
    NcclStart start = start_nccl_communicator(layout, names, world, reduction);
    if (!start.comm) {
      if (lead) std::cerr << "spmdcheck-mpi: --backend nccl: " << start.message << "\n";
      return start.exit_code;
    }
    comm = std::move(start.comm);
    backend = start.message;
  } else {
    comm = std::make_unique<MpiCommunicator>(layout, names, world, reduction);
    int version = 0, subversion = 0;
    MPI_Get_version(&version, &subversion);
    backend = "MPI " + std::to_string(version) + "." + std::to_string(subversion) + " (CPU tensors)";
  }
  MpiRankGroup group(world, std::move(comm), args.fault);
  watchdog.program_context = [&group, &args, size] {
    const uint64_t seed = program_seed_of(group.data_seed());
    return "program seed " + std::to_string(seed) + " (property check " + std::to_string(group.checks()) +
           " of this run; replay: mpirun -np " + std::to_string(size) + " spmdcheck-mpi --mesh " + args.mesh + " --program-seed " +
           std::to_string(seed) + " ...)";
  };

  search.seed = args.seed;
  search.program_seed = args.program_seed;
  search.max_seconds = args.seconds;
  search.max_programs = args.programs >= 0 ? args.programs : (args.seconds > 0 ? 0 : 200);
  search.gradients = args.gradients;
  search.ranks = &group;
  // Rank 0's progress: one live line on a terminal; where mpirun pipes
  // standard error (a log), one line every 10 s instead.
  auto last = std::chrono::steady_clock::now();
  const bool tty = ::isatty(STDERR_FILENO);
  if (lead && args.progress)
    search.progress = [&last, &search, tty](const SearchProgress& p) {
      const auto now = std::chrono::steady_clock::now();
      if (!tty && now - last < std::chrono::seconds(10)) return;
      last = now;
      std::fprintf(stderr, tty ? "\r\033[Kspmdcheck-mpi: %s" : "spmdcheck-mpi: %s\n", progress_text(search, p).c_str());
      std::fflush(stderr);
    };
  start_watchdog_thread();
  SearchReport result = run_soundness_search(*table, search);
  if (lead && args.progress && tty) std::fputs("\n", stderr);

  // With the library's reductions, a counterexample that goes away with
  // ordered sums is the library's (every rank reruns it: the decision is collective).
  std::optional<std::string> library_finding;
  if (reduction == Reduction::Native && !result.counterexamples.empty()) {
    auto* mpi = dynamic_cast<MpiCommunicator*>(&group.communicator());
    if (mpi) mpi->set_reduction(Reduction::Ordered);
    const Counterexample& cx = result.counterexamples.front();
    PropertyOptions property;
    property.gradients = args.gradients;
    property.ranks = &group;
    const bool still = check_program_property(*table, cx.shrunk, data_seed_for(cx.program_seed), property).failed();
    if (mpi) mpi->set_reduction(Reduction::Native);
    if (mpi && !still)
      library_finding = "with --reduction ordered the counterexample of program seed " + std::to_string(cx.program_seed) +
                        " passes: the library's reduction gave results that differ between ranks or from the coordinate-order sum "
                        "(MPI requires identical results on every rank; see ompi#11721)";
  }
  stop_watchdog_thread();
  const std::vector<std::string> hosts = gather_hosts(world, size);
  if (lead) {
    RunnerReport report{*table, search, args, result, hosts, backend, library_finding};
    std::cout << runner_summary(report);
    std::cout.flush();
  }
  return runner_ok(result) ? kExitOk : kExitFound;
}

}  // namespace
}  // namespace spmdcheck

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  MPI_Comm world;
  MPI_Comm_dup(MPI_COMM_WORLD, &world);
  int rank = 0, size = 1;
  MPI_Comm_rank(world, &rank);
  MPI_Comm_size(world, &size);
  const int code = spmdcheck::run(argc, argv, world, rank, size);
  MPI_Comm_free(&world);
  MPI_Finalize();
  return code;
}
