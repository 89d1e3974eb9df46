#include "cmd/html_page.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace spmdcheck {
namespace {

constexpr std::string_view kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px 32px; color: #1d1d1f; background: #fff; }
h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 12px; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f7f7f9; border: 1px solid #e3e3e8; padding: 8px 10px; overflow-x: auto; font-size: 12.5px; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; }
figure { display: inline-block; margin: 6px 18px 12px 0; vertical-align: top; } figcaption { font-weight: 600; margin-bottom: 4px; }
.grid text { font-size: 11px; } .badge { border-radius: 3px; padding: 0 6px; }
input.filter { margin: 4px 0; padding: 3px 6px; width: 260px; }
.tone-empty { background: #ffffff; fill: #ffffff; } .tone-heat1 { background: #e3f0fb; fill: #e3f0fb; }
.tone-heat2 { background: #bcdaf4; fill: #bcdaf4; } .tone-heat3 { background: #86bbe8; fill: #86bbe8; }
.tone-heat4 { background: #4f97d6; fill: #4f97d6; } .tone-heat5 { background: #1f6fb8; fill: #1f6fb8; color: #fff; }
.tone-good { background: #bfe6c4; fill: #bfe6c4; } .tone-convention { background: #f6e3a8; fill: #f6e3a8; }
.tone-neutral { background: #e4e4e8; fill: #e4e4e8; } .tone-bad { background: #f2a7a2; fill: #f2a7a2; }
.absent { fill: url(#hatch); }
)";

// Records script errors on the root element (data-script-errors), before
// anything else runs, so a headless browser's DOM dump shows them.
constexpr std::string_view kErrorWatch = R"(
window.addEventListener('error', function (e) {
  var root = document.documentElement;
  root.dataset.scriptErrors = (root.dataset.scriptErrors || '') + e.message + '; ';
});
)";

// Hides the rows of a filterable table whose text lacks the box's text;
// then marks the root (data-scripts-ran) as having run to the end.
constexpr std::string_view kScript = R"(
document.querySelectorAll('input.filter').forEach(function (box) {
  var table = document.getElementById(box.dataset.table);
  box.addEventListener('input', function () {
    var q = box.value.toLowerCase();
    table.querySelectorAll('tbody tr').forEach(function (row) {
      row.style.display = row.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
    });
  });
});
document.documentElement.dataset.scriptsRan = 'yes';
)";

std::string number(double x, int decimals = 1) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view tone_class(Tone t) {
  static constexpr std::string_view names[] = {"tone-empty", "tone-heat1", "tone-heat2",      "tone-heat3",   "tone-heat4",
                                               "tone-heat5", "tone-good",  "tone-convention", "tone-neutral", "tone-bad"};
  return names[static_cast<int>(t)];
}

Tone heat_tone(double count) {
  if (count <= 0) return Tone::Empty;
  const int decade = std::clamp(static_cast<int>(std::floor(std::log10(count))), 0, 4);  // a fraction of one is the first step
  return static_cast<Tone>(static_cast<int>(Tone::Heat1) + decade);
}

HtmlPage::HtmlPage(std::string title) : title_(std::move(title)) {}

void HtmlPage::heading(int level, std::string_view text, std::string_view id) {
  const std::string h = "h" + std::to_string(std::clamp(level, 1, 4));
  body_ += "<" + h + (id.empty() ? "" : " id=\"" + html_escape(id) + "\"") + ">" + html_escape(text) + "</" + h + ">\n";
}

void HtmlPage::paragraph(std::string_view text) { body_ += "<p>" + html_escape(text) + "</p>\n"; }
void HtmlPage::raw(std::string_view html) { body_ += html; }
void HtmlPage::preformatted(std::string_view text) { body_ += "<pre>" + html_escape(text) + "</pre>\n"; }

void HtmlPage::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows, bool filterable) {
  const std::string id = "table" + std::to_string(++tables_);
  if (filterable) body_ += "<input class=\"filter\" placeholder=\"filter rows\" data-table=\"" + id + "\">\n";
  body_ += "<table id=\"" + id + "\"><thead><tr>";
  for (const std::string& h : header) body_ += "<th>" + html_escape(h) + "</th>";
  body_ += "</tr></thead><tbody>\n";
  for (const auto& row : rows) {
    body_ += "<tr>";
    for (const std::string& cell : row) body_ += cell.rfind("<td", 0) == 0 ? cell : "<td>" + cell + "</td>";
    body_ += "</tr>\n";
  }
  body_ += "</tbody></table>\n";
}

void HtmlPage::grid(std::string_view caption, const std::vector<std::string>& row_labels, const std::vector<std::string>& column_labels,
                    const std::vector<std::vector<GridCell>>& cells) {
  const int cell = 44, label = 28;
  const int width = label + cell * static_cast<int>(column_labels.size()) + 2;
  const int height = label + cell * static_cast<int>(row_labels.size()) + 2;
  std::string svg = "<figure><figcaption>" + html_escape(caption) + "</figcaption><svg class=\"grid\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (size_t c = 0; c < column_labels.size(); ++c)
    svg += "<text x=\"" + std::to_string(label + cell * static_cast<int>(c) + cell / 2) + "\" y=\"18\" text-anchor=\"middle\">" +
           html_escape(column_labels[c]) + "</text>";
  for (size_t r = 0; r < row_labels.size(); ++r) {
    const int y = label + cell * static_cast<int>(r);
    svg += "<text x=\"4\" y=\"" + std::to_string(y + cell / 2 + 4) + "\">" + html_escape(row_labels[r]) + "</text>";
    for (size_t c = 0; c < column_labels.size() && r < cells.size() && c < cells[r].size(); ++c) {
      const GridCell& g = cells[r][c];
      const int x = label + cell * static_cast<int>(c);
      svg += "<g><title>" + html_escape(g.tooltip) + "</title><rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
             "\" width=\"" + std::to_string(cell - 2) + "\" height=\"" + std::to_string(cell - 2) + "\" stroke=\"#bbb\" class=\"" +
             (g.absent ? std::string("absent") : std::string(tone_class(g.tone))) + "\"/>";
      if (!g.absent && !g.text.empty())
        svg += "<text x=\"" + std::to_string(x + cell / 2 - 1) + "\" y=\"" + std::to_string(y + cell / 2 + 3) +
               "\" text-anchor=\"middle\">" + html_escape(g.text) + "</text>";
      svg += "</g>";
    }
  }
  body_ += svg + "</svg></figure>\n";
}

void HtmlPage::scatter(std::string_view caption, std::string_view x_label, std::string_view y_label,
                       const std::vector<ScatterPoint>& points) {
  const double w = 760, h = 300, left = 60, bottom = 36, top = 10, right = 10;
  double x_max = 1, y_min = 1e-3, y_max = 1;
  for (const ScatterPoint& p : points) {
    x_max = std::max(x_max, p.x);
    if (p.y > 0) y_max = std::max(y_max, p.y), y_min = std::min(y_min, p.y);
  }
  const double lo = std::floor(std::log10(y_min)), hi = std::ceil(std::log10(y_max));
  auto px = [&](double x) { return left + (w - left - right) * x / x_max; };
  auto py = [&](double y) { return top + (h - top - bottom) * (hi - std::log10(std::max(y, y_min))) / std::max(1.0, hi - lo); };
  std::string svg = "<figure>" + (caption.empty() ? std::string() : "<figcaption>" + html_escape(caption) + "</figcaption>") +
                    "<svg width=\"" + number(w, 0) + "\" height=\"" + number(h, 0) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">";
  for (double d = lo; d <= hi; ++d) {
    const double y = py(std::pow(10.0, d));
    svg += "<line x1=\"" + number(left) + "\" x2=\"" + number(w - right) + "\" y1=\"" + number(y) + "\" y2=\"" + number(y) +
           "\" stroke=\"#e5e5e5\"/><text x=\"" + number(left - 6) + "\" y=\"" + number(y + 4) + "\" text-anchor=\"end\">1e" + number(d, 0) +
           "</text>";
  }
  svg += "<line x1=\"" + number(left) + "\" x2=\"" + number(left) + "\" y1=\"" + number(top) + "\" y2=\"" + number(h - bottom) +
         "\" stroke=\"#888\"/><line x1=\"" + number(left) + "\" x2=\"" + number(w - right) + "\" y1=\"" + number(h - bottom) + "\" y2=\"" +
         number(h - bottom) + "\" stroke=\"#888\"/>";
  svg +=
      "<text x=\"" + number((left + w) / 2) + "\" y=\"" + number(h - 8) + "\" text-anchor=\"middle\">" + html_escape(x_label) + "</text>";
  svg += "<text x=\"12\" y=\"" + number((top + h - bottom) / 2) + "\" transform=\"rotate(-90 12 " + number((top + h - bottom) / 2) +
         ")\" text-anchor=\"middle\">" + html_escape(y_label) + "</text>";
  for (const ScatterPoint& p : points) {
    const double x = px(p.x), y = py(p.y);
    svg += "<g><title>" + html_escape(p.tooltip) + "</title>";
    if (p.bad)
      svg += "<path d=\"M" + number(x - 4) + " " + number(y - 4) + "L" + number(x + 4) + " " + number(y + 4) + "M" + number(x - 4) + " " +
             number(y + 4) + "L" + number(x + 4) + " " + number(y - 4) + "\" stroke=\"#c0392b\" stroke-width=\"2\"/>";
    else
      svg += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y) + "\" r=\"3\" fill=\"#1f6fb8\" fill-opacity=\"0.7\"/>";
    svg += "</g>";
  }
  body_ += svg + "</svg></figure>\n";
}

std::string HtmlPage::badge(Tone tone, std::string_view text) {
  return "<span class=\"badge " + std::string(tone_class(tone)) + "\">" + std::string(text) + "</span>";
}

std::string HtmlPage::finish() {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html_escape(title_) + "</title><style>" +
         std::string(kStyle) + "</style><script>" + std::string(kErrorWatch) +
         "</script></head><body>\n<svg width=\"0\" height=\"0\" style=\"position:absolute\"><defs><pattern id=\"hatch\" width=\"6\" "
         "height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/><path d=\"M0 6L6 0\" "
         "stroke=\"#ccc\"/></pattern></defs></svg>\n" +
         body_ + "<script>" + std::string(kScript) + "</script>\n</body></html>\n";
}

}  // namespace spmdcheck
