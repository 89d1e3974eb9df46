#include "cmd/mutation_commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cmd/cli_support.h"
#include "cmd/exit_codes.h"
#include "cmd/html_models.h"
#include "cmd/mutation_report.h"
#include "mutation/mutation_operators.h"
#include "rules/table_loader.h"
#include "soundness/parallel_map.h"

namespace spmdcheck {
namespace {

std::optional<MutantSearchOptions> search_options(const MutationSearchArgs& args) {
  MutantSearchOptions o;
  o.seed = args.seed;
  o.seeds = args.seeds;
  o.budget_seconds = args.budget_seconds;
  o.gradients = args.gradients;
  if (!args.gen.empty()) {
    std::string error;
    auto settings = parse_generation_settings(args.gen, error);
    if (!settings) {
      std::cerr << "spmdcheck: --gen: " << error << "\n";
      return std::nullopt;
    }
    o.settings = *settings;
  }
  return o;
}

bool write_json(const std::string& file, const std::string& json) {
  if (file.empty()) return true;
  std::ofstream out(file);
  out << json;
  if (!out) std::cerr << "spmdcheck: cannot write " << file << "\n";
  return static_cast<bool>(out);
}

std::vector<Mutant> select(std::vector<Mutant> all, const MutantsArgs& args) {
  std::vector<Mutant> out;
  for (Mutant& m : all) {
    bool op_ok = args.operators.empty(), name_ok = args.names.empty();
    for (const std::string& op : args.operators) op_ok |= mutation_operator_name(m.op) == op;
    for (const std::string& n : args.names) name_ok |= m.name.find(n) != std::string::npos;
    if (op_ok && name_ok) out.push_back(std::move(m));
  }
  return out;
}

// Writes every mutant as DIR/<file>; refuses (before writing anything) if
// one of the files exists: nothing a user wrote is overwritten.
int write_mutants(const std::vector<Mutant>& mutants, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    std::cerr << "spmdcheck: --write: cannot create directory " << dir << "\n";
    return kExitUsage;
  }
  for (const Mutant& m : mutants)
    if (fs::exists(fs::path(dir) / mutant_file_name(m))) {
      std::cerr << "spmdcheck: --write: " << (fs::path(dir) / mutant_file_name(m)).string()
                << " exists; refusing to overwrite it (choose an empty directory)\n";
      return kExitUsage;
    }
  for (const Mutant& m : mutants) {
    std::ofstream out(fs::path(dir) / mutant_file_name(m));
    out << "# " << m.name << ": " << m.description << "\n" << m.text;
    if (!out) {
      std::cerr << "spmdcheck: --write: cannot write " << (fs::path(dir) / mutant_file_name(m)).string() << "\n";
      return kExitUsage;
    }
  }
  std::cout << "wrote " << mutants.size() << " mutant rule files to " << dir << " (use one with --rules FILE)\n";
  return kExitOk;
}

// One live line: searches done, their rate, failures so far, time left (by the rate so far).
void progress_line(bool tty, size_t done, size_t total, std::chrono::steady_clock::time_point start, int failures,
                   const char* failure_word) {
  if (!tty) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  std::fprintf(stderr, "\r\033[K[%zu/%zu] %.2f searches/s, %d %s, %.0f s elapsed, about %.0f s left", done, total, rate, failures,
               failure_word, seconds, left);
  std::fflush(stderr);
}

}  // namespace

std::string mutation_operators_help() {
  std::string out = "Operators (--operator NAME):\n";
  for (int k = 0; k < kNumMutationOperators; ++k) {
    const MutationOperator op = static_cast<MutationOperator>(k);
    std::string name(mutation_operator_name(op));
    name.append(name.size() < 22 ? 22 - name.size() : 1, ' ');
    out += "  " + name + std::string(mutation_operator_summary(op)) + "\n";
  }
  return out;
}

std::string table_text_for(const std::string& rules_arg) {
  std::optional<RuleTableSource> source = rule_table_source(rules_arg);
  return source ? source->text : std::string();  // the table was already loaded from it
}

int run_mutants_command(const RuleTable& table, std::string_view table_text, const MutantsArgs& args) {
  for (const std::string& op : args.operators)
    if (!mutation_operator_from_name(op)) {
      std::cerr << "spmdcheck: --operator: unknown operator '" << op << "'; known:";
      for (int k = 0; k < kNumMutationOperators; ++k) std::cerr << " " << mutation_operator_name(static_cast<MutationOperator>(k));
      std::cerr << "\n";
      return kExitUsage;
    }
  std::optional<MutantSearchOptions> options = search_options(args.search);
  if (!options) return kExitUsage;
  options->search_lint_failures = args.search_lint_failures;
  std::vector<Mutant> mutants = select(make_mutants(table, table_text), args);
  if (mutants.empty()) {
    std::cerr << "spmdcheck: no mutant matches the selection\n";
    return kExitUsage;
  }
  if (!args.write_dir.empty()) return write_mutants(mutants, args.write_dir);
  if (args.list) {
    for (const Mutant& m : mutants) std::cout << m.name << "\t" << m.description << "\n";
    return kExitOk;
  }
  const bool tty = args.search.progress && ::isatty(STDERR_FILENO);
  const int jobs = args.search.jobs > 0 ? args.search.jobs : default_jobs();
  const auto start = std::chrono::steady_clock::now();
  int survivors = 0;
  std::vector<MutantOutcome> outcomes = parallel_map<MutantOutcome>(
      mutants.size(), jobs, [&](size_t i) { return run_mutant(table, mutants[i], *options); },
      [&](size_t done, size_t total, const MutantOutcome& outcome) {
        survivors += verdict_is_failure(outcome.verdict);
        progress_line(tty, done, total, start, survivors, "survived");
      });
  std::vector<MutantResult> results;
  for (size_t i = 0; i < mutants.size(); ++i) results.push_back(MutantResult{std::move(mutants[i]), std::move(outcomes[i])});
  if (tty) std::fputs("\r\033[K", stderr);
  MutationReportContext ctx{table, *options};
  std::cout << mutants_summary(ctx, results);
  if (!write_json(args.search.json_file, mutants_json(ctx, results))) return kExitUsage;
  if (!write_html_file(args.search.html_file, table, mutants_page(ctx, results))) return kExitUsage;
  for (const MutantResult& r : results)
    if (verdict_is_failure(r.outcome.verdict)) return kExitFound;
  return kExitOk;
}

int run_tightness_command(const RuleTable& table, std::string_view table_text, const MutationSearchArgs& args) {
  std::optional<MutantSearchOptions> options = search_options(args);
  if (!options) return kExitUsage;
  const bool tty = args.progress && ::isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  int unjustified = 0;
  TightnessReport report = check_tightness(table, table_text, *options, args.jobs > 0 ? args.jobs : default_jobs(),
                                           [&](size_t done, size_t total, const MutantOutcome& outcome) {
                                             unjustified += outcome.verdict == MutantVerdict::Survived;
                                             progress_line(tty, done, total, start, unjustified, "candidate(s) survived");
                                           });
  if (tty) std::fputs("\r\033[K", stderr);
  MutationReportContext ctx{table, *options};
  std::cout << tightness_summary(ctx, report);
  if (!write_json(args.json_file, tightness_json(ctx, report))) return kExitUsage;
  if (!write_html_file(args.html_file, table, tightness_page(ctx, report))) return kExitUsage;
  return report.count(Justification::NotJustified) ? kExitFound : kExitOk;
}

}  // namespace spmdcheck
