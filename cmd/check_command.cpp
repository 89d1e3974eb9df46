#include <iostream>

#include "cmd/cli_support.h"
#include "cmd/commands.h"
#include "cmd/exit_codes.h"
#include "oracle/checker.h"
#include "program/program_text.h"

namespace spmdcheck {

int run_check_command(const RuleTable& table, const std::vector<std::string>& files) {
  int exit_code = kExitOk;
  for (const std::string& file : files) {
    std::optional<std::string> text = read_text_file(file);
    if (!text) {
      exit_code = kExitUsage;
      continue;
    }
    if (files.size() > 1) std::cout << "# " << file << "\n";
    ParseResult parsed = parse_program(*text);
    if (!parsed.program) {
      std::cout << format_diagnostic(file, *parsed.error);
      if (exit_code == kExitOk) exit_code = kExitFound;
      continue;
    }
    CheckResult result = check_program(table, *parsed.program);
    if (!result.ok()) {
      std::cout << format_diagnostic(file, *result.error);
      if (exit_code == kExitOk) exit_code = kExitFound;
      continue;
    }
    for (const ValueInfo& v : result.values) std::cout << format_value_info(parsed.program->mesh, v) << "\n";
  }
  return exit_code;
}

}  // namespace spmdcheck
