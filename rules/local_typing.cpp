#include "rules/local_typing.h"

#include <cctype>

namespace spmdcheck {
namespace {

bool combine_row_matches(const CombineRow& row, int linearity, KindMask present, int partials) {
  if (!(row.linearities >> linearity & 1u)) return false;
  if ((present & ~row.only) != 0) return false;
  if ((present & row.has) != row.has) return false;
  if (row.has_any != 0 && (present & row.has_any) == 0) return false;
  return partials >= row.min_partials;
}

int combine_row(const RuleTable& t, int linearity, KindMask present, int partials, CombineLookup lookup) {
  if (lookup == CombineLookup::Compiled) return t.compiled.combine[linearity][present * 3 + std::min(partials, 2)];
  for (size_t i = 0; i < t.combine.size(); ++i)
    if (combine_row_matches(t.combine[i], linearity, present, partials)) return static_cast<int>(i);
  return -1;
}

// Adds the operands of parameter `p` to a node's kinds.
void add_param(const OpRow& op, int p, std::span<const AxisOperand> operands, KindMask& present, int& partials) {
  for (const AxisOperand& o : operands) {
    if (o.param != p) continue;
    if (!o.type) {
      if (number_is_weak_scalar(op, p)) present |= kind_bit(OperandKind::Scalar);
      continue;
    }
    present |= kind_bit(*o.type);
    partials += *o.type == Ty::P;
  }
}

// Decides one combination; `j` takes the row and the operands.
bool decide(const RuleTable& t, int linearity, KindMask present, int partials, CombineLookup lookup, LocalJudgment& j) {
  j.present = present;
  j.partials = partials;
  const int row = combine_row(t, linearity, present, partials, lookup);
  if (row < 0) return false;
  j.decided = true;
  j.rejects = t.combine[row].reject;
  j.rule = t.combine[row].rule;
  j.result = t.combine[row].result;
  return !j.rejects;
}

// Evaluates node `n` bottom-up into `kind`: a type, kScalarKind (a node of
// numbers only is a weak scalar, like a literal) or kNoKind (no operands).
// False when some node is undecided or rejects (j holds its judgment).
constexpr int kScalarKind = static_cast<int>(OperandKind::Scalar), kNoKind = -1;
bool evaluate(const RuleTable& t, const OpRow& op, int n, std::span<const AxisOperand> operands, CombineLookup lookup, LocalJudgment& j,
              int& kind) {
  const TypingNode& node = op.typing[n];
  KindMask present = 0;
  int partials = 0;
  for (const TypingItem& item : node.items) {
    if (item.param >= 0) {
      add_param(op, item.param, operands, present, partials);
      continue;
    }
    int child = kNoKind;
    if (!evaluate(t, op, item.node, operands, lookup, j, child)) return false;
    if (child == kNoKind) continue;
    present |= KindMask(1u << child);
    partials += child == static_cast<int>(Ty::P);
  }
  if (present == 0 || present == kind_bit(OperandKind::Scalar)) {
    kind = present == 0 ? kNoKind : kScalarKind;
    return true;
  }
  if (!decide(t, node.linearity, present, partials, lookup, j)) return false;
  kind = static_cast<int>(j.result);
  return true;
}

}  // namespace

bool number_is_weak_scalar(const OpRow& op, int p) {
  if (is_weak_scalar_role(op.params[p].role)) return true;
  return op.params[p].role == ParamRole::Number && param_types(op, p);
}

bool param_types(const OpRow& op, int p) {
  if (is_typing_role(op.params[p].role)) return true;
  for (const TypingNode& node : op.typing)
    for (const TypingItem& item : node.items)
      if (item.param == p) return true;
  return false;
}

LocalJudgment judge_local_axis(const RuleTable& t, const OpRow& op, std::span<const AxisOperand> operands, CombineLookup lookup) {
  LocalJudgment j;
  for (const NonlinearArgRow& row : t.nonlinear_args)
    for (const AxisOperand& o : operands)
      if (o.type && row.applies(op.params[o.param].role, o.by_keyword) && (row.forbid & kind_bit(*o.type))) {
        j.decided = j.rejects = true;
        j.rule = row.rule;
        return j;
      }
  if (!op.typing.empty()) {
    int kind = kNoKind;
    if (evaluate(t, op, 0, operands, lookup, j, kind) && kind == kScalarKind)
      j = LocalJudgment{true, false, kNoRule, Ty::R, kind_bit(OperandKind::Scalar), 0};
    return j;
  }
  KindMask present = 0;
  int partials = 0;
  for (const AxisOperand& o : operands) {
    if (!o.type) {
      if (number_is_weak_scalar(op, o.param)) present |= kind_bit(OperandKind::Scalar);
      continue;
    }
    present |= kind_bit(*o.type);
    partials += *o.type == Ty::P;
  }
  decide(t, op.linearity, present, partials, lookup, j);
  return j;
}

std::string operand_kinds_text(KindMask present, int partials) {
  std::string out;
  for (int k = 0; k < kNumOperandKinds; ++k) {
    if (!(present >> k & 1)) continue;
    int count = k == static_cast<int>(OperandKind::P) ? partials : 1;
    for (int i = 0; i < count; ++i) out += (out.empty() ? "" : ", ") + std::string(operand_kind_name(static_cast<OperandKind>(k)));
  }
  return out;
}

namespace {

// Recursive descent over `CLASS(item, ...)`, items a parameter name or a
// nested expression.
class TypingParser {
 public:
  TypingParser(const RuleTable& t, const OpRow& op, std::string_view s) : t_(t), op_(op), s_(s) {}

  TypingParse run() {
    TypingParse out;
    nodes_.emplace_back();
    if (parse_node(0) && (skip(), i_ != s_.size())) fail("unexpected text after the expression");
    if (error_)
      out.error = error_;
    else
      out.nodes = std::move(nodes_);
    return out;
  }

 private:
  void skip() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }
  std::string_view word() {
    skip();
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    return s_.substr(start, i_ - start);
  }
  bool fail(std::string message) {
    if (!error_) error_ = std::make_pair(i_, std::move(message));
    return false;
  }
  bool take(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }

  bool parse_node(int n) {
    const size_t at = (skip(), i_);
    const std::string_view cls = word();
    int lin = -1;
    for (size_t l = 0; l < t_.linearities.size(); ++l)
      if (t_.linearities[l].name == cls) lin = static_cast<int>(l);
    if (lin < 0) return i_ = at, fail("expected a linearity class (a [[linearity]] name), got '" + std::string(cls) + "'");
    nodes_[n].linearity = static_cast<uint8_t>(lin);
    if (!take('(')) return fail("expected '(' after " + std::string(cls));
    do {
      const size_t item_at = (skip(), i_);
      const std::string_view name = word();
      if (name.empty()) return fail("expected a parameter or a nested CLASS(...)");
      if (take('(')) {  // a nested node: re-read it as one
        i_ = item_at;
        const int child = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        nodes_[n].items.push_back(TypingItem{-1, static_cast<int16_t>(child)});
        if (!parse_node(child)) return false;
        continue;
      }
      const int p = op_.param_index(name);
      if (p < 0) return i_ = item_at, fail("'" + std::string(name) + "' is not a parameter of " + op_.name);
      const ParamRole role = op_.params[p].role;
      if (!is_typing_role(role) && role != ParamRole::Number)
        return i_ = item_at, fail("parameter '" + std::string(name) + "' is " + std::string(param_role_name(role)) +
                                  "; a typing expression names operands and numbers");
      for (const TypingNode& node : nodes_)
        for (const TypingItem& item : node.items)
          if (item.param == p) return i_ = item_at, fail("parameter '" + std::string(name) + "' appears twice");
      nodes_[n].items.push_back(TypingItem{static_cast<int16_t>(p), -1});
    } while (take(','));
    if (!take(')')) return fail("expected ',' or ')'");
    return true;
  }

  const RuleTable& t_;
  const OpRow& op_;
  std::string_view s_;
  size_t i_ = 0;
  std::vector<TypingNode> nodes_;
  std::optional<std::pair<size_t, std::string>> error_;
};

void node_text(const RuleTable& t, const OpRow& op, int n, std::string& out) {
  out += t.linearities[op.typing[n].linearity].name + "(";
  bool first = true;
  for (const TypingItem& item : op.typing[n].items) {
    out += first ? "" : ", ";
    first = false;
    if (item.param >= 0)
      out += op.params[item.param].name;
    else
      node_text(t, op, item.node, out);
  }
  out += ")";
}

}  // namespace

TypingParse parse_typing(const RuleTable& table, const OpRow& op, std::string_view text) { return TypingParser(table, op, text).run(); }

std::string typing_text(const RuleTable& table, const OpRow& op) {
  std::string out;
  if (!op.typing.empty()) node_text(table, op, 0, out);
  return out;
}

}  // namespace spmdcheck
