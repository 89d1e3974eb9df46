#pragma once
// The parser's view of the token stream: two tokens of lookahead, the first
// error (as a Diagnostic with a fixed `syntax.*` id), and the checks every
// statement shares: names that must not be reserved words, and number
// literals converted with std::from_chars. Every check returns false after
// recording the error, so grammar code reads `if (!check(...)) return false;`.
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.h"
#include "program/program_lexer.h"

namespace spmdcheck {

// `mesh input assert output loss`, the type letters `R I V P S` and (since
// version 2) `None`.
bool is_reserved_word(std::string_view s);

// `'text'` as messages show it (see describe_token).
std::string quoted(std::string_view s);

class TokenCursor {
 public:
  using K = ProgramToken::Kind;

  explicit TokenCursor(std::string_view text) : lex_(text), cur_(lex_.next()), next_(lex_.next()) {}

  const ProgramToken& cur() const { return cur_; }
  const ProgramToken& next() const { return next_; }
  bool at(K k) const { return cur_.kind == k; }
  bool at_line_end() const { return at(K::Newline) || at(K::End); }
  ProgramToken take() {
    ProgramToken t = cur_;
    cur_ = next_;
    next_ = lex_.next();
    return t;
  }

  // Records the error unless one is recorded already; returns false.
  bool fail(SourceLoc loc, std::string_view rule, std::string message, std::string fix = {});
  // The current token is not `what` the grammar wants here. A stray byte
  // (syntax.invalid_character), a malformed literal (syntax.number) or a
  // malformed string (syntax.string) is reported as such whatever was
  // expected; other tokens get `rule`.
  bool fail_expected(std::string_view what, std::string_view rule = "syntax.unexpected_token");
  // Takes a token of `kind`, or fails as fail_expected(what).
  bool expect(K kind, std::string_view what);
  // The same with a message computed by `what()` only when it fails, so
  // well-formed text builds no message strings.
  template <typename What>
  requires std::invocable<What>
  bool expect(K kind, What&& what) {
    if (!at(kind)) return fail_expected(what());
    take();
    return true;
  }

  // Number tokens to values; an out-of-range literal is syntax.number.
  bool to_int(const ProgramToken& t, int64_t& out);
  bool to_double(const ProgramToken& t, double& out);

  // Takes a value or axis name: an identifier that is not reserved.
  // `what` describes the expected token, `noun` what the name would name.
  bool take_name(std::string_view what, std::string_view noun, std::string& out, SourceLoc& loc);

  std::optional<Diagnostic> take_error() { return std::move(error_); }

 private:
  ProgramLexer lex_;
  ProgramToken cur_;
  ProgramToken next_;
  std::optional<Diagnostic> error_;
};

}  // namespace spmdcheck
