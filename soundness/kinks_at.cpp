#include "soundness/kinks_at.h"

#include <algorithm>

#include "oracle/denotation_index.h"

namespace spmdcheck {
namespace {

void add_once(std::vector<int>& list, int v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

}  // namespace

void add_kinks_at(const GradientRun& run, ForwardFacts& facts) {
  size_t k = 0;
  for (const Statement& stmt : run.program.statements) {
    const auto* s = std::get_if<BindingStmt>(&stmt);
    if (!s || k >= run.checked.bindings.size()) continue;
    const size_t index = k++;
    const ResolvedBinding& b = run.checked.bindings[index];
    if (b.is_transition || run.table.ops[b.row].kinks_at.empty()) continue;
    const OpRow& op = run.table.ops[b.row];
    const LocalType& type = run.checked.values[b.value].type;
    const std::vector<TypingOperand> operands = typing_operands(op, *s, b);
    for (const std::string& name : op.kinks_at) {
      const int p = op.param_index(name);
      const ArgValue* at = p < 0 ? nullptr : bound_arg(op, *s, b, p);
      if (!at || at->kind == ArgValue::Kind::None) continue;
      const BoundParam& bp = b.params[p];
      const int kink_value = is_typing_role(op.params[p].role) && bp.num_values == 1 ? b.operands[bp.first_value] : -1;
      const double point = at->is_numeric() ? at->as_double() : 0;
      if (kink_value < 0 && !at->is_numeric()) continue;
      for (const TypingOperand& o : operands) {
        if (o.value < 0 || o.value == kink_value || o.param == p) continue;
        const double tolerance = facts.tolerance[o.value] + (kink_value >= 0 ? facts.tolerance[kink_value] : 0);
        if (tolerance <= 0) continue;
        bool near = false;
        const int64_t items = denotation_size(run.layout, type);
        for (int64_t item = 0; item < items && !near; ++item) {
          const std::vector<int64_t> c = ref::item_coords(run.layout, type, item);
          const at::Tensor x = run.reference.values[o.value]
                                   .items[static_cast<size_t>(ref::item_at(run.layout, run.checked.values[o.value].type, c))]
                                   .detach();
          const at::Tensor kink = kink_value >= 0
                                      ? run.reference.values[kink_value]
                                            .items[static_cast<size_t>(ref::item_at(run.layout, run.checked.values[kink_value].type, c))]
                                            .detach()
                                      : at::scalar_tensor(point, at::kDouble);
          near = (x.to(at::kDouble) - kink.to(at::kDouble)).abs().le(tolerance).any().item<bool>();
        }
        if (!near) continue;
        add_once(facts.near_kink[index], o.value);
        if (kink_value >= 0) add_once(facts.near_kink[index], kink_value);
      }
    }
  }
}

}  // namespace spmdcheck
