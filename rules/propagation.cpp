#include "rules/propagation.h"

#include <array>

namespace spmdcheck {
namespace {

constexpr std::string_view kLabelNames[] = {"absent", "d",   "broadcast", "kept",        "reduced", "b",     "m",
                                            "k",      "n",   "carried",   "merged_lead", "merged",  "split", "dropped",
                                            "new",    "cat", "other",     "along",       "unpaired"};
static_assert(std::size(kLabelNames) == kNumDimLabels);

constexpr std::string_view kSpecUpdateNames[] = {"keep", "remove", "append", "move"};

uint32_t bits(std::initializer_list<DimLabel> labels) {
  uint32_t m = label_bit(DimLabel::Absent);
  for (DimLabel l : labels) m |= label_bit(l);
  return m;
}

}  // namespace

std::string_view dim_label_name(DimLabel l) { return kLabelNames[static_cast<int>(l)]; }

std::optional<DimLabel> dim_label_from_name(std::string_view s) {
  for (int i = 0; i < kNumDimLabels; ++i)
    if (kLabelNames[i] == s) return static_cast<DimLabel>(i);
  return std::nullopt;
}

uint32_t labels_of(ShapeRule kind) {
  using L = DimLabel;
  switch (kind) {
    case ShapeRule::Elementwise:
    case ShapeRule::Gelu:
    case ShapeRule::Clamp: return bits({L::D, L::Broadcast});
    case ShapeRule::Reduce: return bits({L::Kept, L::Reduced});
    case ShapeRule::Mm:
    case ShapeRule::Mv:
    case ShapeRule::Dot: return bits({L::M, L::K, L::N});
    case ShapeRule::Matmul:
    case ShapeRule::Bmm: return bits({L::B, L::Broadcast, L::M, L::K, L::N});
    case ShapeRule::Transpose:
    case ShapeRule::Permute:
    case ShapeRule::Movedim:
    case ShapeRule::Swapaxes:
    case ShapeRule::T2D:
    case ShapeRule::ReverseDims:
    case ShapeRule::MatrixTranspose: return bits({L::D});
    case ShapeRule::Unsqueeze: return bits({L::D, L::New});
    case ShapeRule::Squeeze: return bits({L::D, L::Dropped});
    case ShapeRule::Reshape:
    case ShapeRule::View:
    case ShapeRule::Flatten:
    case ShapeRule::Unflatten:
    case ShapeRule::Ravel: return bits({L::Carried, L::MergedLead, L::Merged, L::Split, L::Dropped, L::New});
    case ShapeRule::Cat: return bits({L::Cat, L::Other});
    case ShapeRule::Stack: return bits({L::Other, L::New});
    case ShapeRule::Scan:
    case ShapeRule::Sort:
    case ShapeRule::Topk:
    case ShapeRule::MaxMin:
    case ShapeRule::Narrow:
    case ShapeRule::Split:
    case ShapeRule::Chunk:
    case ShapeRule::Unbind:
    case ShapeRule::Select:
    case ShapeRule::IndexSelect: return bits({L::Along, L::Other});
    case ShapeRule::Gather: return bits({L::Along, L::Other, L::Unpaired});
    default: return 0;
  }
}

std::string placement_to_string(const Placement& p) {
  const char* letter = p.kind == Placement::Kind::S ? "S" : p.kind == Placement::Kind::R ? "R" : "P";
  if (!p.label) return letter;
  return std::string(letter) + "(" + std::string(dim_label_name(*p.label)) + ")";
}

std::optional<Placement> parse_placement(std::string_view s, std::string& error) {
  Placement p;
  if (s.empty() || (s[0] != 'S' && s[0] != 'R' && s[0] != 'P')) {
    error = "a placement is S(LABEL), R, R(LABEL) or P, but got '" + std::string(s) + "'";
    return std::nullopt;
  }
  p.kind = s[0] == 'S' ? Placement::Kind::S : s[0] == 'R' ? Placement::Kind::R : Placement::Kind::P;
  if (s.size() == 1) {
    if (p.kind == Placement::Kind::S) {
      error = "S names the label of the dim it shards: S(LABEL), e.g. S(d)";
      return std::nullopt;
    }
    return p;
  }
  if (p.kind == Placement::Kind::P || s[1] != '(' || s.back() != ')') {
    error = "a placement is S(LABEL), R, R(LABEL) or P, but got '" + std::string(s) + "'";
    return std::nullopt;
  }
  const std::string_view name = s.substr(2, s.size() - 3);
  p.label = dim_label_from_name(name);
  if (!p.label) {
    std::string known;
    for (std::string_view n : kLabelNames) known += (known.empty() ? "" : ", ") + std::string(n);
    error = "unknown dim label '" + std::string(name) + "' (labels: " + known + ")";
    return std::nullopt;
  }
  if (p.kind == Placement::Kind::S && *p.label == DimLabel::Absent) {
    error = "S(absent) shards no dim; 'absent' is for R patterns";
    return std::nullopt;
  }
  return p;
}

std::string_view spec_update_name(SpecUpdate u) { return kSpecUpdateNames[static_cast<int>(u)]; }

std::optional<SpecUpdate> spec_update_from_name(std::string_view s) {
  for (int i = 0; i < 4; ++i)
    if (kSpecUpdateNames[i] == s) return static_cast<SpecUpdate>(i);
  return std::nullopt;
}

SpecUpdate default_spec_update(Form::Kind src, Form::Kind dst) {
  const bool sharded = src == Form::Kind::S || src == Form::Kind::V;
  if (dst == Form::Kind::S) return sharded ? SpecUpdate::Move : SpecUpdate::Append;
  if (dst == Form::Kind::V) return SpecUpdate::Keep;  // V -> V keeps its entry; R -> V has none to keep
  return sharded ? SpecUpdate::Remove : SpecUpdate::Keep;
}

}  // namespace spmdcheck
