#include "rules/op_signature.h"

#include <cctype>
#include <charconv>

namespace spmdcheck {
namespace {

constexpr std::string_view kRoleNames[] = {
    "operand", "scalar_operand", "nonlinear_operand", "operands", "index", "int", "ints", "number", "bool", "string", "axes"};
static_assert(std::size(kRoleNames) == kNumParamRoles);

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A cursor over one parameter string; every error carries its offset.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}
  void skip_space() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }
  bool done() {
    skip_space();
    return i_ == s_.size();
  }
  bool take(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  std::string_view ident() {
    skip_space();
    size_t start = i_;
    if (i_ < s_.size() && is_ident_start(s_[i_]))
      while (i_ < s_.size() && is_ident_char(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }
  size_t pos() const { return i_; }
  std::string_view rest() const { return s_.substr(i_); }
  void advance(size_t n) { i_ += n; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

// A number at the cursor: an Int if it has neither fraction nor exponent.
std::optional<ArgValue> scan_number(Scanner& sc) {
  sc.skip_space();
  std::string_view r = sc.rest();
  size_t n = 0;
  while (n < r.size() &&
         (std::isdigit(static_cast<unsigned char>(r[n])) || r[n] == '-' || r[n] == '+' || r[n] == '.' || r[n] == 'e' || r[n] == 'E'))
    ++n;
  std::string_view tok = r.substr(0, n);
  if (tok.empty()) return std::nullopt;
  if (tok.find_first_of(".eE") == std::string_view::npos) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || end != tok.data() + tok.size()) return std::nullopt;
    sc.advance(n);
    return ArgValue::of_int(v);
  }
  double d = 0;
  auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), d);
  if (ec != std::errc() || end != tok.data() + tok.size()) return std::nullopt;
  sc.advance(n);
  return ArgValue::of_number(d);
}

std::optional<ArgValue> scan_default(Scanner& sc, std::string& error) {
  sc.skip_space();
  std::string_view r = sc.rest();
  if (r.empty()) return error = "expected a default value after '='", std::nullopt;
  if (r[0] == '"') {
    size_t close = r.find('"', 1);
    if (close == std::string_view::npos) return error = "unterminated string", std::nullopt;
    sc.advance(close + 1);
    return ArgValue::of_string(std::string(r.substr(1, close - 1)));
  }
  if (r[0] == '[') {
    sc.advance(1);
    std::vector<int64_t> ints;
    if (sc.take(']')) return ArgValue::of_ints({});
    while (true) {
      std::optional<ArgValue> item = scan_number(sc);
      if (!item || item->kind != ArgValue::Kind::Int) return error = "a default list holds integers", std::nullopt;
      ints.push_back(item->integer);
      if (sc.take(']')) return ArgValue::of_ints(std::move(ints));
      if (!sc.take(',')) return error = "expected ',' or ']' in the default list", std::nullopt;
    }
  }
  if (is_ident_start(r[0])) {
    std::string_view word = sc.ident();
    if (word == "true" || word == "false") return ArgValue::of_bool(word == "true");
    if (word == "None") return ArgValue::of_none();
    return error = "'" + std::string(word) + "' is not a default; expected a number, true, false, None, a \"string\" or [ints]",
           std::nullopt;
  }
  std::optional<ArgValue> number = scan_number(sc);
  if (!number) error = "expected a number, true, false, None, a \"string\" or [ints] as the default";
  return number;
}

// Whether `value` is a default the role can hold.
bool default_fits(const ParamSpec& p, const ArgValue& v) {
  using K = ArgValue::Kind;
  if (v.kind == K::None) return p.accepts_none;
  switch (p.role) {
    case ParamRole::ScalarOperand:
    case ParamRole::NonlinearOperand:
    case ParamRole::Number: return v.is_numeric();
    case ParamRole::Int: return v.kind == K::Int;
    case ParamRole::Ints: return v.kind == K::Int || v.kind == K::IntList;
    case ParamRole::Bool: return v.kind == K::Bool;
    case ParamRole::String: return v.kind == K::String;
    default: return false;  // tensors and axes have no literal default other than None
  }
}

void append_default(std::string& out, const ArgValue& v) {
  switch (v.kind) {
    case ArgValue::Kind::Int: out += std::to_string(v.integer); break;
    case ArgValue::Kind::Number: {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.number);
      std::string_view text(buf, ec == std::errc() ? static_cast<size_t>(end - buf) : 0);
      out += text;
      if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
      break;
    }
    case ArgValue::Kind::Bool: out += v.boolean ? "true" : "false"; break;
    case ArgValue::Kind::None: out += "None"; break;
    case ArgValue::Kind::String: out += '"' + v.text + '"'; break;
    case ArgValue::Kind::IntList:
      out += '[';
      for (size_t i = 0; i < v.ints.size(); ++i) out += (i ? ", " : "") + std::to_string(v.ints[i]);
      out += ']';
      break;
    default: break;
  }
}

}  // namespace

std::string_view param_role_name(ParamRole r) { return kRoleNames[static_cast<int>(r)]; }

std::optional<ParamRole> param_role_from_name(std::string_view s) {
  for (int i = 0; i < kNumParamRoles; ++i)
    if (kRoleNames[i] == s) return static_cast<ParamRole>(i);
  return std::nullopt;
}

ParsedParam parse_param_spec(std::string_view text, bool keyword_only) {
  ParsedParam out;
  Scanner sc(text);
  auto fail = [&](size_t offset, std::string message) {
    out.error = ParamParseError{offset, std::move(message)};
    return out;
  };
  if (sc.take('*')) {
    if (!sc.done()) return fail(sc.pos(), "nothing may follow '*'");
    out.star = true;
    return out;
  }
  ParamSpec p;
  p.keyword_only = keyword_only;
  size_t at = (sc.skip_space(), sc.pos());
  p.name = std::string(sc.ident());
  if (p.name.empty()) return fail(at, "expected a parameter name, or '*' before keyword-only parameters");
  if (!sc.take(':')) return fail(sc.pos(), "expected ': ROLE' after the parameter name '" + p.name + "'");
  at = (sc.skip_space(), sc.pos());
  std::string_view role = sc.ident();
  std::optional<ParamRole> r = param_role_from_name(role);
  if (!r) {
    std::string known;
    for (std::string_view n : kRoleNames) known += (known.empty() ? "" : ", ") + std::string(n);
    return fail(at, "unknown role '" + std::string(role) + "'; expected one of " + known);
  }
  p.role = *r;
  p.accepts_none = sc.take('?');
  if (sc.take('=')) {
    at = (sc.skip_space(), sc.pos());
    std::string error;
    std::optional<ArgValue> v = scan_default(sc, error);
    if (!v) return fail(at, error);
    if (!default_fits(p, *v))
      return fail(at, "the default does not fit role '" + std::string(role) + (p.accepts_none ? "?" : "") + "'" +
                          (v->kind == ArgValue::Kind::None ? " (write the role with '?' to accept None)" : ""));
    p.default_value = std::move(*v);
  }
  if (!sc.done()) return fail(sc.pos(), "unexpected text after the parameter");
  out.param = std::move(p);
  return out;
}

std::string param_spec_to_text(const ParamSpec& p) {
  std::string out = p.name + ": " + std::string(param_role_name(p.role));
  if (p.accepts_none) out += '?';
  if (p.default_value) {
    out += " = ";
    append_default(out, *p.default_value);
  }
  return out;
}

std::string signature_text(std::string_view op, const std::vector<ParamSpec>& params) {
  std::string out = std::string(op) + "(";
  bool star = false;
  for (size_t i = 0; i < params.size(); ++i) {
    if (i) out += ", ";
    if (params[i].keyword_only && !star) {
      out += "*, ";
      star = true;
    }
    out += params[i].name;
    if (params[i].default_value) {
      out += '=';
      append_default(out, *params[i].default_value);
    }
  }
  return out + ")";
}

}  // namespace spmdcheck
