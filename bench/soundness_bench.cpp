// bench/soundness: (1) programs per second of the whole soundness loop
// (generate, check, realise inputs, reference, simulated 2x2 execution,
// compare) at 10-20 statements, with the share of each phase, forward only;
// (2) the same with gradients (check_program_property, as `spmdcheck
// soundness` runs it), as a ratio to (1); target >= 500 programs/s on one
// core forward (the brief), >= 1,000 with gradients (issue 12). (3) The executor's overhead: a program's LibTorch ops
// written out by hand ("bare") against execute_program, in the same run;
// target <= 1.5x. (4) Global programs on the same mesh with both axes
// global, gradients on (property 8), target >= 700 programs/s (issue 15).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <functional>

#include "bench/bench_args.h"
#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "executor/test_data.h"
#include "generators/program_generator.h"
#include "oracle/consistency.h"
#include "oracle/reference_interpreter.h"
#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace {

using namespace spmdcheck;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void whole_loop(const RuleTable& table, double budget) {
  std::string error;
  // Local programs (the forward loop runs the local reference itself); the
  // global line below measures global programs apart.
  GenerationSettings settings = *parse_generation_settings("statements=10-20 mesh=dp=2,tp=2 global=0", error);
  double phase[6] = {0, 0, 0, 0, 0, 0};
  const char* names[6] = {"generate", "check", "inputs", "reference", "execute", "compare"};
  int64_t programs = 0, failures = 0;
  const auto start = Clock::now();
  for (uint64_t seed = 1; seconds_since(start) < budget; ++seed, ++programs) {
    auto t = Clock::now();
    SeededChooser chooser(seed);
    Program p = generate_program(table, settings, chooser);
    phase[0] += seconds_since(t);
    t = Clock::now();
    CheckResult checked = check_program(table, p);
    phase[1] += seconds_since(t);
    t = Clock::now();
    MeshLayout layout(p.mesh);
    SimulatedCommunicator comm(layout);
    std::vector<Denotation> dens;
    std::vector<RankTensors> inputs;
    const std::vector<int64_t> bounds = input_index_bounds(checked);  // index inputs draw in range
    size_t value = 0;
    for (const Statement& s : p.statements) {
      if (const auto* in = std::get_if<InputStmt>(&s)) {
        DataRng rng(seed ^ std::hash<std::string>{}(in->name));
        dens.push_back(make_input_denotation(*in, layout, rng, bounds[value]));
        inputs.push_back(realize_denotation(dens.back(), in->dtype, layout, comm.hosted_ranks(), rng));
      }
      if (const auto* b = std::get_if<BindingStmt>(&s))
        value += b->names.size();
      else
        value += std::holds_alternative<InputStmt>(s);
    }
    phase[2] += seconds_since(t);
    t = Clock::now();
    ReferenceRun ref = run_reference(table, p, checked, layout, dens);
    phase[3] += seconds_since(t);
    t = Clock::now();
    Execution run = execute_program(table, p, checked, comm, std::move(inputs));
    phase[4] += seconds_since(t);
    t = Clock::now();
    failures += check_consistency(table, p, checked, layout, ref, run.values).first.has_value();
    phase[5] += seconds_since(t);
  }
  const double total = seconds_since(start);
  std::printf(
      "forward loop on dp=2,tp=2, 10-20 statements: %lld programs in %.2f s = %.0f programs/s (target >= 500: %s), %lld counterexamples\n",
      static_cast<long long>(programs), total, programs / total, programs / total >= 500 ? "met" : "NOT met",
      static_cast<long long>(failures));
  for (int i = 0; i < 6; ++i) std::printf("  %-10s %5.1f%%\n", names[i], 100 * phase[i] / total);

  // The same programs with gradients, through the property the CLI runs.
  int64_t with_grad = 0, grad_failures = 0;
  const auto start_grad = Clock::now();
  for (uint64_t seed = 1; seconds_since(start_grad) < budget; ++seed, ++with_grad) {
    SeededChooser chooser(seed);
    Program p = generate_program(table, settings, chooser);
    grad_failures += check_program_property(table, p, data_seed_for(seed)).failed();
  }
  const double grad_rate = with_grad / seconds_since(start_grad);
  std::printf(
      "local, with gradients (the default):        %.0f programs/s (target >= 1000 on the full surface, issues 12 and 13: %s), ratio to "
      "forward only %.2f, %lld counterexamples\n",
      grad_rate, grad_rate >= 1000 ? "met" : "NOT met", grad_rate / (programs / total), static_cast<long long>(grad_failures));

  // Global programs (property 8) with both axes global, gradients on: the
  // programs whose mesh has one global axis are drawn but neither counted
  // nor timed.
  GenerationSettings global = settings;
  global.global_percent = 100;
  int64_t global_programs = 0, global_failures = 0;
  double global_time = 0;
  for (uint64_t seed = 1; global_time < budget; ++seed) {
    const auto t = Clock::now();
    SeededChooser chooser(seed);
    Program p = generate_program(table, global, chooser);
    if (p.mesh.num_global < 2) continue;
    global_failures += check_program_property(table, p, data_seed_for(seed)).failed();
    global_time += seconds_since(t);
    ++global_programs;
  }
  const double global_rate = global_programs / global_time;
  std::printf(
      "global, dp and tp both global, gradients:   %.0f programs/s (target >= 700, issue 15: %s), ratio to local with gradients %.2f, %lld "
      "counterexamples\n",
      global_rate, global_rate >= 700 ? "met" : "NOT met", global_rate / grad_rate, static_cast<long long>(global_failures));
}

// Megatron MLP (examples/megatron_mlp.spmd) on 2x2, written with raw ATen
// calls on the four ranks' tensors: what the executor does, minus the
// executor.
std::vector<at::Tensor> megatron_bare(const std::vector<std::vector<at::Tensor>>& in) {
  // in[input][rank]; ranks row-major over (dp, tp).
  std::vector<at::Tensor> o(4), y(4);
  for (int r = 0; r < 4; ++r) {
    at::Tensor xr = in[0][r].clone(), w1r = in[1][r].clone(), w2r = in[2][r].clone();  // the three converts
    o[r] = at::matmul(at::relu(at::matmul(xr, w1r)), w2r);
  }
  for (int dp = 0; dp < 2; ++dp) {
    at::Tensor sum = o[dp * 2] + o[dp * 2 + 1];
    y[dp * 2] = sum;
    y[dp * 2 + 1] = sum.clone();
  }
  return y;
}

void executor_overhead(const RuleTable& table, double budget) {
  const char* text =
      "mesh dp=2 tp=2\ninput x : f64[4, 8] {dp: V, tp: I}\ninput w1 : f64[8, 6] {dp: I, tp: V}\ninput w2 : f64[6, 8] {dp: I, tp: V}\n"
      "xr = convert(x, tp, src=I, dst=R)\nw1r = convert(w1, dp, src=I, dst=R)\nw2r = convert(w2, dp, src=I, dst=R)\n"
      "h = matmul(xr, w1r)\na = relu(h)\no = matmul(a, w2r)\ny = all_reduce(o, tp, src=P, dst=I)\n";
  Program p = *parse_program(text).program;
  CheckResult checked = check_program(table, p);
  MeshLayout layout(p.mesh);
  SimulatedCommunicator comm(layout);
  std::vector<RankTensors> inputs;
  DataRng rng(7);
  for (const Statement& s : p.statements)
    if (const auto* in = std::get_if<InputStmt>(&s))
      inputs.push_back(realize_denotation(make_input_denotation(*in, layout, rng), in->dtype, layout, comm.hosted_ranks(), rng));
  auto time = [&](const std::function<void()>& f) {
    int64_t n = 0;
    const auto start = Clock::now();
    while (seconds_since(start) < budget) {
      for (int i = 0; i < 50; ++i) f();
      n += 50;
    }
    return seconds_since(start) / static_cast<double>(n);
  };
  Execution check = execute_program(table, p, checked, comm, inputs);
  std::vector<at::Tensor> bare = megatron_bare(inputs);
  bool same = true;
  for (int r = 0; r < 4; ++r) same = same && at::equal(bare[r], check.values.back()[r]);
  const double t_exec = time([&] { execute_program(table, p, checked, comm, inputs); });
  const double t_bare = time([&] { megatron_bare(inputs); });
  std::printf("executor overhead on the Megatron MLP, 2x2: executor %.1f us, bare ATen %.1f us, ratio %.2f (target <= 1.5: %s)%s\n",
              t_exec * 1e6, t_bare * 1e6, t_exec / t_bare, t_exec / t_bare <= 1.5 ? "met" : "NOT met", same ? "" : " [results differ!]");
}

}  // namespace

int main(int argc, char** argv) {
  at::set_num_threads(1);
  const double budget = bench::positive_arg(argc, argv, 1, 3.0, "bench_soundness [SECONDS per measurement]");
  const RuleTable& table = *default_rule_table();
  std::printf("bench/soundness (one thread, %.1f s per measurement)\n", budget);
  whole_loop(table, budget);
  executor_overhead(table, budget);
  return 0;
}
