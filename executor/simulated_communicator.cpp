// Every rank of the mesh in one process. Each collective works fiber by
// fiber: the ranks that differ only in the collective's axis, ordered by
// their coordinate on it. Sums are accumulated in coordinate order,
// ((x_0 + x_1) + x_2) + ..., so results are deterministic and identical on
// every rank of a fiber (the other communicators are compared against this).
// Every output is a fresh contiguous tensor: no output aliases an input or
// another output.
#include "executor/simulated_communicator.h"

#include <stdexcept>
#include <string>

namespace spmdcheck {
namespace {

at::Tensor fresh_copy(const at::Tensor& x) { return x.clone(at::MemoryFormat::Contiguous); }

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("SimulatedCommunicator: ") + what);
}

void require_axis(const MeshLayout& layout, int axis) { require(axis >= 0 && axis < layout.num_axes(), "axis out of range"); }

// Within one fiber all tensors must have one shape and dtype (the contract of
// Communicator); a violation is an executor bug, not data.
void require_uniform(const std::vector<at::Tensor>& fiber_tensors) {
  for (const at::Tensor& t : fiber_tensors)
    require(t.sizes() == fiber_tensors[0].sizes() && t.scalar_type() == fiber_tensors[0].scalar_type(),
            "tensors of one fiber differ in shape or dtype");
}

// Sum in coordinate order.
at::Tensor ordered_sum(const std::vector<at::Tensor>& terms) {
  require_uniform(terms);
  at::Tensor acc = fresh_copy(terms[0]);
  for (size_t k = 1; k < terms.size(); ++k) acc.add_(terms[k]);
  return acc;
}

}  // namespace

SimulatedCommunicator::SimulatedCommunicator(MeshLayout layout) : layout_(std::move(layout)) {
  ranks_.resize(static_cast<size_t>(layout_.num_ranks()));
  for (int r = 0; r < layout_.num_ranks(); ++r) ranks_[r] = r;
}

// Since every rank is hosted in rank order, in[rank] is that rank's entry.

std::vector<at::Tensor> SimulatedCommunicator::all_reduce_sum(int axis, const std::vector<at::Tensor>& in) {
  require_axis(layout_, axis);
  require(in.size() == ranks_.size(), "all_reduce_sum needs one tensor per rank");
  std::vector<at::Tensor> out(in.size());
  for (int r : ranks_) {
    if (layout_.coord(r, axis) != 0) continue;  // one sum per fiber, led by coordinate 0
    std::vector<int> fiber = layout_.fiber(r, axis);
    std::vector<at::Tensor> terms;
    for (int k : fiber) terms.push_back(in[k]);
    at::Tensor sum = ordered_sum(terms);
    for (size_t k = 0; k < fiber.size(); ++k) out[fiber[k]] = k == 0 ? sum : fresh_copy(sum);
  }
  return out;
}

std::vector<std::vector<at::Tensor>> SimulatedCommunicator::all_gather(int axis, const std::vector<at::Tensor>& in) {
  require_axis(layout_, axis);
  require(in.size() == ranks_.size(), "all_gather needs one tensor per rank");
  std::vector<std::vector<at::Tensor>> out(in.size());
  for (int r : ranks_) {
    std::vector<at::Tensor> gathered;
    for (int k : layout_.fiber(r, axis)) gathered.push_back(fresh_copy(in[k]));
    require_uniform(gathered);
    out[r] = std::move(gathered);
  }
  return out;
}

std::vector<std::vector<at::Tensor>> SimulatedCommunicator::all_to_all(int axis, const std::vector<std::vector<at::Tensor>>& send) {
  require_axis(layout_, axis);
  require(send.size() == ranks_.size(), "all_to_all needs one send list per rank");
  const size_t n = static_cast<size_t>(layout_.axis_size(axis));
  for (const auto& s : send) require(s.size() == n, "all_to_all needs one tensor per coordinate of the axis");
  std::vector<std::vector<at::Tensor>> out(send.size());
  for (int r : ranks_) {
    const int64_t mine = layout_.coord(r, axis);
    std::vector<at::Tensor> received;
    for (int k : layout_.fiber(r, axis)) received.push_back(fresh_copy(send[k][mine]));
    require_uniform(received);
    out[r] = std::move(received);
  }
  return out;
}

std::vector<at::Tensor> SimulatedCommunicator::reduce_scatter_sum(int axis, const std::vector<std::vector<at::Tensor>>& chunks) {
  require_axis(layout_, axis);
  require(chunks.size() == ranks_.size(), "reduce_scatter_sum needs one chunk list per rank");
  const size_t n = static_cast<size_t>(layout_.axis_size(axis));
  for (const auto& c : chunks) require(c.size() == n, "reduce_scatter_sum needs one chunk per coordinate of the axis");
  std::vector<at::Tensor> out(chunks.size());
  for (int r : ranks_) {
    const int64_t mine = layout_.coord(r, axis);
    std::vector<at::Tensor> terms;
    for (int k : layout_.fiber(r, axis)) terms.push_back(chunks[k][mine]);
    out[r] = ordered_sum(terms);
  }
  return out;
}

}  // namespace spmdcheck
