#pragma once
// Helpers shared by the .spmd text tests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "program/program_text.h"

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

}  // namespace spmdcheck::test
