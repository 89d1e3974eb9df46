// Lint of [[transition]] rows: coverage of the src x dst matrix, backward
// pairing, compositions, dims and actions.
#include <algorithm>

#include "rules/table_linter_internal.h"

namespace spmdcheck::lint {
namespace {

Form::Kind dual(const RuleTable& t, Form::Kind k) {
  Ty base = k == Form::Kind::S ? Ty::V : static_cast<Ty>(k);
  Ty g = t.grad(base);
  if (k == Form::Kind::S && g == Ty::V) return Form::Kind::S;
  return static_cast<Form::Kind>(g);
}

std::string cell_name(const RuleTable& t, int op, int s, int d, int equal) {
  std::string out = t.comm_ops[op].name + "(src=" + std::string(form_kind_name(static_cast<Form::Kind>(s))) +
                    ", dst=" + std::string(form_kind_name(static_cast<Form::Kind>(d))) + ")";
  if (s == 4 && d == 4) out += equal ? " with equal shard dims" : " with different shard dims";
  return out;
}

void lint_cells(const RuleTable& t, Findings& f) {
  for (size_t op = 0; op < t.comm_ops.size(); ++op) {
    for (int s = 0; s < kNumFormKinds; ++s) {
      for (int d = 0; d < kNumFormKinds; ++d) {
        for (int equal = 0; equal < 2; ++equal) {
          if (equal && !(s == 4 && d == 4)) continue;  // only S x S cells split
          const CommOpRow& comm = t.comm_ops[op];
          if (!comm.expressible_src(static_cast<Form::Kind>(s)) || !comm.expressible_dst(static_cast<Form::Kind>(d))) continue;
          std::vector<RuleIndex> covering;
          for (const TransitionRow& r : t.transitions) {
            if (r.op != op || !(r.src >> s & 1u) || !(r.dst >> d & 1u)) continue;
            if (s == 4 && d == 4 && r.shard_dims == ShardDims::Equal && !equal) continue;
            if (s == 4 && d == 4 && r.shard_dims == ShardDims::Differ && equal) continue;
            covering.push_back(r.rule);
          }
          if (covering.empty())
            f.add(t.comm_ops[op].loc, "cell_uncovered",
                  "no transition row covers " + cell_name(t, op, s, d, equal) + "; add a row or an `illegal = true` row");
          for (size_t i = 1; i < covering.size(); ++i)
            f.add(
                t.rules[covering[i]].loc, "cell_overlap",
                row_name(t, covering[i]) + " covers " + cell_name(t, op, s, d, equal) + ", already covered by " + row_name(t, covering[0]));
        }
      }
    }
  }
}

bool has_mapping(const TransitionRow& r, const std::string& key, const std::string& value) {
  return std::find(r.backward_dims.begin(), r.backward_dims.end(), std::make_pair(key, value)) != r.backward_dims.end();
}

void lint_backward(const RuleTable& t, const TransitionRow& r, Findings& f) {
  const std::string name = row_name(t, r.rule);
  if (r.backward < 0) {
    f.add(r.backward_loc, "backward_missing", name + " names backward row '" + r.backward_id + "', which does not exist");
    return;
  }
  const TransitionRow& b = t.transitions[r.backward];
  if (!b.primitive()) {
    f.add(r.backward_loc, "backward_missing", name + ": backward row '" + r.backward_id + "' must be a legal primitive row");
    return;
  }
  Form::Kind want_src = dual(t, r.dst_kind()), want_dst = dual(t, r.src_kind());
  if (b.src_kind() != want_src || b.dst_kind() != want_dst)
    f.add(r.backward_loc, "backward_signature",
          name + " maps " + std::string(form_kind_name(r.src_kind())) + " -> " + std::string(form_kind_name(r.dst_kind())) +
              ", so its backward must map " + std::string(form_kind_name(want_src)) + " -> " + std::string(form_kind_name(want_dst)) +
              ", but '" + r.backward_id + "' maps " + std::string(form_kind_name(b.src_kind())) + " -> " +
              std::string(form_kind_name(b.dst_kind())));
  if (b.backward < 0 || &t.transitions[b.backward] != &r)
    f.add(r.backward_loc, "backward_involution",
          "the backward of '" + r.backward_id + "' must be " + name + " again, but is '" + b.backward_id + "'");
  for (const auto& [bparam, own] : r.backward_dims) {
    if (b.dim_index(bparam) < 0)
      f.add(r.backward_loc, "backward_dims",
            name + " maps dim '" + bparam + "' of its backward, which '" + r.backward_id + "' does not have");
    else if (!has_mapping(b, own, bparam))
      f.add(r.backward_loc, "backward_dims",
            name + " maps backward dim '" + bparam + "' <- '" + own + "', so '" + r.backward_id + "' must map '" + own + "' <- '" + bparam +
                "'");
  }
  for (const DimBinding& bd : b.dims)
    if (bd.from == DimBinding::From::Default &&
        std::none_of(r.backward_dims.begin(), r.backward_dims.end(), [&](const auto& m) { return m.first == bd.param; }))
      f.add(r.backward_loc, "backward_dims",
            name + " must set dim '" + bd.param + "' of its backward '" + r.backward_id + "' in backward_dims");
}

void lint_compose(const RuleTable& t, const TransitionRow& r, Findings& f) {
  const std::string name = row_name(t, r.rule);
  Form::Kind at = r.src_kind();
  for (size_t i = 0; i < r.compose.size(); ++i) {
    if (r.compose[i] < 0) {
      f.add(r.compose_loc, "backward_missing", name + " composes '" + r.compose_ids[i] + "', which does not exist");
      return;
    }
    const TransitionRow& c = t.transitions[r.compose[i]];
    if (!c.primitive()) {
      f.add(r.compose_loc, "compose", name + ": component '" + r.compose_ids[i] + "' must be a legal primitive row");
      return;
    }
    if (c.src_kind() != at) {
      f.add(r.compose_loc, "compose",
            name + ": component '" + r.compose_ids[i] + "' starts at " + std::string(form_kind_name(c.src_kind())) +
                ", but the chain is at " + std::string(form_kind_name(at)));
      return;
    }
    at = c.dst_kind();
  }
  if (at != r.dst_kind())
    f.add(r.compose_loc, "compose",
          name + ": the components end at " + std::string(form_kind_name(at)) + ", not at the row's dst " +
              std::string(form_kind_name(r.dst_kind())));
}

// The shape steps each action implies (parameters in the action's order).
std::vector<ShapeStepKind> implied_steps(ActionKind k) {
  using S = ShapeStepKind;
  switch (k) {
    case ActionKind::GatherStack:
    case ActionKind::EmbedStack: return {S::Stack};
    case ActionKind::GatherCat:
    case ActionKind::EmbedCat: return {S::Concat};
    case ActionKind::ReduceScatterSelect:
    case ActionKind::Select: return {S::Unstack};
    case ActionKind::ReduceScatterChunk:
    case ActionKind::Chunk: return {S::Split};
    case ActionKind::AllToAllStack: return {S::Unstack, S::Stack};
    case ActionKind::AllToAllChunk: return {S::Split, S::Concat};
    default: return {};
  }
}

void lint_dims_and_action(const RuleTable& t, const TransitionRow& r, Findings& f) {
  const std::string name = row_name(t, r.rule);
  SourceLoc at = t.rules[r.rule].loc;
  for (const DimBinding& d : r.dims) {
    // A default-bound dim the op takes no keyword for is fixed (the raw
    // collectives' dim 0); a shard-bound one is spelled by the src or dst.
    if (d.from != DimBinding::From::Default && !t.comm_ops[r.op].takes_keyword(d.param))
      f.add(at, "dims", name + ": dim '" + d.param + "' must be a keyword of " + t.comm_ops[r.op].name);
    if (d.from == DimBinding::From::Src && r.src_kind() != Form::Kind::S)
      f.add(at, "dims", name + ": dim '" + d.param + "' is bound to the src shard, but src is not S");
    if (d.from == DimBinding::From::Dst && r.dst_kind() != Form::Kind::S)
      f.add(at, "dims", name + ": dim '" + d.param + "' is bound to the dst shard, but dst is not S");
  }
  std::vector<ShapeStepKind> want = implied_steps(r.action->kind);
  bool same = want.size() == r.shape.size();
  for (size_t i = 0; same && i < want.size(); ++i) same = r.shape[i].kind == want[i] && r.shape[i].param == r.action->params[i];
  if (!same)
    f.add(at, "action_shape", name + ": shape steps do not match action '" + std::string(action_kind_info(r.action->kind).name) + "'");
}

bool is_list(const RuleTable& t, Form::Kind k) {
  Ty base = k == Form::Kind::S ? Ty::V : static_cast<Ty>(k);
  int16_t row = t.compiled.type[static_cast<int>(base)];
  return row >= 0 && t.types[row].denotation == "list";
}

void lint_meaning(const RuleTable& t, const TransitionRow& r, Findings& f) {
  const MeaningKindInfo& info = meaning_kind_info(r.meaning->kind);
  bool from = is_list(t, r.src_kind()), to = is_list(t, r.dst_kind());
  bool ok = info.kind == MeaningKind::Identity ? from == to : (info.from_list == from && info.to_list == to);
  if (!ok)
    f.add(t.rules[r.rule].loc, "meaning",
          row_name(t, r.rule) + ": meaning '" + std::string(info.name) + "' maps " + (info.from_list ? "a list" : "a single value") +
              " to " + (info.to_list ? "a list" : "a single value") + ", but the row maps " + std::string(form_kind_name(r.src_kind())) +
              " (" + (from ? "a list" : "a single value") + ") to " + std::string(form_kind_name(r.dst_kind())) + " (" +
              (to ? "a list" : "a single value") + ")");
}

}  // namespace

void lint_accepts(const RuleTable& t, Findings& f) {
  for (const AcceptRow& a : t.accepts) {
    const std::string name = row_name(t, a.rule);
    if (a.via < 0) {
      f.add(a.via_loc, "backward_missing", name + " converts via '" + a.via_id + "', which does not exist");
      continue;
    }
    const TransitionRow& via = t.transitions[a.via];
    if (!via.primitive() || !via.shape.empty() || Form{via.src_kind(), 0}.base() != a.given ||
        Form{via.dst_kind(), 0}.base() != a.expected || via.src_kind() == Form::Kind::S || via.dst_kind() == Form::Kind::S)
      f.add(a.via_loc, "compose",
            name + ": via row '" + a.via_id + "' must be a legal primitive row from " + ty_letter(a.given) + " to " +
                ty_letter(a.expected) + " without shape steps");
  }
}

// A transmute is a retype by an assert, which moves no data: a legal
// primitive row of a reinterpret-law op between two plain types (no shard
// dim for an assert to name), read only by a refining assert, one per pair.
void lint_assert_transmutes(const RuleTable& t, Findings& f) {
  for (size_t i = 0; i < t.assert_transmutes.size(); ++i) {
    const AssertTransmute& m = t.assert_transmutes[i];
    if (!t.assert_refines)
      f.add(m.loc, "transmute", "assert_transmutes needs assert_recheck = \"refine\": an exact assert never retypes a value");
    if (m.row < 0) {
      f.add(m.loc, "transmute", "assert_transmutes names '" + m.id + "', which is not a transition row");
      continue;
    }
    const TransitionRow& r = t.transitions[m.row];
    if (!r.primitive() || t.comm_ops[r.op].law != CommLaw::Reinterpret || r.src_kind() == Form::Kind::S || r.dst_kind() == Form::Kind::S ||
        r.src_kind() == r.dst_kind()) {
      f.add(m.loc, "transmute",
            "assert_transmutes: '" + m.id + "' must be a legal primitive row of a reinterpret-law op between two different types " +
                "other than S (an assert moves no data and names no shard dim)");
      continue;
    }
    for (size_t j = 0; j < i; ++j) {
      const int other = t.assert_transmutes[j].row;
      if (other >= 0 && t.transitions[other].primitive() && t.transitions[other].src_kind() == r.src_kind() &&
          t.transitions[other].dst_kind() == r.dst_kind())
        f.add(m.loc, "transmute", "assert_transmutes: '" + m.id + "' retypes as '" + t.assert_transmutes[j].id + "' does");
    }
  }
}

void lint_transitions(const RuleTable& t, Findings& f) {
  lint_cells(t, f);
  lint_accepts(t, f);
  lint_assert_transmutes(t, f);
  for (const TransitionRow& r : t.transitions) {
    if (r.illegal) continue;
    if (r.primitive()) {
      if (!t.comm_ops[r.op].no_gradient) lint_backward(t, r, f);
      lint_dims_and_action(t, r, f);
      lint_meaning(t, r, f);
    } else {
      lint_compose(t, r, f);
    }
  }
}

}  // namespace spmdcheck::lint
