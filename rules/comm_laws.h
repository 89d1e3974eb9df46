#pragma once
// The semantic laws of coercions and collectives (DESIGN.md §2.4): what each
// kind of comm op does to the denotation, fixed in code. A [[comm_op]] row
// names the law its op obeys; nothing a transition row says (its action,
// meaning, dims bindings, shape steps, components) changes a law. The linter
// checks rows against the laws where that is decidable from the rows; the
// reference interpreter computes every transition by its law
// (oracle/comm_law_eval), so the ranks running the rows' actions are judged
// against the laws at run time.
//
// The laws live here, beside the vocabulary they are stated in, and not in
// oracle/, because the linter runs at every load, below the oracle in the
// dependency order, and must read the very statement the reference evaluates.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/spmd_type.h"
#include "rules/comm_semantics.h"

namespace spmdcheck {

enum class CommLaw : uint8_t {
  Reinterpret,    // keeps every rank's data
  Convert,        // keeps the denotation; V forms unbind/stack at `dim`
  AllGather,      // keeps the denotation; V stacked at `gather_dim`
  AllReduce,      // the input read as P, kept; dst R, I or P
  ReduceScatter,  // the input read as P, scattered at `scatter_dim` or the dst shard
  AllToAll,       // S -> S keeps the denotation; V forms exchange blocks
  // torch.distributed's own collectives (all_gather_into_tensor,
  // reduce_scatter_tensor, all_to_all_single): a V value's items are the
  // blocks of one tensor along `block_dim` (0, fixed).
  Blocks,
};
inline constexpr int kNumCommLaws = 7;

struct CommLawInfo {
  CommLaw law;
  std::string_view name;     // as written in a [[comm_op]] row
  std::string_view summary;  // one line, for `spmdcheck rules`
};
const CommLawInfo& comm_law_info(CommLaw law);
std::optional<CommLaw> comm_law_from_name(std::string_view name);

// A dim a law reads, from the statement alone: the canonical shard dim of
// the src or dst S(k) form, or the statement's keyword `keyword` (its value
// as written, canonicalised by the meaning that uses it), `default_value`
// where the statement does not give it.
struct LawDim {
  enum class From : uint8_t { SrcShard, DstShard, Keyword };
  From from = From::Keyword;
  std::string_view keyword;
  int64_t default_value = 0;
  friend bool operator==(const LawDim&, const LawDim&) = default;
};

// One meaning (comm_semantics.h) with its parameters as law dims.
struct LawStep {
  MeaningKind kind = MeaningKind::Identity;
  std::array<LawDim, 2> params{};
  friend bool operator==(const LawStep& a, const LawStep& b);
};

// What a law does on one src x dst cell: its steps in order (none: the
// denotation is kept as it is), or undefined, with the reason.
struct LawCell {
  bool defined = true;
  std::string_view undefined_reason;
  std::array<LawStep, 2> steps{};
  uint8_t num_steps = 0;
};

// `equal_shard_dims`: both forms are S with one shard dim (an S x S cell
// with shard_dims = "equal"); ignored for other cells.
LawCell law_cell(CommLaw law, Form::Kind src, Form::Kind dst, bool equal_shard_dims);

// An input of type `given` accepted where `expected` is (an [[accept]] row)
// is read under `expected` by the reinterpret law: every rank's data kept.
LawCell acceptance_law(Ty given, Ty expected);

// The denotation each type must have, and its gradient dual (brief §2).
std::string_view standard_denotation(Ty t);  // "same", "list" or "sum"
Ty standard_gradient(Ty t);

}  // namespace spmdcheck
