#pragma once
// The breaks a well-typed program admits, as edits with their expected rule
// (internal to the near-miss generator). Enumeration is deterministic and
// makes no choices; the chooser picks one candidate, and materialize()
// applies it to a copy of the program.
#include <string>
#include <vector>

#include "generators/near_miss.h"
#include "oracle/checker.h"

namespace spmdcheck::near_miss {

enum class Edit : uint8_t {
  ReplaceOperand,     // the value name at (position | kwarg, item) := a new input of `type`/`shape` (inserted before the statement)
  SetKeyword,         // set or replace `keyword`
  RemoveKeyword,      // drop the keyword `key`
  ReplaceAxisArg,     // args[position] := `name` (the axis argument)
  AddOutPartialAxis,  // append mesh axis `axis` to out_partial
  InsertAssert,       // `assert <value> : type` right after the statement
  ReplaceLoss,        // `loss z` for a new scalar input z of `type` (replacing any loss)
  DropTypeAxis,       // the statement's type annotation omits mesh axis `axis` (text only)
};

struct Candidate {
  BreakKind kind = BreakKind::OperandType;
  Edit edit = Edit::ReplaceOperand;
  size_t statement = 0;  // in the well-typed program
  int position = -1;     // ReplaceOperand: a positional argument, or -1 for keyword `kwarg`
  int kwarg = -1;
  int item = -1;  // the entry of a value list, or -1 for a plain value name
  int axis = -1;
  DType dtype = DType::F64;
  Shape shape;
  bool scalar = false;  // ReplaceOperand: the new input is a typed scalar
  LocalType type;
  // The spec of the value `type` came from; the near miss's new input or
  // assert gets it, fitted to `type` (fit_global_spec).
  PartitionSpec spec;
  KwArg keyword;
  std::string key, name;
  std::string expected;  // rule id
  std::string what;      // description of the break
};

// The well-typed program with its checker result and, per statement, the
// index of its ResolvedBinding (-1 for non-bindings).
struct Subject {
  const RuleTable& table;
  const Program& program;
  CheckResult checked;
  std::vector<int> binding_of;
  std::string value_name(int value) const { return checked.values[value].name; }
};

void propagation_candidates(const Subject& s, std::vector<Candidate>& out);

// Where the `value_in_param`-th bound value of parameter `param` is written
// (Candidate::position, kwarg, item).
void locate(const BindingStmt& b, const ResolvedBinding& rb, int param, int value_in_param, Candidate& c);

void local_op_candidates(const Subject& s, std::vector<Candidate>& out);
void transition_candidates(const Subject& s, std::vector<Candidate>& out);
void statement_candidates(const Subject& s, std::vector<Candidate>& out);

// "{dp: V, tp: I}"-style text of one axis's type change, for descriptions.
std::string axis_change(const Mesh& mesh, int axis, Ty from, Ty to);

}  // namespace spmdcheck::near_miss
