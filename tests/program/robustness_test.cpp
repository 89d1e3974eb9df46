// Deterministic robustness checks of parse_program on inputs nobody would
// write: random bytes, random token soup, mutated valid programs, generated
// valid programs and pathological sizes. For every input the contract is:
//  - exactly one of program / error is set, and nothing throws or crashes;
//  - an error has a `syntax.*` id, a known line:col and a printable ASCII message;
//  - an accepted text round-trips: print(parse(print(parse(t)))) == print(parse(t)).
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "program_text_support.h"

namespace spmdcheck::test {
namespace {

// Checks the contract above for one input; returns whether it was accepted.
bool check_contract(const std::string& text) {
  ParseResult r = parse_program(text);
  EXPECT_NE(r.program.has_value(), r.error.has_value());
  if (r.error) {
    const Diagnostic& d = *r.error;
    EXPECT_EQ(d.rule_id.rfind("syntax.", 0), 0u) << d.rule_id;
    EXPECT_TRUE(d.loc.known());
    EXPECT_FALSE(d.message.empty());
    for (char c : d.message) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << d.message;
    return false;
  }
  std::string once = print_program(*r.program);
  ParseResult again = parse_program(once);
  EXPECT_TRUE(again.program.has_value()) << "printed text rejected:\n" << once;
  if (again.program) {
    EXPECT_EQ(print_program(*again.program), once) << "from input:\n" << text;
  }
  return true;
}

class Rng {
 public:
  explicit Rng(uint32_t seed) : gen_(seed) {}
  size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(gen_); }
  bool coin() { return below(2) == 0; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::mt19937 gen_;
};

const std::string kMeshLine = "mesh dp=2 tp=2\n";

const std::vector<std::string> kVocabulary = {"mesh", "input", "assert", "output", "loss", "x", "y", "dp", "tp", "pp", "f64", "bf16",
                                              "relu", "all_reduce", "R", "I", "V", "P", "S", "true", "false", "=", ":", ",", "(", ")", "[",
                                              "]", "{", "}", "\n", "#c\n", "0", "1", "-1", "2.5", "1e-3", "-2.5e+3", "1e999",
                                              "9223372036854775808", "8", "1.", "2x", "-", "\r", "\t", "\xff", std::string(1, '\0'),
                                              // version 2
                                              "None", "scalar", "gradient", "gradient=", "f16", "i64", "bool", "\"", "\"floor\"",
                                              "\"a, b\"", "\\", "[4, -1]", "[]", "[dp, tp]", "a, b", "global", "spec"};

TEST(ProgramTextRobustness, RandomBytes) {
  Rng rng(20240601);
  const std::string format_bytes = "mesh dp=2 tp:{}[](),#\n\r\t-.eE0123456789_RIVPS\"\\";
  for (int i = 0; i < 4000; ++i) {
    std::string text = rng.coin() ? kMeshLine : "";
    const bool from_format = rng.coin();
    for (size_t n = rng.below(120); n > 0; --n)
      text += from_format ? format_bytes[rng.below(format_bytes.size())] : static_cast<char>(rng.below(256));
    check_contract(text);
  }
}

TEST(ProgramTextRobustness, RandomTokenSoup) {
  Rng rng(7);
  int accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string text = rng.below(4) == 0 ? "" : kMeshLine;
    for (size_t n = rng.below(16); n > 0; --n) {
      text += rng.pick(kVocabulary);
      if (rng.coin()) text += ' ';
    }
    accepted += check_contract(text);
  }
  EXPECT_GT(accepted, 0);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) lines.push_back(text.substr(start, nl - start + 1));
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

// One small edit of the kind a fuzzer makes: delete, insert, replace a byte
// or token, duplicate or swap lines.
std::string mutate(std::string text, Rng& rng) {
  if (text.empty()) return rng.pick(kVocabulary);
  size_t pos = rng.below(text.size());
  switch (rng.below(5)) {
    case 0: return text.erase(pos, 1 + rng.below(4));
    case 1: return text.insert(pos, rng.pick(kVocabulary));
    case 2: text[pos] = static_cast<char>(rng.below(256)); return text;
    default: {
      auto lines = split_lines(text);
      size_t a = rng.below(lines.size()), b = rng.below(lines.size());
      if (rng.coin())
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(a), lines[b]);
      else
        std::swap(lines[a], lines[b]);
      return join(lines);
    }
  }
}

TEST(ProgramTextRobustness, MutatedValidPrograms) {
  const std::vector<std::string> seeds = {std::string(kFormatExample),
                                          "mesh dp=2 tp=2\ninput a : f32[2, 3] {tp: V, dp: I}\n"
                                          "m = mul(a, 0.5, out_partial=[dp, tp])\ns = all_gather(m, tp, src=S(-1), dst=R)\n"
                                          "r = reinterpret(s, dp, src=R, dst=P, expert=true)\nl = sum(r)\nassert l : {dp: P, tp: R}\n"
                                          "output s, m\nloss l\n",
                                          std::string(kVersion2Example)};
  Rng rng(99);
  int accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string text = seeds[rng.below(seeds.size())];
    for (size_t n = 1 + rng.below(3); n > 0; --n) text = mutate(std::move(text), rng);
    accepted += check_contract(text);
  }
  EXPECT_GT(accepted, 100);  // round trips are exercised, not only rejections
}

// A number spelled in one of the many ways the format allows.
std::string random_number(Rng& rng, bool integer) {
  const long long whole = static_cast<long long>(rng.below(2000)) - 1000;
  if (integer) return std::to_string(whole);
  char buf[64];
  const double d = static_cast<double>(whole) / static_cast<double>(1 + rng.below(999)) *
                   (rng.coin() ? 1.0 : 1e-200 * static_cast<double>(rng.below(3)));
  const char* formats[] = {"%.17g", "%g", "%.3e", "%.6f", "%.1f"};
  std::snprintf(buf, sizeof buf, formats[rng.below(5)], d);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".5";  // keep it a Number, not an Int
  return s;
}

std::string random_type(Rng& rng, const std::vector<std::string>& axes) {
  std::vector<std::string> order = axes;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  std::string t = "{";
  for (size_t i = 0; i < order.size(); ++i) t += (i ? ", " : "") + order[i] + (rng.coin() ? ":" : " : ") + "RIVP"[rng.below(4)];
  return t + "}";
}

// An argument value of any kind (program-format.md, "Arguments").
std::string random_value(Rng& rng, const std::vector<std::string>& axes) {
  switch (rng.below(9)) {
    case 0: return "v" + std::to_string(rng.below(10));
    case 1: return random_number(rng, rng.coin());
    case 2: return rng.coin() ? "true" : "false";
    case 3: return "None";
    case 4: return "[" + random_number(rng, true) + (rng.coin() ? ", -1]" : "]");
    case 5: return rng.coin() ? "[]" : "[" + axes[0] + ", v1]";
    case 6: return rng.coin() ? "\"floor\"" : "\" ij, jk -> ik # \"";
    case 7: return std::string(1, "RIVP"[rng.below(4)]);
    default: return "S(" + random_number(rng, true) + ")";
  }
}

// Valid by construction: every generated text must be accepted.
std::string random_valid_program(Rng& rng) {
  const std::vector<std::string> axis_pool = {"dp", "tp", "pp", "ep", "cp"};
  std::vector<std::string> axes(axis_pool.begin(), axis_pool.begin() + static_cast<std::ptrdiff_t>(1 + rng.below(5)));
  std::string text = "mesh";
  for (const auto& a : axes) text += " " + a + "=" + std::to_string(1 + rng.below(4));
  text += rng.coin() ? "  # mesh\n\n" : "\n";
  const std::vector<std::string> dtypes = {"f64", "f32", "bf16", "f16", "i64", "bool"};
  for (size_t n = rng.below(12); n > 0; --n) {
    std::string v = "v" + std::to_string(rng.below(10));
    switch (rng.below(5)) {
      case 0: {
        if (rng.below(4) == 0) {
          text += "input " + v + " : scalar " + random_type(rng, axes);
          break;
        }
        text += "input " + v + " : " + rng.pick(dtypes) + "[";
        for (size_t r = rng.below(4); r > 0; --r) text += std::to_string(1 + rng.below(64)) + (r > 1 ? ", " : "");
        text += "] " + random_type(rng, axes);
        break;
      }
      case 1: text += "assert " + v + " : " + random_type(rng, axes); break;
      case 2: {  // version 2: several results, values of every kind
        text += v + (rng.coin() ? ", w" : " ,w,u") + " = op(" + random_value(rng, axes);
        for (size_t a = rng.below(4); a > 0; --a) text += ", " + random_value(rng, axes);
        for (size_t k = rng.below(3); k > 0; --k) text += ", k" + std::to_string(k) + "=" + random_value(rng, axes);
        text += ")";
        break;
      }
      default: {
        text += v + " = op" + std::to_string(rng.below(3)) + "(v0";
        for (size_t a = rng.below(3); a > 0; --a) text += ", " + random_number(rng, rng.coin());
        if (rng.coin()) text += ", src=S(" + random_number(rng, true) + "), dst=" + "RIVP"[rng.below(4)];
        if (rng.coin()) text += ", dim=" + random_number(rng, rng.coin());
        if (rng.coin()) text += ", on=[" + axes[0] + ", " + axes.back() + "], flag=true";
        text += ")";
      }
    }
    text += rng.coin() ? "\n" : "   # note\r\n";
  }
  return text + "output v0, v1\nloss v2" + (rng.coin() ? " gradient=v3\n" : "\n");
}

TEST(ProgramTextRobustness, GeneratedValidProgramsAreAcceptedAndRoundTrip) {
  Rng rng(2718);
  for (int i = 0; i < 2000; ++i) {
    std::string text = random_valid_program(rng);
    EXPECT_TRUE(check_contract(text)) << format_diagnostic("<generated>", *parse_program(text).error) << text;
  }
}

// Every prefix of a valid program, cut at any byte (a string or a list cut
// open included), is accepted or rejected with a located syntax error.
TEST(ProgramTextRobustness, Truncations) {
  for (std::string_view text : {kFormatExample, kVersion2Example}) {
    int accepted = 0;
    for (size_t n = 0; n <= text.size(); ++n) accepted += check_contract(std::string(text.substr(0, n)));
    EXPECT_GT(accepted, 10);
  }
}

TEST(ProgramTextRobustness, PathologicalSizes) {
  const std::vector<std::string> texts = {
      std::string(100000, '('),
      std::string(100000, '\n'),
      std::string(100000, '#'),
      "mesh dp=" + std::string(5000, '9'),
      kMeshLine + "y = f(" + std::string(5000, '9') + ")",
      kMeshLine + "y = f(0." + std::string(5000, '0') + "1)",
      kMeshLine + "y = f(x, d=-" + std::string(5000, '9') + ")",
      kMeshLine + std::string(70000, 'a') + " = relu(x)",
      kMeshLine + "y = f(" + std::string(50000, '-') + ")",
      kMeshLine + "y = f(\"" + std::string(100000, 'a') + "\")",
      kMeshLine + "y = f(\"" + std::string(100000, 'a'),
      kMeshLine + "y = f(" + std::string(50000, '"') + ")",
      kMeshLine + "y = f(" + std::string(20000, '[') + ")",
  };
  for (const auto& t : texts) check_contract(t);
  std::string many_args = kMeshLine + "y = f(x";
  for (int i = 0; i < 20000; ++i) many_args += ", x";
  EXPECT_TRUE(check_contract(many_args + ")"));
  std::string long_list = kMeshLine + "y = f([0";
  for (int i = 0; i < 20000; ++i) long_list += ", -1";
  EXPECT_TRUE(check_contract(long_list + "])"));
  std::string many_results = kMeshLine + "r0";
  for (int i = 1; i < 2000; ++i) many_results += ", r" + std::to_string(i);
  EXPECT_TRUE(check_contract(many_results + " = split(x, 1)"));
}

}  // namespace
}  // namespace spmdcheck::test
