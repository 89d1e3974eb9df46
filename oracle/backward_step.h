#pragma once
// The backward of a primitive transition step, from the table: the row's
// `backward` row, with its dims taken from the forward step — through the
// forward row's `backward_dims` mapping where it names the parameter, else
// from the shard dims that flow across (the backward's src is the dual of
// the forward's dst, so its src-bound dim is the forward's dst-bound dim,
// and the other way round). No backward is written per op outside the table.
#include "oracle/checker.h"

namespace spmdcheck {

// `forward.row` must be a primitive row whose backward resolves (the linter
// guarantees it for loaded tables); returns a step with row = -1 otherwise.
TransitionStep backward_step(const RuleTable& table, const TransitionStep& forward);

}  // namespace spmdcheck
