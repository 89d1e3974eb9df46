// execute_program on checked programs over simulated ranks: the examples
// produce tensors of the checker's dtypes and shapes, and their values equal
// what the denotations say (inputs are dyadic quarters, so the linear algebra
// here is exact and the comparisons are bitwise).
#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "executor/test_data.h"
#include "executor_test_support.h"
#include "kernels/local_kernels.h"

namespace spmdcheck {
namespace {

using test::check_text;
using test::same;

struct ProgramRun {
  test::CheckedProgram p;
  MeshLayout layout;
  std::vector<Denotation> inputs;  // per input statement
  Execution ex;
};

// Checks `text`, draws every input's denotation and realisation from one
// seed, and executes the program on all ranks.
ProgramRun run_program(const std::string& text, uint64_t seed = 1) {
  ProgramRun run;
  run.p = check_text(text);
  run.layout = MeshLayout(run.p.program.mesh);
  SimulatedCommunicator comm(run.layout);
  DataRng rng(seed);
  std::vector<RankTensors> tensors;
  for (const Statement& s : run.p.program.statements)
    if (const auto* in = std::get_if<InputStmt>(&s)) {
      run.inputs.push_back(make_input_denotation(*in, run.layout, rng));
      tensors.push_back(realize_denotation(run.inputs.back(), in->dtype, run.layout, comm.hosted_ranks(), rng));
    }
  run.ex = execute_program(*default_rule_table(), run.p.program, run.p.checked, comm, std::move(tensors));
  return run;
}

// Every value on every rank has the checker's dtype and local shape.
void expect_checked_shapes(const ProgramRun& run) {
  ASSERT_EQ(run.ex.values.size(), run.p.checked.values.size());
  for (size_t v = 0; v < run.ex.values.size(); ++v) {
    const ValueInfo& info = run.p.checked.values[v];
    ASSERT_EQ(static_cast<int>(run.ex.values[v].size()), run.layout.num_ranks()) << info.name;
    for (const at::Tensor& t : run.ex.values[v]) {
      EXPECT_EQ(t.sizes(), at::IntArrayRef(info.shape.dims.data(), info.shape.rank)) << info.name;
      EXPECT_EQ(t.scalar_type(), to_scalar_type(info.dtype)) << info.name;
    }
  }
}

int value_index(const ProgramRun& run, const std::string& name) {
  for (size_t v = 0; v < run.p.checked.values.size(); ++v)
    if (run.p.checked.values[v].name == name) return static_cast<int>(v);
  ADD_FAILURE() << "no value " << name;
  return 0;
}

TEST(ExecuteProgram, MegatronMlpComputesTheTensorParallelBlock) {
  ProgramRun run = run_program(test::read_source_file("examples/megatron_mlp.spmd"));
  ASSERT_EQ(run.ex.error, "");
  expect_checked_shapes(run);
  // x: one item per dp coordinate; w1, w2: one shard per tp coordinate.
  const Denotation &x = run.inputs[0], &w1 = run.inputs[1], &w2 = run.inputs[2];
  const RankTensors& y = run.ex.values[value_index(run, "y")];
  for (int rank = 0; rank < run.layout.num_ranks(); ++rank) {
    const int64_t i = run.layout.coord(rank, 0);
    at::Tensor want = at::zeros({4, 8}, at::kDouble);
    for (int64_t k = 0; k < 2; ++k) want += at::matmul(at::relu(at::matmul(x.items[i], w1.items[k])), w2.items[k]);
    EXPECT_TRUE(same(y[rank], want)) << "rank " << rank;
    const RankTensors& h = run.ex.values[value_index(run, "h")];
    EXPECT_TRUE(same(h[rank], at::matmul(x.items[i], w1.items[run.layout.coord(rank, 1)])));
  }
}

TEST(ExecuteProgram, ExpertParallelAllToAllRoutesSlotsToExperts) {
  ProgramRun run = run_program(test::read_source_file("examples/expert_parallel_all_to_all.spmd"));
  ASSERT_EQ(run.ex.error, "");
  expect_checked_shapes(run);
  const Denotation &tokens = run.inputs[0], &w = run.inputs[1];
  const RankTensors& routed = run.ex.values[value_index(run, "routed")];
  const RankTensors& back = run.ex.values[value_index(run, "back")];
  std::vector<at::Tensor> a(4);
  for (int64_t e = 0; e < 4; ++e) {  // expert e gets slot e of every rank, in rank order
    std::vector<at::Tensor> slots;
    for (int64_t k = 0; k < 4; ++k) slots.push_back(tokens.items[k][e]);
    EXPECT_TRUE(same(routed[e], at::stack(slots)));
    a[e] = at::relu(at::matmul(at::stack(slots), w.items[e]));
  }
  for (int64_t r = 0; r < 4; ++r) {  // slot e of rank r's result is expert e's output for r's tokens
    std::vector<at::Tensor> slots;
    for (int64_t e = 0; e < 4; ++e) slots.push_back(a[e][r]);
    EXPECT_TRUE(same(back[r], at::stack(slots)));
  }
}

TEST(ExecuteProgram, CompositesLiteralsAndShards) {
  ProgramRun run = run_program(R"(mesh dp=2 tp=3

input x : f64[6, 4] {dp: V, tp: R}
input w : f64[4, 3] {dp: R, tp: R}
a = mul(x, 2)
s = convert(a, tp, src=R, dst=S(0))
h = matmul(s, w)
g = all_gather(h, tp, src=S(0), dst=R)
r = all_reduce(g, dp, src=V, dst=R)
output r
)");
  ASSERT_EQ(run.ex.error, "");
  expect_checked_shapes(run);
  const Denotation &x = run.inputs[0], &w = run.inputs[1];
  const at::Tensor want = at::matmul(2 * x.items[0], w.items[0]) + at::matmul(2 * x.items[1], w.items[0]);
  for (const at::Tensor& r : run.ex.values[value_index(run, "r")]) EXPECT_TRUE(same(r, want));
  const RankTensors& s = run.ex.values[value_index(run, "s")];
  for (int rank = 0; rank < run.layout.num_ranks(); ++rank)
    EXPECT_TRUE(same(s[rank], (2 * x.items[run.layout.coord(rank, 0)]).chunk(3, 0)[run.layout.coord(rank, 1)]));
}

TEST(ExecuteProgram, PartialInputsReduceToTheirDenotation) {
  ProgramRun run = run_program("mesh dp=2 tp=2\n\ninput p : f32[3] {dp: P, tp: V}\nq = all_reduce(p, dp, src=P, dst=I)\noutput q\n");
  ASSERT_EQ(run.ex.error, "");
  expect_checked_shapes(run);
  const RankTensors& q = run.ex.values[value_index(run, "q")];
  for (int rank = 0; rank < 4; ++rank) EXPECT_TRUE(same(q[rank], run.inputs[0].items[run.layout.coord(rank, 1)].to(at::kFloat)));
}

TEST(ExecuteProgram, AnOpWithoutAKernelIsAnError) {
  RuleTable table = *default_rule_table();
  for (OpRow& op : table.ops)
    if (op.name == "neg") op.name = "negate";
  table.compile();
  ParseResult parsed = parse_program("mesh dp=2\n\ninput x : f64[2] {dp: V}\ny = negate(x)\noutput y\n");
  ASSERT_TRUE(parsed.program);
  CheckResult checked = check_program(table, *parsed.program);
  ASSERT_TRUE(checked.ok());
  SimulatedCommunicator comm(MeshLayout(parsed.program->mesh));
  Execution ex = execute_program(table, *parsed.program, checked, comm, {{test::iota({2}), test::iota({2})}});
  EXPECT_NE(ex.error.find("no local kernel for op 'negate'"), std::string::npos) << ex.error;
}

TEST(ExecuteProgram, BadInputsAndUncheckedProgramsAreErrors) {
  test::CheckedProgram p = check_text("mesh dp=2\n\ninput x : f64[2] {dp: V}\ny = relu(x)\noutput y\n");
  SimulatedCommunicator comm(MeshLayout(p.program.mesh));
  const RuleTable& table = *default_rule_table();
  EXPECT_NE(execute_program(table, p.program, p.checked, comm, {}).error, "");
  EXPECT_NE(execute_program(table, p.program, p.checked, comm, {{test::iota({3}), test::iota({3})}}).error, "");  // wrong shape
  EXPECT_NE(execute_program(table, p.program, p.checked, comm, {{test::iota({2})}}).error, "");                   // one rank missing
  Execution ok = execute_program(table, p.program, p.checked, comm, {{test::iota({2}), test::iota({2}, -5)}});
  EXPECT_EQ(ok.error, "");
  ParseResult bad = parse_program("mesh dp=2\n\ny = relu(x)\n");
  ASSERT_TRUE(bad.program);
  CheckResult failed = check_program(table, *bad.program);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(execute_program(table, *bad.program, failed, comm, {}).error, "");
}

}  // namespace
}  // namespace spmdcheck
