#include "executor/rank_group.h"
#include "executor/simulated_communicator.h"

namespace spmdcheck {

SimulatedRankGroup::SimulatedRankGroup() = default;
SimulatedRankGroup::~SimulatedRankGroup() = default;

Communicator* SimulatedRankGroup::begin(const Program&, const MeshLayout& layout, uint64_t) {
  comm_ = std::make_unique<SimulatedCommunicator>(layout);
  return comm_.get();
}

}  // namespace spmdcheck
