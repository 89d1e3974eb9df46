#pragma once
// The mutation model's reading of each local action kind: the meaning (or
// meanings) a table author would write beside it, and the shape steps it
// implies. `consistent-wrong-row` uses it to rewrite a row's action, meaning
// and shape steps together, so that the row agrees with itself and only a
// semantic law fixed outside the table can refute it.
//
// This is the mutation model's table, not the oracle's: the oracle must
// never take a row's meaning from its action (or from this table), because
// an action's meaning depends on the cell and the comm op (identity means
// identity in convert(R, R) and n * x in reinterpret(R, P);
// reduce_scatter_select means unbind only of the summed P value). Here the
// pairing only has to be what a plausible, self-consistent table would say.
#include <span>
#include <vector>

#include "rules/comm_semantics.h"

namespace spmdcheck {

struct ActionModel {
  ActionKind action;
  // The meanings the action can state, with the action's own parameters
  // (in order); the operator keeps those that fit the cell (list or single
  // value on each side). Identity states any meaning without parameters.
  std::vector<MeaningKind> meanings;
  // The shape steps the action implies, parameter i of the action for step
  // i (the linter's `action_shape` check: rules/transition_linter.cpp
  // implied_steps; the tests check that the two agree).
  std::vector<ShapeStepKind> steps;
};

// One entry per action kind, in ActionKind order.
std::span<const ActionModel> action_models();
const ActionModel& action_model(ActionKind kind);

}  // namespace spmdcheck
