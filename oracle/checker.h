#pragma once
// The reference type checker (oracle). Infers dtype, local shape and per-axis
// type of every value of a program from the rule table's rows alone; stops at
// the first error. Strict mode: every value is typed on every mesh axis.
//
// Besides the verdict it returns the resolution of every binding (which row
// applied, with which canonical dims), so the executor and the reference
// interpreter never re-derive typing decisions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct ValueInfo {
  std::string name;
  DType dtype = DType::F64;
  Shape shape;
  LocalType type;
};

// One primitive transition applied to a value: a row with its dims resolved
// to canonical (non-negative) values, in the order of the row's `dims`.
struct TransitionStep {
  int row = -1;  // TransitionRow index (always a primitive row)
  std::vector<int64_t> dims;
  Shape in_shape;  // the local shape the step receives
};

struct ResolvedBinding {
  int value = -1;  // index into CheckResult::values
  bool is_transition = false;
  int row = -1;    // OpRow index (local op) or TransitionRow index (as written, maybe composite)
  std::vector<int> operands;  // value indices of the positional args; -1 for a literal
  int axis = -1;              // transitions: the mesh axis
  // Transitions: the src and dst forms the statement means (as written or
  // the op's defaults), shard dims canonical against the input's rank. The
  // reference evaluates the op's law on these, never on the rows.
  Form src, dst;
  std::vector<TransitionStep> steps;  // transitions: the primitive steps, in order
};

struct CheckResult {
  std::optional<Diagnostic> error;
  std::vector<ValueInfo> values;  // inputs and bindings, in program order
  std::vector<ResolvedBinding> bindings;
  std::vector<int> outputs;       // value indices named by `output` (and `loss`, appended)
  int loss = -1;                  // value index of the loss, if any
  bool ok() const { return !error.has_value(); }
};

// Counts how often each row fired (indexed by RuleIndex); may be null.
// Rejecting rows count when they reject.
using RuleHits = std::vector<uint64_t>;

// Throws std::invalid_argument for an IR the parser could not have produced:
// a type annotation that does not name every mesh axis.
CheckResult check_program(const RuleTable& table, const Program& program, RuleHits* hits = nullptr);

// Statement-at-a-time checking, for generators that build programs by
// choosing only applications whose judgment holds: add() checks one statement
// against the environment so far and, if it holds, extends the environment;
// a rejected statement changes nothing but the hit counters. The final
// `loss` is not appended to outputs here (check_program does that).
class ProgramChecker {
 public:
  ProgramChecker(const RuleTable& table, const Mesh& mesh, RuleHits* hits = nullptr);
  ~ProgramChecker();
  ProgramChecker(const ProgramChecker&) = delete;
  ProgramChecker& operator=(const ProgramChecker&) = delete;

  std::optional<Diagnostic> add(const Statement& statement);
  const CheckResult& result() const;
  // Capacity for `statements` more values and bindings (an optimisation only).
  void reserve(size_t statements);
  // Moves the result out; the checker must not be used afterwards.
  CheckResult take_result();

 private:
  struct State;
  std::unique_ptr<State> state_;  // the mesh must outlive the checker
};

// `name : f64[4, 6] {dp: V, tp: V}`, the line `spmdcheck check` prints.
std::string format_value_info(const Mesh& mesh, const ValueInfo& v);

}  // namespace spmdcheck
