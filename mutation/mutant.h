#pragma once
// Mutants of a rule table: one deliberate bug each, made by a named
// mutation operator (DESIGN.md section 7). A mutant is a complete rule file,
// so every command can load it with `--rules`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spmdcheck {

enum class MutationOperator : uint8_t {
  WidenResult,      // an accepting combine/out_partial row gives another result type
  DropPremise,      // a condition of an accepting row, or a nonlinear_arg row, is dropped
  AcceptRejected,   // a rejecting row accepts its combination, with a given result
  ChangeLinearity,  // an op moves to another linearity class
  SwapBackward,     // a transition's backward row is another row of the same signature
  RankShift,        // a transition's action indexes ranks off by one (wrong rank, wrong chunk)
  SwapActionDims,   // a two-dim action swaps its dims (wrong dim)
  ReplaceAction,    // a transition's action is another action the linter accepts there
  DropExpertGate,   // an expert-gated row no longer needs expert=true (intent, not soundness)
  // Rows that agree with themselves but not with the law of their comm op
  // (issue 12): only an oracle that does not trust the table can kill them.
  ConsistentWrongRow,  // action, meaning and shape steps changed together
  RebindDim,           // a dim binding moves (src, dst, a default)
  EditComposition,     // a composite's component or an accept row's `via` is another row
  LegalizeCell,        // an illegal cell becomes legal with a primitive action of its op
  IllegalizeCell,      // a legal cell becomes illegal (an unjustified rejection)
  // Local-surface operators (issue 13).
  ChangeRole,     // a typing parameter's role is another (a divisor typed as a summand)
  EditTyping,     // a typing expression's node class changes, or a parameter moves between nodes
  SwapRanks,      // a transition's action exchanges the ranks at coordinates 1 and 2 (an axis of size 3 and up)
  FirstAxis,      // a transition's action runs over the mesh's first axis (a call on the second of two axes)
  IdentityShape,  // an op that permutes its operand's dims keeps its shape (right on square operands only)
  // Global SPMD operators (issue 15): their mutants are searched on global programs.
  WrongPlacement,  // an accepting propagation row gives another result placement (a wrong spec, a dropped partial)
  AcceptMismatch,  // a rejecting propagation row accepts its mismatched sharding
  KeepSpec,        // a transition row that changes its axis's spec entry keeps it instead
};
inline constexpr int kNumMutationOperators = 22;

std::string_view mutation_operator_name(MutationOperator op);  // e.g. "widen-result"
std::optional<MutationOperator> mutation_operator_from_name(std::string_view name);
std::string_view mutation_operator_summary(MutationOperator op);  // one line

struct Mutant {
  // "<operator>:<row id>[:<detail>]": unique within one table's mutants and
  // stable across runs (it names the file `--write` creates).
  std::string name;
  MutationOperator op = MutationOperator::WidenResult;
  std::string row_id;       // the row the operator edited
  std::string description;  // what changed, one line
  // True where the operator changes intent, not meaning (expert gates): such
  // a mutant surviving the search is expected and is not a failure.
  bool equivalent_by_intent = false;
  // The mutated row only matters in global programs (a propagation row, a
  // transition's spec update): the search generates global ones (global=100).
  bool global = false;
  std::string text;  // the whole mutant table, TOML
};

}  // namespace spmdcheck
