#pragma once
// Near-miss generation (property 6, second half): from a well-typed program,
// break exactly one judgment and record the rule id that must reject it.
//
// The expected id is derived from the rule table's rows (the first matching
// combine row for the new operand kinds, the row covering the new src x dst
// cell, the nonlinear_arg / out_partial / loss row of the new type, the
// diagnostic row a premise names), never by running the checker. The types,
// shapes and resolved rows of the *well-typed* program come from the checker
// (property 6 guarantees them). The checker stops at its first error, so a
// near miss is rejected with exactly one id, at the broken statement: every
// statement before it still checks.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "generators/chooser.h"
#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

enum class BreakKind : uint8_t {
  OperandType,       // a local op's operand of another type on one axis: a rejecting combine row
  PartialNonlinear,  // P into a non-linear op or a non-linear argument position
  InvariantMix,      // I mixed with another operand kind
  OutPartial,        // out_partial on an axis whose inferred type an out_partial row rejects
  CollectiveSrc,     // a coercion's/collective's src that does not match its operand's type
  CollectiveDst,     // a dst that makes the src x dst cell an illegal row
  ExpertGate,        // expert=true dropped from a gated transition
  UnknownAxis,       // a transition over an axis the mesh does not have
  NotDivisible,      // a split over an axis whose size does not divide the dim
  AxisSize,          // an unstack over a dim that is not the axis size
  AssertType,        // an assert naming a type the value does not have
  LossType,          // a loss whose type a loss row rejects on one axis
  TypeAxisMissing,   // a type annotation that omits a mesh axis (a syntax error of the format)
  Buffer,            // a raw collective's output buffer of another shape, or of another type on a second axis
  Propagation,       // global SPMD: an operand sharded on another dim, which no propagation row accepts
  SpecOrder,         // global SPMD: an operand's axes on one dim in an order another operand contradicts (two swapped, three rotated)
};
inline constexpr int kNumBreakKinds = 16;
std::string_view break_kind_name(BreakKind k);  // "operand_type", ...
std::vector<BreakKind> all_break_kinds();

struct NearMiss {
  BreakKind kind = BreakKind::OperandType;
  // The broken program. TypeAxisMissing cannot be held by the IR (types are
  // stored per mesh axis), so for it `program` is the well-typed program and
  // only `text` is broken.
  Program program;
  std::string text;           // canonical .spmd text of the broken program
  size_t statement = 0;       // index of the broken statement in program.statements
  int position = -1;          // operand position broken, or -1
  int axis = -1;              // mesh axis broken, or -1
  std::string expected_rule;  // the rule id that must reject it
  std::string description;    // one line, for reports
};

// All the breaks one well-typed program admits, enumerated once (the program
// is checked once); each pick materializes one. `table` and `program` must
// outlive it. Deterministic in (table, program, chooser answers).
class NearMisses {
 public:
  NearMisses(const RuleTable& table, const Program& program);
  ~NearMisses();
  NearMisses(const NearMisses&) = delete;
  NearMisses& operator=(const NearMisses&) = delete;

  bool well_typed() const;                 // false: the program does not check, and there are no breaks
  std::vector<std::string> rules() const;  // the expected rules of its breaks, sorted
  std::optional<NearMiss> of_kind(BreakKind kind, Chooser& chooser) const;
  std::optional<NearMiss> for_rule(std::string_view rule_id, Chooser& chooser) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  template <typename Keep>
  std::optional<NearMiss> pick(Chooser& chooser, Keep keep) const;
};

// A near miss of `kind` of `program` (which must type-check with `table`),
// chosen among all breaks of that kind by `chooser`; nullopt if the program
// admits none (e.g. no local op to break) or does not type-check.
// Deterministic in (table, program, kind, chooser answers).
std::optional<NearMiss> make_near_miss(const RuleTable& table, const Program& program, BreakKind kind, Chooser& chooser);

// A near miss of any kind whose expected rule is `rule_id`; nullopt if the
// program admits none.
std::optional<NearMiss> make_near_miss_for_rule(const RuleTable& table, const Program& program, std::string_view rule_id, Chooser& chooser);

// Every rejecting row id of `table` that some near miss can target, in table
// order: derived from the rows alone (op arities, linearity classes,
// non-linear positions, legal transitions and the cells next to them, shape
// steps, loss rows, diagnostic rows). The format's syntax.type_axis_missing is
// not a table row and is not listed.
std::vector<std::string> near_miss_target_rules(const RuleTable& table);

// Empty if `near_miss` is rejected exactly as it promises, else what went
// wrong with the near miss's text: every statement before the broken one is
// admitted, the broken one is rejected with exactly `expected_rule`, and the
// text, parsed and checked as `spmdcheck check` does, gives that rule on the
// broken statement's line (TypeAxisMissing: the parse error, on that line).
std::string near_miss_disagreement(const RuleTable& table, const NearMiss& near_miss);

// The id a TypeAxisMissing near miss expects (the parser's, fixed by the format).
inline constexpr std::string_view kTypeAxisMissingRule = "syntax.type_axis_missing";

}  // namespace spmdcheck
