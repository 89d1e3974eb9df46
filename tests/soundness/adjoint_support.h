#pragma once
// Property 3 (adjoint identity) for one transition application: on a one-axis
// mesh of size n, with dx of the src type and g of the gradient type of the
// dst type, <backward(g), dx> under the src type's pairing must equal
// <g, forward(dx)> under the dst type's (the pairings of spmd-types-rules.md
// §1.1). The steps come from the checker resolving a one-statement program,
// so forms and dims are resolved exactly as in generated programs.
#include <optional>
#include <string>
#include <vector>

#include "rules/rule_table.h"

namespace spmdcheck {

struct AdjointCase {
  std::string op;  // comm op name
  Form src, dst;
  int64_t n = 2;                                      // axis size
  std::vector<int64_t> shape;                         // local input shape
  std::vector<std::pair<std::string, int64_t>> dims;  // explicit dim keywords
  bool expert = false;
};

struct AdjointResult {
  bool applicable = false;  // the checker accepted the statement
  double lhs = 0, rhs = 0;  // <backward(g), dx>, <g, forward(dx)>
  std::string program;      // the one-statement program, for messages
  std::vector<int> rows;    // the primitive rows applied
};

AdjointResult run_adjoint_case(const RuleTable& table, const AdjointCase& c, uint64_t seed);

// The cases tried for one transition row: every form, axis sizes 1-4, small
// shapes, and every explicit value of its default-bound dims.
std::vector<AdjointCase> adjoint_cases_for_row(const RuleTable& table, int transition);

}  // namespace spmdcheck
