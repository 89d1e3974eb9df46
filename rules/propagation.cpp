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

Labelling labelling_of(ShapeRule kind) {
  using K = ShapeRule;
  switch (kind) {
    case K::Elementwise:
    case K::Gelu:
    case K::Clamp: return Labelling::Elementwise;
    case K::Reduce: return Labelling::Reduce;
    case K::Mm:
    case K::Mv:
    case K::Dot: return Labelling::Matrix;
    case K::Matmul:
    case K::Bmm: return Labelling::BatchedMatrix;
    case K::Transpose:
    case K::Permute:
    case K::Movedim:
    case K::Swapaxes:
    case K::T2D:
    case K::ReverseDims:
    case K::MatrixTranspose: return Labelling::Permutation;
    case K::Reshape:
    case K::View: return Labelling::Reshape;
    case K::Flatten:
    case K::Ravel: return Labelling::Flatten;
    case K::Unflatten: return Labelling::Unflatten;
    case K::Squeeze: return Labelling::Squeeze;
    case K::Unsqueeze: return Labelling::Unsqueeze;
    case K::Cat: return Labelling::Cat;
    case K::Stack: return Labelling::Stack;
    case K::Scan:
    case K::Sort:
    case K::Topk:
    case K::MaxMin:
    case K::Narrow:
    case K::Split:
    case K::Chunk:
    case K::Unbind:
    case K::Select:
    case K::IndexSelect: return Labelling::Along;
    case K::Gather: return Labelling::Gather;
    default: return Labelling::None;
  }
}

uint32_t labels_of(ShapeRule kind) {
  using L = DimLabel;
  switch (labelling_of(kind)) {
    case Labelling::None: return 0;
    case Labelling::Elementwise: return bits({L::D, L::Broadcast});
    case Labelling::Reduce: return bits({L::Kept, L::Reduced});
    case Labelling::Matrix: return bits({L::M, L::K, L::N});
    case Labelling::BatchedMatrix: return bits({L::B, L::Broadcast, L::M, L::K, L::N});
    case Labelling::Permutation: return bits({L::D});
    case Labelling::Reshape:
    case Labelling::Flatten:
    case Labelling::Unflatten: return bits({L::Carried, L::MergedLead, L::Merged, L::Split, L::Dropped, L::New});
    case Labelling::Squeeze: return bits({L::D, L::Dropped});
    case Labelling::Unsqueeze: return bits({L::D, L::New});
    case Labelling::Cat: return bits({L::Cat, L::Other});
    case Labelling::Stack: return bits({L::Other, L::New});
    case Labelling::Along: return bits({L::Along, L::Other});
    case Labelling::Gather: return bits({L::Along, L::Other, L::Unpaired});
  }
  return 0;
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
