// Lint of the rows against the semantic laws (DESIGN.md §2.4): types denote
// what the brief says; every legal transition row's meaning, dims bindings,
// shape steps and components, and every accept row's `via`, agree with the
// law of their op. What only values decide (the action) is the reference's.
#include "rules/comm_laws.h"
#include "rules/table_linter_internal.h"

namespace spmdcheck::lint {
namespace {

// A row's statement in law terms: meanings and shape steps, each parameter
// read off its dims binding.
struct Stated {
  std::vector<LawStep> meanings;
  std::vector<std::pair<ShapeStepKind, LawDim>> shape;
};

LawDim as_law_dim(const DimBinding& d) {
  switch (d.from) {
    case DimBinding::From::Src: return LawDim{LawDim::From::SrcShard, {}, 0};
    case DimBinding::From::Dst: return LawDim{LawDim::From::DstShard, {}, 0};
    case DimBinding::From::Default: break;
  }
  return LawDim{LawDim::From::Keyword, d.param, d.default_value};
}

void add_primitive(const TransitionRow& r, Stated& out) {
  LawStep m{r.meaning->kind, {}};
  for (int i = 0; i < meaning_kind_info(m.kind).num_params; ++i) m.params[i] = as_law_dim(r.dims[r.meaning->params[i]]);
  out.meanings.push_back(m);
  for (const ShapeStep& s : r.shape) out.shape.emplace_back(s.kind, as_law_dim(r.dims[s.param]));
}

// In an S(i) -> S(i) cell the two shard dims are one dim; identities (and a
// reshard within one dim) do nothing. Both sides are normalised alike.
std::vector<LawStep> normalised(std::vector<LawStep> steps, bool equal) {
  std::vector<LawStep> out;
  for (LawStep s : steps) {
    for (LawDim& p : s.params)
      if (equal && p.from == LawDim::From::DstShard) p.from = LawDim::From::SrcShard;
    if (s.kind == MeaningKind::Identity) continue;
    if (s.kind == MeaningKind::Reshard && s.params[0] == s.params[1]) continue;
    out.push_back(s);
  }
  return out;
}

// The shape effect of each meaning, as the checker's shape steps.
std::vector<std::pair<ShapeStepKind, LawDim>> shape_of(const std::vector<LawStep>& steps) {
  using S = ShapeStepKind;
  std::vector<std::pair<ShapeStepKind, LawDim>> out;
  for (const LawStep& s : steps) {
    switch (s.kind) {
      case MeaningKind::Unbind: out.emplace_back(S::Unstack, s.params[0]); break;
      case MeaningKind::Chunk: out.emplace_back(S::Split, s.params[0]); break;
      case MeaningKind::Stack: out.emplace_back(S::Stack, s.params[0]); break;
      case MeaningKind::Cat: out.emplace_back(S::Concat, s.params[0]); break;
      case MeaningKind::Restack:
        out.emplace_back(S::Unstack, s.params[0]);
        out.emplace_back(S::Stack, s.params[1]);
        break;
      case MeaningKind::Rechunk:
        out.emplace_back(S::Split, s.params[0]);
        out.emplace_back(S::Concat, s.params[1]);
        break;
      case MeaningKind::Reshard:  // cat at a, chunk at b: with a != b the two commute
        out.emplace_back(S::Split, s.params[1]);
        out.emplace_back(S::Concat, s.params[0]);
        break;
      default: break;
    }
  }
  return out;
}

std::string dim_text(const LawDim& d) {
  switch (d.from) {
    case LawDim::From::SrcShard: return "the src shard dim";
    case LawDim::From::DstShard: return "the dst shard dim";
    case LawDim::From::Keyword: break;
  }
  return "keyword " + std::string(d.keyword) + " (default " + std::to_string(d.default_value) + ")";
}

std::string steps_text(const std::vector<LawStep>& steps) {
  if (steps.empty()) return "the identity";
  std::string out;
  for (const LawStep& s : steps) {
    if (!out.empty()) out += " then ";
    const MeaningKindInfo& info = meaning_kind_info(s.kind);
    out += info.name;
    if (info.num_params == 0) continue;
    out += "(";
    for (int i = 0; i < info.num_params; ++i) out += (i ? ", " : "") + dim_text(s.params[i]);
    out += ")";
  }
  return out;
}

std::string shape_text(const std::vector<std::pair<ShapeStepKind, LawDim>>& steps) {
  if (steps.empty()) return "none";
  std::string out;
  for (const auto& [kind, dim] : steps) out += (out.empty() ? "" : " ") + std::string(shape_step_name(kind)) + "(" + dim_text(dim) + ")";
  return out;
}

std::string cell_text(const RuleTable& t, const TransitionRow& r, bool equal) {
  std::string out =
      t.comm_ops[r.op].name + "(" + std::string(form_kind_name(r.src_kind())) + " -> " + std::string(form_kind_name(r.dst_kind()));
  if (r.src_kind() == Form::Kind::S && r.dst_kind() == Form::Kind::S) out += equal ? ", one shard dim" : ", two shard dims";
  return out + ")";
}

void lint_row(const RuleTable& t, const TransitionRow& r, Findings& f) {
  const CommLaw law = t.comm_ops[r.op].law;
  const bool equal = r.shard_dims == ShardDims::Equal;
  const LawCell cell = law_cell(law, r.src_kind(), r.dst_kind(), equal);
  const SourceLoc at = t.rules[r.rule].loc;
  const std::string name = row_name(t, r.rule);
  const std::string law_name = "the law of " + std::string(comm_law_info(law).name);
  if (!cell.defined) {
    f.add(at, "law",
          name + ": " + law_name + " does not define " + cell_text(t, r, equal) + " (" + std::string(cell.undefined_reason) +
              "), so no legal row can be right there; make the cell illegal");
    return;
  }
  Stated stated;
  if (r.primitive()) {
    add_primitive(r, stated);
  } else {
    for (int c : r.compose) {
      if (c < 0 || !t.transitions[c].primitive()) return;  // lint_compose reports it
      add_primitive(t.transitions[c], stated);
    }
  }
  const std::vector<LawStep> want = normalised({cell.steps.begin(), cell.steps.begin() + cell.num_steps}, equal);
  const std::vector<LawStep> got = normalised(stated.meanings, equal);
  const std::string what = r.primitive() ? "its meaning" : "its components compose to";
  if (got != want)
    f.add(at, "law",
          name + ": " + what + " " + steps_text(got) + ", but " + law_name + " on " + cell_text(t, r, equal) + " is " + steps_text(want) +
              " (" + std::string(comm_law_info(law).summary) + ")");
  std::vector<std::pair<ShapeStepKind, LawDim>> got_shape;
  for (auto [kind, dim] : stated.shape) {
    if (equal && dim.from == LawDim::From::DstShard) dim.from = LawDim::From::SrcShard;
    got_shape.emplace_back(kind, dim);
  }
  const auto want_shape = shape_of(want);
  if (got_shape != want_shape)
    f.add(at, "law",
          name + ": shape steps " + shape_text(got_shape) + ", but " + law_name + " on " + cell_text(t, r, equal) +
              " changes the local shape by " + shape_text(want_shape));
}

void lint_accept(const RuleTable& t, const AcceptRow& a, Findings& f) {
  if (a.via < 0 || !t.transitions[a.via].primitive()) return;  // lint_accepts reports it
  const LawCell cell = acceptance_law(a.given, a.expected);
  const std::string name = row_name(t, a.rule);
  if (!cell.defined) {
    f.add(
        a.via_loc, "law",
        name + ": " + ty_letter(a.given) + " cannot be read as " + ty_letter(a.expected) + " (" + std::string(cell.undefined_reason) + ")");
    return;
  }
  Stated stated;
  add_primitive(t.transitions[a.via], stated);
  const std::vector<LawStep> want = normalised({cell.steps.begin(), cell.steps.begin() + cell.num_steps}, false);
  const std::vector<LawStep> got = normalised(stated.meanings, false);
  if (got != want)
    f.add(a.via_loc, "law",
          name + ": an accepted " + ty_letter(a.given) + " is read as " + ty_letter(a.expected) + " keeping every rank's data, which is " +
              steps_text(want) + ", but via row '" + a.via_id + "' means " + steps_text(got));
}

void lint_types(const RuleTable& t, Findings& f) {
  for (const TypeRow& r : t.types) {
    const std::string letter(1, ty_letter(r.ty));
    if (r.denotation != standard_denotation(r.ty))
      f.add(t.rules[r.rule].loc, "law",
            "type " + letter + " must denote '" + std::string(standard_denotation(r.ty)) + "', but the row says '" + r.denotation +
                "': the consistency checks read every value through the brief's denotations");
    if (r.grad != standard_gradient(r.ty))
      f.add(
          t.rules[r.rule].loc, "law",
          "the gradient type of " + letter + " must be " + ty_letter(standard_gradient(r.ty)) + ", but the row says " + ty_letter(r.grad));
  }
}

}  // namespace

// An op that bears a law's name obeys that law: the op-to-law mapping is the
// one thing the reference reads from a table, and relabelling reinterpret
// as a `convert` would let its rows agree with a law that is not its own.
// An op of another name (a table's own addition) chooses its law.
void lint_op_laws(const RuleTable& t, Findings& f) {
  for (const CommOpRow& c : t.comm_ops) {
    const std::optional<CommLaw> named = comm_law_from_name(c.name);
    if (named && *named != c.law)
      f.add(c.loc, "law",
            "comm_op '" + c.name + "' must obey the law of its name, '" + std::string(comm_law_info(*named).name) + "', but says '" +
                std::string(comm_law_info(c.law).name) + "'");
  }
}

void lint_laws(const RuleTable& t, Findings& f) {
  lint_types(t, f);
  lint_op_laws(t, f);
  for (const AcceptRow& a : t.accepts) lint_accept(t, a, f);
  for (const TransitionRow& r : t.transitions)
    if (!r.illegal) lint_row(t, r, f);
}

}  // namespace spmdcheck::lint
