#pragma once
// Helpers shared by the executor tests: hand-made tensors, reading and
// checking example programs, and finding the default table's rows by action.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "executor/test_data.h"
#include "kernels/local_kernels.h"
#include "oracle/checker.h"
#include "program/mesh_layout.h"
#include "program/program_text.h"
#include "rules/table_loader.h"

namespace spmdcheck::test {

// An input's regular test data (executor/test_data.h) of `type` and shape
// `sizes`, from its own seed.
inline Denotation input_denotation(const MeshLayout& layout, LocalType type, std::vector<int64_t> sizes, uint64_t seed,
                                   DType dtype = DType::F64) {
  DataRng rng(seed);
  InputStmt in;
  in.type.type = type;
  in.dtype = dtype;
  in.shape.rank = static_cast<uint8_t>(sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) in.shape.dims[i] = sizes[i];
  return make_input_denotation(in, layout, rng);
}

// Every rank of the mesh, hosted by this process.
inline std::vector<int> all_ranks(const MeshLayout& layout) {
  std::vector<int> out;
  for (int r = 0; r < layout.num_ranks(); ++r) out.push_back(r);
  return out;
}

// A f64 tensor from row-major values.
inline at::Tensor f64(std::vector<double> values, std::vector<int64_t> sizes) {
  return at::tensor(values, at::TensorOptions().dtype(at::kDouble)).reshape(sizes).clone();
}

// 0, 1, 2, ... reshaped, plus `offset`: distinct, easy-to-read elements.
inline at::Tensor iota(std::vector<int64_t> sizes, double offset = 0) {
  int64_t n = 1;
  for (int64_t s : sizes) n *= s;
  return (at::arange(n, at::TensorOptions().dtype(at::kDouble)) + offset).reshape(sizes).clone();
}

// Bitwise equality of shape, dtype and elements.
inline ::testing::AssertionResult same(const at::Tensor& got, const at::Tensor& want) {
  if (got.sizes() != want.sizes() || got.scalar_type() != want.scalar_type() || !at::equal(got, want)) {
    std::ostringstream out;
    out << "got\n" << got << "\nwant\n" << want;
    return ::testing::AssertionFailure() << out.str();
  }
  return ::testing::AssertionSuccess();
}

inline std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::filesystem::path(SPMDCHECK_SOURCE_DIR) / relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CheckedProgram {
  Program program;
  CheckResult checked;
};

// Parses and checks a program text against the default table; fails the
// test on a syntax or type error.
inline CheckedProgram check_text(const std::string& text) {
  CheckedProgram out;
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program.has_value()) << (parsed.error ? parsed.error->message : "");
  if (!parsed.program) return out;
  out.program = *parsed.program;
  out.checked = check_program(*default_rule_table(), out.program);
  EXPECT_TRUE(out.checked.ok()) << out.checked.error->rule_id << ": " << out.checked.error->message;
  return out;
}

// The ranks sharing every coordinate of `rank` but `axis`, by coordinate on
// it; computed from coordinates directly, not with MeshLayout::fiber.
inline std::vector<int> expected_fiber(const MeshLayout& layout, int rank, int axis) {
  std::vector<int> out(static_cast<size_t>(layout.axis_size(axis)), -1);
  for (int q = 0; q < layout.num_ranks(); ++q) {
    bool member = true;
    for (int a = 0; a < layout.num_axes(); ++a) member = member && (a == axis || layout.coord(q, a) == layout.coord(rank, a));
    if (member) out[layout.coord(q, axis)] = q;
  }
  return out;
}

// The first primitive row of the default table whose action is `kind`.
inline int row_with_action(ActionKind kind) {
  const RuleTable& t = *default_rule_table();
  for (size_t i = 0; i < t.transitions.size(); ++i)
    if (t.transitions[i].primitive() && t.transitions[i].action && t.transitions[i].action->kind == kind) return static_cast<int>(i);
  return -1;
}

// The .spmd dtype of a tensor's scalar type.
inline std::string dtype_text(at::ScalarType t) {
  switch (t) {
    case at::kFloat: return "f32";
    case at::kBFloat16: return "bf16";
    case at::kLong: return "i64";
    case at::kBool: return "bool";
    default: return "f64";
  }
}

// `y = CALL` on inputs x0, x1, ... holding `inputs` (type V on a one-rank
// mesh, which every op and out_partial accept), checked with the default table, then its kernel applied.
// With several `results`: `y0, y1, ... = CALL`.
inline std::vector<at::Tensor> run_call(const std::string& call, const std::vector<at::Tensor>& inputs, int results = 1) {
  std::string text = "mesh m=1\n";
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string shape;
    for (int64_t s : inputs[i].sizes()) shape += (shape.empty() ? "" : ", ") + std::to_string(s);
    text += "input x" + std::to_string(i) + " : " + dtype_text(inputs[i].scalar_type()) + "[" + shape + "] {m: V}\n";
  }
  std::string names = results == 1 ? "y" : "";
  for (int i = 0; results > 1 && i < results; ++i) names += (i ? ", y" : "y") + std::to_string(i);
  text += names + " = " + call + "\n";
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << text << (parsed.error ? parsed.error->message : "");
  if (!parsed.program) return {};
  const RuleTable& table = *default_rule_table();
  const CheckResult checked = check_program(table, *parsed.program);
  EXPECT_TRUE(checked.ok()) << text << (checked.error ? checked.error->message : "");
  if (!checked.ok()) return {};
  const BindingStmt& b = std::get<BindingStmt>(parsed.program->statements.back());
  const ResolvedBinding& r = checked.bindings.back();
  const KernelCall kc = make_kernel_call(
      table, checked, b, r, [&](int v) { return inputs.at(static_cast<size_t>(v)); }, to_scalar_type(r.dtype));
  std::optional<std::vector<at::Tensor>> y = apply_local_kernel(kc);
  EXPECT_TRUE(y.has_value()) << call;
  return y ? *y : std::vector<at::Tensor>{};
}

// The one result of `y = CALL` (run_call); an undefined tensor, and a failed
// expectation, where the call gives none or several.
inline at::Tensor apply(const std::string& call, const std::vector<at::Tensor>& inputs = {}) {
  std::vector<at::Tensor> y = run_call(call, inputs);
  EXPECT_EQ(y.size(), 1u) << call;
  return y.size() == 1 ? y[0] : at::Tensor();
}

}  // namespace spmdcheck::test
