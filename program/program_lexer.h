#pragma once
// Tokens of the .spmd text format (shared/design/program-format.md), produced
// lazily from a string_view by a hand-written scanner: no regex, no copies.
// The lexer never fails: a byte outside the format becomes an Invalid token, a
// malformed literal (`1.`, `2x`, `0x10`) a BadNumber token and a malformed
// string a BadStringChar or UnterminatedString token, so the parser can report
// the first error in source order with its line:col.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/source_location.h"

namespace spmdcheck {

struct ProgramToken {
  enum class Kind : uint8_t {
    Ident,      // [A-Za-z_][A-Za-z0-9_]*
    Number,     // -?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?
    BadNumber,  // starts like a number but does not match the grammar above
    Equals,     // =
    Colon,      // :
    Comma,      // ,
    LParen,     // (
    RParen,     // )
    LBracket,   // [
    RBracket,   // ]
    LBrace,     // {
    RBrace,     // }
    Newline,    // end of a line (comments are skipped, never tokens)
    End,        // end of input
    Invalid,    // one byte that starts no token
    String,     // "..." of printable ASCII except '"' and '\' (text keeps the quotes)
    // A string that reaches the end of its line (or of the input) before its
    // closing quote; loc is the opening quote, text runs to the line's end.
    UnterminatedString,
    // A byte a string cannot hold (outside printable ASCII, or '\'); loc and
    // text are that byte. Scanning resumes after it.
    BadStringChar,
  };
  Kind kind = Kind::End;
  std::string_view text;  // the bytes as written (empty for Newline and End)
  SourceLoc loc;
  // Number only: spelled without '.' or exponent, so it denotes an integer.
  bool integer_spelling = false;
};

class ProgramLexer {
 public:
  explicit ProgramLexer(std::string_view text) : text_(text) {}
  ProgramToken next();

 private:
  SourceLoc loc_at(size_t pos) const;
  ProgramToken scan_number(size_t start);
  ProgramToken scan_string(size_t start);

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 1;
};

// How a token is named in a message: `'x'` quoted (bytes outside printable
// ASCII escaped as \xNN, long tokens cut short), or `end of line` /
// `end of input`. Messages stay valid, printable ASCII for any input.
std::string describe_token(const ProgramToken& t);

}  // namespace spmdcheck
