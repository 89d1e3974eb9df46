#pragma once
// Helpers shared by the .spmd text tests.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "program/program_text.h"

namespace spmdcheck {

// How gtest shows these in failure messages.
inline void PrintTo(const ArgValue& v, std::ostream* os) {
  *os << "ArgValue(kind " << static_cast<int>(v.kind) << ": " << arg_value_to_text(v) << ")";
}
inline void PrintTo(const SourceLoc& loc, std::ostream* os) { *os << loc.line << ":" << loc.col; }

}  // namespace spmdcheck

namespace spmdcheck::test {

// The format's own example (program-format.md), comments and alignment included.
inline constexpr std::string_view kFormatExample =
    R"(# Megatron-style tensor-parallel MLP block (sequence parallelism off) under data parallelism.
mesh dp=2 tp=2

input x  : f64[4, 8]  {dp: V, tp: I}     # activations: split over dp, same on every tp rank
input w1 : f64[8, 6]  {dp: I, tp: V}     # column-parallel weight shard
input w2 : f64[6, 8]  {dp: I, tp: V}     # row-parallel weight shard

xr  = convert(x, tp, src=I, dst=R)       # backward: all_reduce over tp
w1r = convert(w1, dp, src=I, dst=R)      # backward: the data-parallel gradient all-reduce
w2r = convert(w2, dp, src=I, dst=R)
h   = matmul(xr, w1r)                    # {dp: V, tp: V}
a   = relu(h)
o   = matmul(a, w2r)                     # local partial products, V on tp
y   = all_reduce(o, tp, src=P, dst=I)    # V is accepted where P is expected
assert y : {dp: V, tp: I}
output y
)";

// Every local form of version 2 (program-format.md, "Version 2"), comments
// and free spacing included.
inline constexpr std::string_view kVersion2Example =
    R"(# Version-2 forms: dtypes, argument values, several results, typed scalars, seeds.
mesh dp=2 tp=2

input x : f16[4, 8] {dp: V, tp: R}
input idx : i64[4] {dp: V, tp: R}
input mask : bool[4, 8] {dp: V, tp: R}
input s : scalar {dp: R, tp: P}          # spmd_types' Scalar(value, {tp: P})
a, b = split(x, [2, 6], dim=1)           # several results
c = cat([a, b], dim=-1)
d = div(c, s, rounding_mode="floor")     # a string and a typed scalar
e = sum(d, dim=None, keepdim=false)
f = view(e, [])
g = einsum("i,i->", x, x)
t = mul(s, 2.0)
h = convert(x, tp, R, S(0), expert=true)
loss f gradient=g
output b, t
)";

// Parses `text`, which must be accepted; an empty Program otherwise.
inline Program parse_ok(std::string_view text) {
  ParseResult r = parse_program(text);
  if (!r.program) {
    ADD_FAILURE() << "rejected: " << format_diagnostic("<text>", *r.error) << "text:\n" << text;
    return Program{};
  }
  EXPECT_FALSE(r.error.has_value());
  return std::move(*r.program);
}

// print(parse(text)); `text` must be accepted.
inline std::string canonical(std::string_view text) { return print_program(parse_ok(text)); }

// Statement `i` of `p`, which must be a T.
template <class T>
const T& stmt(const Program& p, size_t i) {
  return std::get<T>(p.statements.at(i));
}

inline SourceLoc at(uint32_t line, uint32_t col) { return SourceLoc{line, col}; }

// A text the parser must reject with `rule_id` at line:col.
struct ErrorCase {
  const char* name;  // the test's name
  std::string text;
  const char* rule_id;
  uint32_t line;
  uint32_t col;
};

inline std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

inline void expect_error(const ErrorCase& c) {
  ParseResult r = parse_program(c.text);
  ASSERT_FALSE(r.program.has_value()) << "accepted:\n" << c.text;
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->rule_id, c.rule_id) << r.error->message;
  EXPECT_EQ(r.error->loc, (SourceLoc{c.line, c.col})) << "got " << r.error->loc.line << ":" << r.error->loc.col << ": " << r.error->message;
  EXPECT_FALSE(r.error->message.empty());
}

}  // namespace spmdcheck::test
