#include "mpi_runner/runner_report.h"

#include <cstdio>

#include "common/report_text.h"
#include "generators/program_shrinker.h"
#include "program/program_text.h"

namespace spmdcheck {
namespace {

std::string common_flags(const RunnerReport& r, uint64_t program_seed) {
  std::string line = "--program-seed " + std::to_string(program_seed) + " --gen " + shell_quote(r.search.settings.to_string());
  if (!r.args.rules_file.empty()) line += " --rules " + shell_quote(r.args.rules_file);
  if (!r.args.gradients) line += " --no-grad";
  return line;
}

std::string coords_text(const std::vector<std::pair<std::string, int64_t>>& axes, const MeshLayout& layout, int rank) {
  std::string out;
  for (int a = 0; a < layout.num_axes(); ++a) out += (a ? "," : "") + axes[a].first + "=" + std::to_string(layout.coord(rank, a));
  return out;
}

}  // namespace

bool runner_ok(const SearchReport& result) { return result.counterexamples.empty() && result.errors.empty(); }

std::string mpi_replay_line(const RunnerReport& r, uint64_t program_seed) {
  return "mpirun -np " + std::to_string(r.hosts.size()) + " spmdcheck-mpi --mesh " + r.args.mesh + " " + common_flags(r, program_seed) +
         (r.args.backend != "mpi" ? " --backend " + r.args.backend : "") +
         (r.args.reduction != "ordered" ? " --reduction " + r.args.reduction : "");
}

std::string runner_summary(const RunnerReport& r) {
  const SearchReport& s = r.result;
  std::string error;
  const auto axes = parse_mesh_spec(r.args.mesh, error);
  std::vector<int64_t> sizes;
  for (const auto& a : axes) sizes.push_back(a.second);
  const MeshLayout layout(sizes);

  std::string out = "spmdcheck-mpi: table " + r.table.name + ", seed " + std::to_string(r.search.seed) + ", mesh " + r.args.mesh + " on " +
                    std::to_string(r.hosts.size()) + " ranks\n";
  out += "backend: " + r.backend + "; reduction " + r.args.reduction + "; gradients " + (r.args.gradients ? "on" : "off") + "\n";
  out += "settings: " + r.search.settings.to_string() + "\n";
  out += "programs: " + std::to_string(s.programs) + "  statements: " + std::to_string(s.statements) +
         "  time: " + fixed_decimals(s.seconds, 2) + " s (" +
         fixed_decimals(s.seconds > 0 ? static_cast<double>(s.programs) / s.seconds : 0, 0) + " programs/s)\n";
  const std::vector<std::string> never = never_hit_rows(r.table, s.hits);
  out += "rows never hit (" + std::to_string(never.size()) + "):";
  for (const std::string& id : never) out += " " + id;
  out += never.empty() ? " none\n" : "\n";

  // #wrong: the counterexamples whose first wrong value lies on that rank.
  std::vector<int> wrong(r.hosts.size(), 0);
  for (const Counterexample& cx : s.counterexamples)
    if (cx.inconsistency.rank >= 0 && cx.inconsistency.rank < static_cast<int>(wrong.size())) ++wrong[cx.inconsistency.rank];
  char line[256];
  std::snprintf(line, sizeof line, "#\n# %6s  %-24s %-24s %8s\n", "rank", "coordinates", "host", "#wrong");
  out += line;
  for (size_t rank = 0; rank < r.hosts.size(); ++rank) {
    std::snprintf(line, sizeof line, "  %6zu  %-24s %-24s %8d\n", rank, coords_text(axes, layout, static_cast<int>(rank)).c_str(),
                  r.hosts[rank].c_str(), wrong[rank]);
    out += line;
  }
  out += "#\n";

  for (const std::string& e : s.errors) out += "could not check or run a generated program: " + e + "\n";
  out += "counterexamples: " + std::to_string(s.counterexamples.size()) + "\n";
  for (const Counterexample& cx : s.counterexamples) {
    out += "\ncounterexample (program seed " + std::to_string(cx.program_seed) + ", shrunk from " +
           std::to_string(count_bindings(cx.original)) + " to " + std::to_string(count_bindings(cx.shrunk)) +
           " statements; shrinking keeps the mesh):\n";
    out += "  " + cx.inconsistency.describe(cx.shrunk.mesh) + "\n\n" + print_program(cx.shrunk);
    out += "\nreplay: " + mpi_replay_line(r, cx.program_seed) + "\n";
    out += "replay on simulated ranks: spmdcheck soundness " + common_flags(r, cx.program_seed) + "\n";
  }
  if (r.library_finding) out += "\nfinding: " + *r.library_finding + "\n";
  out += runner_ok(s) ? "OK: no counterexample\n" : "FAILED\n";
  return out;
}

}  // namespace spmdcheck
