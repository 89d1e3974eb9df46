#pragma once
// Type-directed program generation from the rule table (property 6: every
// generated program type-checks). Programs are built by derivation: at each
// step the generator picks a judgment row (an op or a legal transition,
// weighted by the settings), then operands, types, shapes and dims for which
// that row's judgment holds in the current environment, and the statement is
// admitted by the checker's own statement-at-a-time judgment before it joins
// the program. Nothing is generated first and filtered afterwards.
#include <cstdint>

#include "generators/chooser.h"
#include "generators/generation_settings.h"
#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct GenerationStats {
  int attempts = 0;  // candidate statements put to the checker
  int rejected = 0;  // of those, refused (the generator's construction missed a premise)
};

// Deterministic in (table, settings, chooser answers).
Program generate_program(const RuleTable& table, const GenerationSettings& settings, Chooser& chooser, GenerationStats* stats = nullptr);

}  // namespace spmdcheck
