#include "cmd/html_report.h"

#include <algorithm>
#include <cstdio>

#include "common/report_text.h"
#include "rules/table_markdown.h"

namespace spmdcheck {
namespace {

// Which of several rows' tones a shared cell shows: the most severe verdict,
// else the heat of their summed values.
int severity(Tone t) {
  switch (t) {
    case Tone::Bad: return 4;
    case Tone::Convention: return 3;
    case Tone::Neutral: return 2;
    case Tone::Good: return 1;
    default: return 0;
  }
}

const RowMark& mark_of(const ReportPage& page, RuleIndex r) {
  static const RowMark none;
  return r < page.rows.size() ? page.rows[r] : none;
}

std::string mark_badge(const RowMark& m) { return m.present ? HtmlPage::badge(m.tone, html_escape(m.text)) : ""; }

GridCell transition_cell(const RuleTable& table, const ReportPage& page, size_t op, Form::Kind src, Form::Kind dst) {
  GridCell cell;
  const CommOpRow& row = table.comm_ops[op];
  cell.tooltip = row.name + " " + std::string(form_kind_name(src)) + " -> " + std::string(form_kind_name(dst));
  if (!row.expressible_src(src) || !row.expressible_dst(dst)) {
    cell.absent = true;
    cell.tooltip += ": not expressible";
    return cell;
  }
  double sum = 0;
  int rows = 0;
  Tone verdict = Tone::Empty;
  std::string verdict_cell;
  for (const TransitionRow& t : table.transitions) {
    if (t.op != op || !(t.src & form_bit(src)) || !(t.dst & form_bit(dst))) continue;
    const RowMark& m = mark_of(page, t.rule);
    ++rows;
    cell.tooltip += "\n" + table.info(t.rule).id + (t.illegal ? " (illegal)" : "") + (m.present ? ": " + m.text : "");
    if (!m.present) continue;
    sum += m.value;
    if (severity(m.tone) > severity(verdict)) verdict = m.tone, verdict_cell = m.cell;
  }
  if (rows == 0) {
    cell.tooltip += ": no row";
    cell.text = "?";
    return cell;
  }
  if (verdict != Tone::Empty) {
    cell.tone = verdict;
    cell.text = verdict_cell;
  } else {
    cell.tone = heat_tone(sum);
    cell.text = compact_count(sum);
  }
  return cell;
}

void transition_grids(HtmlPage& html, const RuleTable& table, const ReportPage& page) {
  html.heading(2, "Coercions and collectives: src x dst", "transitions");
  html.paragraph("Rows: the value's type on the axis (src); columns: the result's (dst). Each cell is coloured by the " + page.metric +
                 " of the rows that judge it (hover for the rows); hatched cells cannot be written with this op.");
  std::vector<std::string> labels;
  for (int k = 0; k < kNumFormKinds; ++k) labels.emplace_back(form_kind_name(static_cast<Form::Kind>(k)));
  for (size_t op = 0; op < table.comm_ops.size(); ++op) {
    std::vector<std::vector<GridCell>> cells(kNumFormKinds);
    for (int s = 0; s < kNumFormKinds; ++s)
      for (int d = 0; d < kNumFormKinds; ++d)
        cells[s].push_back(transition_cell(table, page, op, static_cast<Form::Kind>(s), static_cast<Form::Kind>(d)));
    html.grid(table.comm_ops[op].name + " (" + table.comm_ops[op].kind + ")", labels, labels, cells);
  }
}

void combine_rows(HtmlPage& html, const RuleTable& table, const ReportPage& page) {
  html.heading(2, "Combine rows per linearity class", "combine");
  html.paragraph("Per axis, the first matching row decides a local op's result type.");
  for (size_t l = 0; l < table.linearities.size(); ++l) {
    std::vector<std::vector<std::string>> rows;
    for (const CombineRow& c : table.combine) {
      if (!(c.linearities >> l & 1)) continue;
      rows.push_back({"<code>" + html_escape(table.info(c.rule).id) + "</code>", html_escape(combine_condition(table, c)),
                      c.reject ? "reject" : std::string(1, ty_letter(c.result)), mark_badge(mark_of(page, c.rule))});
    }
    html.heading(3, table.linearities[l].name);
    html.table({"row", "condition", "result", page.metric}, rows);
  }
  std::vector<std::vector<std::string>> others;
  for (size_t r = 0; r < table.rules.size(); ++r) {
    const RuleInfo& info = table.rules[r];
    if (info.section == RowSection::Combine || info.section == RowSection::Op || info.section == RowSection::Transition ||
        info.section == RowSection::Type)
      continue;
    others.push_back({html_escape(std::string(section_name(info.section))), "<code>" + html_escape(info.id) + "</code>",
                      html_escape(info.message), mark_badge(mark_of(page, static_cast<RuleIndex>(r)))});
  }
  html.heading(3, "Other typing rows and diagnostics");
  html.table({"section", "row", "message", page.metric}, others, /*filterable=*/true);
}

void op_rows(HtmlPage& html, const RuleTable& table, const ReportPage& page) {
  html.heading(2, "Op rows by " + page.metric, "ops");
  std::vector<const OpRow*> ops;
  for (const OpRow& o : table.ops) ops.push_back(&o);
  std::stable_sort(ops.begin(), ops.end(),
                   [&](const OpRow* a, const OpRow* b) { return mark_of(page, a->rule).value > mark_of(page, b->rule).value; });
  std::vector<std::vector<std::string>> rows;
  for (const OpRow* o : ops) {
    const RowMark& m = mark_of(page, o->rule);
    rows.push_back({"<code>" + html_escape(o->name) + "</code>", "<code>" + html_escape(table.info(o->rule).id) + "</code>",
                    html_escape(table.linearities[o->linearity].name),
                    m.present ? "<td class=\"num " + std::string(tone_class(m.tone)) + "\">" + html_escape(m.text) + "</td>" : ""});
  }
  html.table({"op", "row", "linearity", page.metric}, rows, /*filterable=*/true);
}

void examples(HtmlPage& html, const ReportPage& page) {
  html.heading(2, page.examples_title + " (" + std::to_string(page.examples.size()) + ")", "examples");
  if (page.examples.empty()) html.paragraph("None.");
  for (const ReportExample& e : page.examples) {
    html.heading(3, e.title);
    html.raw("<p>" + HtmlPage::badge(e.bad ? Tone::Bad : Tone::Good, e.bad ? "failure" : "found") + " " + html_escape(e.message) +
             "</p>\n");
    html.preformatted(e.program);
    std::string lines;
    for (const std::string& l : e.lines) lines += l + "\n";
    if (!lines.empty()) html.preformatted(lines);
  }
}

void kill_plot(HtmlPage& html, const ReportPage& page) {
  html.heading(2, page.kills_title, "kills");
  std::vector<const KillTimes*> order;
  for (const KillTimes& k : page.kills)
    if (!k.seconds.empty()) order.push_back(&k);
  auto median = [](const KillTimes* k) {
    std::vector<double> s = k->seconds;
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
  };
  std::stable_sort(order.begin(), order.end(), [&](const KillTimes* a, const KillTimes* b) { return median(a) < median(b); });
  std::vector<ScatterPoint> points;
  int survived = 0;
  for (size_t i = 0; i < order.size(); ++i)
    for (size_t s = 0; s < order[i]->seconds.size(); ++s) {
      const bool killed = s < order[i]->killed.size() && order[i]->killed[s];
      survived += !killed;
      points.push_back({static_cast<double>(i + 1),
                        killed ? std::max(order[i]->seconds[s], 1e-4) : std::max(order[i]->budget_seconds, 1e-4), !killed,
                        order[i]->name + ", search " + std::to_string(s + 1) + ": " +
                            (killed ? "killed in " + significant_digits(order[i]->seconds[s]) + " s" : "not killed within the budget")});
    }
  html.paragraph(std::to_string(order.size()) +
                 " searched, sorted by median time to the first counterexample; one dot per search, a cross " +
                 "at the budget where a search found nothing (" + std::to_string(survived) + "). Hover for names.");
  html.scatter("", page.kills_axis, "seconds to the first counterexample", points);
}

}  // namespace

std::string compact_count(double count) {
  char buf[32];
  // Thresholds where the rounded text would reach the next form (9,960 is "10k", not "10.0k").
  if (count < 999.5)
    std::snprintf(buf, sizeof buf, "%.0f", count);
  else if (count < 9950)
    std::snprintf(buf, sizeof buf, "%.1fk", count / 1000);
  else if (count < 999500)
    std::snprintf(buf, sizeof buf, "%.0fk", count / 1000);
  else
    std::snprintf(buf, sizeof buf, "%.1fM", count / 1e6);
  return buf;
}

std::string render_report_page(const RuleTable& table, const ReportPage& page) {
  HtmlPage html(page.title);
  html.heading(1, page.title);
  html.raw("<p>" + HtmlPage::badge(page.ok ? Tone::Good : Tone::Bad, page.ok ? "OK" : "FAILED") + "</p>\n<ul>");
  for (const std::string& f : page.facts) html.raw("<li>" + html_escape(f) + "</li>");
  html.raw(
      "</ul>\n<p><a href=\"#transitions\">coercions and collectives</a> · <a href=\"#combine\">combine rows</a> · <a href=\"#ops\">op "
      "rows</a> · <a href=\"#examples\">" +
      html_escape(page.examples_title) + "</a>" +
      (page.kills_title.empty() ? std::string() : " · <a href=\"#kills\">" + html_escape(page.kills_title) + "</a>") +
      (page.listing.title.empty() ? std::string() : " · <a href=\"#listing\">" + html_escape(page.listing.title) + "</a>") + "</p>\n");
  transition_grids(html, table, page);
  combine_rows(html, table, page);
  op_rows(html, table, page);
  examples(html, page);
  if (!page.kills_title.empty()) kill_plot(html, page);
  if (!page.listing.title.empty()) {
    html.heading(2, page.listing.title, "listing");
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : page.listing.rows) {
      rows.emplace_back();
      for (const std::string& cell : row) rows.back().push_back(html_escape(cell));
    }
    html.table(page.listing.header, rows, /*filterable=*/true);
  }
  return html.finish();
}

}  // namespace spmdcheck
