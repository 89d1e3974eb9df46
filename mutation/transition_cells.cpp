#include "mutation/transition_cells.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "mutation/primitive_spec.h"

namespace spmdcheck {
namespace {

constexpr Form::Kind kS = Form::Kind::S;

bool is_shard_pair(Form::Kind s, Form::Kind d) { return s == kS && d == kS; }

// A rectangle of cells one row can cover.
struct Rect {
  FormMask src = 0, dst = 0;
  ShardDims shard_dims = ShardDims::Any;
};

std::vector<std::string> forms_of(FormMask mask) {
  std::vector<std::string> out;
  for (int k = 0; k < kNumFormKinds; ++k)
    if (mask >> k & 1u) out.push_back(form_text(static_cast<Form::Kind>(k)));
  return out;
}

// Cells to rectangles: an S x S cell with one shard_dims left is a row of
// its own (shard_dims applies to S -> S rows only); the other cells are
// grouped by src, srcs with the same dst set sharing a rectangle.
std::vector<Rect> cover(const std::vector<Cell>& cells) {
  std::vector<Rect> out;
  auto has = [&](const Cell& c) { return std::find(cells.begin(), cells.end(), c) != cells.end(); };
  const bool equal = has(Cell{kS, kS, ShardDims::Equal}), differ = has(Cell{kS, kS, ShardDims::Differ});
  std::array<FormMask, kNumFormKinds> dsts{};
  for (const Cell& c : cells) {
    if (is_shard_pair(c.src, c.dst) && equal != differ) continue;
    dsts[static_cast<int>(c.src)] |= form_bit(c.dst);
  }
  for (int s = 0; s < kNumFormKinds; ++s) {
    if (!dsts[s]) continue;
    auto same = std::find_if(out.begin(), out.end(), [&](const Rect& r) { return r.dst == dsts[s] && r.shard_dims == ShardDims::Any; });
    if (same != out.end())
      same->src |= form_bit(static_cast<Form::Kind>(s));
    else
      out.push_back(Rect{form_bit(static_cast<Form::Kind>(s)), dsts[s], ShardDims::Any});
  }
  if (equal != differ) out.push_back(Rect{form_bit(kS), form_bit(kS), equal ? ShardDims::Equal : ShardDims::Differ});
  return out;
}

void write_shard_dims(TableDocument& d, const RowRef& r, ShardDims s) {
  if (s == ShardDims::Any)
    d.erase(r, "shard_dims");
  else
    d.set_string(r, "shard_dims", s == ShardDims::Equal ? "equal" : "differ");
}

void write_rect(TableDocument& d, const RowRef& r, const Rect& rect) {
  d.set_strings(r, "src", forms_of(rect.src));
  d.set_strings(r, "dst", forms_of(rect.dst));
  write_shard_dims(d, r, rect.shard_dims);
}

}  // namespace

std::vector<Cell> cells_of(const TransitionRow& row) {
  std::vector<Cell> out;
  for (int s = 0; s < kNumFormKinds; ++s) {
    if (!(row.src >> s & 1u)) continue;
    for (int d = 0; d < kNumFormKinds; ++d) {
      if (!(row.dst >> d & 1u)) continue;
      const Form::Kind src = static_cast<Form::Kind>(s), dst = static_cast<Form::Kind>(d);
      if (!is_shard_pair(src, dst)) {
        out.push_back(Cell{src, dst, ShardDims::Any});
        continue;
      }
      if (row.shard_dims != ShardDims::Differ) out.push_back(Cell{src, dst, ShardDims::Equal});
      if (row.shard_dims != ShardDims::Equal) out.push_back(Cell{src, dst, ShardDims::Differ});
    }
  }
  return out;
}

Cell dual_cell(const RuleTable& t, const Cell& c) { return Cell{dual_form(t, c.dst), dual_form(t, c.src), c.shard_dims}; }

int row_covering(const RuleTable& t, int op, const Cell& c) {
  if (op < 0 || op >= static_cast<int>(t.compiled.cells.size())) return -1;
  const int equal = c.shard_dims == ShardDims::Equal ? 1 : 0;
  return t.compiled.cells[op][(static_cast<int>(c.src) * kNumFormKinds + static_cast<int>(c.dst)) * 2 + equal];
}

std::string cell_name(const Cell& c) {
  std::string out = form_text(c.src) + "_to_" + form_text(c.dst);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (c.shard_dims == ShardDims::Equal) out += "_equal";
  if (c.shard_dims == ShardDims::Differ) out += "_differ";
  return out;
}

std::string cell_text(const Cell& c) {
  std::string out = form_text(c.src) + " -> " + form_text(c.dst);
  if (c.shard_dims == ShardDims::Equal) out += " (equal dims)";
  if (c.shard_dims == ShardDims::Differ) out += " (other dims)";
  return out;
}

void write_cell(TableDocument& d, const RowRef& r, const Cell& c) {
  d.set_string(r, "src", form_text(c.src));
  d.set_string(r, "dst", form_text(c.dst));
  write_shard_dims(d, r, c.shard_dims);
}

bool narrow_illegal_row(TableDocument& d, const RuleTable& t, const TransitionRow& row, const std::vector<Cell>& removed) {
  const RowRef r{"transition", t.info(row.rule).id};
  std::vector<Cell> left;
  for (const Cell& c : cells_of(row))
    if (std::find(removed.begin(), removed.end(), c) == removed.end()) left.push_back(c);
  const std::vector<Rect> rects = cover(left);
  if (rects.empty()) return d.remove_row(r);
  // Copies first, from the last, so that they follow the row in order.
  for (size_t i = rects.size(); i-- > 1;) {
    const RowRef copy{r.section, r.id + ".rest" + (i > 1 ? std::to_string(i) : std::string())};
    if (!d.insert_copy(r, copy.id)) return false;
    write_rect(d, copy, rects[i]);
  }
  write_rect(d, r, rects[0]);
  return true;
}

}  // namespace spmdcheck
