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
    in.tensors.push_back(realize_denotation(in.denotations.back(), input->dtype, layout, hosted, rng, special));
    if (gradients && !input->scalar && dtype_is_floating(input->dtype)) {  // masks, indices and typed scalars have no gradient
      // Fresh tensors of their own (realize_denotation copies each rank's
      // piece), so they become leaves in place.
      for (at::Tensor& t : in.denotations.back().items) t.set_requires_grad(true);
      for (at::Tensor& t : in.tensors.back()) t.set_requires_grad(true);
    }
  }
  return in;
}

}  // namespace spmdcheck
