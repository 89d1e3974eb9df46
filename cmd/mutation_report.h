#pragma once
// Reports of `spmdcheck mutants` and `spmdcheck tightness`: text (standard
// output) and JSON (--json FILE).
#include <string>
#include <vector>

#include "soundness/tightness.h"

namespace spmdcheck {

struct MutantResult {
  Mutant mutant;
  MutantOutcome outcome;
};

struct MutationReportContext {
  const RuleTable& table;
  const MutantSearchOptions& options;
};

// The file name `--write` gives a mutant (its name with ':' as "__").
std::string mutant_file_name(const Mutant& m);
// A program on one line: its statements joined by " ; ".
std::string one_line_program(const Program& program);

std::string mutants_summary(const MutationReportContext& ctx, const std::vector<MutantResult>& results);
std::string mutants_json(const MutationReportContext& ctx, const std::vector<MutantResult>& results);
std::string tightness_summary(const MutationReportContext& ctx, const TightnessReport& report);
std::string tightness_json(const MutationReportContext& ctx, const TightnessReport& report);

}  // namespace spmdcheck
