#include <iostream>

#include "cmd/cli_support.h"
#include "cmd/commands.h"
#include "cmd/exit_codes.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"
#include "rules/table_markdown.h"

namespace spmdcheck {

int run_rules_command(const RuleTable& table) {
  std::cout << table_to_markdown(table);
  return kExitOk;
}

int run_lint_command(const std::string& rules_arg) {
  std::optional<RuleTableSource> source = rule_table_source(rules_arg);
  if (!source) return kExitUsage;
  const std::string& name = source->display_name;
  const std::string& text = source->text;
  TableLoadResult parsed = parse_rule_table(text, name);
  if (!parsed.table) {
    std::cout << format_diagnostic(name, *parsed.error);
    return kExitFound;
  }
  std::vector<Diagnostic> findings = lint_rule_table(*parsed.table);
  for (const Diagnostic& d : findings) std::cout << format_diagnostic(name, d);
  std::cout << name << ": " << parsed.table->rules.size() << " rows, " << findings.size() << " lint finding(s)\n";
  return findings.empty() ? kExitOk : kExitFound;
}

}  // namespace spmdcheck
