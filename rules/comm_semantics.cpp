#include "rules/comm_semantics.h"

#include <cctype>

namespace spmdcheck {
namespace {

constexpr ActionKindInfo kActionKinds[kNumActionKinds] = {
    {ActionKind::Identity, "identity", 0, false, false},
    {ActionKind::AllReduceSum, "all_reduce_sum", 0, true, false},
    {ActionKind::GatherStack, "gather_stack", 1, true, true},
    {ActionKind::GatherCat, "gather_cat", 1, true, true},
    {ActionKind::ReduceScatterSelect, "reduce_scatter_select", 1, true, true},
    {ActionKind::ReduceScatterChunk, "reduce_scatter_chunk", 1, true, true},
    {ActionKind::AllToAllStack, "all_to_all_stack", 2, true, true},
    {ActionKind::AllToAllChunk, "all_to_all_chunk", 2, true, true},
    {ActionKind::Select, "select", 1, false, true},
    {ActionKind::Chunk, "chunk", 1, false, true},
    {ActionKind::KeepOnRank0, "keep_on_rank0", 0, false, false},
    {ActionKind::EmbedStack, "embed_stack", 1, false, true},
    {ActionKind::EmbedCat, "embed_cat", 1, false, true},
};

constexpr MeaningKindInfo kMeaningKinds[kNumMeaningKinds] = {
    {MeaningKind::Identity, "identity", 0, false, false},
    {MeaningKind::Unbind, "unbind", 1, false, true},
    {MeaningKind::Chunk, "chunk", 1, false, true},
    {MeaningKind::Stack, "stack", 1, true, false},
    {MeaningKind::Cat, "cat", 1, true, false},
    {MeaningKind::Replicate, "replicate", 0, false, true},
    {MeaningKind::TimesN, "times_n", 0, false, false},
    {MeaningKind::Sum, "sum", 0, true, false},
    {MeaningKind::Restack, "restack", 2, true, true},
    {MeaningKind::Rechunk, "rechunk", 2, true, true},
    {MeaningKind::Reshard, "reshard", 2, true, true},
};

constexpr std::string_view kShapeSteps[] = {"stack", "unstack", "split", "concat"};

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

const ActionKindInfo& action_kind_info(ActionKind k) { return kActionKinds[static_cast<int>(k)]; }

std::optional<ActionKind> action_kind_from_name(std::string_view name) {
  for (const auto& info : kActionKinds)
    if (info.name == name) return info.kind;
  return std::nullopt;
}

const MeaningKindInfo& meaning_kind_info(MeaningKind k) { return kMeaningKinds[static_cast<int>(k)]; }

std::optional<MeaningKind> meaning_kind_from_name(std::string_view name) {
  for (const auto& info : kMeaningKinds)
    if (info.name == name) return info.kind;
  return std::nullopt;
}

std::string_view shape_step_name(ShapeStepKind k) { return kShapeSteps[static_cast<int>(k)]; }

std::optional<ShapeStepKind> shape_step_from_name(std::string_view name) {
  for (int i = 0; i < 4; ++i)
    if (kShapeSteps[i] == name) return static_cast<ShapeStepKind>(i);
  return std::nullopt;
}

std::optional<std::string> parse_call_sequence(std::string_view text, std::vector<CallSyntax>& out, size_t& error_offset) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  auto read_ident = [&]() -> std::string {
    size_t start = i;
    while (i < text.size() && ident_char(text[i])) ++i;
    return std::string(text.substr(start, i - start));
  };
  skip_space();
  while (i < text.size()) {
    CallSyntax call;
    call.offset = i;
    call.name = read_ident();
    if (call.name.empty()) {
      error_offset = i;
      return "expected a name";
    }
    skip_space();
    if (i < text.size() && text[i] == '(') {
      ++i;
      while (true) {
        skip_space();
        size_t at = i;
        std::string param = read_ident();
        if (param.empty()) {
          error_offset = at;
          return "expected a parameter name";
        }
        call.params.push_back(std::move(param));
        skip_space();
        if (i < text.size() && text[i] == ',') {
          ++i;
          continue;
        }
        if (i < text.size() && text[i] == ')') {
          ++i;
          break;
        }
        error_offset = i;
        return "expected ',' or ')'";
      }
    }
    out.push_back(std::move(call));
    skip_space();
  }
  return std::nullopt;
}

}  // namespace spmdcheck
