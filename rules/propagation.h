#pragma once
// Shard propagation rows (`[[propagation]]`, global SPMD; DESIGN.md §8):
// for a local op on a global axis that shards some operand, which operand
// placements a shape rule kind accepts and what the result's placement is.
//
// A row speaks of one mesh axis at a time (spmd_types propagates each shard
// axis separately, reference §4.4 step 3). Each tensor operand's placement
// on the axis is S(label) (the operand's dim the axis shards has that
// label), R (R or I) or P. Labels name dims the way an einsum does: every
// shape kind with a labelling (oracle/dim_labels.h, code fixed once per
// kind) gives each operand dim and each result dim a label from the kind's
// vocabulary and an identity (the same identity in two operands: the dims
// correspond). The first row of the op's kind that matches decides; none
// is prop.no_strategy.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/source_location.h"
#include "common/spmd_type.h"
#include "rules/shape_rules.h"

namespace spmdcheck {

// The labels of every kind's vocabulary, one enum: rows are checked
// against the labels their kind produces (labels_of).
enum class DimLabel : uint8_t {
  Absent,      // the operand has no dim of the row's identity (R patterns only)
  D,           // elementwise, permutations, squeeze/unsqueeze: a dim carried to the result
  Broadcast,   // elementwise, matmul batch: an operand dim of size 1 against a larger result dim
  Kept,        // reduce: a dim the reduction keeps
  Reduced,     // reduce: a dim summed over
  B,           // matmul, bmm: a batch dim
  M,           // matmul family: the first operand's row dim
  K,           // matmul family: the contracted dim
  N,           // matmul family: the second operand's column dim
  Carried,     // reshape family: a dim that reaches one result dim of its own size
  MergedLead,  // reshape family: the outermost of several dims merged into one
  Merged,      // reshape family: a non-leading dim of a merge
  Split,       // reshape family: a dim split into several
  Dropped,     // reshape family, squeeze: a size-1 dim that goes away
  New,         // unsqueeze, stack: a result dim no operand has
  Cat,         // cat: the concatenated dim
  Other,       // cat, stack, and the ops along a dim (scan ... gather): a dim the op does not work along
  Along,       // scan, sort, topk, max_min, narrow, split, chunk, unbind, select, index_select, gather: the dim worked along
  Unpaired,    // gather: an index dim (and the result dim it gives) of another size than the input's dim at its place
};
inline constexpr int kNumDimLabels = 19;
std::string_view dim_label_name(DimLabel l);  // "absent", "d", ..., "merged_lead", ..., "unpaired"
std::optional<DimLabel> dim_label_from_name(std::string_view s);
inline uint32_t label_bit(DimLabel l) { return 1u << static_cast<int>(l); }

// Which labelling a shape rule kind has: the one list of the kinds shard
// propagation can label. The labels each gives are here (labels_of); the
// code that gives them is oracle/dim_labels*.cpp, one function per
// labelling (tests/oracle/rule_cases/global.cases has an accepted case of
// each kind).
enum class Labelling : uint8_t {
  None,           // no strategy applies to a shard axis reaching the op
  Elementwise,    // elementwise, gelu, clamp
  Reduce,         //
  Matrix,         // mm, mv, dot
  BatchedMatrix,  // bmm, matmul
  Permutation,    // transpose, permute, movedim, swapaxes, t, reverse_dims, matrix_transpose
  Reshape,        // reshape, view: dims paired by sizes
  Flatten,        // flatten, ravel
  Unflatten,      //
  Squeeze,        //
  Unsqueeze,      //
  Cat,            //
  Stack,          //
  Along,          // scan, sort, topk, max_min, narrow, split, chunk, unbind, select, index_select
  Gather,         // along, with an index of the input's rank
};
Labelling labelling_of(ShapeRule kind);

// The labels the kind's labelling gives; 0 for a kind without one. Absent
// is every labelled kind's.
uint32_t labels_of(ShapeRule kind);

// A placement on one mesh axis: S(label), R (R or I, with an optional label
// the operand's dim of the row's identity must have), or P.
struct Placement {
  enum class Kind : uint8_t { S, R, P } kind = Kind::R;
  std::optional<DimLabel> label;  // S: always; R: optional (`R(broadcast)`)
  friend bool operator==(const Placement&, const Placement&) = default;
};
std::string placement_to_string(const Placement& p);  // "S(m)", "R", "R(absent)", "P"
// Parses a row's placement; nullopt with `error` set on malformed text.
std::optional<Placement> parse_placement(std::string_view s, std::string& error);

struct PropagationRow {
  uint16_t rule = 0xffff;  // RuleIndex
  // `kind`: the shape rule kinds it applies to (a name or a list of them).
  std::vector<ShapeRule> kinds;
  // `ops = [...]`: only the op rows of these names (mean and sum share the
  // reduce kind but not its strategies); empty: every op of the kind.
  std::vector<std::string> ops;
  // One pattern per tensor operand in parameter order; the last repeats for
  // any further operands (`["S(d)"]`: every operand sharded on one dim).
  // An R pattern matches an R or I operand; every S pattern of a row and
  // every labelled R pattern refer to one identity.
  std::vector<Placement> operands;
  bool reject = false;  // the row is a rejection with its own id and message
  // The result's placement (every result of the call alike): S(label) puts
  // the axis on the result dim of that identity (if the identity has no
  // result dim: the first result dim with the label); P is an implicit
  // partial (the local V becomes P, reference §4.4 step 7); R replicates.
  Placement result;
  SourceLoc loc;
};

// How a coercion or collective row changes the spec on its axis (the
// `spec` field of a [[transition]] row; DESIGN.md §8).
enum class SpecUpdate : uint8_t {
  Keep,    // the entry stays as it was (same form, or no entry)
  Remove,  // S/V -> R, I, P: the axis leaves the spec
  Append,  // R, I, P -> S(j): the axis becomes the innermost of dim j
  Move,    // S(i) -> S(j): the axis leaves dim i for the innermost place of dim j
};
std::string_view spec_update_name(SpecUpdate u);
std::optional<SpecUpdate> spec_update_from_name(std::string_view s);
// What a row from src to dst does without a `spec` field: to S(j), move
// (from S or V) or append; to V, keep; from S or V to R, I or P, remove.
SpecUpdate default_spec_update(Form::Kind src, Form::Kind dst);

}  // namespace spmdcheck
