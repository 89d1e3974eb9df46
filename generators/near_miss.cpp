// The near-miss driver: checks the well-typed program once, enumerates every
// break it admits (near_miss_local/transition/statement.cpp), lets the
// chooser pick one of the wanted kind or rule, and applies it to a copy.
#include "generators/near_miss.h"

#include <set>

#include "generators/near_miss_candidates.h"
#include "oracle/assert_transmute.h"
#include "program/program_text.h"
#include "program/type_text.h"

namespace spmdcheck {
namespace near_miss {
namespace {

std::optional<std::string> bound_name(const Statement& st) {
  if (const auto* in = std::get_if<InputStmt>(&st)) return in->name;
  if (const auto* b = std::get_if<BindingStmt>(&st)) return b->names[0];
  return std::nullopt;
}

std::string fresh_name(const Program& p) {
  std::set<std::string> taken;
  for (const Statement& st : p.statements) {
    if (auto n = bound_name(st)) taken.insert(*n);
    if (const auto* b = std::get_if<BindingStmt>(&st)) taken.insert(b->names.begin(), b->names.end());
  }
  for (int k = 0;; ++k)
    if (!taken.count("nm" + std::to_string(k))) return "nm" + std::to_string(k);
}

InputStmt new_input(const std::string& name, DType dtype, const Shape& shape, const LocalType& type) {
  InputStmt in;
  in.name = name;
  in.dtype = dtype;
  in.shape = shape;
  in.type.type = type;
  return in;
}

void set_keyword(BindingStmt& b, const KwArg& kw) {
  for (KwArg& k : b.kwargs)
    if (k.key == kw.key) {
      k.value = kw.value;
      return;
    }
  b.kwargs.push_back(kw);
}

void add_out_partial_axis(BindingStmt& b, const std::string& axis) {
  for (KwArg& k : b.kwargs)
    if (k.key == "out_partial") {
      k.value.kind = ArgValue::Kind::NameList;
      k.value.names.push_back(axis);
      return;
    }
  KwArg kw;
  kw.key = "out_partial";
  kw.value.kind = ArgValue::Kind::Name;
  kw.value.names = {axis};
  b.kwargs.push_back(kw);
}

// The canonical text with statement `index`'s type annotation missing `axis`.
std::string text_without_type_axis(const Program& p, size_t index, int axis) {
  const std::string text = print_program(p);
  const InputStmt& in = std::get<InputStmt>(p.statements[index]);
  const std::string line = print_statement(p.mesh, p.statements[index]);
  // The annotation as printed (S(k) or spec(...) on global axes), less
  // the axis's `name: T` entry in its braces.
  const std::string full = type_to_text(p.mesh, in.type);
  const std::string& name = p.mesh.axes[axis].name;
  const bool first = axis == 0;
  const size_t from = full.find((first ? "{" : ", ") + name + ": ");
  if (from == std::string::npos) return print_program(p);  // unbroken: the test reports it
  const size_t end = full.find_first_of(",}", from + (first ? 1 : 2) + name.size());
  std::string partial = full;
  if (first)
    partial.erase(from + 1, end - from - 1 + (full[end] == ',' ? 2 : 0));
  else
    partial.erase(from, end - from);
  // The canonical printer writes the input's line with its type last.
  const size_t type_at = line.rfind(full), line_at = text.find("\n" + line + "\n");
  if (type_at == std::string::npos || line_at == std::string::npos) return text;  // not canonical: unbroken
  std::string broken_line = line;
  broken_line.replace(type_at, full.size(), partial);
  std::string out = text;
  out.replace(line_at + 1, line.size(), broken_line);
  return out;
}

// A new input's or assert's spec fitted to the candidate's type (DESIGN.md
// §8): on every global axis where the type is V, the source value's entry,
// else one on dim 0; no entry where it is not V. False where no spec can
// fit (V on a global axis of a rank-0 value or a typed scalar): the break
// would be rejected by global.v_without_spec before its own rule, so it is
// not offered.
bool fit_global_spec(const Mesh& mesh, Candidate& c) {
  if (mesh.num_global == 0 || (c.edit != Edit::ReplaceOperand && c.edit != Edit::InsertAssert && c.edit != Edit::ReplaceLoss)) return true;
  const int rank = c.edit == Edit::ReplaceLoss ? 0 : c.shape.rank;
  for (int a = 0; a < static_cast<int>(mesh.axes.size()); ++a) {
    const bool v = mesh.is_global(a) && c.type.axis[a] == Ty::V;
    if (!v) {
      c.spec.remove(a);
      continue;
    }
    if (c.spec.shards(a) && c.spec.dim[a] < rank) continue;
    if (c.scalar || rank == 0) return false;
    c.spec.remove(a);
    c.spec.append(a, 0);
  }
  return true;
}

TypeAnnot annotation(const Candidate& c, int rank) {
  TypeAnnot t;
  t.type = c.type;
  t.spec = c.spec;
  // The printer writes spec(...) where a dim has two axes: with every entry.
  if (!t.spec.empty()) t.spec_entries = static_cast<int8_t>(rank);
  return t;
}

NearMiss materialize(const Subject& s, const Candidate& c) {
  NearMiss nm;
  nm.kind = c.kind;
  nm.program = s.program;
  nm.statement = c.statement;
  nm.position = c.position;
  nm.axis = c.axis;
  nm.expected_rule = c.expected;
  nm.description = c.what;
  auto& stmts = nm.program.statements;
  auto binding = [&]() -> BindingStmt& { return std::get<BindingStmt>(stmts[nm.statement]); };
  switch (c.edit) {
    case Edit::ReplaceOperand: {
      const std::string name = fresh_name(nm.program);
      InputStmt in = new_input(name, c.dtype, c.shape, c.type);
      in.type = annotation(c, c.shape.rank);
      in.scalar = c.scalar;
      stmts.insert(stmts.begin() + c.statement, in);
      nm.statement = c.statement + 1;
      ArgValue& v = c.position >= 0 ? binding().args[c.position].value : binding().kwargs[c.kwarg].value;
      v.names[c.item >= 0 ? c.item : 0] = name;
      break;
    }
    case Edit::SetKeyword: set_keyword(binding(), c.keyword); break;
    case Edit::RemoveKeyword: std::erase_if(binding().kwargs, [&](const KwArg& k) { return k.key == c.key; }); break;
    case Edit::ReplaceAxisArg: binding().args[c.position].value.names[0] = c.name; break;
    case Edit::AddOutPartialAxis: add_out_partial_axis(binding(), nm.program.mesh.axes[c.axis].name); break;
    case Edit::InsertAssert: {
      AssertStmt a;
      a.name = c.name;
      a.type = annotation(c, c.shape.rank);
      stmts.insert(stmts.begin() + c.statement + 1, a);
      nm.statement = c.statement + 1;
      break;
    }
    case Edit::ReplaceLoss: {
      const std::string name = fresh_name(nm.program);
      Shape scalar;
      stmts.insert(stmts.begin() + c.statement, new_input(name, c.dtype, scalar, c.type));
      nm.statement = c.statement + 1;
      if (nm.statement == stmts.size()) stmts.push_back(LossStmt{});
      std::get<LossStmt>(stmts[nm.statement]).name = name;
      break;
    }
    case Edit::DropTypeAxis: break;
  }
  nm.text = c.edit == Edit::DropTypeAxis ? text_without_type_axis(nm.program, c.statement, c.axis) : print_program(nm.program);
  return nm;
}

}  // namespace
}  // namespace near_miss

std::string_view break_kind_name(BreakKind k) {
  static constexpr std::string_view names[kNumBreakKinds] = {
      "operand_type", "partial_nonlinear", "invariant_mix", "out_partial", "collective_src", "collective_dst",    "expert_gate",
      "unknown_axis", "not_divisible",     "axis_size",     "assert_type", "loss_type",      "type_axis_missing", "buffer",
      "propagation",  "spec_order"};
  return names[static_cast<int>(k)];
}

std::vector<BreakKind> all_break_kinds() {
  std::vector<BreakKind> kinds;
  for (int k = 0; k < kNumBreakKinds; ++k) kinds.push_back(static_cast<BreakKind>(k));
  return kinds;
}

struct NearMisses::State {
  near_miss::Subject subject;
  std::vector<near_miss::Candidate> candidates;
};

NearMisses::NearMisses(const RuleTable& table, const Program& program)
    : state_(std::make_unique<State>(State{near_miss::Subject{table, program, check_program(table, program), {}}, {}})) {
  near_miss::Subject& s = state_->subject;
  if (!s.checked.ok()) return;
  for (size_t i = 0, b = 0; i < program.statements.size(); ++i) {
    s.binding_of.push_back(std::holds_alternative<BindingStmt>(program.statements[i]) ? static_cast<int>(b) : -1);
    b += statement_counts(program, s.checked, i).bindings;  // a transmuting assert's coercions too
  }
  near_miss::local_op_candidates(s, state_->candidates);
  near_miss::propagation_candidates(s, state_->candidates);
  near_miss::transition_candidates(s, state_->candidates);
  near_miss::statement_candidates(s, state_->candidates);
  std::erase_if(state_->candidates, [&](near_miss::Candidate& c) { return !near_miss::fit_global_spec(program.mesh, c); });
  // A new input no value can be (a P bool: TypeRow::no_dtypes) would be
  // refused as itself, not by the rule the near miss aims at.
  std::erase_if(state_->candidates, [&](const near_miss::Candidate& c) {
    return (c.edit == near_miss::Edit::ReplaceOperand || c.edit == near_miss::Edit::ReplaceLoss) &&
           excluded_type_axis(table, c.type, c.dtype, c.scalar) >= 0;
  });
}

NearMisses::~NearMisses() = default;

bool NearMisses::well_typed() const { return state_->subject.checked.ok(); }

std::vector<std::string> NearMisses::rules() const {
  std::set<std::string> ids;
  for (const near_miss::Candidate& c : state_->candidates) ids.insert(c.expected);
  return {ids.begin(), ids.end()};
}

template <typename Keep>
std::optional<NearMiss> NearMisses::pick(Chooser& chooser, Keep keep) const {
  std::vector<const near_miss::Candidate*> kept;
  for (const near_miss::Candidate& c : state_->candidates)
    if (keep(c)) kept.push_back(&c);
  if (kept.empty()) return std::nullopt;
  return near_miss::materialize(state_->subject, *kept[chooser.choose(kept.size())]);
}

std::optional<NearMiss> NearMisses::of_kind(BreakKind kind, Chooser& chooser) const {
  return pick(chooser, [&](const near_miss::Candidate& c) { return c.kind == kind; });
}

std::optional<NearMiss> NearMisses::for_rule(std::string_view rule_id, Chooser& chooser) const {
  return pick(chooser, [&](const near_miss::Candidate& c) { return c.expected == rule_id; });
}

std::optional<NearMiss> make_near_miss(const RuleTable& table, const Program& program, BreakKind kind, Chooser& chooser) {
  return NearMisses(table, program).of_kind(kind, chooser);
}

std::optional<NearMiss> make_near_miss_for_rule(const RuleTable& table, const Program& program, std::string_view rule_id,
                                                Chooser& chooser) {
  return NearMisses(table, program).for_rule(rule_id, chooser);
}

}  // namespace spmdcheck
