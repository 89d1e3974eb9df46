#include "soundness/gradient_cones.h"

#include <algorithm>

namespace spmdcheck {

std::vector<bool> reached_backwards(const CheckResult& checked, const std::vector<int>& seeded) {
  std::vector<bool> reached(checked.values.size(), false);
  for (int v : seeded) reached[v] = true;
  for (auto b = checked.bindings.rbegin(); b != checked.bindings.rend(); ++b)
    if (reached[b->value])
      for (int o : b->operands)
        if (o >= 0) reached[o] = true;
  return reached;
}

std::vector<InputCone> input_cones(const CheckResult& checked, const std::vector<int>& input_values, const std::vector<int>& seeded,
                                   const ForwardFacts& facts) {
  const std::vector<bool> reached = reached_backwards(checked, seeded);
  std::vector<InputCone> out(input_values.size());
  std::vector<bool> depends(checked.values.size());
  for (size_t i = 0; i < input_values.size(); ++i) {
    InputCone& cone = out[i];
    const int leaf = input_values[i];
    std::fill(depends.begin(), depends.end(), false);
    depends[leaf] = true;
    cone.forward_max = facts.magnitude[leaf];
    cone.non_finite = !facts.finite[leaf];
    for (size_t k = 0; k < checked.bindings.size(); ++k) {
      const ResolvedBinding& b = checked.bindings[k];
      for (int o : b.operands) depends[b.value] = depends[b.value] || (o >= 0 && depends[o]);
      // Only the bindings the input's gradient flows through: it depends
      // on the input, and a cotangent reaches it.
      if (!depends[b.value] || !reached[b.value]) continue;
      // Their operands count whether or not they depend on the input: in
      // z = v * w the gradient of w is g * v, so v's magnitude, rounding
      // and finiteness are part of it.
      auto include = [&](int v) {
        cone.forward_max = std::max(cone.forward_max, facts.magnitude[v]);
        cone.eps_units = std::max(cone.eps_units, facts.eps_units[v]);
        cone.non_finite = cone.non_finite || !facts.finite[v];
      };
      include(b.value);
      for (int o : b.operands)
        if (o >= 0) include(o);
      // The derivative jumps at a kink only for the inputs the kinked
      // operand depends on.
      for (int o : facts.near_kink[k]) cone.near_kink = cone.near_kink || depends[o];
    }
  }
  return out;
}

}  // namespace spmdcheck
