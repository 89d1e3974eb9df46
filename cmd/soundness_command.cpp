#include "cmd/soundness_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cmd/cli_support.h"
#include "cmd/exit_codes.h"
#include "cmd/html_models.h"
#include "cmd/soundness_report.h"
#include "common/report_text.h"
#include "mpi_runner/distributed_search.h"
#include "program/program_text.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

// One live line on standard error, redrawn in place: a bar and progress_text.
void draw_progress(const SearchOptions& options, const SearchProgress& p) {
  double fraction = 0;
  const std::string text = progress_text(options, p, &fraction);
  const int width = 20, filled = static_cast<int>(fraction * width);
  std::fprintf(stderr, "\r\033[K[%s%s] %s", std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), text.c_str());
  std::fflush(stderr);
}

}  // namespace

int run_soundness_command(const RuleTable& table, const std::string& rules_file, const SoundnessArgs& args) {
  SearchOptions options;
  options.seed = args.seed;
  if (!args.gen.empty()) {
    std::string error;
    auto settings = parse_generation_settings(args.gen, error);
    if (!settings) {
      std::cerr << "spmdcheck: --gen: " << error << "\n";
      return kExitUsage;
    }
    options.settings = *settings;
  }
  if (args.global) options.settings.global_percent = 100;
  options.max_seconds = args.seconds;
  options.gradients = args.gradients;
  options.max_programs = args.programs >= 0 ? args.programs : (args.seconds > 0 ? 0 : 2000);
  options.program_seed = args.program_seed;
  // Distributed, each process is one of many on the machine: one thread unless told.
  options.jobs = args.jobs > 0 ? args.jobs : (args.distributed ? 1 : default_jobs());
  const bool tty = args.progress && ::isatty(STDERR_FILENO);
  if (tty) options.progress = [&](const SearchProgress& p) { draw_progress(options, p); };
  // mpirun pipes the processes' standard error: rank 0 (the only one that
  // draws) writes one line every 10 s into the job's log instead, as spmdcheck-mpi does.
  auto last_line = std::chrono::steady_clock::now();
  if (args.distributed && args.progress && !tty)
    options.progress = [&](const SearchProgress& p) {
      if (std::chrono::steady_clock::now() - last_line < std::chrono::seconds(10)) return;
      last_line = std::chrono::steady_clock::now();
      std::fprintf(stderr, "spmdcheck: rank 0 of %d: %s\n", p.parts, progress_text(options, p).c_str());
      std::fflush(stderr);
    };

  SearchReport report;
  DistributedOutcome distributed;
  if (args.distributed) {
    distributed = run_distributed_search(table, options);
    if (!distributed.started) {
      std::cerr << "spmdcheck: --distributed: " << distributed.error << "\n";
      return kExitUsage;
    }
    if (distributed.rank != 0) return finish_distributed_search(distributed, kExitOk);  // rank 0 reports
    report = std::move(distributed.report);
  } else {
    report = run_soundness_search(table, options);
  }
  if (tty) std::fputs("\n", stderr);
  ReportContext ctx{table, options, rules_file, distributed.processes};
  std::cout << soundness_summary(ctx, report);
  std::cout.flush();
  int code = report.counterexamples.empty() && report.errors.empty() ? kExitOk : kExitFound;
  if (!args.json_file.empty()) {
    std::ofstream out(args.json_file);
    out << soundness_json(ctx, report);
    if (!out) {
      std::cerr << "spmdcheck: cannot write " << args.json_file << "\n";
      code = kExitUsage;
    }
  }
  if (!write_html_file(args.html_file, table, soundness_page(ctx, report))) code = kExitUsage;
  return args.distributed ? finish_distributed_search(distributed, code) : code;
}

int run_run_command(const RuleTable& table, const std::string& file, uint64_t seed, bool gradients, int special_rate) {
  std::optional<std::string> text = read_text_file(file);
  if (!text) return kExitUsage;
  ParseResult parsed = parse_program(*text);
  if (!parsed.program) {
    std::cout << format_diagnostic(file, *parsed.error);
    return kExitFound;
  }
  PropertyOptions options;
  options.gradients = gradients;
  options.all_values = true;
  options.special_rate = special_rate;
  PropertyOutcome outcome = check_program_property(table, *parsed.program, seed, options);
  if (!outcome.checked.ok()) {
    std::cout << format_diagnostic(file, *outcome.checked.error);
    return kExitFound;
  }
  if (!outcome.error.empty()) {
    std::cout << file << ": error: " << outcome.error << "\n";
    return kExitFound;
  }
  const Mesh& mesh = parsed.program->mesh;
  std::cout << file << ": " << MeshLayout(mesh).num_ranks() << " simulated ranks, data seed " << seed
            << (special_rate > 0 ? ", special values in " + std::to_string(special_rate) + "% of input elements" : std::string()) << "\n";
  auto verdict_text = [](const ValueVerdict& v) -> std::string {
    if (!v.checked) return "not checked";
    if (!v.ok) return "FAILED";
    if (!v.compared) return std::string("ok (invariants only: ") + loose_reason_name(v.loose) + ")";
    return v.tolerance > 0 ? "ok (within " + significant_digits(v.tolerance) + ")" : "ok (bitwise)";
  };
  // A program that failed to run (outcome.execution) has no verdicts.
  for (size_t v = 0; v < outcome.checked.values.size(); ++v) {
    std::cout << format_value_info(mesh, outcome.checked.values[v]) << "  "
              << (v < outcome.consistency.values.size() ? verdict_text(outcome.consistency.values[v]) : "not checked");
    if (v < outcome.gradient_verdicts.size() && outcome.gradient_verdicts[v].checked)
      std::cout << "  gradient " << verdict_text(outcome.gradient_verdicts[v]);
    std::cout << "\n";
  }
  if (outcome.failed()) {
    std::cout << "error: " << outcome.first_failure().describe(mesh) << "\n";
    return kExitFound;
  }
  std::cout << (gradients ? "OK: every value and every input gradient consistent with the reference\n"
                          : "OK: every value consistent with the reference\n");
  return kExitOk;
}

}  // namespace spmdcheck
