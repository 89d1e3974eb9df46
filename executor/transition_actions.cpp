// The local actions of primitive transition rows (rules/comm_semantics.h,
// spmd-types-rules.md §3.3), implemented once per ActionKind over the
// Communicator. The row chosen by the checker names the kind; its dims were
// canonicalised by the checker (TransitionStep::dims, indexed by the
// action's params), so no typing decision is re-derived here.
//
// Notation (rank r of an axis of size n, x its local input):
//   identity               x
//   all_reduce_sum         sum_k x_k
//   gather_stack(d)        stack([x_0..x_{n-1}], d)
//   gather_cat(d)          cat([x_0..x_{n-1}], d)
//   reduce_scatter_select  (sum_k x_k).select(d, r)  = sum_k x_k.unbind(d)[r]
//   reduce_scatter_chunk   (sum_k x_k).chunk(n, d)[r] = sum_k x_k.chunk(n, d)[r]
//   all_to_all_stack(s,c)  stack([x_k.unbind(s)[r] for k], c)
//   all_to_all_chunk(s,c)  cat([x_k.chunk(n, s)[r] for k], c)
//   select(d), chunk(d)    x.select(d, r), x.chunk(n, d)[r]
//   keep_on_rank0          x if r == 0 else zeros
//   embed_stack(d)         zeros with n slots along new dim d, slot r = x
//   embed_cat(d)           zeros n times as long along d, block r = x
// Every result is a fresh contiguous tensor (views are copied out), so no
// output aliases its input.
//
// An action with rank_shift s (a mutant's wrong rank indexing) reads every
// coordinate k as (k + s) mod n: rank r takes slot, chunk or block r + s,
// sends the piece meant for coordinate k + s to k, and orders gathered or
// received pieces starting from coordinate s. rank_swap w then exchanges
// coordinates w and w + 1 (where both exist), and first_axis runs the
// action over axis 0 instead of its own: the corner faults of mutants.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "executor/executor.h"

namespace spmdcheck {
namespace {

at::Tensor fresh(const at::Tensor& x) { return x.clone(at::MemoryFormat::Contiguous); }

// Per hosted rank h, its coordinate on `axis`.
std::vector<int64_t> hosted_coords(const Communicator& comm, int axis) {
  std::vector<int64_t> out;
  for (int rank : comm.hosted_ranks()) out.push_back(comm.layout().coord(rank, axis));
  return out;
}

// Splits every hosted tensor into its n pieces along d: unbind (select-like
// kinds, s[d] == n) or chunk (chunk-like kinds, s[d] % n == 0). The checker's
// shape steps guarantee these; they are checked again because at::chunk
// would silently return uneven or fewer pieces.
std::vector<std::vector<at::Tensor>> pieces(const RankTensors& in, int64_t n, int64_t d, bool unbind) {
  std::vector<std::vector<at::Tensor>> out;
  out.reserve(in.size());
  for (const at::Tensor& x : in) {
    if (d < 0 || d >= x.dim() || (unbind ? x.size(d) != n : x.size(d) % n != 0))
      throw std::invalid_argument("transition: dim " + std::to_string(d) + " of a rank-" + std::to_string(x.dim()) + " input does not " +
                                  (unbind ? "unbind" : "chunk") + " into " + std::to_string(n) + " pieces");
    out.push_back(unbind ? x.unbind(d) : x.chunk(n, d));
  }
  return out;
}

// Zeros with n slots (stack) or n blocks (cat) along d, rank r's part = x.
// d is checked like pieces' (a broken table can name any dim): an
// out-of-range d is refused, never an index past the shape.
at::Tensor embed(const at::Tensor& x, int64_t n, int64_t r, int64_t d, bool stack) {
  if (d < 0 || d >= x.dim() + (stack ? 1 : 0))
    throw std::invalid_argument("transition: dim " + std::to_string(d) + " of a rank-" + std::to_string(x.dim()) + " input cannot " +
                                (stack ? "stack" : "concatenate") + " " + std::to_string(n) + " pieces");
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
  if (stack) {
    shape.insert(shape.begin() + d, n);
  } else {
    shape[d] *= n;
  }
  at::Tensor out = at::zeros(shape, x.options());
  if (stack) {
    out.select(d, r).copy_(x);
  } else {
    out.narrow(d, r * x.size(d), x.size(d)).copy_(x);
  }
  return out;
}

// The coordinate rank k acts as: (k + shift) mod n, then coordinates swap
// and swap + 1 exchanged where both are below n (identity in a correct row).
int64_t acting_coord(const ActionCall& a, int64_t k, int64_t n) {
  int64_t c = (k + a.rank_shift) % n;
  if (a.rank_swap && a.rank_swap + 1 < n) c = c == a.rank_swap ? c + 1 : c == a.rank_swap + 1 ? c - 1 : c;
  return c;
}

// Reorders a per-coordinate list: out[k] = in[acting_coord(k)].
std::vector<std::vector<at::Tensor>> permuted_each(std::vector<std::vector<at::Tensor>> lists, const ActionCall& a) {
  if (!a.rank_shift && !a.rank_swap) return lists;
  for (auto& list : lists) {
    std::vector<at::Tensor> in = list;
    const int64_t n = static_cast<int64_t>(in.size());
    for (int64_t k = 0; k < n; ++k) list[k] = in[acting_coord(a, k, n)];
  }
  return lists;
}

}  // namespace

RankTensors apply_transition_step(const RuleTable& table, const TransitionStep& step, int call_axis, Communicator& comm,
                                  const RankTensors& in) {
  if (step.row < 0 || step.row >= static_cast<int>(table.transitions.size()))
    throw std::invalid_argument("transition step: no row " + std::to_string(step.row));
  const TransitionRow& row = table.transitions[step.row];
  if (!row.primitive() || !row.action)
    throw std::invalid_argument("transition step: row " + table.info(row.rule).id + " has no local action");
  if (in.size() != comm.hosted_ranks().size()) throw std::invalid_argument("transition step: one tensor per hosted rank expected");
  const ActionCall& action = *row.action;
  const int num_params = action_kind_info(action.kind).num_params;
  auto param = [&](int i) -> int64_t {
    if (i >= num_params || action.params[i] >= step.dims.size())
      throw std::invalid_argument("transition step: row " + table.info(row.rule).id + " lacks dim parameter " + std::to_string(i));
    return step.dims[action.params[i]];
  };
  const int axis = action.first_axis ? 0 : call_axis;
  const int64_t n = comm.layout().axis_size(axis);
  std::vector<int64_t> r = hosted_coords(comm, axis);
  for (int64_t& c : r) c = acting_coord(action, c, n);
  RankTensors out(in.size());

  switch (action.kind) {
    case ActionKind::Identity:
      for (size_t h = 0; h < in.size(); ++h) out[h] = fresh(in[h]);
      return out;
    case ActionKind::AllReduceSum: return comm.all_reduce_sum(axis, in);
    case ActionKind::GatherStack:
    case ActionKind::GatherCat: {
      const int64_t d = param(0);
      std::vector<std::vector<at::Tensor>> gathered = permuted_each(comm.all_gather(axis, in), action);
      for (size_t h = 0; h < in.size(); ++h)
        out[h] = action.kind == ActionKind::GatherStack ? at::stack(gathered[h], d) : at::cat(gathered[h], d);
      return out;
    }
    case ActionKind::ReduceScatterSelect:
    case ActionKind::ReduceScatterChunk:
      return comm.reduce_scatter_sum(axis, permuted_each(pieces(in, n, param(0), action.kind == ActionKind::ReduceScatterSelect), action));
    case ActionKind::AllToAllStack:
    case ActionKind::AllToAllChunk: {
      const bool stack = action.kind == ActionKind::AllToAllStack;
      const int64_t split = param(0), concat = param(1);
      std::vector<std::vector<at::Tensor>> received =
          permuted_each(comm.all_to_all(axis, permuted_each(pieces(in, n, split, stack), action)), action);
      for (size_t h = 0; h < in.size(); ++h) out[h] = stack ? at::stack(received[h], concat) : at::cat(received[h], concat);
      return out;
    }
    case ActionKind::Select:
    case ActionKind::Chunk: {
      const int64_t d = param(0);
      std::vector<std::vector<at::Tensor>> p = pieces(in, n, d, action.kind == ActionKind::Select);
      for (size_t h = 0; h < in.size(); ++h) out[h] = fresh(p[h][r[h]]);
      return out;
    }
    case ActionKind::KeepOnRank0:
      for (size_t h = 0; h < in.size(); ++h) out[h] = r[h] == 0 ? fresh(in[h]) : at::zeros(in[h].sizes(), in[h].options());
      return out;
    case ActionKind::EmbedStack:
    case ActionKind::EmbedCat: {
      const int64_t d = param(0);
      for (size_t h = 0; h < in.size(); ++h) out[h] = embed(in[h], n, r[h], d, action.kind == ActionKind::EmbedStack);
      return out;
    }
  }
  throw std::invalid_argument("transition step: unknown action kind");
}

}  // namespace spmdcheck
