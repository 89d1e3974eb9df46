#include "program/program_call_parser.h"

#include <string>

namespace spmdcheck {
namespace {

using K = ProgramToken::Kind;

// What a positional argument may start with (a keyword argument is an
// identifier followed by '=').
bool starts_value(K kind) { return kind == K::Ident || kind == K::Number || kind == K::LBracket || kind == K::String; }

// The expected value, for messages only (built when parsing fails).
std::string expected_value(std::string_view key) {
  if (key.empty()) return "an argument (a name, a number, a list, a string or KEY=VALUE)";
  return "a value after '" + std::string(key) + "='";
}

bool parse_number(TokenCursor& c, ArgValue& v) {
  ProgramToken t = c.take();
  if (t.integer_spelling) {
    v.kind = ArgValue::Kind::Int;
    return c.to_int(t, v.integer);
  }
  v.kind = ArgValue::Kind::Number;
  return c.to_double(t, v.number);
}

// `S(k)`, at the 'S'.
bool parse_shard_form(TokenCursor& c, ArgValue& v) {
  c.take();  // the 'S'
  if (!c.expect(K::LParen, "'(' after 'S' (a shard form is written S(k))")) return false;
  if (!c.at(K::Number) || !c.cur().integer_spelling) return c.fail_expected("an integer tensor dimension in S(k)", "syntax.form");
  v.kind = ArgValue::Kind::Form;
  v.form.kind = Form::Kind::S;
  if (!c.to_int(c.take(), v.form.shard_dim)) return false;
  return c.expect(K::RParen, "')' after the dimension of S(k)");
}

bool fail_mixed_list(TokenCursor& c, bool names) {
  return c.fail(
      c.cur().loc, "syntax.list",
      "a list holds integers or names, not both, but " + describe_token(c.cur()) + (names ? " follows a name" : " follows an integer"),
      "write integers ([4, -1]) or names ([dp, tp])");
}

// `[]`, `[4, -1]` or `[a, b]`, at the '['. The first item decides the kind;
// `[]` is an empty IntList.
bool parse_list(TokenCursor& c, ArgValue& v) {
  c.take();  // the '['
  v.kind = ArgValue::Kind::IntList;
  if (c.at(K::RBracket)) {
    c.take();
    return true;
  }
  if (!c.at(K::Ident) && !c.at(K::Number)) return c.fail_expected("an integer, a name or ']' in the list");
  const bool names = c.at(K::Ident);
  if (names) v.kind = ArgValue::Kind::NameList;
  while (true) {
    SourceLoc loc = c.cur().loc;
    if (names) {
      if (c.at(K::Number)) return fail_mixed_list(c, names);
      std::string name;
      if (!c.take_name("a name in the list", "a value", name, loc)) return false;
      v.names.push_back(std::move(name));
    } else {
      if (c.at(K::Ident)) return fail_mixed_list(c, names);
      if (!c.at(K::Number)) return c.fail_expected("an integer in the list");
      if (!c.cur().integer_spelling)
        return c.fail(loc, "syntax.list", "a list holds integers or names, but got number " + describe_token(c.cur()),
                      "list items are integers ([4, -1]) or names ([dp, tp])");
      int64_t item = 0;
      if (!c.to_int(c.take(), item)) return false;
      v.ints.push_back(item);
    }
    v.item_locs.push_back(loc);
    if (!c.at(K::Comma)) break;
    c.take();
  }
  return c.expect(K::RBracket, names ? "',' or ']' in the name list" : "',' or ']' in the integer list");
}

// An identifier: `true`/`false` (see BoolWordsBound), `None`, a type letter
// or `S(k)`, else a name (reserved words are rejected).
bool parse_word(TokenCursor& c, BoolWordsBound bound, ArgValue& v) {
  const std::string_view word = c.cur().text;
  if ((word == "true" && !bound.true_bound) || (word == "false" && !bound.false_bound)) {
    v.kind = ArgValue::Kind::Bool;
    v.boolean = word == "true";
    c.take();
    return true;
  }
  if (word == "None") {
    v.kind = ArgValue::Kind::None;
    c.take();
    return true;
  }
  if (word == "S") return parse_shard_form(c, v);
  if (auto ty = ty_from_letter(word)) {
    v.kind = ArgValue::Kind::Form;
    v.form.kind = static_cast<Form::Kind>(*ty);
    c.take();
    return true;
  }
  v.kind = ArgValue::Kind::Name;
  v.names.emplace_back();
  SourceLoc loc;
  return c.take_name("a value", "a value", v.names.back(), loc);
}

// One argument value; `key` is empty for a positional argument.
bool parse_value(TokenCursor& c, BoolWordsBound bound, std::string_view key, ArgValue& v) {
  switch (c.cur().kind) {
    case K::Ident: return parse_word(c, bound, v);
    case K::Number: return parse_number(c, v);
    case K::LBracket: return parse_list(c, v);
    case K::String: {
      const std::string_view quoted_text = c.take().text;
      v.kind = ArgValue::Kind::String;
      v.text.assign(quoted_text.substr(1, quoted_text.size() - 2));
      return true;
    }
    default: return c.fail_expected(expected_value(key));
  }
}

bool parse_kwarg(TokenCursor& c, BindingStmt& s) {
  KwArg kw;
  ProgramToken key = c.take();
  kw.key.assign(key.text);
  kw.loc = key.loc;
  for (const KwArg& other : s.kwargs)
    if (other.key == kw.key) return c.fail(key.loc, "syntax.keyword_duplicate", "keyword argument " + quoted(kw.key) + " is given twice");
  c.take();  // the '='
  kw.value_loc = c.cur().loc;
  if (!parse_value(c, BoolWordsBound{}, kw.key, kw.value)) return false;
  if (s.kwargs.empty()) s.kwargs.reserve(4);
  s.kwargs.push_back(std::move(kw));
  return true;
}

}  // namespace

bool parse_call(TokenCursor& c, BoolWordsBound bound, BindingStmt& s) {
  if (!c.at(K::Ident)) return c.fail_expected("an operation name after '='");
  ProgramToken op = c.take();
  s.op.assign(op.text);
  s.op_loc = op.loc;
  if (!c.expect(K::LParen, [&] { return "'(' after operation name " + quoted(s.op); })) return false;
  // Calls have a few arguments of each kind: allocate each list once.
  s.args.reserve(c.at(K::RParen) ? 0 : 4);
  for (bool more = !c.at(K::RParen); more;) {
    if (c.at(K::Ident) && c.next().kind == K::Equals) {
      if (!parse_kwarg(c, s)) return false;
    } else {
      if (!s.kwargs.empty() && starts_value(c.cur().kind))
        return c.fail(c.cur().loc, "syntax.positional_after_keyword",
                      "positional argument " + describe_token(c.cur()) + " follows a keyword argument",
                      "write positional arguments first: op(x, y, key=value)");
      Arg arg;
      arg.loc = c.cur().loc;
      if (!parse_value(c, bound, {}, arg.value)) return false;
      s.args.push_back(std::move(arg));
    }
    more = c.at(K::Comma);
    if (more) c.take();
  }
  return c.expect(K::RParen, "',' or ')' after an argument");
}

}  // namespace spmdcheck
