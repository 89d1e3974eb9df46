#include "mutation/action_model.h"

#include <array>

namespace spmdcheck {
namespace {

using A = ActionKind;
using M = MeaningKind;
using S = ShapeStepKind;

// action -> meaning, stated once (see the header for why it lives here).
const std::array<ActionModel, kNumActionKinds> kModels{{
    {A::Identity, {M::Identity, M::Replicate, M::TimesN, M::Sum}, {}},  // by whether src and dst are lists
    {A::AllReduceSum, {M::Identity}, {}},
    {A::GatherStack, {M::Stack}, {S::Stack}},
    {A::GatherCat, {M::Cat}, {S::Concat}},
    {A::ReduceScatterSelect, {M::Unbind}, {S::Unstack}},
    {A::ReduceScatterChunk, {M::Chunk}, {S::Split}},
    {A::AllToAllStack, {M::Restack}, {S::Unstack, S::Stack}},
    {A::AllToAllChunk, {M::Rechunk}, {S::Split, S::Concat}},
    {A::Select, {M::Unbind}, {S::Unstack}},
    {A::Chunk, {M::Chunk}, {S::Split}},
    {A::KeepOnRank0, {M::Identity}, {}},
    {A::EmbedStack, {M::Stack}, {S::Stack}},
    {A::EmbedCat, {M::Cat}, {S::Concat}},
}};

}  // namespace

std::span<const ActionModel> action_models() { return kModels; }

const ActionModel& action_model(ActionKind kind) { return kModels[static_cast<int>(kind)]; }

}  // namespace spmdcheck
