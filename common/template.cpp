#include "common/template.h"

namespace spmdcheck {

std::string expand_template(std::string_view text, const TemplateArgs& args) {
  std::string out;
  out.reserve(text.size() + 32);
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    std::string_view key = text.substr(open + 1, close - open - 1);
    bool found = false;
    for (const auto& [name, value] : args) {
      if (name == key) {
        out += value;
        found = true;
        break;
      }
    }
    if (!found) out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

std::vector<std::string> template_placeholders(std::string_view text) {
  std::vector<std::string> names;
  for_each_placeholder(text, [&](std::string_view name) { names.emplace_back(name); });
  return names;
}

}  // namespace spmdcheck
