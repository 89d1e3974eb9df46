#pragma once
// Generation coverage: the program features that rule-row hits do not show,
// counted like rule rows so a search can report what it never reached.
//
// A row hit says `op.add` ran; it does not say whether a literal ever stood
// at position 0 of it, whether a dim keyword was ever negative, or whether a
// mesh axis ever had 7 ranks. Those are the places where an implementation
// (and a table) tends to be wrong, so the generator must reach them and the
// report must say when it did not. Feature ids are stable text:
//
//   literal.OP.POS          a literal at position POS of an elementwise op
//   broadcast.OP.POS        the value at POS is strictly smaller than the result
//   dim.OP.KEY.neg|nonneg   a dim keyword written with that sign (local ops and
//                           comm ops alike)
//   shard.OP.src|dst.neg|nonneg  an S(k) form written with that sign of k
//   shard_keyword.ROW.KEY   an explicit keyword for a dim the row binds to a
//                           shard dim (it must match, else coll.dim_conflict)
//   scalar.OP               a typed scalar among an elementwise op's operands
//   scalar_result           a binding whose result is a typed scalar (every
//                           operand was one: scalar arithmetic)
//   axis_size.N             a mesh axis of N ranks
//   dtype.NAME              a value of that dtype
//
// Torch-free: it reads the program and the checker's resolution only.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "generators/generation_settings.h"
#include "oracle/checker.h"

namespace spmdcheck {

using FeatureHits = std::map<std::string, uint64_t>;  // feature id -> occurrences

// Every feature the table and the settings let a generated program have, in
// a stable order (the denominator of the coverage report).
std::vector<std::string> reachable_features(const RuleTable& table, const GenerationSettings& settings);

// Adds one count per occurrence of each feature in `program` (which
// `checked` resolves; a program that does not check adds nothing).
void count_features(const RuleTable& table, const Program& program, const CheckResult& checked, FeatureHits& hits);

// The reachable features with no hit, in reachable_features() order.
std::vector<std::string> never_reached_features(const RuleTable& table, const GenerationSettings& settings, const FeatureHits& hits);

}  // namespace spmdcheck
