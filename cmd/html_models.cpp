#include "cmd/html_models.h"

#include <fstream>
#include <iostream>

#include "common/report_text.h"
#include "generators/program_shrinker.h"
#include "program/program_text.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

std::vector<RowMark> unmarked(const RuleTable& table) { return std::vector<RowMark>(table.rules.size()); }

std::string mutant_settings(const MutationReportContext& ctx) {
  const MutantSearchOptions& o = ctx.options;
  return std::to_string(o.seeds) + " search(es) per mutant from seed " + std::to_string(o.seed) + ", budget " +
         fixed_decimals(o.budget_seconds, 1) + " s each, " + (o.gradients ? "forward and backward" : "forward only");
}

// A mutant's shortest kill as an example: the mutant's table is written by
// `mutants --write`, its program replays under it.
ReportExample kill_example(const MutationReportContext& ctx, const Mutant& m, const MutantKill& kill, const std::string& title) {
  ReportExample e;
  e.title = title;
  e.message = (kill.rejection ? "unjustified rejection: " : "unsound acceptance: ") + kill.failure;
  e.program = print_program(kill.program);
  const std::string file = "DIR/" + mutant_file_name(m);
  e.lines.push_back("spmdcheck mutants --mutant " + shell_quote(m.name) + " --write DIR   # writes " + file);
  if (kill.rejection)
    e.lines.push_back("# save the program as FILE: the original table accepts it, consistently; the mutant rejects it\nspmdcheck --rules " +
                      file + " check FILE");
  else
    e.lines.push_back("spmdcheck --rules " + file + " soundness --program-seed " + std::to_string(kill.program_seed) + " --gen " +
                      shell_quote(ctx.options.settings.to_string()));
  e.lines.push_back("# or save the program as FILE: spmdcheck --rules " + file + " run FILE --seed " +
                    std::to_string(data_seed_for(kill.program_seed)) +
                    (kill.special_rate > 0 ? " --special-rate " + std::to_string(kill.special_rate) : ""));
  return e;
}

// A listing row: name, verdict, searches killed, median seconds, what it found.
std::vector<std::string> outcome_row(const std::string& name, const std::string& what, const MutantOutcome& o) {
  const KillStatistics s = kill_statistics(o.runs);
  return {name,
          what,
          std::string(mutant_verdict_name(o.verdict)),
          o.runs.empty() ? "-" : std::to_string(o.killed_runs()) + "/" + std::to_string(o.runs.size()),
          s.runs ? fixed_decimals(s.median_seconds, 3) : "-",
          o.shortest ? one_line_program(o.shortest->program) : o.detail};
}

const std::vector<std::string> kListingHeader = {"name", "what", "verdict", "killed", "median s", "shortest counterexample or detail"};

KillTimes kill_times(const std::string& name, const MutantOutcome& o, double budget) {
  KillTimes k{name, budget, {}, {}};
  for (const MutantRun& r : o.runs) {
    k.seconds.push_back(r.seconds);
    k.killed.push_back(r.killed);
  }
  return k;
}

}  // namespace

ReportPage soundness_page(const ReportContext& ctx, const SearchReport& report) {
  const RuleTable& t = ctx.table;
  ReportPage page;
  page.title = "spmdcheck soundness: table " + t.name;
  page.ok = report.counterexamples.empty() && report.errors.empty();
  page.facts = {"seed " + std::to_string(ctx.options.seed) +
                    (ctx.processes > 1 ? ", " + std::to_string(ctx.processes) + " processes" : "") + ", settings " +
                    ctx.options.settings.to_string(),
                std::to_string(report.programs) + " programs, " + std::to_string(report.statements) + " statements in " +
                    fixed_decimals(report.seconds, 2) + " s",
                std::to_string(report.counterexamples.size()) + " counterexample(s), " + std::to_string(report.errors.size()) +
                    " program(s) that could not run"};
  const std::vector<std::string> never = never_hit_rows(t, report.hits);
  page.facts.push_back("rows never hit: " + (never.empty() ? std::string("none") : std::to_string(never.size())));
  for (const std::string& e : report.errors) page.facts.push_back("could not check or run: " + e);
  page.metric = "hits";
  page.rows = unmarked(t);
  for (size_t r = 0; r < t.rules.size(); ++r) {
    const RuleInfo& info = t.rules[r];
    if (info.section == RowSection::Type) continue;
    const double hits = r < report.hits.size() ? static_cast<double>(report.hits[r]) : 0;
    if (info.rejects || info.section == RowSection::Diagnostic)
      page.rows[r] = {0, "rejects (tightness searches it)", "rej", Tone::Neutral, true};
    else
      page.rows[r] = {hits, std::to_string(static_cast<int64_t>(hits)), compact_count(hits), heat_tone(hits), true};
  }
  page.examples_title = "Counterexamples";
  for (const Counterexample& cx : report.counterexamples) {
    ReportExample e;
    e.title = "program seed " + std::to_string(cx.program_seed) + " (program " + std::to_string(cx.index + 1) +
              " of the stream, shrunk from " + std::to_string(count_bindings(cx.original)) + " to " +
              std::to_string(count_bindings(cx.shrunk)) + " statements)";
    e.message = cx.inconsistency.describe(cx.shrunk.mesh);
    e.program = print_program(cx.shrunk);
    e.lines = {replay_line(ctx, cx.program_seed), "# the shrunk program saved as FILE:\n" + run_line(ctx, cx), export_line(ctx, cx)};
    e.bad = true;
    page.examples.push_back(std::move(e));
  }
  return page;
}

ReportPage mutants_page(const MutationReportContext& ctx, const std::vector<MutantResult>& results) {
  const RuleTable& t = ctx.table;
  ReportPage page;
  page.title = "spmdcheck mutants: table " + t.name;
  page.metric = "mutants";
  page.rows = unmarked(t);
  std::vector<int> mutants(t.rules.size(), 0), killed(t.rules.size(), 0), failed(t.rules.size(), 0);
  int failures = 0;
  for (const MutantResult& r : results) {
    const RuleIndex row = t.find_rule(r.mutant.row_id);
    const bool failure = verdict_is_failure(r.outcome.verdict);
    failures += failure;
    if (row != kNoRule) {
      ++mutants[row];
      killed[row] += r.outcome.verdict == MutantVerdict::Killed || r.outcome.verdict == MutantVerdict::CaughtByLint;
      failed[row] += failure;
    }
    if (r.outcome.shortest)
      page.examples.push_back(kill_example(ctx, r.mutant, *r.outcome.shortest, r.mutant.name + ": " + r.mutant.description));
    else if (failure)
      page.examples.push_back({r.mutant.name + ": " + r.mutant.description,
                               std::string(mutant_verdict_name(r.outcome.verdict)) + ": " + r.outcome.detail,
                               "",
                               {"spmdcheck mutants --mutant " + shell_quote(r.mutant.name) + " --write DIR"},
                               true});
    if (!r.outcome.runs.empty()) page.kills.push_back(kill_times(r.mutant.name, r.outcome, ctx.options.budget_seconds));
    page.listing.rows.push_back(outcome_row(r.mutant.name, r.mutant.description, r.outcome));
  }
  page.listing.title = "Every mutant";
  page.listing.header = kListingHeader;
  for (size_t r = 0; r < t.rules.size(); ++r) {
    if (!mutants[r]) continue;
    const std::string ratio = std::to_string(killed[r]) + "/" + std::to_string(mutants[r]);
    page.rows[r] = {static_cast<double>(mutants[r]), ratio + " killed" + (failed[r] ? ", " + std::to_string(failed[r]) + " survived" : ""),
                    ratio, failed[r] ? Tone::Bad : (killed[r] == mutants[r] ? Tone::Good : Tone::Neutral), true};
  }
  page.ok = failures == 0;
  page.facts = {std::to_string(results.size()) + " mutants, " + mutant_settings(ctx), "settings " + ctx.options.settings.to_string(),
                std::to_string(failures) + " mutant(s) not killed"};
  page.examples_title = "Kills (each mutant's shortest counterexample) and survivors";
  for (ReportExample& e : page.examples) e.bad = e.program.empty();
  page.kills_title = "Time to kill per mutant";
  page.kills_axis = "mutants, by median time to kill";
  return page;
}

ReportPage tightness_page(const MutationReportContext& ctx, const TightnessReport& report) {
  const RuleTable& t = ctx.table;
  ReportPage page;
  page.title = "spmdcheck tightness: table " + t.name;
  page.metric = "verdict";
  page.rows = unmarked(t);
  for (const RuleTightness& rule : report.rules) {
    const RuleIndex row = t.find_rule(rule.rule_id);
    const std::string name(justification_name(rule.verdict));
    Tone tone = Tone::Neutral;
    std::string cell = "-";
    if (rule.verdict == Justification::Justified) tone = Tone::Good, cell = "ok";
    if (rule.verdict == Justification::NotJustified) tone = Tone::Bad, cell = "NJ";
    if (rule.verdict == Justification::Convention) tone = Tone::Convention, cell = "conv";
    if (row != kNoRule) page.rows[row] = {0, name + (rule.reason.empty() ? "" : ": " + rule.reason), cell, tone, true};
    for (const TightnessCandidate& c : rule.candidates) {
      if (c.outcome.shortest) {
        ReportExample e = kill_example(ctx, c.mutant, *c.outcome.shortest, rule.rule_id + " (" + c.mutant.name + ")");
        e.message = "justifies the rejection: " + e.message;
        e.bad = false;
        page.examples.push_back(std::move(e));
      } else if (c.outcome.verdict == MutantVerdict::Survived) {
        page.examples.push_back({rule.rule_id + " (" + c.mutant.name + ")",
                                 "no counterexample within the budget: accepting is not faulted",
                                 "",
                                 {"spmdcheck mutants --mutant " + shell_quote(c.mutant.name) + " --write DIR"},
                                 true});
      }
      if (!c.outcome.runs.empty()) page.kills.push_back(kill_times(c.mutant.name, c.outcome, ctx.options.budget_seconds));
      page.listing.rows.push_back(outcome_row(c.mutant.name, rule.rule_id + ": " + name, c.outcome));
    }
    if (rule.candidates.empty()) page.listing.rows.push_back({rule.rule_id, name, "-", "-", "-", rule.reason});
  }
  page.listing.title = "Every rejecting row and candidate";
  page.listing.header = kListingHeader;
  page.ok = report.count(Justification::NotJustified) == 0;
  page.facts = {
      std::to_string(report.rules.size()) + " rejecting rows, " + mutant_settings(ctx),
      std::to_string(report.count(Justification::Justified)) + " justified, " + std::to_string(report.count(Justification::NotJustified)) +
          " not justified, " + std::to_string(report.count(Justification::Convention)) + " conventions, " +
          std::to_string(report.count(Justification::NeverFires)) + " never fire, " +
          std::to_string(report.count(Justification::NotAnalysed)) + " not analysed; " + fixed_decimals(report.seconds, 1) + " s"};
  page.examples_title = "Justifications (the program that faults each acceptance) and survivors";
  page.kills_title = "Time to kill per candidate";
  page.kills_axis = "candidates, by median time to kill";
  return page;
}

bool write_html_file(const std::string& file, const RuleTable& table, const ReportPage& page) {
  if (file.empty()) return true;
  std::ofstream out(file);
  out << render_report_page(table, page);
  if (!out) {
    std::cerr << "spmdcheck: cannot write " << file << "\n";
    return false;
  }
  return true;
}

}  // namespace spmdcheck
