#include "cmd/soundness_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "common/report_text.h"
#include "generators/program_shrinker.h"
#include "program/program_text.h"
#include "soundness/program_property.h"

namespace spmdcheck {

std::string export_line(const ReportContext& ctx, const Counterexample& cx) {
  return "spmdcheck" + (ctx.rules_file.empty() ? std::string() : " --rules " + shell_quote(ctx.rules_file)) +
         " export --pytest FILE_test.py FILE --seed " + std::to_string(data_seed_for(cx.program_seed)) +
         (cx.special_rate > 0 ? " --special-rate " + std::to_string(cx.special_rate) : "");
}

std::string run_line(const ReportContext& ctx, const Counterexample& cx) {
  return "spmdcheck run FILE --seed " + std::to_string(data_seed_for(cx.program_seed)) +
         (cx.special_rate > 0 ? " --special-rate " + std::to_string(cx.special_rate) : "") + (ctx.options.gradients ? "" : " --no-grad") +
         (ctx.rules_file.empty() ? "" : " --rules " + shell_quote(ctx.rules_file));
}

std::string replay_line(const ReportContext& ctx, uint64_t program_seed) {
  std::string line =
      "spmdcheck soundness --program-seed " + std::to_string(program_seed) + " --gen " + shell_quote(ctx.options.settings.to_string());
  if (!ctx.rules_file.empty()) line += " --rules " + shell_quote(ctx.rules_file);
  return line;
}

std::string soundness_summary(const ReportContext& ctx, const SearchReport& report) {
  const RuleTable& t = ctx.table;
  std::string out = "spmdcheck soundness: table " + t.name + ", seed " + std::to_string(ctx.options.seed) + "\n";
  out += "settings: " + ctx.options.settings.to_string() + "\n";
  if (ctx.processes > 1)
    out += "distributed: " + std::to_string(ctx.processes) + " processes, " + std::to_string(ctx.options.jobs) + " job(s) each\n";
  out += "programs: " + std::to_string(report.programs) + "  statements: " + std::to_string(report.statements) +
         "  time: " + fixed_decimals(report.seconds, 2) + " s (" +
         fixed_decimals(report.seconds > 0 ? report.programs / report.seconds : 0, 0) + " programs/s)\n";
  std::vector<std::string> never = never_hit_rows(t, report.hits);
  int accepting = 0;
  std::string rows;
  for (size_t r = 0; r < t.rules.size(); ++r) {
    const RuleInfo& info = t.rules[r];
    if (info.rejects || info.section == RowSection::Type || info.section == RowSection::Diagnostic) continue;
    ++accepting;
    char line[160];
    std::snprintf(line, sizeof line, "  %-40s %10llu\n", info.id.c_str(), static_cast<unsigned long long>(report.hits[r]));
    rows += line;
  }
  out += "rule coverage: " + std::to_string(accepting - static_cast<int>(never.size())) + " of " + std::to_string(accepting) +
         " accepting rows hit (rejecting rows are the tightness search's)\n" + rows;
  out += "rows never hit:";
  if (never.empty()) out += " none";
  for (const std::string& id : never) out += " " + id;
  out += "\n";
  const std::vector<std::string> reachable = reachable_features(t, ctx.options.settings);
  const std::vector<std::string> unreached = never_reached_features(t, ctx.options.settings, report.features);
  out += "generation coverage: " + std::to_string(reachable.size() - unreached.size()) + " of " + std::to_string(reachable.size()) +
         " features reached (literal positions, broadcasting sides, dim and shard signs, shard-bound keywords, axis sizes, dtypes)\n";
  for (const std::string& f : reachable) {
    auto it = report.features.find(f);
    char line[200];
    std::snprintf(line, sizeof line, "  %-52s %10llu\n", f.c_str(),
                  static_cast<unsigned long long>(it == report.features.end() ? 0 : it->second));
    out += line;
  }
  out += "features never reached:";
  if (unreached.empty()) out += " none";
  for (const std::string& f : unreached) out += " " + f;
  out += "\n";
  for (const std::string& e : report.errors) out += "could not check or run a generated program: " + e + "\n";
  out += "counterexamples: " + std::to_string(report.counterexamples.size()) + "\n";
  for (const Counterexample& cx : report.counterexamples) {
    out += "\ncounterexample (program seed " + std::to_string(cx.program_seed) + ", shrunk from " +
           std::to_string(count_bindings(cx.original)) + " to " + std::to_string(count_bindings(cx.shrunk)) + " statements):\n";
    out += "  " + cx.inconsistency.describe(cx.shrunk.mesh) + "\n\n" + print_program(cx.shrunk);
    out += "\nreplay: " + replay_line(ctx, cx.program_seed) + "\n";
    out += "replay the shrunk program: save it as FILE, then " + run_line(ctx, cx) + "\n";
    out += "export it as a test for spmd_types: " + export_line(ctx, cx) + "\n";
  }
  out += report.counterexamples.empty() && report.errors.empty() ? "OK: no counterexample\n" : "FAILED\n";
  return out;
}

std::string soundness_json(const ReportContext& ctx, const SearchReport& report) {
  nlohmann::json j;
  j["table"] = ctx.table.name;
  j["rules_file"] = ctx.rules_file;
  j["seed"] = ctx.options.seed;
  if (ctx.options.program_seed) j["program_seed"] = *ctx.options.program_seed;
  j["jobs"] = ctx.options.jobs;  // per process
  j["processes"] = ctx.processes;
  j["settings"] = ctx.options.settings.to_string();
  j["programs"] = report.programs;
  j["statements"] = report.statements;
  j["seconds"] = report.seconds;
  // To the first counterexample, before shrinking (null when none).
  j["first_found_seconds"] = report.counterexamples.empty() ? nlohmann::json() : nlohmann::json(report.first_found_seconds);
  j["first_found_programs"] = report.counterexamples.empty() ? nlohmann::json() : nlohmann::json(report.first_found_programs);
  nlohmann::json coverage = nlohmann::json::object();
  for (size_t r = 0; r < ctx.table.rules.size(); ++r) coverage[ctx.table.rules[r].id] = report.hits[r];
  j["coverage"] = coverage;
  j["never_hit"] = never_hit_rows(ctx.table, report.hits);
  nlohmann::json features = nlohmann::json::object();
  for (const std::string& f : reachable_features(ctx.table, ctx.options.settings)) {
    auto it = report.features.find(f);
    features[f] = it == report.features.end() ? 0 : it->second;
  }
  j["generation_coverage"] = features;
  j["never_reached"] = never_reached_features(ctx.table, ctx.options.settings, report.features);
  j["errors"] = report.errors;
  j["counterexamples"] = nlohmann::json::array();
  for (const Counterexample& cx : report.counterexamples) {
    j["counterexamples"].push_back({{"program_seed", cx.program_seed},
                                    {"index", cx.index},
                                    {"message", cx.inconsistency.describe(cx.shrunk.mesh)},
                                    {"program", print_program(cx.shrunk)},
                                    {"original_program", print_program(cx.original)},
                                    {"replay", replay_line(ctx, cx.program_seed)},
                                    {"export", export_line(ctx, cx)}});
  }
  j["ok"] = report.counterexamples.empty() && report.errors.empty();
  return j.dump(2) + "\n";
}

}  // namespace spmdcheck
