#pragma once
// Kinks at a parameter's value (OpRow::kinks_at; internal to property 2):
// the derivative of clamp jumps where its input meets min or max, that of
// maximum where input meets other. An inexact operand within tolerance of
// such a point may lie on the other side of it on the ranks than in the
// reference, so the gradients through it are not compared.
#include "soundness/gradient_check.h"
#include "soundness/gradient_cones.h"

namespace spmdcheck {

// Appends to facts.near_kink[k] (bindings in CheckResult order) the operand
// values of each local op with kinks_at that come within their tolerance
// of a kink: an operand within its tolerance of a number bound to a kink
// parameter, or an operand and the value bound to a kink parameter that
// come within their summed tolerances of each other at some element
// (broadcast, item by item over the result's V axes). Exact operands never
// straddle: both sides compute the same tie. facts.tolerance must be set.
void add_kinks_at(const GradientRun& run, ForwardFacts& facts);

}  // namespace spmdcheck
