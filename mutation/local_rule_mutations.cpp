// Operators on the local-op judgments: combine, nonlinear_arg, out_partial,
// loss and op rows (mutant_builder.h).
#include "mutation/mutant_builder.h"
#include "rules/local_typing.h"

namespace spmdcheck {
namespace {

RowRef ref(const MutantBuilder& b, RowSection section, RuleIndex rule) { return RowRef{std::string(section_name(section)), b.id(rule)}; }

// A row that gives a result type: every other type in turn.
void widen(MutantBuilder& b, RowSection section, RuleIndex rule, Ty result) {
  for (Ty ty : kAllTys) {
    if (ty == result) continue;
    const RowRef row = ref(b, section, rule);
    b.add(MutationOperator::WidenResult, row.id, ty_text(ty), row.id + " gives " + ty_text(ty) + " instead of " + ty_text(result),
          [row, ty](TableDocument& d) { return d.set_string(row, "result", ty_text(ty)); });
  }
}

void widen_results(MutantBuilder& b) {
  for (const CombineRow& row : b.table().combine)
    if (!row.reject) widen(b, RowSection::Combine, row.rule, row.result);
  for (const OutPartialRow& row : b.table().out_partial)
    if (!row.reject) widen(b, RowSection::OutPartial, row.rule, row.result);
}

void drop_premises(MutantBuilder& b) {
  const TableDocument& doc = b.base();
  for (const CombineRow& row : b.table().combine) {
    if (row.reject) continue;  // dropping a rejection's condition only rejects more
    const RowRef r = ref(b, RowSection::Combine, row.rule);
    for (const std::string& key : doc.keys_in(r, "when"))
      b.add(MutationOperator::DropPremise, r.id, key, r.id + " no longer requires its `" + key + "` condition",
            [r, key](TableDocument& d) { return d.erase_in(r, "when", key); });
  }
  for (const NonlinearArgRow& row : b.table().nonlinear_args) {
    const RowRef r = ref(b, RowSection::NonlinearArg, row.rule);
    b.add(MutationOperator::DropPremise, r.id, "", "no argument is checked by " + r.id, [r](TableDocument& d) { return d.remove_row(r); });
  }
}

// A typing parameter's role replaced by another of the same value kind: a
// divisor typed like a summand, a weak scalar position that ignores
// numbers, an index typed like an operand.
void change_roles(MutantBuilder& b) {
  static constexpr ParamRole kValueRoles[] = {ParamRole::Operand, ParamRole::ScalarOperand, ParamRole::NonlinearOperand};
  for (const OpRow& op : b.table().ops) {
    const RowRef r = ref(b, RowSection::Op, op.rule);
    for (size_t p = 0; p < op.params.size(); ++p) {
      const ParamRole role = op.params[p].role;
      std::vector<ParamRole> others;
      if (role == ParamRole::Index) others = {ParamRole::Operand};
      for (ParamRole other : kValueRoles)
        if (role != other && (role == ParamRole::Operand || role == ParamRole::ScalarOperand || role == ParamRole::NonlinearOperand))
          others.push_back(other);
      for (ParamRole other : others) {
        std::vector<std::string> params;
        bool star = false;
        for (size_t q = 0; q < op.params.size(); ++q) {
          if (op.params[q].keyword_only && !star) {
            params.push_back("*");
            star = true;
          }
          ParamSpec spec = op.params[q];
          if (q == p) spec.role = other;
          params.push_back(param_spec_to_text(spec));
        }
        const std::string name = op.params[p].name, to = std::string(param_role_name(other));
        b.add(MutationOperator::ChangeRole, r.id, name + "=" + to,
              op.name + "'s parameter " + name + " is " + to + " instead of " + std::string(param_role_name(role)),
              [r, params](TableDocument& d) { return d.set_strings(r, "params", params); });
      }
    }
  }
}

void accept_rejected(MutantBuilder& b) {
  for (size_t rule = 0; rule < b.table().rules.size(); ++rule) {
    if (b.table().info(static_cast<RuleIndex>(rule)).section == RowSection::Propagation) continue;  // accept-mismatch's (global)
    for (const Acceptance& a : acceptances_of(b.table(), static_cast<RuleIndex>(rule)))
      b.add(MutationOperator::AcceptRejected, b.id(static_cast<RuleIndex>(rule)), a.detail, a.description, a.edit);
  }
}

void change_linearity(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (const OpRow& op : t.ops) {
    if (!op.typing.empty()) continue;  // its class is its typing expression's root (edit-typing)
    const RowRef r = ref(b, RowSection::Op, op.rule);
    for (size_t l = 0; l < t.linearities.size(); ++l) {
      if (l == op.linearity) continue;
      const std::string name = t.linearities[l].name;
      b.add(MutationOperator::ChangeLinearity, r.id, name, op.name + " is " + name + " instead of " + t.linearities[op.linearity].name,
            [r, name](TableDocument& d) { return d.set_string(r, "linearity", name); });
    }
  }
}

// A rejecting row made accepting: no `reject`, no `fix`, and no
// `convention` (a convention is a kind of rejection; the key may be absent).
bool make_accepting(TableDocument& d, const RowRef& r) {
  d.erase(r, "convention");
  return d.erase(r, "reject") && d.erase(r, "fix");
}

// A rejecting row turned into an accepting one with `result`.
Acceptance accept_with(const RowRef& r, Ty result) {
  return Acceptance{ty_text(result), r.id + " accepts, with result " + ty_text(result),
                    [r, result](TableDocument& d) { return make_accepting(d, r) && d.set_string(r, "result", ty_text(result)); }};
}

}  // namespace

std::vector<Acceptance> acceptances_of(const RuleTable& t, RuleIndex rule) {
  std::vector<Acceptance> out;
  const RuleInfo& info = t.info(rule);
  if (!info.rejects) return out;
  const RowRef r{std::string(section_name(info.section)), info.id};
  switch (info.section) {
    case RowSection::Combine:
    case RowSection::OutPartial:
      for (Ty ty : kAllTys) out.push_back(accept_with(r, ty));
      break;
    case RowSection::Loss:
      out.push_back(Acceptance{"", r.id + " accepts its type as a loss", [r](TableDocument& d) { return make_accepting(d, r); }});
      break;
    case RowSection::NonlinearArg:  // the combine rows then decide
      out.push_back(Acceptance{"", "non-linear arguments are typed like any operand", [r](TableDocument& d) { return d.remove_row(r); }});
      break;
    case RowSection::Propagation:  // the placements a result can hold (global_mutations.cpp)
      for (const PropagationRow& row : t.propagation)
        if (row.rule == rule)
          for (const std::string& result : propagation_acceptances(row))
            out.push_back(Acceptance{result, r.id + " accepts its sharding with result " + result,
                                     [r, result](TableDocument& d) { return d.erase(r, "reject") && d.set_string(r, "result", result); }});
      break;
    default:
      // Illegal transition cells: accepting one needs an action, a meaning
      // and a backward row, which the rejection does not determine (DESIGN.md
      // section 7). [[diagnostic]] rows (arity, shapes, names) are not typing
      // judgments.
      break;
  }
  return out;
}

// A decomposition's structure changed: a node's class, or a parameter
// moved into another node (beta's term joining the product, a factor
// leaving it).
void edit_typing(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (const OpRow& op : t.ops) {
    if (op.typing.empty()) continue;
    const RowRef r = ref(b, RowSection::Op, op.rule);
    auto add = [&](std::vector<TypingNode> nodes, const std::string& detail, const std::string& what) {
      OpRow edited = op;
      edited.typing = std::move(nodes);
      const std::string text = typing_text(t, edited);
      b.add(MutationOperator::EditTyping, r.id, detail, op.name + ": " + what + " (" + text + ")",
            [r, text](TableDocument& d) { return d.set_string(r, "typing", text); });
    };
    for (size_t n = 0; n < op.typing.size(); ++n)
      for (size_t l = 0; l < t.linearities.size(); ++l) {
        if (l == op.typing[n].linearity) continue;
        std::vector<TypingNode> nodes = op.typing;
        nodes[n].linearity = static_cast<uint8_t>(l);
        add(std::move(nodes), "node" + std::to_string(n) + "=" + t.linearities[l].name,
            "node " + std::to_string(n) + " is " + t.linearities[l].name);
      }
    for (size_t from = 0; from < op.typing.size(); ++from)
      for (size_t i = 0; i < op.typing[from].items.size(); ++i) {
        const TypingItem item = op.typing[from].items[i];
        if (item.param < 0 || op.typing[from].items.size() < 2) continue;
        for (size_t to = 0; to < op.typing.size(); ++to) {
          if (to == from) continue;
          std::vector<TypingNode> nodes = op.typing;
          nodes[from].items.erase(nodes[from].items.begin() + static_cast<std::ptrdiff_t>(i));
          nodes[to].items.push_back(item);
          const std::string& name = op.params[item.param].name;
          add(std::move(nodes), "move-" + name + "-" + std::to_string(to), name + " moves into node " + std::to_string(to));
        }
      }
  }
}

// An op that permutes its operand's dims given the elementwise (identity)
// shape rule: the transpose forgotten, invisible on square operands, where
// the kernel's result has the shape the checker expects.
void identity_shapes(MutantBuilder& b) {
  for (const OpRow& op : b.table().ops) {
    if (!shape_rule_spec(op.shape).permutes_dims) continue;
    const RowRef r = ref(b, RowSection::Op, op.rule);
    b.add(MutationOperator::IdentityShape, r.id, "", op.name + " keeps its operand's shape",
          [r](TableDocument& d) { return d.set_string(r, "shape", "elementwise"); });
  }
}

void add_local_rule_mutants(MutantBuilder& b) {
  widen_results(b);
  drop_premises(b);
  accept_rejected(b);
  change_linearity(b);
  change_roles(b);
  edit_typing(b);
  identity_shapes(b);
}

}  // namespace spmdcheck
