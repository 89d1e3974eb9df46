#include "soundness/program_inputs.h"

#include <functional>

#include "executor/special_values.h"

namespace spmdcheck {

ProgramInputs make_program_inputs(const Program& program, const CheckResult& checked, const MeshLayout& layout,
                                  const std::vector<int>& hosted, uint64_t data_seed, bool gradients, int special_rate) {
  ProgramInputs in;
  const std::vector<int64_t> bounds = input_index_bounds(checked);
  size_t value = 0;
  for (const Statement& s : program.statements) {
    const auto* input = std::get_if<InputStmt>(&s);
    if (!input) {
      if (const auto* b = std::get_if<BindingStmt>(&s)) value += b->names.size();  // a value per result
      continue;
    }
    in.values.push_back(static_cast<int>(value));
    // Each input's data depends on its name only (and an index's on its
    // bound), so shrinking (which removes other statements) keeps the data
    // of what remains.
    DataRng rng(data_seed ^ std::hash<std::string>{}(input->name));
    in.denotations.push_back(make_input_denotation(*input, layout, rng, bounds[value++]));
    const bool special = special_rate > 0 && !input->scalar && dtype_is_floating(input->dtype);
    if (special) {
      DataRng special_rng(data_seed ^ std::hash<std::string>{}(input->name) ^ 0x5bec1a15ULL);
      mix_special_values(in.denotations.back(), input->dtype, special_rate, special_rng);
    }
    const bool leaf = gradients && !input->scalar && dtype_is_floating(input->dtype);  // masks, indices and typed scalars have no gradient
    at::Tensor stacked;
    if (leaf && hosted.size() > 1) {
      at::AutoGradMode grad_mode(true);  // the views must be the stacked leaf's, whatever mode the caller runs in
      stacked = realize_denotation_stacked(in.denotations.back(), input->dtype, layout, hosted, rng, special).requires_grad_(true);
      in.tensors.push_back(stacked.unbind(0));
    } else {
      in.tensors.push_back(realize_denotation(in.denotations.back(), input->dtype, layout, hosted, rng, special));
      // Fresh tensors of their own (realize_denotation copies each rank's
      // piece), so they become leaves in place.
      if (leaf)
        for (at::Tensor& t : in.tensors.back()) t.set_requires_grad(true);
    }
    if (leaf)  // after realising: the ranks' pieces are data, not a function of the reference's leaves
      for (at::Tensor& t : in.denotations.back().items) t.set_requires_grad(true);
    in.stacked_leaves.push_back(stacked);
  }
  return in;
}

std::vector<RankTensors> rank_gradients(const ProgramInputs& inputs) {
  std::vector<RankTensors> out(inputs.tensors.size());
  for (size_t i = 0; i < inputs.tensors.size(); ++i) {
    // A gradient of backward() without create_graph requires no grad itself.
    const at::Tensor& stacked = inputs.stacked_leaves[i];
    if (stacked.defined()) {
      out[i] = (stacked.grad().defined() ? stacked.grad() : at::zeros_like(stacked)).unbind(0);
      continue;
    }
    for (const at::Tensor& leaf : inputs.tensors[i]) out[i].push_back(leaf.grad().defined() ? leaf.grad() : at::zeros_like(leaf));
  }
  return out;
}

}  // namespace spmdcheck
