#include "mutation/judgment_signature.h"

#include <algorithm>

#include "rules/local_typing.h"
#include "rules/number_positions.h"

namespace spmdcheck {
namespace {

constexpr int kMaxNaryOperands = 3;
constexpr int kScalar = kNumTys;  // operand code after the four types

std::string operand_text(int code) { return code == kScalar ? "scalar" : std::string(1, ty_letter(static_cast<Ty>(code))); }

// The operand slots of an op with `items` entries in its operands list: the
// typing parameters in order.
std::vector<const ParamSpec*> operand_slots(const OpRow& op, int items) {
  std::vector<const ParamSpec*> slots;
  for (const ParamSpec& p : op.params) {
    if (!param_types(op, static_cast<int>(&p - op.params.data()))) continue;
    const int n = p.role == ParamRole::Operands ? items : 1;
    for (int i = 0; i < n; ++i) slots.push_back(&p);
  }
  return slots;
}

// The one-axis decision for operand codes `ops` of `op`, as the checker
// takes it (rules/local_typing.h).
std::string decide(const RuleTable& t, const OpRow& op, const std::vector<const ParamSpec*>& slots, const std::vector<int>& ops) {
  std::vector<AxisOperand> operands;
  bool value = false;
  for (size_t i = 0; i < ops.size(); ++i) {
    const int p = static_cast<int>(slots[i] - op.params.data());
    operands.push_back(AxisOperand{p, ops[i] == kScalar ? std::nullopt : std::optional<Ty>(static_cast<Ty>(ops[i]))});
    value |= ops[i] != kScalar;
  }
  if (!value) return "no value";
  const LocalJudgment j = judge_local_axis(t, op, operands, CombineLookup::Compiled);
  if (!j.decided) return "no row";
  return j.rejects ? "reject" : operand_text(static_cast<int>(j.result));
}

std::string by_section(const std::array<int16_t, kNumTys>& compiled, Ty ty, bool rejects, Ty result) {
  if (compiled[static_cast<int>(ty)] < 0) return "no row";
  return rejects ? "reject" : operand_text(static_cast<int>(result));
}

}  // namespace

std::vector<std::string> local_judgment_signature(const RuleTable& t) {
  std::vector<std::string> out;
  for (const OpRow& op : t.ops) {
    // What the op's shape rule and variant selection make of a call: a
    // mutant that changes either runs programs differently.
    std::string when;
    for (const ArgValue& v : op.when_values)
      when += " " + std::to_string(static_cast<int>(v.kind)) + ":" + v.text + std::to_string(v.integer) + std::to_string(v.boolean);
    out.push_back("op " + op.name + " shape " + std::string(shape_rule_name(op.shape)) +
                  (op.when_param.empty() ? "" : " when " + op.when_param + when));
    bool list = false;
    for (const ParamSpec& p : op.params) list |= p.role == ParamRole::Operands;
    for (int items = 1; items <= (list ? kMaxNaryOperands : 1); ++items) {
      const std::vector<const ParamSpec*> slots = operand_slots(op, items);
      const int n = static_cast<int>(slots.size());
      if (n == 0) continue;
      std::vector<int> ops(n, 0);
      for (;;) {
        std::string line = op.name + "(";
        for (int i = 0; i < n; ++i) line += (i ? ", " : "") + slots[i]->name + ": " + operand_text(ops[i]);
        out.push_back(line + ") -> " + decide(t, op, slots, ops));
        // Next combination, odometer order; a number wherever a call can
        // write one, whatever the parameter's role makes of it (a number
        // at an operand is ignored, at a scalar_operand a weak scalar), so
        // that a mutant changing only a role where no number can stand
        // has the original's signature.
        int i = 0;
        for (; i < n; ++i) {
          const int limit = number_may_stand(op, static_cast<int>(slots[i] - op.params.data())) ? kScalar : kScalar - 1;
          if (++ops[i] <= limit) break;
          ops[i] = 0;
        }
        if (i == n) break;
      }
    }
  }
  for (Ty ty : kAllTys) {
    const int16_t o = t.compiled.out_partial[static_cast<int>(ty)];
    const bool rejects = o >= 0 && t.out_partial[o].reject;
    out.push_back("out_partial " + operand_text(static_cast<int>(ty)) + " -> " +
                  by_section(t.compiled.out_partial, ty, rejects, o >= 0 ? t.out_partial[o].result : ty));
    const int16_t l = t.compiled.loss[static_cast<int>(ty)];
    out.push_back("loss " + operand_text(static_cast<int>(ty)) + " -> " +
                  by_section(t.compiled.loss, ty, l >= 0 && t.losses[l].reject, ty));
  }
  return out;
}

namespace {

// A dim binding as behaviour: on a row whose S x S cell has equal shard
// dims, "src" and "dst" name the same dim, so both read "shard" (a mutant
// that only moves a binding between them is equivalent).
std::string dim_text(const TransitionRow& r, const DimBinding& d) {
  const bool same_shard = r.shard_dims == ShardDims::Equal;
  switch (d.from) {
    case DimBinding::From::Src: return d.param + (same_shard ? "=shard" : "=src");
    case DimBinding::From::Dst: return d.param + (same_shard ? "=shard" : "=dst");
    case DimBinding::From::Default: return d.param + "=" + std::to_string(d.default_value);
  }
  return d.param;
}

// A meaning as behaviour. On an equal-shard cell reshard is the identity
// (below). rechunk(s, c) = cat([x_k.chunk(n, s)[r] for k], c)
// is reshard(c, s) = cat(xs, c).chunk(n, s)[r] whenever s != c (chunking
// along s commutes with joining along c), which a row guarantees when s and
// c are bound to the two shard sides of a cell with differing shard dims;
// there both read as reshard.
std::string meaning_text(const TransitionRow& r) {
  MeaningKind kind = r.meaning->kind;
  std::array<uint8_t, 2> p = r.meaning->params;
  // reshard(a, b) with a and b the one shard dim of an equal-shard cell is
  // cat(xs, k).chunk(n, k), the identity on lists.
  const auto shard_bound = [&](uint8_t i) { return r.dims[i].from != DimBinding::From::Default; };
  if (kind == MeaningKind::Reshard && r.shard_dims == ShardDims::Equal && shard_bound(p[0]) && shard_bound(p[1])) return "identity(0,0)";
  if (kind == MeaningKind::Rechunk && r.shard_dims == ShardDims::Differ) {
    const DimBinding::From s = r.dims[p[0]].from, c = r.dims[p[1]].from;
    const bool sides =
        (s == DimBinding::From::Src && c == DimBinding::From::Dst) || (s == DimBinding::From::Dst && c == DimBinding::From::Src);
    if (sides) {
      kind = MeaningKind::Reshard;
      p = {p[1], p[0]};
    }
  }
  return std::string(meaning_kind_info(kind).name) + "(" + std::to_string(p[0]) + "," + std::to_string(p[1]) + ")";
}

std::string forms_text(FormMask mask) {
  std::string out;
  for (int k = 0; k < 5; ++k)
    if (mask & (1u << k)) out += "RIVPS"[k];
  return out;
}

// What one transition row does, without ids (depth bounds the recursion
// through backward rows, which are involutions, and components). Nested rows
// (backward rows, components) are described without their comm op: only
// what they do to the data matters there, not how a program names them.
std::string behaviour(const RuleTable& t, int row_index, int depth, bool meanings, bool top = true) {
  if (row_index < 0 || row_index >= static_cast<int>(t.transitions.size())) return "<unresolved>";
  const TransitionRow& r = t.transitions[row_index];
  std::string out = (top ? t.comm_ops[r.op].name + " " : std::string()) + forms_text(r.src) + "->" + forms_text(r.dst) + " shard_dims " +
                    std::to_string(static_cast<int>(r.shard_dims));
  if (r.illegal) return out + " illegal";
  out += " dims[";
  for (const DimBinding& d : r.dims) out += dim_text(r, d) + " ";
  out += "]";
  if (r.action) {
    out += " action " + std::string(action_kind_info(r.action->kind).name) + "(" + std::to_string(r.action->params[0]) + "," +
           std::to_string(r.action->params[1]) + ")+" + std::to_string(r.action->rank_shift) + "~" + std::to_string(r.action->rank_swap) +
           (r.action->first_axis ? " first_axis" : "");
  }
  if (r.meaning && meanings) {
    out += " meaning " + meaning_text(r);
  }
  for (const ShapeStep& s : r.shape) out += " " + std::string(shape_step_name(s.kind)) + "(" + std::to_string(s.param) + ")";
  out += " spec " + std::string(spec_update_name(r.spec));
  if (depth > 0) {
    if (r.primitive()) {
      out += " backward{" + behaviour(t, r.backward, depth - 1, meanings, false) + " dims";
      for (const auto& [param, own] : r.backward_dims) out += " " + param + "<-" + own;
      out += "}";
    }
    for (int c : r.compose) out += " then{" + behaviour(t, c, depth - 1, meanings, false) + "}";
  }
  return out;
}

}  // namespace

std::vector<std::string> behaviour_signature(const RuleTable& t, bool meanings) {
  std::vector<std::string> out = local_judgment_signature(t);
  // The law an op obeys is what the reference computes for it (DESIGN.md
  // §2.4); its defaults decide which cell an unspelled src/dst means.
  for (const CommOpRow& c : t.comm_ops)
    out.push_back("comm_op " + c.name + " law " + std::string(comm_law_info(c.law).name) + " defaults " +
                  (c.default_src ? std::string(form_kind_name(*c.default_src)) : "-") + "/" +
                  (c.default_dst ? std::string(form_kind_name(*c.default_dst)) : "-"));
  for (size_t i = 0; i < t.transitions.size(); ++i)
    out.push_back(t.info(t.transitions[i].rule).id + ": " + behaviour(t, static_cast<int>(i), 2, meanings));
  for (const AcceptRow& a : t.accepts)
    out.push_back("accept " + std::string(1, ty_letter(a.given)) + " as " + std::string(1, ty_letter(a.expected)) + " via " +
                  behaviour(t, a.via, 1, meanings, false));
  // Global SPMD: the propagation rows in their order (first match decides),
  // and the optional judgments a table has by having their row.
  for (const PropagationRow& r : t.propagation) {
    std::string line = "propagation";
    for (ShapeRule k : r.kinds) line += " " + std::string(shape_rule_name(k));
    for (const std::string& op : r.ops) line += " op " + op;
    for (const Placement& p : r.operands) line += " " + placement_to_string(p);
    out.push_back(line + " -> " + (r.reject ? "reject" : placement_to_string(r.result)));
  }
  out.push_back(std::string("coll.local_on_global_shard ") +
                (t.find_rule("coll.local_on_global_shard") != kNoRule ? "judged" : "not judged"));
  out.push_back(std::string("local_collective_specs ") + (t.local_collectives_drop_specs ? "drop" : "keep"));
  out.push_back(std::string("assert_recheck ") + (t.assert_refines ? "refine" : "exact"));
  return out;
}

std::string first_behaviour_difference(const RuleTable& original, const RuleTable& mutant, bool meanings) {
  const std::vector<std::string> a = behaviour_signature(original, meanings), b = behaviour_signature(mutant, meanings);
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string& x = i < a.size() ? a[i] : std::string("(none)");
    const std::string& y = i < b.size() ? b[i] : std::string("(none)");
    if (x != y) return x + "  became  " + y;
  }
  return "";
}

bool only_relaxes(const RuleTable& original, const RuleTable& mutant) {
  const std::vector<std::string> a = behaviour_signature(original), b = behaviour_signature(mutant);
  // The local judgments come first, one line per combination in the same
  // order for both tables while their ops and operand slots agree.
  const size_t local = local_judgment_signature(original).size();
  if (a.size() != b.size() || local != local_judgment_signature(mutant).size()) return false;
  bool differs = false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    const size_t arrow = a[i].rfind(" -> ");
    if (i >= local || arrow == std::string::npos || b[i].compare(0, arrow + 4, a[i], 0, arrow + 4) != 0) return false;
    const std::string from = a[i].substr(arrow + 4);
    if ((from != "reject" && from != "no row") || b[i].substr(arrow + 4) == "no row") return false;
    differs = true;
  }
  return differs;
}

}  // namespace spmdcheck
