// Contractions and factories through the whole property (simulated ranks,
// forward and gradients): factories feed ops whose inputs take gradients,
// a *_like form passes none, einsum contracts a P factor, i64 results are
// compared bitwise; and a factory row typed P (n copies of its value read
// as their sum) is caught.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

Mesh mesh;  // of the last program run (for failure messages)

PropertyOutcome run(const RuleTable& table, const std::string& text) {
  at::set_num_threads(1);
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << (parsed.error ? parsed.error->message : "");
  if (!parsed.program) return {};
  mesh = parsed.program->mesh;
  return check_program_property(table, *parsed.program, data_seed_for(7));
}

TEST(FactorySoundness, FactoriesMeetValuesWithGradients) {
  const PropertyOutcome out = run(*default_rule_table(),
                                  "mesh dp=2 tp=2\n"
                                  "input x : f32[2, 3] {dp: V, tp: R}\n"
                                  "input p : f32[2, 3] {dp: V, tp: P}\n"
                                  "z = zeros_like(x)\n"
                                  "o = ones([2, 3])\n"
                                  "y = mul(x, o)\n"
                                  "w = add(y, z)\n"
                                  "e = eye(3)\n"
                                  "m = matmul(w, e)\n"
                                  "a = arange(0, 3.0)\n"
                                  "f = add(m, a)\n"
                                  "l = linspace(-1, 1, 3)\n"
                                  "q = mul(p, l)\n"
                                  "g = full_like(f, 0.5)\n"  // of a P input: rejected (NONLINEAR, as in spmd_types)
                                  "i = arange(1, 7, 2)\n"
                                  "output f, q, g, i\n");
  ASSERT_TRUE(out.error.empty()) << out.error;
  EXPECT_FALSE(out.failed()) << out.first_failure().describe(mesh);
  for (const ValueVerdict& v : out.consistency.values) EXPECT_TRUE(v.checked && v.ok);
  EXPECT_EQ(out.checked.values.back().dtype, DType::I64);
  EXPECT_EQ(out.consistency.values.back().tolerance, 0);  // exact: compared bitwise
}

TEST(FactorySoundness, ContractionsOfAPartialFactor) {
  const PropertyOutcome out = run(*default_rule_table(),
                                  "mesh tp=4\n"
                                  "input p : bf16[4, 6] {tp: P}\n"
                                  "input w : bf16[6, 3] {tp: R}\n"
                                  "input b : bf16[2, 4, 6] {tp: R}\n"
                                  "input r : bf16[4, 6] {tp: R}\n"
                                  "y = einsum(\"ij,jk->ik\", [p, w])\n"
                                  "t = einsum(\"bij,ij->b\", [b, p])\n"
                                  "d = mm(r, w)\n"
                                  "c = sum(p, dim=1)\n"
                                  "e = sum(r, dim=1)\n"
                                  "v = dot(c, e)\n"
                                  "s = einsum(\"ik,ik\", [y, d])\n"
                                  "output t, v\n"
                                  "loss s\n");
  ASSERT_TRUE(out.error.empty()) << out.error;
  EXPECT_FALSE(out.failed()) << out.first_failure().describe(mesh);
  EXPECT_EQ(out.checked.values.back().type.axis[0], Ty::P);
}

TEST(FactorySoundness, AFactoryTypedPartialIsCaught) {
  // ones with no_operands = "P": every rank holds ones, so the value read as
  // P is n times ones, which is not what ones means.
  std::string text(embedded_default_table_text());
  const std::string row = "no_operands = \"R\"\ndata_width = \"numbers\"\nshape = \"sized\"\nmessage = \"a tensor of ones";
  const size_t at = text.find(row);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, row.size(), "no_operands = \"P\"\ndata_width = \"numbers\"\nshape = \"sized\"\nmessage = \"a tensor of ones");
  TableLoadResult table = load_rule_table(text, "ones_partial.toml");
  ASSERT_TRUE(table.table) << table.error->message;
  const PropertyOutcome out = run(*table.table, "mesh tp=2\no = ones([3])\noutput o\n");
  ASSERT_TRUE(out.error.empty()) << out.error;
  EXPECT_TRUE(out.failed());
}

}  // namespace
}  // namespace spmdcheck
