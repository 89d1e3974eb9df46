// Operators that rewrite one legal primitive transition row so that it still
// agrees with itself (mutant_builder.h): `consistent-wrong-row` changes
// action, meaning and shape steps together (by mutation/action_model; a
// change of the action alone is replace-action's mutant and is not made
// twice); `rebind-dim` moves one dim binding while action, meaning and shape
// keep using the parameter. Neither
// keeps only lint-clean mutants: they are built to pass the structural lints
// (the meaning fits the cell, the shape steps are the action's, S-bound dims
// sit on an S side), so a lint finding on one is a finding about the law
// (table.lint.law), which is what the mutant is for.
#include <algorithm>
#include <optional>

#include "mutation/action_model.h"
#include "mutation/mutant_builder.h"
#include "mutation/primitive_spec.h"

namespace spmdcheck {
namespace {

RowRef ref(const MutantBuilder& b, const TransitionRow& row) { return RowRef{"transition", b.id(row.rule)}; }

bool same_behaviour(const PrimitiveSpec& a, const PrimitiveSpec& b) {
  return action_text(a) == action_text(b) && meaning_text(a) == meaning_text(b) && shape_text(a) == shape_text(b);
}

// The dims an action with `count` parameters takes on `row`: the row's own
// action parameters where the count matches, else its meaning's, else all
// dims in row order, else (fewer parameters than dims) each choice of one.
std::vector<std::array<uint8_t, 2>> parameter_choices(const TransitionRow& row, int count) {
  const int dims = static_cast<int>(row.dims.size());
  if (count == 0) return {{}};
  if (count > dims) return {};
  if (count == action_kind_info(row.action->kind).num_params) return {row.action->params};
  if (count == meaning_kind_info(row.meaning->kind).num_params) return {row.meaning->params};
  if (count == dims) {
    std::array<uint8_t, 2> all{};
    for (int i = 0; i < count; ++i) all[i] = static_cast<uint8_t>(i);
    return {all};
  }
  std::vector<std::array<uint8_t, 2>> out;  // count 1 on a row with two or more dims
  for (int i = 0; i < dims; ++i) out.push_back({static_cast<uint8_t>(i), 0});
  return out;
}

void consistent_wrong_rows(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (const TransitionRow& row : t.transitions) {
    if (!row.primitive() || !row.action || !row.meaning) continue;
    const PrimitiveSpec original = spec_of(row);
    const RowRef r = ref(b, row);
    for (const ActionModel& model : action_models()) {
      const int count = action_kind_info(model.action).num_params;
      const auto choices = parameter_choices(row, count);
      for (const auto& params : choices) {
        for (MeaningKind meaning : model.meanings) {
          if (!meaning_fits(t, meaning, row.src_kind(), row.dst_kind())) continue;
          PrimitiveSpec spec = original;
          spec.action.kind = model.action;
          spec.action.params = params;
          spec.meaning.kind = meaning;
          spec.meaning.params = params;  // identity, replicate, times_n and sum take none
          spec.shape.clear();
          for (size_t i = 0; i < model.steps.size(); ++i) spec.shape.push_back(ShapeStep{model.steps[i], params[i]});
          if (same_behaviour(spec, original)) continue;
          // Only the action changed: that is replace-action's mutant.
          if (meaning_text(spec) == meaning_text(original) && shape_text(spec) == shape_text(original)) continue;
          std::string detail = std::string(action_kind_info(model.action).name) + "+" + std::string(meaning_kind_info(meaning).name);
          if (choices.size() > 1) detail += "@" + row.dims[params[0]].param;
          b.add(MutationOperator::ConsistentWrongRow, r.id, detail, r.id + " is " + describe(spec) + " instead of " + describe(original),
                [r, spec](TableDocument& d) { return write_spec(d, r, spec); });
        }
      }
    }
  }
}

std::string binding_text(const DimBinding& d) {
  switch (d.from) {
    case DimBinding::From::Src: return "src";
    case DimBinding::From::Dst: return "dst";
    case DimBinding::From::Default: return std::to_string(d.default_value);
  }
  return "?";
}

// Where one binding may move: the other shard side where it is S, a default
// 0 for a shard-bound dim, d + 1 for a default d (within the loader's
// [-8, 8]). A move onto a side that is not S is not made: the linter's `dims`
// check rejects it whatever the law says.
std::vector<DimBinding> moves(const TransitionRow& row, const DimBinding& d) {
  const bool src_s = row.src_kind() == Form::Kind::S, dst_s = row.dst_kind() == Form::Kind::S;
  auto with = [&](DimBinding::From from, int64_t value) { return DimBinding{d.param, from, value}; };
  std::vector<DimBinding> out;
  switch (d.from) {
    case DimBinding::From::Src:
      if (dst_s) out.push_back(with(DimBinding::From::Dst, 0));
      out.push_back(with(DimBinding::From::Default, 0));
      break;
    case DimBinding::From::Dst:
      if (src_s) out.push_back(with(DimBinding::From::Src, 0));
      out.push_back(with(DimBinding::From::Default, 0));
      break;
    case DimBinding::From::Default:
      if (d.default_value < 8) out.push_back(with(DimBinding::From::Default, d.default_value + 1));
      if (src_s) out.push_back(with(DimBinding::From::Src, 0));
      if (dst_s) out.push_back(with(DimBinding::From::Dst, 0));
      break;
  }
  return out;
}

std::vector<InlineEntry> mapping_entries(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<InlineEntry> out;
  for (const auto& [key, value] : pairs) out.emplace_back(key, value);
  return out;
}

// A shard-bound dim made a default must be set by the backward row's
// backward_dims (the linter's `backward_dims` check), so the two rows gain a
// mirrored pair: the backward's dim of the same name, else its first dim the
// row does not map yet. False when there is none (the linter then judges).
bool pair_with_backward(const RuleTable& t, const TransitionRow& row, const std::string& param,
                        std::vector<std::pair<std::string, std::string>>& own, std::vector<std::pair<std::string, std::string>>& back) {
  if (row.backward < 0) return false;
  const TransitionRow& bw = t.transitions[row.backward];
  auto mapped = [&](const std::string& p) { return std::any_of(own.begin(), own.end(), [&](const auto& m) { return m.first == p; }); };
  if (std::any_of(back.begin(), back.end(), [&](const auto& m) { return m.first == param; })) return true;  // already set
  std::string partner;
  if (bw.dim_index(param) >= 0 && !mapped(param)) partner = param;
  for (size_t i = 0; partner.empty() && i < bw.dims.size(); ++i)
    if (!mapped(bw.dims[i].param)) partner = bw.dims[i].param;
  if (partner.empty()) return false;
  own.emplace_back(partner, param);
  if (&bw == &row) return true;  // its own backward: one pair serves both sides
  back.emplace_back(param, partner);
  return true;
}

void rebind_dims(MutantBuilder& b) {
  const RuleTable& t = b.table();
  for (const TransitionRow& row : t.transitions) {
    if (!row.primitive()) continue;
    const RowRef r = ref(b, row);
    for (size_t i = 0; i < row.dims.size(); ++i) {
      for (const DimBinding& moved : moves(row, row.dims[i])) {
        std::vector<DimBinding> dims = row.dims;
        dims[i] = moved;
        const std::string to = binding_text(moved);
        auto own = row.backward_dims;
        auto back = row.backward >= 0 ? t.transitions[row.backward].backward_dims : own;
        const bool remap = row.dims[i].from != DimBinding::From::Default && moved.from == DimBinding::From::Default && row.backward >= 0 &&
                           pair_with_backward(t, row, moved.param, own, back);
        const std::optional<RowRef> bw = remap && row.backward != static_cast<int>(&row - t.transitions.data())
                                             ? std::optional<RowRef>(ref(b, t.transitions[row.backward]))
                                             : std::nullopt;
        b.add(MutationOperator::RebindDim, r.id, moved.param + "=" + to,
              r.id + ": " + moved.param + " is bound to " + to + " instead of " + binding_text(row.dims[i]),
              [r, dims, remap, own, back, bw](TableDocument& d) {
                if (!d.set_inline_table(r, "dims", dims_entries(dims))) return false;
                if (remap) d.set_inline_table(r, "backward_dims", mapping_entries(own));
                return !bw || d.set_inline_table(*bw, "backward_dims", mapping_entries(back));
              });
      }
    }
  }
}

}  // namespace

void add_row_mutants(MutantBuilder& b) {
  consistent_wrong_rows(b);
  rebind_dims(b);
}

}  // namespace spmdcheck
