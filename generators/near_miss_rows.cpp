#include "generators/near_miss_rows.h"

#include <algorithm>

namespace spmdcheck::near_miss {
namespace {

bool shard_dims_match(ShardDims s, const Form& src, const Form& dst) {
  if (s == ShardDims::Any) return true;
  const bool both = src.kind == Form::Kind::S && dst.kind == Form::Kind::S;
  const bool equal = both && src.shard_dim == dst.shard_dim;
  return s == ShardDims::Equal ? equal : !equal;
}

}  // namespace

LocalJudgment judge_local_axis(const RuleTable& table, const OpRow& op, const AxisOperands& operands) {
  return spmdcheck::judge_local_axis(table, op, operands.operands, CombineLookup::TableOrder);
}

int transition_cell(const RuleTable& table, int comm, const Form& src, const Form& dst) {
  for (size_t i = 0; i < table.transitions.size(); ++i) {
    const TransitionRow& row = table.transitions[i];
    if (row.op != comm || !(row.src & form_bit(src.kind)) || !(row.dst & form_bit(dst.kind))) continue;
    if (shard_dims_match(row.shard_dims, src, dst)) return static_cast<int>(i);
  }
  return -1;
}

bool admitted_as(const RuleTable& table, int comm, Ty expected, Ty given) {
  if (expected == given) return true;
  if (table.comm_ops[comm].strict_src) return false;
  return std::any_of(table.accepts.begin(), table.accepts.end(),
                     [&](const AcceptRow& a) { return a.expected == expected && a.given == given && a.via >= 0; });
}

int out_partial_row(const RuleTable& table, Ty from) {
  for (size_t i = 0; i < table.out_partial.size(); ++i)
    if (table.out_partial[i].from == from) return static_cast<int>(i);
  return -1;
}

int loss_row(const RuleTable& table, Ty ty) {
  for (size_t i = 0; i < table.losses.size(); ++i)
    if (table.losses[i].ty == ty) return static_cast<int>(i);
  return -1;
}

std::vector<Form> all_forms(int rank) {
  std::vector<Form> forms;
  for (int k = 0; k < kNumFormKinds; ++k) {
    if (static_cast<Form::Kind>(k) != Form::Kind::S)
      forms.push_back(Form{static_cast<Form::Kind>(k), 0});
    else
      for (int d = 0; d < rank; ++d) forms.push_back(Form{Form::Kind::S, d});
  }
  return forms;
}

std::string src_break_rule(const RuleTable& table, int comm, const Form& src, const Form& dst, bool expert, Ty got) {
  const int cell = transition_cell(table, comm, src, dst);
  if (cell < 0) return {};
  const TransitionRow& row = table.transitions[cell];
  if (row.illegal) return table.info(row.rule).id;
  if (row.expert && !expert) return {};
  return admitted_as(table, comm, src.base(), got) ? std::string() : diagnostic_id(table, "coll.src_mismatch");
}

std::string dst_break_rule(const RuleTable& table, int comm, const Form& src, const Form& dst) {
  const int cell = transition_cell(table, comm, src, dst);
  return cell >= 0 && table.transitions[cell].illegal ? table.info(table.transitions[cell].rule).id : std::string();
}

std::string propagation_break_rule(const RuleTable& table, const OpRow& op, const check::OperandPlacements& operands) {
  for (const PropagationRow& row : table.propagation) {
    if (std::find(row.kinds.begin(), row.kinds.end(), op.shape) == row.kinds.end()) continue;
    int identity = -1;
    if (!check::propagation_row_matches(row, op.name, operands, identity)) continue;
    return row.reject ? table.info(row.rule).id : std::string();
  }
  return diagnostic_id(table, "prop.no_strategy");
}

std::string diagnostic_id(const RuleTable& table, std::string_view id) {
  return table.find_rule(id) == kNoRule ? std::string() : std::string(id);
}

}  // namespace spmdcheck::near_miss
