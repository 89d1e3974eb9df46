#pragma once
// The soundness summary as text (standard output) and JSON (--json FILE).
#include <string>

#include "soundness/soundness_search.h"

namespace spmdcheck {

struct ReportContext {
  const RuleTable& table;
  const SearchOptions& options;
  std::string rules_file;  // empty: the embedded default
};

std::string replay_line(const ReportContext& ctx, uint64_t program_seed);
std::string soundness_summary(const ReportContext& ctx, const SearchReport& report);
std::string soundness_json(const ReportContext& ctx, const SearchReport& report);

}  // namespace spmdcheck
