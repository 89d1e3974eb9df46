#pragma once
// What each command's report page shows (cmd/html_report.h): soundness marks
// accepting rows by hits and shows its counterexamples; mutants marks rows by
// their mutants' verdicts and plots time to kill; tightness marks rejecting
// rows by justification and shows the programs that justify them.
#include <string>
#include <vector>

#include "cmd/html_report.h"
#include "cmd/mutation_report.h"
#include "cmd/soundness_report.h"

namespace spmdcheck {

ReportPage soundness_page(const ReportContext& ctx, const SearchReport& report);
ReportPage mutants_page(const MutationReportContext& ctx, const std::vector<MutantResult>& results);
ReportPage tightness_page(const MutationReportContext& ctx, const TightnessReport& report);

// Renders `page` into `file` (empty: nothing to do, nothing rendered);
// false, with a message on standard error, where it cannot.
bool write_html_file(const std::string& file, const RuleTable& table, const ReportPage& page);

}  // namespace spmdcheck
