#pragma once
// Building blocks of a self-contained HTML page (`--html FILE`): escaping,
// sections, tables, preformatted text, and two inline SVG figures (a grid of
// coloured cells, a scatter plot on a log scale). No external resource: the
// style and the one script are inline, so the file can be mailed or archived.
#include <string>
#include <string_view>
#include <vector>

namespace spmdcheck {

std::string html_escape(std::string_view text);

// The colours of cells and badges (CSS classes tone-*): a heat scale for
// counts, verdicts for judgments.
enum class Tone : uint8_t { Empty, Heat1, Heat2, Heat3, Heat4, Heat5, Good, Convention, Neutral, Bad };
std::string_view tone_class(Tone t);  // "tone-heat3", ...
// The heat tone of a count: Empty for 0 or less, then one step per decade (up to 10, 100, 1000, 10000, more).
Tone heat_tone(double count);

struct GridCell {
  std::string text;     // shown in the cell (short)
  std::string tooltip;  // its <title>
  Tone tone = Tone::Empty;
  bool absent = false;  // no such cell (drawn hatched, without text)
};

struct ScatterPoint {
  double x = 0, y = 0;  // y > 0: the axis is logarithmic
  bool bad = false;     // drawn as a cross
  std::string tooltip;
};

class HtmlPage {
 public:
  explicit HtmlPage(std::string title);
  void heading(int level, std::string_view text, std::string_view id = {});
  void paragraph(std::string_view text);     // escaped
  void raw(std::string_view html);           // trusted markup
  void preformatted(std::string_view text);  // escaped, in <pre>
  // A table; cells are trusted markup (escape what you put in); `filterable`
  // adds a text box that hides the rows not containing its text.
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows, bool filterable = false);
  // A figure: rows x columns cells under column labels, beside row labels.
  void grid(std::string_view caption, const std::vector<std::string>& row_labels, const std::vector<std::string>& column_labels,
            const std::vector<std::vector<GridCell>>& cells);
  // A figure: points over x in [0, x_max], y on a log10 axis (no caption where empty).
  void scatter(std::string_view caption, std::string_view x_label, std::string_view y_label, const std::vector<ScatterPoint>& points);
  // A badge of a tone with text (markup).
  static std::string badge(Tone tone, std::string_view text);
  std::string finish();  // the whole page

 private:
  std::string title_, body_;
  int tables_ = 0;
};

}  // namespace spmdcheck
