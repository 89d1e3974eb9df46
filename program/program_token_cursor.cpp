#include "program/program_token_cursor.h"

#include <charconv>
#include <system_error>

namespace spmdcheck {

bool is_reserved_word(std::string_view s) {
  if (s.size() == 1) return s[0] == 'R' || s[0] == 'I' || s[0] == 'V' || s[0] == 'P' || s[0] == 'S';
  return s == "mesh" || s == "input" || s == "assert" || s == "output" || s == "loss" || s == "None";
}

std::string quoted(std::string_view s) {
  ProgramToken t;
  t.kind = ProgramToken::Kind::Ident;
  t.text = s;
  return describe_token(t);
}

bool TokenCursor::fail(SourceLoc loc, std::string_view rule, std::string message, std::string fix) {
  if (!error_) error_ = Diagnostic{loc, std::string(rule), std::move(message), std::move(fix), {}};
  return false;
}

bool TokenCursor::fail_expected(std::string_view what, std::string_view rule) {
  if (at(K::Invalid))
    return fail(cur_.loc, "syntax.invalid_character",
                "expected " + std::string(what) + ", but got invalid character " + describe_token(cur_),
                "outside comments and strings a program is written in ASCII letters, digits, "
                "spaces and = : , ( ) [ ] { } - \"");
  if (at(K::BadNumber))
    return fail(cur_.loc, "syntax.number", "malformed number " + describe_token(cur_), "numbers are written like 2, -1, 0.5 or 1e-3");
  if (at(K::BadStringChar))
    return fail(cur_.loc, "syntax.string", "invalid character " + describe_token(cur_) + " in a string",
                "a string holds printable ASCII characters except '\"' and '\\'; there are no "
                "escapes");
  if (at(K::UnterminatedString))
    return fail(cur_.loc, "syntax.string", "unterminated string: no closing '\"' on this line",
                "a string is written on one line between double quotes, e.g. \"floor\"");
  return fail(cur_.loc, rule, "expected " + std::string(what) + ", but got " + describe_token(cur_));
}

bool TokenCursor::expect(K kind, std::string_view what) {
  if (!at(kind)) return fail_expected(what);
  take();
  return true;
}

namespace {

// Converts the whole of `s`; false when it does not fit in T.
template <class T>
bool convert_whole(std::string_view s, T& out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

bool TokenCursor::to_int(const ProgramToken& t, int64_t& out) {
  return convert_whole(t.text, out) ||
         fail(t.loc, "syntax.number", "integer " + describe_token(t) + " is out of range", "integers must fit in 64 bits");
}

bool TokenCursor::to_double(const ProgramToken& t, double& out) {
  return convert_whole(t.text, out) || fail(t.loc, "syntax.number", "number " + describe_token(t) + " is out of range",
                                            "a number must be 0 or a finite double of magnitude about 1e-308 to 1e308");
}

bool TokenCursor::take_name(std::string_view what, std::string_view noun, std::string& out, SourceLoc& loc) {
  if (!at(K::Ident)) return fail_expected(what);
  if (is_reserved_word(cur_.text))
    return fail(cur_.loc, "syntax.reserved_name", describe_token(cur_) + " is reserved and cannot name " + std::string(noun),
                cur_.text == "None" ? "rename it: since format version 2, None is the argument value None "
                                      "(as in dim=None)"
                                    : "rename it: mesh, input, assert, output, loss, None and the type letters R, "
                                      "I, V, P, S are reserved");
  ProgramToken t = take();
  out.assign(t.text);
  loc = t.loc;
  return true;
}

}  // namespace spmdcheck
