#pragma once
// The vocabulary transition rows use to state what a coercion or collective
// does: dim parameters, local actions and shape steps. These are named rule
// kinds: the table picks and parameterises them; the checker (shape steps)
// and the executor (actions) implement each kind once.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spmdcheck {

// A dim parameter of a transition (gather_dim, split_dim, dim, ...): bound to
// the src's or dst's shard dim k of S(k), or a default the program may
// override with a keyword of the same name.
struct DimBinding {
  enum class From : uint8_t { Src, Dst, Default };
  std::string param;
  From from = From::Default;
  int64_t default_value = 0;
};

// Local actions on rank r of an axis of size n (x: the local input).
enum class ActionKind : uint8_t {
  Identity,             // x
  AllReduceSum,         // sum_k x_k
  GatherStack,          // stack([x_0..x_{n-1}], d)
  GatherCat,            // cat([x_0..x_{n-1}], d)
  ReduceScatterSelect,  // (sum_k x_k).select(d, r)
  ReduceScatterChunk,   // (sum_k x_k).chunk(n, d)[r]
  AllToAllStack,        // stack([x_k.unbind(split)[r] for k], concat)
  AllToAllChunk,        // cat([x_k.chunk(n, split)[r] for k], concat)
  Select,               // x.select(d, r)
  Chunk,                // x.chunk(n, d)[r]
  KeepOnRank0,          // x on rank 0, zeros elsewhere
  EmbedStack,           // zeros with n slots along d, slot r = x
  EmbedCat,             // zeros n times as long along d, block r = x
};
inline constexpr int kNumActionKinds = 13;

struct ActionKindInfo {
  ActionKind kind;
  std::string_view name;  // as written in the table
  int num_params;         // dim parameters it takes
  bool communicates;
  // Whether the denotation of the result depends on which rank plays which
  // coordinate. identity and all_reduce_sum ignore coordinates; keep_on_rank0
  // makes a P split whose sum is x whichever rank keeps it. For the others a
  // rank_shift changes the value the ranks stand for.
  bool meaning_depends_on_coordinates;
};
const ActionKindInfo& action_kind_info(ActionKind k);
std::optional<ActionKind> action_kind_from_name(std::string_view name);

struct ActionCall {
  ActionKind kind = ActionKind::Identity;
  std::array<uint8_t, 2> params{};  // indices into the row's dims
  // Rank r acts as the rank at coordinate (r + rank_shift) mod n: takes that
  // rank's slot, chunk or block, and orders gathered and exchanged pieces
  // from it. 0 in a correct table; the `rank-shift` mutation operator sets it
  // to model an implementation that indexes ranks wrongly.
  uint8_t rank_shift = 0;
  // Faults that show only in a corner (the `swap-ranks` and `first-axis`
  // mutation operators; 0 and false in a correct table). rank_swap k >= 1:
  // after the shift, the ranks at coordinates k and k + 1 exchange roles, so
  // only an axis of more than k + 1 ranks sees it (k = 1: size 3 and up).
  // first_axis: the action runs over the mesh's first axis whatever axis
  // the call names, so only a call on a later axis sees it.
  uint8_t rank_swap = 0;
  bool first_axis = false;
  bool faulty() const { return rank_shift || rank_swap || first_axis; }
};

// Meanings: what a transition does to the denotation (the value the per-rank
// data stands for). The reference interpreter evaluates these, never the
// actions, so a row whose action disagrees with its meaning is caught by the
// soundness search. "single" denotations belong to R, I and P; "lists" (one
// item per axis coordinate) to V and S(k).
enum class MeaningKind : uint8_t {
  Identity,   // same denotation (single -> single or list -> list)
  Unbind,     // single -> list: x.unbind(d)
  Chunk,      // single -> list: x.chunk(n, d)
  Stack,      // list -> single: stack(xs, d)
  Cat,        // list -> single: cat(xs, d)
  Replicate,  // single -> list: [x] * n
  TimesN,     // single -> single: n * x
  Sum,        // list -> single: sum(xs)
  Restack,    // list -> list: y_r = stack([x_k.select(s, r) for k], c)
  Rechunk,    // list -> list: y_r = cat([x_k.chunk(n, s)[r] for k], c)
  Reshard,    // list -> list: cat(xs, a).chunk(n, b)
};
inline constexpr int kNumMeaningKinds = 11;

struct MeaningKindInfo {
  MeaningKind kind;
  std::string_view name;
  int num_params;
  bool from_list, to_list;  // Identity: either, but the same on both sides
};
const MeaningKindInfo& meaning_kind_info(MeaningKind k);
std::optional<MeaningKind> meaning_kind_from_name(std::string_view name);

struct MeaningCall {
  MeaningKind kind = MeaningKind::Identity;
  std::array<uint8_t, 2> params{};  // indices into the row's dims
};

// Shape steps, applied in order to the local shape (n = axis size).
enum class ShapeStepKind : uint8_t {
  Stack,    // insert n at d (d ranges over rank + 1 positions)
  Unstack,  // requires s[d] == n; remove dim d
  Split,    // requires s[d] % n == 0; s[d] /= n
  Concat,   // s[d] *= n
};
std::string_view shape_step_name(ShapeStepKind k);
std::optional<ShapeStepKind> shape_step_from_name(std::string_view name);

struct ShapeStep {
  ShapeStepKind kind = ShapeStepKind::Stack;
  uint8_t param = 0;  // index into the row's dims
};

// A parsed call `name(p1, p2)` of the table's action/shape mini-syntax.
struct CallSyntax {
  std::string name;
  std::vector<std::string> params;
  size_t offset = 0;  // byte offset of `name` in the parsed string
};
// Parses a space-separated sequence of calls (`split(a) concat(b)`); a bare
// name is a call without parameters. Returns an error message on bad syntax,
// with `error_offset` set to the offending byte.
std::optional<std::string> parse_call_sequence(std::string_view text, std::vector<CallSyntax>& out, size_t& error_offset);

}  // namespace spmdcheck
