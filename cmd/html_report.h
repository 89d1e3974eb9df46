#pragma once
// The report page of `--html FILE` (soundness, mutants, tightness): one
// self-contained page over the rule table. A command describes what it found
// per table row (a RowMark: hits, a verdict, kills) plus its examples and
// kill times; render_report_page lays them out the same way for all three:
//   - per coercion and collective, the src x dst grid of its cells, each
//     coloured by the marks of the rows that judge it;
//   - the combine rows per linearity class, then the other typing rows;
//   - the op rows, by mark value (hits), filterable;
//   - every example (a counterexample, a mutant's kill) with its program and
//     the command lines that replay and export it;
//   - the time to kill per mutant (or candidate) as a plot, and every mutant
//     (or candidate) with its verdict in a filterable table.
#include <string>
#include <vector>

#include "cmd/html_page.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct RowMark {
  double value = 0;  // what op rows sort by and what heat tones encode (hits, mutants)
  std::string text;  // in tables ("1234 hits", "justified", "3/3 killed")
  std::string cell;  // in grid cells, a few characters ("1.2k", "ok", "3/3")
  Tone tone = Tone::Empty;
  bool present = false;  // false: the command says nothing of this row
};

struct ReportExample {
  std::string title;
  std::string message;             // what went wrong, one line
  std::string program;             // .spmd text
  std::vector<std::string> lines;  // shell lines: replay, run, export
  bool bad = false;                // a failure (else, e.g., a justification)
};

struct KillTimes {
  std::string name;
  double budget_seconds = 0;  // where a search that found nothing is drawn
  std::vector<double> seconds;
  std::vector<bool> killed;  // per search
};

// A table of everything the command judged (every mutant, every candidate),
// its cells plain text.
struct ReportListing {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct ReportPage {
  std::string title;
  std::vector<std::string> facts;  // the summary, one line each
  bool ok = true;                  // the command's verdict, shown at the top
  std::string metric;              // header of the marks' column: "hits", "verdict", "mutants"
  std::vector<RowMark> rows;       // per RuleIndex (missing entries: nothing said)
  std::string examples_title;      // "Counterexamples", ...
  std::vector<ReportExample> examples;
  ReportListing listing;    // empty title: none
  std::string kills_title;  // empty: no plot
  std::string kills_axis;   // the plot's x axis: what its columns are
  std::vector<KillTimes> kills;
};

std::string render_report_page(const RuleTable& table, const ReportPage& page);

// "999", "1.2k", "34k", "5.6M": a count in a grid cell.
std::string compact_count(double count);

}  // namespace spmdcheck
