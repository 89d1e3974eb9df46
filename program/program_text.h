#pragma once
// The .spmd text format (shared/design/program-format.md), version 1 and the
// local parts of version 2 (dtypes, argument values, several results, typed
// scalars, gradient seeds; not global SPMD): parser and canonical printer.
// Contract: for every text the parser accepts, print(parse(print(parse(t))))
// == print(parse(t)) (printing is a fixed point).
#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.h"
#include "program/program.h"

namespace spmdcheck {

struct ParseResult {
  std::optional<Program> program;   // set on success
  std::optional<Diagnostic> error;  // set on failure: the first error, id `syntax.*`
};

// Parses one program. Purely syntactic plus the structural rules the format
// states independently of any rule table: exactly one mesh, first; distinct
// axes with sizes >= 1 (at most kMaxAxes); types naming every mesh axis
// exactly once; reserved words (None included) not used as names; distinct
// names within one binding; at most one output and one loss statement; shapes
// with dims >= 1, rank <= kMaxRank, size <= kMaxDimSize. Binding rules (bound
// once, bound before use) are the checker's. An argument value's kind follows
// its spelling (ArgValue), with one exception kept from version 1: a
// positional `true` / `false` is a name once a mesh axis or an earlier
// statement binds that name (BoolWordsBound, program_call_parser.h).
ParseResult parse_program(std::string_view text);

// Canonical text: the mesh line, a blank line, then one statement per line
// with the spacing of program-format.md's example (comments are not kept).
std::string print_program(const Program& program);

// One statement, without the newline (for messages and reports).
std::string print_statement(const Mesh& mesh, const Statement& statement);

// An argument value as the printer writes it (`S(1)`, `[dp, tp]`, `2`,
// `2.0`, `"floor"`, `None`): an Int without, a Number always with a fraction
// or an exponent.
std::string arg_value_to_text(const ArgValue& value);

}  // namespace spmdcheck
