#include "rules/rule_table.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "common/name_equal.h"
#include "rules/local_typing.h"

namespace spmdcheck {
namespace {

bool combine_matches(const CombineRow& row, KindMask present, int partials) {
  if ((present & ~row.only) != 0) return false;
  if ((present & row.has) != row.has) return false;
  if (row.has_any != 0 && (present & row.has_any) == 0) return false;
  return partials >= row.min_partials;
}

int first_set_bit(FormMask m) { return std::countr_zero(static_cast<unsigned>(m)); }

}  // namespace

std::string_view section_name(RowSection s) {
  static constexpr std::string_view names[] = {"type",   "combine",    "nonlinear_arg", "out_partial", "op",
                                               "accept", "transition", "loss",          "diagnostic",  "propagation"};
  return names[static_cast<int>(s)];
}

std::string_view operand_kind_name(OperandKind k) {
  static constexpr std::string_view names[] = {"R", "I", "V", "P", "scalar"};
  return names[static_cast<int>(k)];
}

std::string_view result_dtype_name(ResultDType d) {
  static constexpr std::string_view names[] = {"same", "bool", "i64", "f32", "inferred"};
  return names[static_cast<int>(d)];
}

int OpRow::param_index(std::string_view param) const {
  for (size_t i = 0; i < params.size(); ++i)
    if (name_equal(params[i].name, param)) return static_cast<int>(i);
  return -1;
}

int OpRow::positional_count() const {
  int n = 0;
  while (n < static_cast<int>(params.size()) && !params[n].keyword_only) ++n;
  return n;
}

bool CommOpRow::takes_keyword(std::string_view k) const {
  for (const std::string& keyword : keywords)
    if (name_equal(keyword, k)) return true;
  return false;
}

bool CommOpRow::expressible_src(Form::Kind k) const { return takes_keyword("src") || default_src == k; }

bool CommOpRow::expressible_dst(Form::Kind k) const { return takes_keyword("dst") || default_dst == k || (buffer && k != Form::Kind::S); }

std::string CommOpRow::usage() const {
  if (takes_keyword("src")) return name + "(value, axis, src=..., dst=...)";
  std::string out = name + (buffer ? "(output, value, axis" : "(value, axis");
  for (const std::string& k : keywords) out += ", " + k + "=...";
  return out + ")";
}

Form::Kind TransitionRow::src_kind() const { return static_cast<Form::Kind>(first_set_bit(src)); }
Form::Kind TransitionRow::dst_kind() const { return static_cast<Form::Kind>(first_set_bit(dst)); }

int TransitionRow::dim_index(std::string_view param) const {
  for (size_t i = 0; i < dims.size(); ++i)
    if (name_equal(dims[i].param, param)) return static_cast<int>(i);
  return -1;
}

void RuleTable::compile() {
  CompiledTable c;
  for (size_t r = 0; r < rules.size(); ++r) c.rule_by_id.emplace(rules[r].id, static_cast<RuleIndex>(r));

  c.combine.resize(linearities.size());
  for (size_t lin = 0; lin < linearities.size(); ++lin) {
    auto& slots = c.combine[lin];
    slots.fill(-1);
    for (int mask = 0; mask < 32; ++mask) {
      for (int pclass = 0; pclass < 3; ++pclass) {
        for (size_t i = 0; i < combine.size(); ++i) {
          const CombineRow& row = combine[i];
          if (!(row.linearities >> lin & 1u)) continue;
          if (combine_matches(row, static_cast<KindMask>(mask), pclass)) {
            slots[mask * 3 + pclass] = static_cast<int16_t>(i);
            break;
          }
        }
      }
    }
  }

  for (size_t i = 0; i < ops.size(); ++i)
    if (ops[i].when_param.empty()) c.op_by_name.emplace(ops[i].name, static_cast<uint16_t>(i));
  for (size_t i = 0; i < ops.size(); ++i) c.op_by_name.emplace(ops[i].name, static_cast<uint16_t>(i));  // a name without a base
  c.op_variants.resize(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    const uint16_t base = c.op_by_name.find(ops[i].name)->second;
    if (!ops[i].when_param.empty() && base != i) c.op_variants[base].push_back(static_cast<uint16_t>(i));
  }
  for (const OpRow& op : ops) {
    c.op_positional.push_back(static_cast<uint8_t>(op.positional_count()));
    if (op.params.size() > 16) throw std::logic_error("op row " + op.name + ": more than 16 parameters (the loader refuses them)");
    uint16_t typing = 0;
    for (int p = 0; p < static_cast<int>(op.params.size()); ++p)
      if (param_types(op, p)) typing = static_cast<uint16_t>(typing | 1u << p);
    c.op_typing_params.push_back(typing);
  }
  for (size_t i = 0; i < comm_ops.size(); ++i) c.comm_by_name.emplace(comm_ops[i].name, static_cast<uint16_t>(i));
  for (size_t i = 0; i < ops.size(); ++i) c.calls.add(ops[i].name, c.op_by_name.find(ops[i].name)->second);
  for (size_t i = 0; i < comm_ops.size(); ++i)
    c.calls.add(comm_ops[i].name, CompiledTable::kCommCall | c.comm_by_name.find(comm_ops[i].name)->second);

  for (auto& rows : c.propagation) rows.clear();
  for (size_t i = 0; i < propagation.size(); ++i)
    for (ShapeRule kind : propagation[i].kinds) c.propagation[static_cast<int>(kind)].push_back(static_cast<uint16_t>(i));
  c.cells.resize(comm_ops.size());
  for (auto& cells : c.cells) cells.fill(-1);
  for (size_t i = 0; i < transitions.size(); ++i) {
    const TransitionRow& row = transitions[i];
    for (int s = 0; s < kNumFormKinds; ++s) {
      if (!(row.src >> s & 1u)) continue;
      for (int d = 0; d < kNumFormKinds; ++d) {
        if (!(row.dst >> d & 1u)) continue;
        for (int equal = 0; equal < 2; ++equal) {
          if (row.shard_dims == ShardDims::Equal && !equal) continue;
          if (row.shard_dims == ShardDims::Differ && equal) continue;
          int16_t& slot = c.cells[row.op][(s * kNumFormKinds + d) * 2 + equal];
          if (slot < 0) slot = static_cast<int16_t>(i);
        }
      }
    }
  }

  c.out_partial.fill(-1);
  c.loss.fill(-1);
  c.type.fill(-1);
  for (auto& row : c.accept) row.fill(-1);
  for (size_t i = 0; i < out_partial.size(); ++i) {
    int16_t& slot = c.out_partial[static_cast<int>(out_partial[i].from)];
    if (slot < 0) slot = static_cast<int16_t>(i);
  }
  for (size_t i = 0; i < losses.size(); ++i) {
    int16_t& slot = c.loss[static_cast<int>(losses[i].ty)];
    if (slot < 0) slot = static_cast<int16_t>(i);
  }
  for (size_t i = 0; i < types.size(); ++i) {
    int16_t& slot = c.type[static_cast<int>(types[i].ty)];
    if (slot < 0) slot = static_cast<int16_t>(i);
  }
  for (size_t i = 0; i < accepts.size(); ++i) {
    int16_t& slot = c.accept[static_cast<int>(accepts[i].expected)][static_cast<int>(accepts[i].given)];
    if (slot < 0) slot = static_cast<int16_t>(i);
  }
  compiled = std::move(c);
}

RuleIndex RuleTable::find_rule(std::string_view id) const {
  auto it = compiled.rule_by_id.find(id);
  return it == compiled.rule_by_id.end() ? kNoRule : it->second;
}

int RuleTable::find_transition(std::string_view id) const {
  for (size_t i = 0; i < transitions.size(); ++i)
    if (rules[transitions[i].rule].id == id) return static_cast<int>(i);
  return -1;
}

Ty RuleTable::grad(Ty t) const {
  int16_t row = compiled.type[static_cast<int>(t)];
  return row < 0 ? t : types[row].grad;
}

}  // namespace spmdcheck
