#pragma once
// The output of `spmdcheck check` for one program text: the value listing on
// success, the first error otherwise. Shared by the CLI and the golden tests,
// so the golden files lock exactly what users see.
#include <string>
#include <string_view>

#include "rules/rule_table.h"

namespace spmdcheck {

struct CheckReport {
  std::string text;
  int exit_code = 0;  // kExitOk or kExitFound
};

CheckReport check_program_text(const RuleTable& table, const std::string& file_name, std::string_view text);

}  // namespace spmdcheck
