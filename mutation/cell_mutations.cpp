// Operators that move a cell between illegal and legal (mutant_builder.h).
//
// `legalize-cell`: an illegal cell becomes legal with each primitive action
// of its op: the donors are the op's legal primitive rows, and the new row
// takes a donor's action, meaning, shape steps and dims (a dim bound to a
// side that is not S in the new cell becomes a default 0). Donors whose
// meaning does not fit the cell (a list where it needs a single value) are
// skipped: the linter's structural `meaning` check would reject the row
// whatever the law says. The backward is the new row itself on a self-dual
// cell, else a companion row legalized the same way in the dual cell (with
// the donor's backward row's action) when that cell is illegal in the same
// op; when the dual cell is legal, the backward is that row and the linter
// judges (it reports the broken involution: an expected lint catch).
//
// `illegalize-cell`: a legal row becomes illegal, so the mutant rejects
// programs the original accepts (killed as an unjustified rejection). Rows
// that cannot stay legal without it go with it, so the mutant stays
// loadable: its backward partner, composites through either, and [[accept]]
// rows that convert via them are removed.
#include <algorithm>
#include <set>

#include "mutation/mutant_builder.h"
#include "mutation/primitive_spec.h"
#include "mutation/transition_cells.h"

namespace spmdcheck {
namespace {

RowRef ref(const MutantBuilder& b, int row) { return RowRef{"transition", b.id(b.table().transitions[row].rule)}; }

// The donor's spec moved to `cell`.
PrimitiveSpec moved_spec(const TransitionRow& donor, const Cell& cell) {
  PrimitiveSpec s = spec_of(donor);
  for (DimBinding& d : s.dims) {
    if ((d.from == DimBinding::From::Src && cell.src != Form::Kind::S) || (d.from == DimBinding::From::Dst && cell.dst != Form::Kind::S))
      d = DimBinding{d.param, DimBinding::From::Default, 0};
  }
  return s;
}

bool has_dim(const PrimitiveSpec& s, const std::string& param) {
  return std::any_of(s.dims.begin(), s.dims.end(), [&](const DimBinding& d) { return d.param == param; });
}

// The donor's backward row may belong to another op, whose dim names the
// companion's op does not take: such a dim takes the name of the donor's dim
// that backward_dims maps it from, else of the first donor dim the companion
// does not use yet (params index `dims`, so only the names change). False if
// none is left.
bool rename_to_keywords(const CommOpRow& op, const TransitionRow& donor, PrimitiveSpec& spec) {
  for (DimBinding& d : spec.dims) {
    if (op.takes_keyword(d.param)) continue;
    std::string name;
    for (const auto& [bparam, own] : donor.backward_dims)
      if (bparam == d.param && !has_dim(spec, own)) name = own;
    for (size_t i = 0; name.empty() && i < donor.dims.size(); ++i)
      if (!has_dim(spec, donor.dims[i].param)) name = donor.dims[i].param;
    if (name.empty()) return false;
    d.param = name;
  }
  return true;
}

// Pairs (dim of the new row, dim of its backward) for backward_dims: the
// donor's pairs that still name dims of both, then every default dim left on
// either side paired with an unpaired dim of the other, in order. The new
// row maps backward <- own, the backward own <- backward, so both pass the
// backward_dims lint. Empty optional: some default dim cannot be paired.
using DimPairs = std::vector<std::pair<std::string, std::string>>;
std::optional<DimPairs> pair_dims(const PrimitiveSpec& own, const PrimitiveSpec& back, const TransitionRow& donor, bool same_row) {
  DimPairs pairs;
  auto paired_own = [&](const std::string& p) { return std::any_of(pairs.begin(), pairs.end(), [&](auto& x) { return x.first == p; }); };
  auto paired_back = [&](const std::string& p) { return std::any_of(pairs.begin(), pairs.end(), [&](auto& x) { return x.second == p; }); };
  for (const auto& [bparam, oparam] : donor.backward_dims)
    if (has_dim(own, oparam) && has_dim(back, bparam) && !paired_own(oparam) && !paired_back(bparam)) pairs.emplace_back(oparam, bparam);
  if (same_row) {  // the row is its own backward: pair each default dim left with itself
    for (const DimBinding& d : own.dims)
      if (d.from == DimBinding::From::Default && !paired_own(d.param) && !paired_back(d.param)) pairs.emplace_back(d.param, d.param);
    return pairs;
  }
  for (int round = 0; round < 2; ++round) {  // defaults of the new row, then defaults of the backward
    const PrimitiveSpec& need = round == 0 ? own : back;
    const PrimitiveSpec& other = round == 0 ? back : own;
    for (const DimBinding& d : need.dims) {
      if (d.from != DimBinding::From::Default || (round == 0 ? paired_own(d.param) : paired_back(d.param))) continue;
      auto free = std::find_if(other.dims.begin(), other.dims.end(),
                               [&](const DimBinding& o) { return !(round == 0 ? paired_back(o.param) : paired_own(o.param)); });
      if (free == other.dims.end()) return std::nullopt;
      if (round == 0)
        pairs.emplace_back(d.param, free->param);
      else
        pairs.emplace_back(free->param, d.param);
    }
  }
  return pairs;
}

std::vector<InlineEntry> backward_entries(const DimPairs& pairs, bool forward) {
  std::vector<InlineEntry> out;
  for (const auto& [own, back] : pairs) out.emplace_back(forward ? back : own, forward ? own : back);
  std::sort(out.begin(), out.end(), [](const InlineEntry& a, const InlineEntry& b) { return a.first < b.first; });
  return out;
}

// A new legal row, made from a copy of the illegal row `from`.
struct NewRow {
  std::string id;
  int from = -1;
  Cell cell;
  PrimitiveSpec spec;
  std::string backward;
  std::vector<InlineEntry> backward_dims;
  std::string message;
};

bool write_new_row(TableDocument& d, const MutantBuilder& b, const NewRow& n) {
  const RowRef r{"transition", n.id};
  if (!d.insert_copy(ref(b, n.from), n.id)) return false;
  d.erase(r, "illegal");
  d.erase(r, "fix");
  d.erase(r, "convention");  // a convention is a kind of rejection (the key may be absent)
  write_cell(d, r, n.cell);
  d.set_string(r, "message", n.message);
  if (!n.backward.empty()) d.set_string(r, "backward", n.backward);  // none: a no_gradient op's row
  if (n.backward_dims.empty())
    d.erase(r, "backward_dims");
  else
    d.set_inline_table(r, "backward_dims", n.backward_dims);
  return write_spec(d, r, n.spec);
}

std::string legal_id(const MutantBuilder& b, int illegal_row, const Cell& cell) {
  return ref(b, illegal_row).id + ".legal_" + cell_name(cell);
}

void legalize_cell(MutantBuilder& b, int x, const Cell& cell) {
  const RuleTable& t = b.table();
  const TransitionRow& row = t.transitions[x];
  // A raw torch.distributed op's rows have no backward: no dual to pair.
  const bool no_gradient = t.comm_ops[row.op].no_gradient;
  const Cell dual = no_gradient ? cell : dual_cell(t, cell);
  const bool self_dual = dual == cell;
  const int y = self_dual ? x : row_covering(t, row.op, dual);
  if (y < 0) return;
  const bool companion = !self_dual && t.transitions[y].illegal;
  std::set<std::string> seen;  // donors that make the same mutant
  for (size_t di = 0; di < t.transitions.size(); ++di) {
    const TransitionRow& donor = t.transitions[di];
    if (donor.op != row.op || !donor.primitive() || !donor.action || !donor.meaning) continue;
    NewRow n{legal_id(b, x, cell), x, cell, moved_spec(donor, cell), "", {}, ""};
    if (!meaning_fits(t, n.spec.meaning.kind, cell.src, cell.dst)) continue;
    n.message = "mutant: {op}(src={src}, dst={dst}) made legal like " + b.id(donor.rule);
    std::optional<NewRow> c;
    std::string backward_text;
    if (no_gradient) {
      backward_text = "no backward";
    } else if (self_dual) {
      auto pairs = pair_dims(n.spec, n.spec, donor, true);
      n.backward = n.id;
      n.backward_dims = backward_entries(*pairs, true);
      backward_text = "its own backward";
    } else if (companion) {
      if (donor.backward < 0 || !t.transitions[donor.backward].primitive()) continue;
      const TransitionRow& donor_back = t.transitions[donor.backward];
      c = NewRow{legal_id(b, y, dual), y, dual, moved_spec(donor_back, dual), n.id, {}, ""};
      if (!rename_to_keywords(t.comm_ops[row.op], donor, c->spec)) continue;
      if (!meaning_fits(t, c->spec.meaning.kind, dual.src, dual.dst)) continue;
      c->message = "mutant: {op}(src={src}, dst={dst}) made legal like " + b.id(donor_back.rule);
      auto pairs = pair_dims(n.spec, c->spec, donor, false);
      if (!pairs) continue;
      n.backward = c->id;
      n.backward_dims = backward_entries(*pairs, true);
      c->backward_dims = backward_entries(*pairs, false);
      backward_text = "backward " + c->id + " in " + cell_text(dual) + " (" + describe(c->spec) + ")";
    } else {
      // The dual cell is legal: point at its row; the linter judges.
      const TransitionRow& legal = t.transitions[y];
      n.backward = b.id(legal.rule);
      for (const DimBinding& d : legal.dims)
        if (d.from == DimBinding::From::Default && !n.spec.dims.empty())
          n.backward_dims.emplace_back(d.param, has_dim(n.spec, d.param) ? d.param : n.spec.dims.front().param);
      backward_text = "backward " + n.backward + " (legal already)";
    }
    const std::string key = describe(n.spec) + "|" + backward_text;
    if (!seen.insert(key).second) continue;
    std::vector<Cell> removed_x{cell}, removed_y;
    if (companion) (y == x ? removed_x : removed_y).push_back(dual);
    const std::string description =
        b.id(row.rule) + ": " + t.comm_ops[row.op].name + " " + cell_text(cell) + " is legal, " + describe(n.spec) + ", " + backward_text;
    // Named by the row it adds (the row the searches count hits of).
    b.add(MutationOperator::LegalizeCell, n.id, b.id(donor.rule), description, [&b, n, c, x, y, removed_x, removed_y](TableDocument& d) {
      if (!write_new_row(d, b, n) || (c && !write_new_row(d, b, *c))) return false;
      const RuleTable& t = b.table();
      if (!narrow_illegal_row(d, t, t.transitions[x], removed_x)) return false;
      return removed_y.empty() || narrow_illegal_row(d, t, t.transitions[y], removed_y);
    });
  }
}

void legalize_cells(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (size_t x = 0; x < t.transitions.size(); ++x)
    if (t.transitions[x].illegal)
      for (const Cell& cell : cells_of(t.transitions[x])) legalize_cell(b, static_cast<int>(x), cell);
}

// The rows that must become illegal with `start`, in table order.
std::vector<int> illegal_closure(const RuleTable& t, int start) {
  std::set<int> set{start};
  for (bool grew = true; grew;) {
    grew = false;
    for (size_t i = 0; i < t.transitions.size(); ++i) {
      const TransitionRow& r = t.transitions[i];
      if (r.illegal || set.count(static_cast<int>(i))) continue;
      const bool partner = r.primitive() && (set.count(r.backward) || std::any_of(set.begin(), set.end(), [&](int s) {
                                               return t.transitions[s].backward == static_cast<int>(i);
                                             }));
      const bool through = std::any_of(r.compose.begin(), r.compose.end(), [&](int c) { return set.count(c) > 0; });
      if (partner || through) grew = set.insert(static_cast<int>(i)).second;
    }
  }
  return {set.begin(), set.end()};
}

void illegalize_cells(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (size_t i = 0; i < t.transitions.size(); ++i) {
    if (t.transitions[i].illegal) continue;
    const std::vector<int> rows = illegal_closure(t, static_cast<int>(i));
    std::vector<RowRef> refs, accepts;
    std::string with;
    for (int r : rows) {
      refs.push_back(ref(b, r));
      if (r != static_cast<int>(i)) with += (with.empty() ? "" : ", ") + refs.back().id;
    }
    for (const AcceptRow& a : t.accepts)
      if (std::find(rows.begin(), rows.end(), a.via) != rows.end()) {
        accepts.push_back(RowRef{"accept", b.id(a.rule)});
        with += (with.empty() ? "" : ", ") + accepts.back().id + " removed";
      }
    const std::string id = b.id(t.transitions[i].rule);
    b.add(MutationOperator::IllegalizeCell, id, "", id + " is illegal" + (with.empty() ? "" : " (with " + with + ")"),
          [refs, accepts](TableDocument& d) {
            for (const RowRef& r : refs) {
              for (const char* key : {"action", "meaning", "shape", "backward", "backward_dims", "compose", "dims", "expert", "rank_shift",
                                      "rank_swap", "first_axis"})
                d.erase(r, key);
              d.set_bool(r, "illegal", true);
              d.set_string(r, "message", "mutant: {op} rejects src={src}, dst={dst}");
              if (!d.set_string(r, "fix", "do not use {op} with src={src} and dst={dst} on {axis}")) return false;
            }
            for (const RowRef& a : accepts)
              if (!d.remove_row(a)) return false;
            return true;
          });
  }
}

}  // namespace

void add_cell_mutants(MutantBuilder& b) {
  legalize_cells(b);
  illegalize_cells(b);
}

void add_legalizations_of(MutantBuilder& b, int illegal_row) {
  for (const Cell& cell : cells_of(b.table().transitions[illegal_row])) legalize_cell(b, illegal_row, cell);
}

}  // namespace spmdcheck
