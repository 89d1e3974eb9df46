#pragma once
// Message templates of the rule table: `{name}` is replaced by the value bound
// to `name`; an unknown `{name}` is kept verbatim so a typo in a table row shows
// up in the message instead of vanishing. The linter rejects unknown names.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spmdcheck {

using TemplateArgs = std::vector<std::pair<std::string_view, std::string>>;

std::string expand_template(std::string_view text, const TemplateArgs& args);

// The placeholder names a template uses, in order of appearance.
std::vector<std::string> template_placeholders(std::string_view text);

// Calls visit(name) for each placeholder name of `text`, in order of
// appearance (views into `text`; nothing is allocated).
template <typename Visit>
void for_each_placeholder(std::string_view text, Visit&& visit) {
  size_t i = 0;
  while (true) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) return;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) return;
    visit(text.substr(open + 1, close - open - 1));
    i = close + 1;
  }
}

}  // namespace spmdcheck
