#include "adjoint_support.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "executor/executor.h"
#include "executor/simulated_communicator.h"
#include "executor/test_data.h"
#include "oracle/backward_step.h"
#include "program/program_text.h"

namespace spmdcheck {
namespace {

// <g, x> under the pairing of type t on the single axis.
double pairing(Ty t, const RankTensors& g, const RankTensors& x) {
  auto dot = [](const at::Tensor& a, const at::Tensor& b) { return (a.to(at::kDouble) * b.to(at::kDouble)).sum().item<double>(); };
  double out = 0;
  switch (t) {
    case Ty::R:  // g is P: <sum_r g_r, x>
      for (const at::Tensor& gr : g) out += dot(gr, x[0]);
      return out;
    case Ty::I: return dot(g[0], x[0]);
    case Ty::V:
      for (size_t r = 0; r < g.size(); ++r) out += dot(g[r], x[r]);
      return out;
    case Ty::P:  // g is R: <g, sum_r x_r>
      for (const at::Tensor& xr : x) out += dot(g[0], xr);
      return out;
  }
  return out;
}

Denotation random_denotation(const MeshLayout& layout, Ty t, at::IntArrayRef shape, DataRng& rng) {
  Denotation d;
  d.type.num_axes = 1;
  d.type.axis[0] = t;
  for (int64_t i = 0; i < denotation_size(layout, d.type); ++i) {
    at::Tensor x = at::empty(shape, at::kDouble);
    double* p = x.data_ptr<double>();
    for (int64_t k = 0; k < x.numel(); ++k) p[k] = static_cast<double>(rng.uniform(-8, 8)) / 4.0;
    d.items.push_back(x);
  }
  return d;
}

}  // namespace

AdjointResult run_adjoint_case(const RuleTable& table, const AdjointCase& c, uint64_t seed) {
  at::set_num_threads(1);
  AdjointResult result;
  Program p;
  p.mesh.axes.push_back(MeshAxis{"a", c.n, {}});
  InputStmt in;
  in.name = "x";
  in.shape.rank = static_cast<uint8_t>(c.shape.size());
  for (size_t i = 0; i < c.shape.size(); ++i) in.shape.dims[i] = c.shape[i];
  in.type.type.num_axes = 1;
  in.type.type.axis[0] = c.src.base();
  BindingStmt b;
  b.names = {"y"};
  b.op = c.op;
  b.args = {Arg{ArgValue::of_name("x"), {}}, Arg{ArgValue::of_name("a"), {}}};
  auto kw = [](const std::string& key) {
    KwArg k;
    k.key = key;
    return k;
  };
  KwArg src = kw("src"), dst = kw("dst");
  src.value.kind = dst.value.kind = ArgValue::Kind::Form;
  src.value.form = c.src;
  dst.value.form = c.dst;
  b.kwargs = {src, dst};
  if (c.expert) {
    KwArg e = kw("expert");
    e.value.kind = ArgValue::Kind::Bool;
    e.value.boolean = true;
    b.kwargs.push_back(e);
  }
  for (const auto& [key, value] : c.dims) {
    KwArg d = kw(key);
    d.value.integer = value;
    b.kwargs.push_back(d);
  }
  p.statements = {in, b};
  result.program = print_program(p);
  CheckResult checked = check_program(table, p);
  if (!checked.ok()) return result;
  result.applicable = true;
  const ResolvedBinding& rb = checked.bindings.at(0);
  const ValueInfo& out = checked.values.at(1);

  const MeshLayout layout(p.mesh);
  SimulatedCommunicator comm(layout);
  DataRng rng(seed);
  const at::IntArrayRef in_shape(c.shape);
  const at::IntArrayRef out_shape(out.shape.dims.data(), out.shape.rank);
  RankTensors dx = realize_denotation(random_denotation(layout, c.src.base(), in_shape, rng), DType::F64, layout, comm.hosted_ranks(), rng);
  const Ty dst_ty = c.dst.base();
  RankTensors g =
      realize_denotation(random_denotation(layout, table.grad(dst_ty), out_shape, rng), DType::F64, layout, comm.hosted_ranks(), rng);

  RankTensors forward = dx;
  for (const TransitionStep& s : rb.steps) {
    forward = apply_transition_step(table, s, 0, comm, forward);
    result.rows.push_back(s.row);
  }
  RankTensors backward = g;
  for (auto it = rb.steps.rbegin(); it != rb.steps.rend(); ++it)
    backward = apply_transition_step(table, backward_step(table, *it), 0, comm, backward);
  result.lhs = pairing(c.src.base(), backward, dx);
  result.rhs = pairing(dst_ty, g, forward);
  return result;
}

std::vector<AdjointCase> adjoint_cases_for_row(const RuleTable& table, int transition) {
  const TransitionRow& row = table.transitions[transition];
  std::vector<const TransitionRow*> parts = {&row};
  for (int c : row.compose) parts.push_back(&table.transitions[c]);
  std::vector<std::string> free_dims;
  for (const TransitionRow* part : parts)
    for (const DimBinding& d : part->dims)
      if (d.from == DimBinding::From::Default && std::find(free_dims.begin(), free_dims.end(), d.param) == free_dims.end())
        free_dims.push_back(d.param);
  std::vector<AdjointCase> cases;
  for (int64_t n = 1; n <= 4; ++n) {
    const std::vector<std::vector<int64_t>> shapes = {{n}, {2 * n}, {n, 2}, {2, n}, {n, n}, {2 * n, n, 3}, {3, n, 2 * n}};
    for (const std::vector<int64_t>& shape : shapes) {
      const int rank = static_cast<int>(shape.size());
      std::vector<int64_t> src_dims = {0}, dst_dims = {0};
      if (row.src_kind() == Form::Kind::S) src_dims = {0, rank - 1};
      if (row.dst_kind() == Form::Kind::S) dst_dims = {0, rank - 1};
      for (int64_t ks : src_dims)
        for (int64_t kd : dst_dims) {
          AdjointCase c;
          c.op = table.comm_ops[row.op].name;
          c.src = Form{row.src_kind(), ks};
          c.dst = Form{row.dst_kind(), kd};
          c.n = n;
          c.shape = shape;
          c.expert = row.expert;
          cases.push_back(c);
          // Each free dim at each explicit value (the others left to their defaults).
          for (const std::string& param : free_dims)
            for (int64_t v = -rank - 1; v <= rank; ++v) {
              AdjointCase d = c;
              d.dims = {{param, v}};
              cases.push_back(d);
            }
        }
    }
  }
  return cases;
}

}  // namespace spmdcheck
