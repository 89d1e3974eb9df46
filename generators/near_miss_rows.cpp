#include "generators/near_miss_rows.h"

#include <algorithm>

namespace spmdcheck::near_miss {
namespace {

bool combine_row_matches(const CombineRow& row, int linearity, KindMask present, int partials) {
  if (!(row.linearities >> linearity & 1u)) return false;
  if ((present & ~row.only) != 0) return false;
  if ((present & row.has) != row.has) return false;
  if (row.has_any != 0 && (present & row.has_any) == 0) return false;
  return partials >= row.min_partials;
}

bool shard_dims_match(ShardDims s, const Form& src, const Form& dst) {
  if (s == ShardDims::Any) return true;
  const bool both = src.kind == Form::Kind::S && dst.kind == Form::Kind::S;
  const bool equal = both && src.shard_dim == dst.shard_dim;
  return s == ShardDims::Equal ? equal : !equal;
}

}  // namespace

LocalJudgment judge_local_axis(const RuleTable& table, const OpRow& op, const AxisOperands& operands) {
  LocalJudgment j;
  for (const NonlinearArgRow& row : table.nonlinear_args)
    for (size_t p = 0; p < operands.types.size(); ++p) {
      if (p >= operands.nonlinear.size() || !operands.nonlinear[p] || !operands.types[p]) continue;
      if (row.forbid & kind_bit(*operands.types[p])) {
        j.decided = j.rejects = true;
        j.rule = row.rule;
        return j;
      }
    }
  KindMask present = operands.scalar ? kind_bit(OperandKind::Scalar) : KindMask{0};
  int partials = 0;
  for (const std::optional<Ty>& t : operands.types) {
    if (!t) continue;
    present |= kind_bit(*t);
    partials += *t == Ty::P;
  }
  for (const CombineRow& row : table.combine) {
    if (!combine_row_matches(row, op.linearity, present, partials)) continue;
    j.decided = true;
    j.rejects = row.reject;
    j.rule = row.rule;
    j.result = row.result;
    return j;
  }
  return j;
}

int transition_cell(const RuleTable& table, int comm, const Form& src, const Form& dst) {
  for (size_t i = 0; i < table.transitions.size(); ++i) {
    const TransitionRow& row = table.transitions[i];
    if (row.op != comm || !(row.src & form_bit(src.kind)) || !(row.dst & form_bit(dst.kind))) continue;
    if (shard_dims_match(row.shard_dims, src, dst)) return static_cast<int>(i);
  }
  return -1;
}

bool admitted_as(const RuleTable& table, Ty expected, Ty given) {
  if (expected == given) return true;
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
    if (static_cast<Form::Kind>(k) != Form::Kind::S) forms.push_back(Form{static_cast<Form::Kind>(k), 0});
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
  return admitted_as(table, src.base(), got) ? std::string() : diagnostic_id(table, "coll.src_mismatch");
}

std::string dst_break_rule(const RuleTable& table, int comm, const Form& src, const Form& dst) {
  const int cell = transition_cell(table, comm, src, dst);
  return cell >= 0 && table.transitions[cell].illegal ? table.info(table.transitions[cell].rule).id : std::string();
}

std::string diagnostic_id(const RuleTable& table, std::string_view id) {
  return table.find_rule(id) == kNoRule ? std::string() : std::string(id);
}

}  // namespace spmdcheck::near_miss
