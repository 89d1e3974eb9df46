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
#include "common/small_vector.h"
#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct ValueInfo {
  std::string name;
  DType dtype = DType::F64;
  Shape shape;
  LocalType type;
  // A typed scalar (spmd_types' Scalar wrapper): a number per rank, shape []
  // and dtype F64 by convention, no gradient.
  bool scalar = false;
  // Global SPMD: the dims its global V axes shard (empty in local programs).
  PartitionSpec spec;
};

// The first axis on which `type`'s type row excludes `dtype`
// (TypeRow::no_dtypes: no P bool), or -1; a typed scalar (a Python number)
// is never excluded. The checker refuses such a value (type.dtype).
int excluded_type_axis(const RuleTable& table, const LocalType& type, DType dtype, bool scalar);

// Whether a value takes part in backward: a floating tensor. Indices and
// masks have no gradient; neither has a typed scalar (a Python number).
inline bool has_gradient(const ValueInfo& v) { return !v.scalar && dtype_is_floating(v.dtype); }

// Which argument filled one parameter of a local op (the op row's params,
// in order). Exactly one of: a positional range, a keyword, the default.
struct BoundParam {
  int16_t arg = -1;    // index of the first positional argument, or -1
  int16_t count = 0;   // positional arguments taken: 1, or several for an `operands`
                       // parameter written variadically (version 1's `cat(a, b)`)
  int16_t kwarg = -1;  // keyword index, or -1
  // The bound values (value names) the argument holds, as a range of
  // ResolvedBinding::operands.
  int16_t first_value = 0, num_values = 0;
  bool is_default() const { return arg < 0 && kwarg < 0; }
};

// One primitive transition applied to a value: a row with its dims resolved
// to canonical (non-negative) values, in the order of the row's `dims`.
// A step's dims: a row has at most a few (inline, no allocation).
using TransitionDims = SmallVector<int64_t, 4>;
struct TransitionStep {
  int row = -1;  // TransitionRow index (always a primitive row)
  TransitionDims dims;
  Shape in_shape;  // the local shape the step receives
};

// What an index operand's data must respect (an `index` parameter's value):
// every element in [0, bound). Recorded by the op's shape rule; the test
// data of an i64 input draws below the smallest bound of its uses
// (executor/test_data.h), so a generated program's indices are in range.
struct IndexBound {
  int value = -1;     // CheckResult::values index of the index operand
  int64_t bound = 0;  // exclusive upper bound of its elements
};

struct ResolvedBinding {
  int value = -1;       // index into CheckResult::values of the first result
  int num_results = 1;  // results are the values value .. value + num_results - 1
  bool is_transition = false;
  int row = -1;  // OpRow index (local op) or TransitionRow index (as written, maybe composite)
  // Local ops: the value indices of every bound value, parameter by
  // parameter (see BoundParam); transitions: the input value. These
  // per-statement vectors keep their usual sizes inline (common/small_vector.h):
  // a std::vector each cost the checker an allocation per statement.
  SmallVector<int, 4> operands;
  SmallVector<BoundParam, 6> params;  // local ops: one per OpRow::params entry
  // Local ops: the operands' promoted dtype, which "same" results have and
  // numbers at operand positions take (a comparison's result is bool).
  DType dtype = DType::F64;
  int axis = -1;  // transitions: the mesh axis
  // Transitions: the src and dst forms the statement means (as written or
  // the op's defaults), shard dims canonical against the input's rank. The
  // reference evaluates the op's law on these, never on the rows.
  Form src, dst;
  SmallVector<TransitionStep, 1> steps;  // transitions: the primitive steps, in order (a composite's spill)
  std::vector<IndexBound> index_bounds;  // local ops: the bounds of their index operands
  bool by_assert = false;                // a coercion a transmuting assert stands for (oracle/assert_transmute.h)
};

// An assert that retyped its value: its statement index and the coercions it
// stands for, whose values and bindings are at the assert in
// CheckResult::values and ::bindings (oracle/assert_transmute.h).
struct AssertTransmutes {
  size_t statement = 0;
  std::vector<BindingStmt> coercions;
};

struct CheckResult {
  std::optional<Diagnostic> error;
  std::vector<ValueInfo> values;  // inputs and bindings, in program order
  std::vector<ResolvedBinding> bindings;
  std::vector<int> outputs;  // value indices named by `output` (and `loss`, appended)
  int loss = -1;             // value index of the loss, if any
  int loss_seed = -1;        // value index of its explicit gradient seed (`gradient=G`), if any
  // Transmuting asserts, in program order; where there is one, the values
  // and bindings follow lowered_program(), not the program as written.
  std::vector<AssertTransmutes> transmutes;
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

// The argument that filled parameter `param` of a resolved local op: the
// written value, or the row's default; null for a variadic `operands`
// argument and for a parameter without a default that was not given (an
// optional one: treat it as None).
const ArgValue* bound_arg(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r, int param);

// One typing operand of a resolved local op, parameter by parameter: a bound
// value, or a number written at an operand position.
struct TypingOperand {
  int param = -1;     // OpRow::params index
  int value = -1;     // value index, or -1 for a number
  double number = 0;  // the number, when value < 0
};
std::vector<TypingOperand> typing_operands(const OpRow& op, const BindingStmt& b, const ResolvedBinding& r);

// `name : f64[4, 6] {dp: V, tp: V}` (a typed scalar: `s : scalar {tp: P}`),
// the line `spmdcheck check` prints.
std::string format_value_info(const Mesh& mesh, const ValueInfo& v);

}  // namespace spmdcheck
