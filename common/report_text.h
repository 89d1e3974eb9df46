#pragma once
// Small text helpers shared by every report (soundness, mutants, tightness,
// the MPI runner's summary): numbers with fixed decimals and shell-quoted
// words for the replay lines users paste.
#include <cstdio>
#include <string>

namespace spmdcheck {

inline std::string fixed_decimals(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

// Three significant digits, in exponent form where needed ("2.44e-07"):
// tolerances and errors that span many orders of magnitude.
inline std::string significant_digits(double x, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

// One shell word: single-quoted, with embedded single quotes escaped.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace spmdcheck
