#pragma once
// Which values a gradient check involves, per input (internal to property 2).
//
// Property 2 compares each input's gradient on its own. What may make that
// comparison meaningless (a kink the two sides may straddle, a non-finite
// forward value) and what sizes its tolerance (forward magnitudes, forward
// rounding) are facts about the bindings the input's gradient flows
// through, not about the program: a kink in one branch must not switch off
// the gradient check of an input that never reaches it. The bindings an
// input's gradient flows through are those that depend on it and that a
// cotangent reaches backwards.
//
// Torch-free: it reads the checker's resolution and per-value numbers that
// the caller scanned from the reference (never from the ranks' data).
#include <vector>

#include "oracle/checker.h"

namespace spmdcheck {

// Per value: whether a cotangent seeded at `seeded` flows back into it.
std::vector<bool> reached_backwards(const CheckResult& checked, const std::vector<int>& seeded);

// Per-value facts from the forward run, all from the reference.
struct ForwardFacts {
  std::vector<double> magnitude;        // largest finite reference magnitude
  std::vector<bool> finite;             // every reference element finite
  std::vector<bool> infinite;           // some reference element is +-inf
  std::vector<bool> partial_cotangent;  // its gradient type is P on some axis (a pending sum flows back into it)
  std::vector<bool> compared;           // the forward value was compared (ValueVerdict::compared: not loose)
  std::vector<double> tolerance;        // the forward comparison's absolute tolerance (0: bitwise)
  std::vector<double> eps_units;        // value_tolerance's units
  // Per binding (CheckResult::bindings order): the operands (value indices)
  // of a local op with kinks that are inexact and have an element within
  // their tolerance of a kink, or of an op with ties (OpRow::ties) that are
  // inexact and hold a near tie (oracle/near_ties.h).
  std::vector<std::vector<int>> near_kink;
};

struct InputCone {
  bool near_kink = false;   // on its gradient paths, a kinked op's operand that depends on it is near the kink
  bool non_finite = false;  // a binding on its gradient paths has a non-finite operand or result
  bool loose = false;       // a value on its gradient paths was compared loosely forward (no error bound)
  // On its gradient paths, a binding whose result takes a P cotangent (a
  // pending sum) and whose derivative may hold an infinity (an operand or
  // result does): outside DataAssumptions::finite_factors.
  bool partial_times_infinity = false;
  // A pending sum flows back along its paths (the input's own gradient type
  // or a result's on them is P somewhere): where its reference gradient is
  // then non-finite, from finite cotangents, some derivative on the paths was
  // infinite (sqrt at 0), also outside finite_factors.
  bool partial_cotangent = false;
  double forward_max = 0;  // largest reference magnitude of the values on its paths and their operands
  double eps_units = 0;    // largest forward tolerance units among them
};

// One entry per input (`input_values`: their CheckResult value indices).
std::vector<InputCone> input_cones(const CheckResult& checked, const std::vector<int>& input_values, const std::vector<int>& seeded,
                                   const ForwardFacts& facts);

}  // namespace spmdcheck
