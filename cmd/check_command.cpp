#include <iostream>

#include "cmd/check_report.h"
#include "cmd/cli_support.h"
#include "cmd/commands.h"
#include "cmd/exit_codes.h"

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
    CheckReport report = check_program_text(table, file, *text);
    std::cout << report.text;
    if (report.exit_code != kExitOk && exit_code == kExitOk) exit_code = report.exit_code;
  }
  return exit_code;
}

}  // namespace spmdcheck
