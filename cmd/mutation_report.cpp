#include "cmd/mutation_report.h"

#include <nlohmann/json.hpp>

#include <map>

#include "common/report_text.h"
#include "generators/program_shrinker.h"
#include "program/program_text.h"

namespace spmdcheck {
namespace {

std::string pad(std::string s, size_t width) {
  s.append(s.size() < width ? width - s.size() : 1, ' ');
  return s;
}

std::string settings_line(const MutationReportContext& ctx) {
  const MutantSearchOptions& o = ctx.options;
  return std::to_string(o.seeds) + " seed(s) from " + std::to_string(o.seed) + " (streams seed + j)" + ", budget " +
         fixed_decimals(o.budget_seconds, 1) + " s per search, " + (o.gradients ? "forward and backward" : "forward only") +
         "\nsettings: " + o.settings.to_string() + "\n";
}

std::string shortest_text(const MutantOutcome& o) {
  if (!o.shortest) return "";
  return std::to_string(count_bindings(o.shortest->program)) + " stmts" + (o.shortest->rejection ? ", wrongly rejected" : "") +
         (o.shortest->special_rate > 0 ? ", special values" : "") + ": " + one_line_program(o.shortest->program);
}

nlohmann::json stats_json(const KillStatistics& s) {
  return {{"killed_runs", s.runs},         {"mean_seconds", s.mean_seconds},   {"median_seconds", s.median_seconds},
          {"max_seconds", s.max_seconds},  {"mean_programs", s.mean_programs}, {"median_programs", s.median_programs},
          {"max_programs", s.max_programs}};
}

nlohmann::json outcome_json(const Mutant& m, const MutantOutcome& o) {
  nlohmann::json runs = nlohmann::json::array();
  for (const MutantRun& r : o.runs)
    runs.push_back({{"seed", r.seed}, {"killed", r.killed}, {"seconds", r.seconds}, {"programs", r.programs}});
  nlohmann::json j = {{"name", m.name},
                      {"operator", std::string(mutation_operator_name(m.op))},
                      {"row", m.row_id},
                      {"description", m.description},
                      {"verdict", std::string(mutant_verdict_name(o.verdict))},
                      {"detail", o.detail},
                      {"runs", runs},
                      {"statistics", stats_json(kill_statistics(o.runs))}};
  if (o.shortest) {
    j["shortest"] = {{"program_seed", o.shortest->program_seed},
                     {"statements", count_bindings(o.shortest->program)},
                     {"kind", o.shortest->rejection ? "unjustified rejection" : "unsound acceptance"},
                     {"special_rate", o.shortest->special_rate},
                     {"program", print_program(o.shortest->program)},
                     {"failure", o.shortest->failure}};
  }
  return j;
}

}  // namespace

std::string mutant_file_name(const Mutant& m) {
  std::string out;
  for (char c : m.name) out += c == ':' ? std::string("__") : std::string(1, c);
  return out + ".toml";
}

std::string one_line_program(const Program& program) {
  std::string text = print_program(program), out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line[0] != '#') out += (out.empty() ? "" : " ; ") + line;
    start = end + 1;
  }
  return out;
}

std::string mutants_summary(const MutationReportContext& ctx, const std::vector<MutantResult>& results) {
  std::string out =
      "spmdcheck mutants: table " + ctx.table.name + ", " + std::to_string(results.size()) + " mutants, " + settings_line(ctx);
  out += "\n" + pad("mutant", 56) + pad("operator", 22) + pad("verdict", 21) + pad("killed", 8) + pad("mean s", 9) + pad("median s", 10) +
         pad("mean progs", 11) + pad("median", 8) + "shortest counterexample\n";
  std::vector<MutantRun> all_runs;
  std::map<MutantVerdict, int> by_verdict;
  struct PerOperator {
    int mutants = 0, killed = 0, lint = 0, equivalent = 0, survived = 0;
    std::vector<MutantRun> runs;
  };
  std::map<MutationOperator, PerOperator> by_operator;
  for (const MutantResult& r : results) {
    const KillStatistics s = kill_statistics(r.outcome.runs);
    const bool searched = !r.outcome.runs.empty();
    out += pad(r.mutant.name, 56) + pad(std::string(mutation_operator_name(r.mutant.op)), 22) +
           pad(std::string(mutant_verdict_name(r.outcome.verdict)), 21) +
           pad(searched ? std::to_string(r.outcome.killed_runs()) + "/" + std::to_string(r.outcome.runs.size()) : "-", 8) +
           pad(s.runs ? fixed_decimals(s.mean_seconds, 3) : "-", 9) + pad(s.runs ? fixed_decimals(s.median_seconds, 3) : "-", 10) +
           pad(s.runs ? fixed_decimals(s.mean_programs, 1) : "-", 11) + pad(s.runs ? fixed_decimals(s.median_programs, 1) : "-", 8) +
           (r.outcome.shortest ? shortest_text(r.outcome) : r.outcome.detail) + "\n";
    ++by_verdict[r.outcome.verdict];
    PerOperator& op = by_operator[r.mutant.op];
    ++op.mutants;
    op.killed += r.outcome.verdict == MutantVerdict::Killed || r.outcome.verdict == MutantVerdict::CaughtByLint;
    op.lint += r.outcome.verdict == MutantVerdict::CaughtByLint;
    op.equivalent += r.outcome.verdict == MutantVerdict::Equivalent || r.outcome.verdict == MutantVerdict::EquivalentByIntent;
    op.survived += verdict_is_failure(r.outcome.verdict);
    if (r.outcome.verdict == MutantVerdict::Killed) {
      all_runs.insert(all_runs.end(), r.outcome.runs.begin(), r.outcome.runs.end());
      op.runs.insert(op.runs.end(), r.outcome.runs.begin(), r.outcome.runs.end());
    }
  }
  // killed counts lint catches too (a mutant no user can load is dead).
  out += "\n" + pad("operator", 22) + pad("mutants", 9) + pad("killed", 8) + pad("by lint", 9) + pad("equiv", 7) + pad("failed", 8) +
         pad("median s", 10) + "max s\n";
  for (const auto& [op, p] : by_operator) {
    const KillStatistics s = kill_statistics(p.runs);
    out += pad(std::string(mutation_operator_name(op)), 22) + pad(std::to_string(p.mutants), 9) + pad(std::to_string(p.killed), 8) +
           pad(std::to_string(p.lint), 9) + pad(std::to_string(p.equivalent), 7) + pad(std::to_string(p.survived), 8) +
           pad(s.runs ? fixed_decimals(s.median_seconds, 3) : "-", 10) + (s.runs ? fixed_decimals(s.max_seconds, 3) : "-") + "\n";
  }
  out += "\nverdicts:";
  for (const auto& [v, n] : by_verdict) out += " " + std::to_string(n) + " " + std::string(mutant_verdict_name(v)) + ";";
  const KillStatistics s = kill_statistics(all_runs);
  out += "\ntime to first counterexample over " + std::to_string(s.runs) + " killing searches: median " +
         fixed_decimals(s.median_seconds, 3) + " s, mean " + fixed_decimals(s.mean_seconds, 3) + " s, max " +
         fixed_decimals(s.max_seconds, 3) + " s (targets: median <= 1 s, max <= 60 s)\n";
  out += "programs to first counterexample: median " + fixed_decimals(s.median_programs, 1) + ", mean " +
         fixed_decimals(s.mean_programs, 1) + ", max " + std::to_string(s.max_programs) + "\n";
  const int failures = by_verdict[MutantVerdict::Survived] + by_verdict[MutantVerdict::Unloadable];
  if (by_verdict[MutantVerdict::SoundRelaxation])
    out += std::to_string(by_verdict[MutantVerdict::SoundRelaxation]) +
           " mutant(s) relax a rejection that the searches found no reason for (see `spmdcheck tightness`)\n";
  out +=
      failures
          ? std::to_string(failures) +
                " mutant(s) not killed: the search misses a bug class (replay with `spmdcheck mutants --write DIR`, then `--rules FILE`)\n"
          : "every mutant that changes behaviour was killed or is a sound relaxation\n";
  return out;
}

std::string mutants_json(const MutationReportContext& ctx, const std::vector<MutantResult>& results) {
  nlohmann::json j;
  j["table"] = ctx.table.name;
  j["seed"] = ctx.options.seed;
  j["seeds"] = ctx.options.seeds;
  j["budget_seconds"] = ctx.options.budget_seconds;
  j["settings"] = ctx.options.settings.to_string();
  j["gradients"] = ctx.options.gradients;
  j["mutants"] = nlohmann::json::array();
  std::vector<MutantRun> killing;
  for (const MutantResult& r : results) {
    j["mutants"].push_back(outcome_json(r.mutant, r.outcome));
    if (r.outcome.verdict == MutantVerdict::Killed) killing.insert(killing.end(), r.outcome.runs.begin(), r.outcome.runs.end());
  }
  j["statistics"] = stats_json(kill_statistics(killing));
  // Per operator, by verdict name (the summary's per-operator table).
  nlohmann::json per_operator = nlohmann::json::object();
  for (const MutantResult& r : results) {
    nlohmann::json& op = per_operator[std::string(mutation_operator_name(r.mutant.op))];
    if (!op.is_object()) op = {{"mutants", 0}, {"verdicts", nlohmann::json::object()}};
    op["mutants"] = op["mutants"].get<int>() + 1;
    const std::string verdict(mutant_verdict_name(r.outcome.verdict));
    op["verdicts"][verdict] = op["verdicts"].value(verdict, 0) + 1;
  }
  j["operators"] = per_operator;
  return j.dump(2) + "\n";
}

std::string tightness_summary(const MutationReportContext& ctx, const TightnessReport& report) {
  std::string out = "spmdcheck tightness: table " + ctx.table.name + ", " + std::to_string(report.rules.size()) + " rejecting rows, " +
                    settings_line(ctx) + "\n";
  for (const RuleTightness& rule : report.rules) {
    out += pad(rule.rule_id, 40) + std::string(justification_name(rule.verdict)) + (rule.reason.empty() ? "" : ": " + rule.reason) + "\n";
    for (const TightnessCandidate& c : rule.candidates) {
      const std::string as = c.mutant.name.substr(c.mutant.name.rfind(':') + 1);
      out += "    accept" + (as == rule.rule_id ? std::string() : " as " + as) + ": " + std::string(mutant_verdict_name(c.outcome.verdict));
      const KillStatistics s = kill_statistics(c.outcome.runs);
      if (s.runs) out += " in " + fixed_decimals(s.median_seconds, 3) + " s, " + fixed_decimals(s.median_programs, 0) + " programs";
      out += c.outcome.shortest ? "; " + shortest_text(c.outcome) : (c.outcome.detail.empty() ? "" : "; " + c.outcome.detail);
      out += "\n";
    }
  }
  out += "\n" + std::to_string(report.count(Justification::Justified)) + " justified, " +
         std::to_string(report.count(Justification::NotJustified)) + " not justified, " +
         std::to_string(report.count(Justification::Convention)) + " conventions, " +
         std::to_string(report.count(Justification::NeverFires)) + " never fire, " +
         std::to_string(report.count(Justification::NotAnalysed)) + " not analysed; " + fixed_decimals(report.seconds, 1) + " s\n";
  return out;
}

std::string tightness_json(const MutationReportContext& ctx, const TightnessReport& report) {
  nlohmann::json j;
  j["table"] = ctx.table.name;
  j["seed"] = ctx.options.seed;
  j["seeds"] = ctx.options.seeds;
  j["budget_seconds"] = ctx.options.budget_seconds;
  j["rules"] = nlohmann::json::array();
  for (const RuleTightness& rule : report.rules) {
    nlohmann::json r = {{"rule", rule.rule_id},
                        {"section", std::string(section_name(rule.section))},
                        {"verdict", std::string(justification_name(rule.verdict))},
                        {"reason", rule.reason}};
    r["candidates"] = nlohmann::json::array();
    for (const TightnessCandidate& c : rule.candidates) r["candidates"].push_back(outcome_json(c.mutant, c.outcome));
    j["rules"].push_back(std::move(r));
  }
  return j.dump(2) + "\n";
}

}  // namespace spmdcheck
