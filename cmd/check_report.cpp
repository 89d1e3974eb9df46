#include "cmd/check_report.h"

#include "cmd/exit_codes.h"
#include "oracle/checker.h"
#include "program/program_text.h"

namespace spmdcheck {

CheckReport check_program_text(const RuleTable& table, const std::string& file_name, std::string_view text) {
  ParseResult parsed = parse_program(text);
  if (!parsed.program) return {format_diagnostic(file_name, *parsed.error), kExitFound};
  CheckResult result = check_program(table, *parsed.program);
  if (!result.ok()) return {format_diagnostic(file_name, *result.error), kExitFound};
  CheckReport report;
  for (const ValueInfo& v : result.values) report.text += format_value_info(parsed.program->mesh, v) + "\n";
  return report;
}

}  // namespace spmdcheck
