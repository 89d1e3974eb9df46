// `edit-composition` (mutant_builder.h): a composite row's component is
// replaced by another legal primitive row of any op that maps the same src
// to the same dst (so the chain still chains), or dropped where the chain
// still holds without it; an [[accept]] row's `via` is replaced by another
// legal primitive row of the same signature. Each models a delegation
// written with the wrong row, e.g. reinterpret(I, P) composed as
// convert(I, R) then convert(R, P) instead of reinterpret(R, P) (x instead
// of n * x). Mutants the linter rejects are kept: they count as caught.
#include <algorithm>

#include "mutation/mutant_builder.h"
#include "mutation/primitive_spec.h"

namespace spmdcheck {
namespace {

bool same_signature(const TransitionRow& a, const TransitionRow& b) {
  return a.src_kind() == b.src_kind() && a.dst_kind() == b.dst_kind() && a.shard_dims == b.shard_dims;
}

// Legal primitive rows (any op) with `like`'s signature, other than `like`,
// and with a backward exactly where `like` has one: a differentiable chain
// written with a raw collective's row (no backward) is no delegation a table
// could mean, and it would fail at run time rather than be wrong.
std::vector<int> alternatives(const RuleTable& t, int like) {
  std::vector<int> out;
  const bool no_gradient = t.comm_ops[t.transitions[like].op].no_gradient;
  for (size_t i = 0; i < t.transitions.size(); ++i)
    if (static_cast<int>(i) != like && t.transitions[i].primitive() && same_signature(t.transitions[i], t.transitions[like]) &&
        t.comm_ops[t.transitions[i].op].no_gradient == no_gradient)
      out.push_back(static_cast<int>(i));
  return out;
}

std::string chain_text(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : " then ") + id;
  return out;
}

void edit_compositions(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (const TransitionRow& row : t.transitions) {
    if (row.illegal || row.compose.empty()) continue;
    if (std::find(row.compose.begin(), row.compose.end(), -1) != row.compose.end()) continue;  // the linter reports it
    const RowRef r{"transition", b.id(row.rule)};
    for (size_t i = 0; i < row.compose.size(); ++i) {
      for (int other : alternatives(t, row.compose[i])) {
        std::vector<std::string> ids = row.compose_ids;
        ids[i] = b.id(t.transitions[other].rule);
        b.add(MutationOperator::EditComposition, r.id, std::to_string(i) + "=" + ids[i],
              r.id + " is " + chain_text(ids) + " instead of " + chain_text(row.compose_ids),
              [r, ids](TableDocument& d) { return d.set_strings(r, "compose", ids); });
      }
      // Dropped: the neighbours (or the row's own src and dst) must meet.
      if (row.compose.size() < 2) continue;
      const Form::Kind before = i == 0 ? row.src_kind() : t.transitions[row.compose[i - 1]].dst_kind();
      const Form::Kind after = i + 1 == row.compose.size() ? row.dst_kind() : t.transitions[row.compose[i + 1]].src_kind();
      if (before != after) continue;
      std::vector<std::string> ids = row.compose_ids;
      ids.erase(ids.begin() + static_cast<long>(i));
      b.add(MutationOperator::EditComposition, r.id, "drop" + std::to_string(i),
            r.id + " is " + chain_text(ids) + " instead of " + chain_text(row.compose_ids),
            [r, ids](TableDocument& d) { return d.set_strings(r, "compose", ids); });
    }
  }
  for (const AcceptRow& a : t.accepts) {
    if (a.via < 0) continue;
    const RowRef r{"accept", b.id(a.rule)};
    for (int other : alternatives(t, a.via)) {
      const std::string id = b.id(t.transitions[other].rule);
      b.add(MutationOperator::EditComposition, r.id, "via=" + id, r.id + " converts via " + id + " instead of " + a.via_id,
            [r, id](TableDocument& d) { return d.set_string(r, "via", id); });
    }
  }
}

}  // namespace

void add_composition_mutants(MutantBuilder& b) { edit_compositions(b); }

}  // namespace spmdcheck
