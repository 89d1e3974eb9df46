#include "common/diagnostic.h"

namespace spmdcheck {

std::string format_diagnostic(const std::string& file, const Diagnostic& d) {
  std::string out = file + ":";
  if (d.loc.known()) out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ":";
  out += " error: " + d.message;
  if (!d.rule_id.empty()) out += " [" + d.rule_id + "]";
  out += "\n";
  if (!d.fix.empty()) out += "note: " + d.fix + "\n";
  for (const auto& n : d.notes) out += "note: " + n + "\n";
  return out;
}

}  // namespace spmdcheck
