#pragma once
// An op's parameters as PyTorch declares them (name, position, keyword-only,
// default) and the role each plays in typing. The checker binds a call's
// arguments to these parameters by PyTorch's rule (positional in order, then
// by name) and reads from the role, never from the spelling, whether an
// argument takes part in typing (DESIGN.md §2.5).
//
// A parameter is written in a rule table as one string:
//   "NAME: ROLE"            required
//   "NAME: ROLE = DEFAULT"  with a default (an int, a number, true, false,
//                           None, a "string" or an [int, ...] list)
//   "NAME: ROLE?"           None is accepted as well (a `?` role)
//   "*"                     the parameters after it are keyword-only
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/arg_value.h"
#include "common/source_location.h"

namespace spmdcheck {

enum class ParamRole : uint8_t {
  // Typing operands: each bound value's type enters the op's combination.
  Operand,           // a tensor (or typed scalar); a plain number here is ignored (mul's factors)
  ScalarOperand,     // a tensor or a number; a plain number is a weak scalar operand
  NonlinearOperand,  // as ScalarOperand, and the [[nonlinear_arg]] rows apply (a divisor)
  Operands,          // a list of tensors `[a, b]`, each an operand (cat's tensors)
  Index,             // an i64 or bool tensor (indices, masks) under the [[nonlinear_arg]] rows; no gradient
  // Structural: plain data, no typing (a typed scalar here is rejected
  // unless the row's `typing` expression names the parameter).
  Int,     // a dim, a size, a start
  Ints,    // an int or an [int, ...] list (sizes, dims)
  Number,  // a number (alpha, beta, a fill value)
  Bool,
  String,
  Axes,  // a mesh axis or [axes] (out_partial)
};
inline constexpr int kNumParamRoles = 11;
inline constexpr uint16_t role_bit(ParamRole r) { return static_cast<uint16_t>(1u << static_cast<int>(r)); }

std::string_view param_role_name(ParamRole r);  // as written: "operand", "scalar_operand", ...
std::optional<ParamRole> param_role_from_name(std::string_view s);
// Whether the bound value takes part in typing.
inline bool is_typing_role(ParamRole r) { return r <= ParamRole::Index; }
// Whether a plain number at the parameter is a weak scalar operand.
inline bool is_weak_scalar_role(ParamRole r) { return r == ParamRole::ScalarOperand || r == ParamRole::NonlinearOperand; }
// Whether the [[nonlinear_arg]] rows apply to the bound value.
inline bool is_nonlinear_role(ParamRole r) { return r == ParamRole::NonlinearOperand || r == ParamRole::Index; }

struct ParamSpec {
  std::string name;
  ParamRole role = ParamRole::Operand;
  bool keyword_only = false;
  bool accepts_none = false;
  std::optional<ArgValue> default_value;  // absent: required
  SourceLoc loc;                          // the string in the table
};

// Parses one parameter string; `keyword_only` is the state after a "*".
// Errors name the 0-based byte offset in `text` where they start.
struct ParamParseError {
  size_t offset = 0;
  std::string message;
};
struct ParsedParam {
  std::optional<ParamSpec> param;  // absent for "*" and on error
  bool star = false;
  std::optional<ParamParseError> error;
};
ParsedParam parse_param_spec(std::string_view text, bool keyword_only);

// The string a table writes for `p` (without the "*" separator).
std::string param_spec_to_text(const ParamSpec& p);

// The op's signature in Python's spelling: `add(input, other, *, alpha=1)`.
std::string signature_text(std::string_view op, const std::vector<ParamSpec>& params);

}  // namespace spmdcheck
