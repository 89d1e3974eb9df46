#include "soundness/gradient_cones.h"

#include <algorithm>

namespace spmdcheck {

namespace {

// Whether any result of `b` (an op may have several) is marked.
bool any_result(const std::vector<bool>& marked, const ResolvedBinding& b) {
  for (int r = 0; r < b.num_results; ++r)
    if (marked[b.value + r]) return true;
  return false;
}

}  // namespace

std::vector<bool> reached_backwards(const CheckResult& checked, const std::vector<int>& seeded) {
  std::vector<bool> reached(checked.values.size(), false);
  for (int v : seeded) reached[v] = true;
  for (auto b = checked.bindings.rbegin(); b != checked.bindings.rend(); ++b)
    if (any_result(reached, *b))
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
    cone.loose = !facts.compared[leaf];
    cone.partial_cotangent = facts.partial_cotangent[leaf];
    for (size_t k = 0; k < checked.bindings.size(); ++k) {
      const ResolvedBinding& b = checked.bindings[k];
      bool dependent = false;
      for (int o : b.operands) dependent = dependent || (o >= 0 && depends[o]);
      for (int r = 0; r < b.num_results; ++r) depends[b.value + r] = dependent;
      // Only the bindings the input's gradient flows through: it depends
      // on the input, and a cotangent reaches one of its results.
      if (!dependent || !any_result(reached, b)) continue;
      // Their operands count whether or not they depend on the input: in
      // z = v * w the gradient of w is g * v, so v's magnitude, rounding
      // and finiteness are part of it.
      auto include = [&](int v) {
        if (!dtype_is_floating(checked.values[v].dtype)) return;  // indices carry no gradient terms
        cone.forward_max = std::max(cone.forward_max, facts.magnitude[v]);
        cone.eps_units = std::max(cone.eps_units, facts.eps_units[v]);
        cone.non_finite = cone.non_finite || !facts.finite[v];
        cone.loose = cone.loose || !facts.compared[v];
      };
      for (int r = 0; r < b.num_results; ++r) include(b.value + r);
      for (int o : b.operands)
        if (o >= 0) include(o);
      bool partial = false, infinity = false;
      for (int r = 0; r < b.num_results; ++r) {
        partial = partial || facts.partial_cotangent[b.value + r];
        infinity = infinity || facts.infinite[b.value + r];
      }
      for (int o : b.operands) infinity = infinity || (o >= 0 && facts.infinite[o]);
      cone.partial_times_infinity = cone.partial_times_infinity || (partial && infinity);
      cone.partial_cotangent = cone.partial_cotangent || partial;
      // The derivative jumps at a kink only for the inputs the kinked
      // operand depends on.
      for (int o : facts.near_kink[k]) cone.near_kink = cone.near_kink || depends[o];
    }
  }
  return out;
}

}  // namespace spmdcheck
