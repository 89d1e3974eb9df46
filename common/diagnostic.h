#pragma once
// One diagnostic for anything a user wrote: a program, a rule table, a flag.
// Every diagnostic carries the id of the rule that fired. Checker diagnostics
// use rule-table ids; the program and table parsers use fixed `syntax.*` and
// `table.*` ids, which are not rows of the table.
#include <string>
#include <vector>

#include "common/source_location.h"

namespace spmdcheck {

struct Diagnostic {
  SourceLoc loc;
  std::string rule_id;
  std::string message;
  std::string fix;                 // empty when the rule gives no fix hint
  std::vector<std::string> notes;  // further context, printed after the fix
};

// The one formatter. Layout (locked by the golden tests):
//   FILE:LINE:COL: error: MESSAGE [RULE-ID]
//   note: FIX
//   note: NOTE...
// `file` is the name as the user gave it; an unknown location prints FILE: only.
std::string format_diagnostic(const std::string& file, const Diagnostic& d);

}  // namespace spmdcheck
