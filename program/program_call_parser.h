#pragma once
// The call of a binding, `OP(ARG, ..., KEY=VALUE, ...)`, and the one grammar
// of argument values, positional and keyword (program-format.md, version 2,
// "Arguments"). The value's kind follows its spelling (see ArgValue); which
// parameter it fills and whether a name is a value or an axis is the rule
// table's business.
#include "program/program.h"
#include "program/program_token_cursor.h"

namespace spmdcheck {

// Whether `true` / `false` name a mesh axis or a value bound by an earlier
// statement. Version 1 read a positional `true` as a value name; version 2
// reads it as the Bool, except where that would change a version-1 program's
// meaning: when such a name exists, a positional `true` (`false`) is that
// name. Keyword values `k=true` were Bool in version 1 and stay Bool, and
// list items stay names.
struct BoolWordsBound {
  bool true_bound = false;
  bool false_bound = false;
};

// Parses `OP(...)` at the cursor (the bound names and '=' are taken) into
// s.op, s.op_loc, s.args and s.kwargs. Returns false after recording the
// first error in the cursor.
bool parse_call(TokenCursor& c, BoolWordsBound bound, BindingStmt& s);

}  // namespace spmdcheck
