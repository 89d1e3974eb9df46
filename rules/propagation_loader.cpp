// `[[propagation]]` rows (rules/propagation.h): a shape kind, the operand
// placements it accepts on one axis, and the result's placement or a
// rejection with its own message.
#include "rules/table_loader_internal.h"

namespace spmdcheck::loader {

void load_propagation(RuleTable& t, TomlRow& row) {
  PropagationRow r;
  r.reject = row.flag("reject");
  r.rule = add_rule(t, row, RowSection::Propagation, r.reject);
  r.loc = row.loc();
  uint32_t vocabulary = ~0u;  // the labels every kind of the row has
  std::string kind;           // for messages: the kinds as written
  for (const std::string& name : row.str_or_list("kind")) {
    const std::optional<ShapeRule> rule = shape_rule_from_name(name);
    if (!rule) row.fail("kind", "unknown shape rule '" + name + "'; `spmdcheck rules` lists the kinds of the op rows");
    if (labels_of(*rule) == 0)
      row.fail("kind", "shape rule '" + name + "' has no dim labelling (rules/propagation.cpp, labels_of, lists the kinds that have one)");
    r.kinds.push_back(*rule);
    vocabulary &= labels_of(*rule);
    kind += (kind.empty() ? "" : ", ") + name;
  }
  r.ops = row.str_list("ops");
  auto placement = [&](const char* key, const std::string& text) {
    std::string error;
    std::optional<Placement> p = parse_placement(text, error);
    if (!p) row.fail(key, error);
    if (p->label && !(vocabulary & label_bit(*p->label)))
      row.fail(key, "shape rule '" + kind + "' labels no dim '" + std::string(dim_label_name(*p->label)) + "'");
    return *p;
  };
  for (const std::string& text : row.str_list("operands")) r.operands.push_back(placement("operands", text));
  if (r.operands.empty()) row.fail("operands", "a propagation row lists the placement of each tensor operand");
  bool sharded = false;
  for (const Placement& p : r.operands) sharded = sharded || p.kind == Placement::Kind::S;
  if (!sharded) row.fail("operands", "a propagation row is about a sharded operand: at least one placement is S(LABEL)");
  if (r.reject) {
    if (row.has("result")) row.fail("result", "a rejecting row has no result");
    if (t.rules[r.rule].fix.empty()) row.fail("id", "a rejecting propagation row needs a `fix`");
  } else {
    r.result = placement("result", row.str("result"));
    if (r.result.kind == Placement::Kind::R && r.result.label) row.fail("result", "a result R has no label");
  }
  t.propagation.push_back(std::move(r));
}

}  // namespace spmdcheck::loader
