// spmdcheck: property-based testing and fuzzing for SPMD typing rules.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cmd/cli_support.h"
#include "cmd/commands.h"
#include "cmd/exit_codes.h"

int main(int argc, char** argv) {
  using namespace spmdcheck;
  CLI::App app{
      "spmdcheck: checks SPMD typing rules (R, I, V, P, S(k) per mesh axis) against their meaning.\n"
      "The rules are one table (TOML); the default is spmd_types 0.2.0's local rules, embedded.\n"
      "Exit codes: 0 nothing found, 1 counterexample or error in the input, 2 usage or I/O error.",
      "spmdcheck"};
  app.set_version_flag("--version", "spmdcheck 0.1.0");
  std::string rules_file;
  app.add_option("--rules", rules_file, "Rule table file (TOML) to use instead of the embedded default")
      ->type_name("FILE");

  CLI::App* check = app.add_subcommand("check", "Type-check .spmd programs; print every value's dtype, local shape and type");
  std::vector<std::string> files;
  check->add_option("FILE", files, "Programs in the .spmd format")->required();

  CLI::App* rules = app.add_subcommand("rules", "Print the rule table as Markdown (the tables of DESIGN.md)");
  bool lint = false;
  rules->add_flag("--lint", lint, "Instead, list every lint finding of the table (exit 1 if any)");

  for (CLI::App* sub : app.get_subcommands({})) sub->fallthrough();  // --rules may follow the subcommand
  app.require_subcommand(1, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (rules->parsed() && lint) return run_lint_command(rules_file);
  TableChoice choice = choose_rule_table(rules_file);
  if (!choice.table) return choice.exit_code;
  if (check->parsed()) return run_check_command(*choice.table, files);
  return run_rules_command(*choice.table);
}
