#include "program/program_lexer.h"

#include <algorithm>
#include <array>
#include <limits>

namespace spmdcheck {
namespace {

// Character classes by table lookup: one test per byte instead of a chain of
// range comparisons (the scanner runs on every byte of every fuzz input, and
// under coverage instrumentation every comparison is a callback).
enum CharClass : uint8_t { kDigit = 1, kIdentStart = 2, kBlank = 4, kStringChar = 8 };

constexpr std::array<uint8_t, 256> make_char_classes() {
  std::array<uint8_t, 256> classes{};
  for (int c = '0'; c <= '9'; ++c) classes[c] = kDigit;
  for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kIdentStart;
  for (int c = 'a'; c <= 'z'; ++c) classes[c] = kIdentStart;
  classes['_'] = kIdentStart;
  classes[' '] = classes['\t'] = classes['\r'] = kBlank;
  // What a string may hold: printable ASCII except '"' and '\'.
  for (int c = 0x20; c < 0x7f; ++c)
    if (c != '"' && c != '\\') classes[c] |= kStringChar;
  return classes;
}
constexpr std::array<uint8_t, 256> kCharClasses = make_char_classes();

uint8_t char_class(char c) { return kCharClasses[static_cast<unsigned char>(c)]; }
bool is_digit(char c) { return char_class(c) & kDigit; }
bool is_ident_start(char c) { return char_class(c) & kIdentStart; }
bool is_ident_char(char c) { return char_class(c) & (kIdentStart | kDigit); }
bool is_blank(char c) { return char_class(c) & kBlank; }
bool is_string_char(char c) { return char_class(c) & kStringChar; }

// Matches -?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)? against the whole of `s`;
// sets `integer` when neither fraction nor exponent is present.
bool matches_number_grammar(std::string_view s, bool& integer) {
  size_t i = 0;
  auto digits = [&] {
    size_t begin = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i > begin;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits()) return false;
  integer = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    integer = false;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    integer = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

}  // namespace

SourceLoc ProgramLexer::loc_at(size_t pos) const {
  // Columns count bytes; a line longer than 4 GiB saturates rather than wraps.
  size_t col = pos - line_start_ + 1;
  constexpr size_t kMax = std::numeric_limits<uint32_t>::max();
  return SourceLoc{line_, static_cast<uint32_t>(std::min(col, kMax))};
}

// A number token is the maximal run of characters that could continue a
// literal (letters, digits, '_', '.', and a sign right after an exponent
// marker), so `2x` or `1.5.2` is one BadNumber rather than a number followed
// by a surprising token.
ProgramToken ProgramLexer::scan_number(size_t start) {
  size_t i = start;
  if (text_[i] == '-') ++i;
  while (i < text_.size()) {
    char c = text_[i];
    bool sign_after_exponent = (c == '+' || c == '-') && (text_[i - 1] == 'e' || text_[i - 1] == 'E');
    if (!is_ident_char(c) && c != '.' && !sign_after_exponent) break;
    ++i;
  }
  ProgramToken t;
  t.text = text_.substr(start, i - start);
  t.loc = loc_at(start);
  t.kind = matches_number_grammar(t.text, t.integer_spelling) ? ProgramToken::Kind::Number : ProgramToken::Kind::BadNumber;
  pos_ = i;
  return t;
}

// A string runs from its opening quote to the next '"' on the same line. A
// line end (LF, or CR LF) or the input's end first makes it unterminated; any
// other byte it cannot hold is reported by itself, at its own column.
ProgramToken ProgramLexer::scan_string(size_t start) {
  using K = ProgramToken::Kind;
  size_t i = start + 1;
  while (i < text_.size() && is_string_char(text_[i])) ++i;
  ProgramToken t;
  t.loc = loc_at(start);
  const bool at_line_end = i == text_.size() || text_[i] == '\n' || (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] == '\n'));
  if (at_line_end) {
    t.kind = K::UnterminatedString;
    t.text = text_.substr(start, i - start);
    pos_ = i;  // the line end is the next token (a CR is skipped as a blank)
  } else if (text_[i] == '"') {
    t.kind = K::String;
    t.text = text_.substr(start, i + 1 - start);
    pos_ = i + 1;
  } else {
    t.kind = K::BadStringChar;
    t.text = text_.substr(i, 1);
    t.loc = loc_at(i);
    pos_ = i + 1;
  }
  return t;
}

ProgramToken ProgramLexer::next() {
  using K = ProgramToken::Kind;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (is_blank(c)) {
      ++pos_;
    } else if (c == '#') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
  ProgramToken t;
  t.loc = loc_at(pos_);
  if (pos_ >= text_.size()) {
    t.kind = K::End;
    return t;
  }
  const size_t start = pos_;
  const char c = text_[start];
  if (c == '\n') {
    ++pos_;
    ++line_;
    line_start_ = pos_;
    t.kind = K::Newline;
    return t;
  }
  if (is_ident_start(c)) {
    while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
    t.kind = K::Ident;
    t.text = text_.substr(start, pos_ - start);
    return t;
  }
  if (is_digit(c) || (c == '-' && start + 1 < text_.size() && is_digit(text_[start + 1]))) return scan_number(start);
  if (c == '"') return scan_string(start);
  switch (c) {
    case '=': t.kind = K::Equals; break;
    case ':': t.kind = K::Colon; break;
    case ',': t.kind = K::Comma; break;
    case '(': t.kind = K::LParen; break;
    case ')': t.kind = K::RParen; break;
    case '[': t.kind = K::LBracket; break;
    case ']': t.kind = K::RBracket; break;
    case '{': t.kind = K::LBrace; break;
    case '}': t.kind = K::RBrace; break;
    default: t.kind = K::Invalid; break;
  }
  ++pos_;
  t.text = text_.substr(start, 1);
  return t;
}

std::string describe_token(const ProgramToken& t) {
  if (t.kind == ProgramToken::Kind::Newline) return "end of line";
  if (t.kind == ProgramToken::Kind::End) return "end of input";
  constexpr size_t kMaxShown = 32;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "'";
  for (size_t i = 0; i < t.text.size() && i < kMaxShown; ++i) {
    auto b = static_cast<unsigned char>(t.text[i]);
    if (b >= 0x20 && b < 0x7f) {
      out += static_cast<char>(b);
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xf];
    }
  }
  if (t.text.size() > kMaxShown) out += "...";
  return out + "'";
}

}  // namespace spmdcheck
