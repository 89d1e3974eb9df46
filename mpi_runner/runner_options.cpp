#include "mpi_runner/runner_options.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <regex>

#include "cmd/exit_codes.h"

namespace spmdcheck {
namespace {

// "hang@1:3" -> rank 1 hangs at its 3rd property check.
bool parse_fault(const std::string& text, TestFault& fault) {
  static const std::regex form(R"((hang|exit)@(\d+):(\d+))");
  std::smatch m;
  if (!std::regex_match(text, m, form)) return false;
  fault.kind = m[1] == "hang" ? TestFault::Kind::Hang : TestFault::Kind::Exit;
  fault.rank = std::stoi(m[2]);
  fault.at_check = std::stoll(m[3]);
  return fault.at_check >= 1;
}

}  // namespace

ParsedOptions parse_runner_options(int argc, char** argv, bool print) {
  RunnerOptions o;
  CLI::App app{
      "spmdcheck-mpi: the soundness search on real ranks. Start it with mpirun, one process per rank of the mesh:\n"
      "  mpirun -np 4 spmdcheck-mpi --mesh dp=2,tp=2 --programs 200\n"
      "Every rank generates the same programs from the seed and runs them, forward and backward, with real\n"
      "collectives (OpenMPI on CPU tensors, or NCCL on GPUs); rank 0 compares every value with the reference\n"
      "interpreter, checks R/I values bit-identical across ranks, shrinks counterexamples and prints the summary\n"
      "(#wrong per rank, OK or FAILED, a replay line per failure).\n"
      "Exit codes: 0 nothing found, 1 counterexample (or a collective stopped by the watchdog), 2 usage or input\n"
      "error (e.g. the world size does not match the mesh), 77 skipped (--backend nccl without a GPU or without NCCL).",
      "spmdcheck-mpi"};
  app.add_option("--mesh", o.mesh, "The mesh, e.g. dp=2,tp=2; mpirun -np must equal the product of the sizes")
      ->required()
      ->type_name("SPEC");
  app.add_option("--seed", o.seed, "Seed of the program stream (each seed searches its own programs)")->capture_default_str();
  app.add_option("--program-seed", o.program_seed, "Check only the program of this program seed (as the replay lines print it)")
      ->type_name("P");
  app.add_option("--programs", o.programs, "Number of programs (default 200 when --time is not given)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  app.add_option("--time", o.seconds, "Time budget in seconds (rank 0's clock decides)")->check(CLI::PositiveNumber);
  app.add_option("--gen", o.gen, "Generation settings, as printed in the summary and replay lines")->type_name("SETTINGS");
  app.add_option("--rules", o.rules_file, "Rule table file (TOML) to use instead of the embedded default")->type_name("FILE");
  app.add_option("--backend", o.backend, "Communication library: mpi (CPU tensors) or nccl (one GPU per rank)")
      ->check(CLI::IsMember({"mpi", "nccl"}))
      ->capture_default_str();
  app.add_option("--reduction", o.reduction,
                 "Sums in collectives: ordered (gather, then sum in coordinate order: bitwise the simulated ranks' results) or "
                 "native (the library's allreduce and reduce_scatter; R/I results that differ between ranks are reported)")
      ->check(CLI::IsMember({"ordered", "native"}))
      ->capture_default_str();
  app.add_option("--watchdog", o.watchdog_seconds, "Seconds a collective may take before the watchdog ends the job")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("!--no-grad", o.gradients, "Check forward consistency only (no gradients)");
  app.add_flag("!--no-progress", o.progress, "Do not print progress lines (rank 0, standard error, every 10 s)");
  std::string fault;
  app.add_option("--test-fault", fault, "")->group("");  // test-only: KIND@RANK:CHECK, KIND hang|exit (mpi_runner/README.md)
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (print) {
      const int code = app.exit(e);
      return ParsedOptions{std::nullopt, code == 0 ? kExitOk : kExitUsage};
    }
    return ParsedOptions{std::nullopt, e.get_exit_code() == 0 ? kExitOk : kExitUsage};
  }
  if (!fault.empty() && !parse_fault(fault, o.fault)) {
    if (print) std::cerr << "spmdcheck-mpi: --test-fault: expected KIND@RANK:CHECK with KIND hang or exit, got '" << fault << "'\n";
    return ParsedOptions{std::nullopt, kExitUsage};
  }
  return ParsedOptions{o, kExitOk};
}

}  // namespace spmdcheck
