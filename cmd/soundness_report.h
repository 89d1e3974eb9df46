#pragma once
// The soundness summary as text (standard output) and JSON (--json FILE).
#include <string>

#include "soundness/soundness_search.h"

namespace spmdcheck {

struct ReportContext {
  const RuleTable& table;
  const SearchOptions& options;
  std::string rules_file;  // empty: the embedded default
  int processes = 1;       // a distributed search's processes
};

std::string replay_line(const ReportContext& ctx, uint64_t program_seed);
// `spmdcheck run FILE ...` of the shrunk program saved as FILE, on its data.
std::string run_line(const ReportContext& ctx, const Counterexample& cx);
// `spmdcheck export --pytest` of the shrunk program saved as FILE, on its data.
std::string export_line(const ReportContext& ctx, const Counterexample& cx);
std::string soundness_summary(const ReportContext& ctx, const SearchReport& report);
std::string soundness_json(const ReportContext& ctx, const SearchReport& report);

}  // namespace spmdcheck
