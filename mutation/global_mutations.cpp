// Operators on the global SPMD rows (mutant_builder.h): propagation rows'
// result placements and rejections, transition rows' spec updates. Their
// mutants are searched on global programs (Mutant::global).
#include <algorithm>

#include "mutation/mutant_builder.h"

namespace spmdcheck {
namespace {

RowRef ref(const MutantBuilder& b, RowSection section, RuleIndex rule) { return RowRef{std::string(section_name(section)), b.id(rule)}; }

// The labels result dims of every kind of the row can carry (absent,
// dropped and merged never label a result dim).
uint32_t result_labels(const PropagationRow& row) {
  uint32_t labels = ~0u;
  for (ShapeRule k : row.kinds) labels &= labels_of(k);
  return labels & ~(label_bit(DimLabel::Absent) | label_bit(DimLabel::Dropped) | label_bit(DimLabel::Merged));
}

std::string shard(DimLabel l) { return "S(" + std::string(dim_label_name(l)) + ")"; }

// The first result label other than `not_this` (nullopt if none).
std::optional<DimLabel> other_label(const PropagationRow& row, std::optional<DimLabel> not_this) {
  const uint32_t labels = result_labels(row);
  for (int i = 0; i < kNumDimLabels; ++i)
    if (labels >> i & 1u && (!not_this || static_cast<DimLabel>(i) != *not_this)) return static_cast<DimLabel>(i);
  return std::nullopt;
}

// A shard becomes a partial and another dim's shard; a partial becomes a shard.
void wrong_placements(MutantBuilder& b) {
  const MutantBuilder::Options global{false, false, true};
  for (const PropagationRow& row : b.table().propagation) {
    if (row.reject) continue;
    const RowRef r = ref(b, RowSection::Propagation, row.rule);
    std::vector<std::string> results;
    if (row.result.kind == Placement::Kind::S) {
      results.push_back("P");
      if (auto l = other_label(row, row.result.label)) results.push_back(shard(*l));
    } else if (auto l = other_label(row, std::nullopt)) {
      results.push_back(shard(*l));
    }
    for (const std::string& result : results)
      b.add(
          MutationOperator::WrongPlacement, r.id, result, r.id + " gives " + result + " instead of " + placement_to_string(row.result),
          [r, result](TableDocument& d) { return d.set_string(r, "result", result); }, global);
  }
}

void accept_mismatches(MutantBuilder& b) {
  const MutantBuilder::Options global{false, false, true};
  for (const PropagationRow& row : b.table().propagation) {
    if (!row.reject) continue;
    const RowRef r = ref(b, RowSection::Propagation, row.rule);
    for (const std::string& result : propagation_acceptances(row))
      b.add(
          MutationOperator::AcceptMismatch, r.id, result, r.id + " accepts its sharding with result " + result,
          [r, result](TableDocument& d) { return d.erase(r, "reject") && d.set_string(r, "result", result); }, global);
  }
}

void keep_specs(MutantBuilder& b) {
  const MutantBuilder::Options global{false, false, true};
  for (const TransitionRow& row : b.table().transitions) {
    // S(i) -> S(i) moves the entry to where it is (innermost, as checked): keep is the same.
    if (row.illegal || row.spec == SpecUpdate::Keep || row.shard_dims == ShardDims::Equal) continue;
    const RowRef r = ref(b, RowSection::Transition, row.rule);
    b.add(
        MutationOperator::KeepSpec, r.id, "",
        r.id + " keeps its axis's spec entry instead of `" + std::string(spec_update_name(row.spec)) + "`",
        [r](TableDocument& d) { return d.set_string(r, "spec", "keep"); }, global);
  }
}

}  // namespace

std::vector<std::string> propagation_acceptances(const PropagationRow& row) {
  std::optional<DimLabel> label;
  for (const Placement& p : row.operands)
    if (p.kind == Placement::Kind::S && !label) label = p.label;
  std::vector<std::string> results;
  if (label && result_labels(row) & label_bit(*label))
    results.push_back(shard(*label));
  else if (auto l = other_label(row, std::nullopt))
    results.push_back(shard(*l));
  if (std::find(row.kinds.begin(), row.kinds.end(), ShapeRule::Reduce) != row.kinds.end()) results.push_back("P");
  return results;
}

void add_global_mutants(MutantBuilder& builder) {
  wrong_placements(builder);
  accept_mismatches(builder);
  keep_specs(builder);
}

}  // namespace spmdcheck
