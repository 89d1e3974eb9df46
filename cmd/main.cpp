// spmdcheck: property-based testing and fuzzing for SPMD typing rules.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cmd/cli_support.h"
#include "cmd/commands.h"
#include "cmd/exit_codes.h"
#include "cmd/mutation_commands.h"
#include "cmd/pytest_export.h"
#include "cmd/soundness_command.h"
#include "generators/generation_settings.h"

int main(int argc, char** argv) {
  using namespace spmdcheck;
  CLI::App app{
      "spmdcheck: checks SPMD typing rules (R, I, V, P, S(k) per mesh axis) against their meaning.\n"
      "The rules are one table (TOML); the default is spmd_types 0.2.0's local rules, embedded.\n"
      "With no command it runs `soundness` on the embedded default table.\n"
      "Exit codes: 0 nothing found, 1 counterexample or error in the input, 2 usage or I/O error.",
      "spmdcheck"};
  app.set_version_flag("--version", "spmdcheck 0.1.0");
  std::string rules_file;
  app.add_option("--rules", rules_file,
                 "Rule table: the name of an embedded one (default; spmd_types_6dbe9e2, spmd_types as implemented at "
                 "that commit) or a TOML file")
      ->type_name("NAME|FILE");

  CLI::App* check = app.add_subcommand("check", "Type-check .spmd programs; print every value's dtype, local shape and type");
  std::vector<std::string> files;
  check->add_option("FILE", files, "Programs in the .spmd format")->required();

  CLI::App* soundness = app.add_subcommand("soundness",
                                           "Generate programs from the table, run them on simulated ranks, compare values and gradients "
                                           "with the reference (the default command)");
  SoundnessArgs sargs;
  soundness->add_option("--seed", sargs.seed, "Seed of the program stream (each seed searches its own programs)")->capture_default_str();
  soundness->add_option("--program-seed", sargs.program_seed, "Check only the program of this program seed (as the replay lines print it)")
      ->type_name("P");
  soundness
      ->add_option("--jobs", sargs.jobs,
                   "Worker threads (default: the number of cores); with --programs the report is the same for every N")
      ->check(CLI::Range(1, 1024));
  soundness->add_option("--programs", sargs.programs, "Number of programs (default 2000 when --time is not given)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  soundness->add_option("--time", sargs.seconds, "Time budget in seconds")->check(CLI::PositiveNumber);
  soundness->add_option("--json", sargs.json_file, "Also write the report as JSON to FILE")->type_name("FILE");
  soundness
      ->add_option("--html", sargs.html_file,
                   "Also write the report as one self-contained HTML page to FILE (rows by hits, counterexamples)")
      ->type_name("FILE");
  soundness->add_option("--gen", sargs.gen, "Generation settings, as printed in the summary and replay lines")->type_name("SETTINGS");
  soundness->add_flag("!--no-progress", sargs.progress, "Do not draw the progress bar");
  soundness->add_flag("!--no-grad", sargs.gradients, "Check forward consistency only (no gradients)");
  soundness->add_flag("--global", sargs.global,
                      "Every program has global axes (a suffix of its mesh; single-device equivalence, DESIGN.md §8): --gen's global=100");
  soundness->add_flag("--distributed", sargs.distributed,
                      "One process of `mpirun -np K spmdcheck soundness --distributed ...`: each searches its share of the stream "
                      "(--jobs default 1), rank 0 prints the one report; with --programs it equals the report of one process");

  CLI::App* run =
      app.add_subcommand("run", "Execute one program on simulated ranks; print the consistency of each value and each input gradient");
  std::string run_file;
  uint64_t run_seed = 1;
  run->add_option("FILE", run_file, "A program in the .spmd format")->required();
  run->add_option("--seed", run_seed, "Seed of the input data")->capture_default_str();
  bool run_gradients = true;
  run->add_flag("!--no-grad", run_gradients, "Check forward consistency only (no gradients)");
  bool run_special = false;
  int run_special_rate = GenerationSettings{}.special_rate;
  run->add_flag("--special", run_special, "Mix special values (NaN, +-inf, +-0, large magnitudes) into the floating inputs");
  run->add_option("--special-rate", run_special_rate, "Percent of input elements made special (implies --special)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();

  CLI::App* exporter =
      app.add_subcommand("export",
                         "Write a program as a self-contained test for spmd_types (pytest, its LocalTensor harness): the "
                         "per-rank inputs of a data seed, the calls, and each value checked against the reference denotation");
  std::string export_pytest_file, export_program;
  uint64_t export_seed = 1;
  int export_special_rate = 0;
  exporter->add_option("--pytest", export_pytest_file, "The Python file to write (never overwritten)")->type_name("FILE")->required();
  exporter->add_option("PROGRAM", export_program, "A program in the .spmd format")->required();
  exporter->add_option("--seed", export_seed, "Seed of the input data (as `run --seed`)")->capture_default_str();
  exporter->add_option("--special-rate", export_special_rate, "Percent of input elements made special (as `run --special-rate`)")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();

  CLI::App* rules = app.add_subcommand("rules", "Print the rule table as Markdown (the tables of DESIGN.md)");
  bool lint = false;
  rules->add_flag("--lint", lint, "Instead, list every lint finding of the table (exit 1 if any)");

  // The mutation benchmark and the tightness report share the search flags.
  auto add_search_flags = [](CLI::App* sub, MutationSearchArgs& a, int default_seeds, double default_budget) {
    a.seeds = default_seeds;
    a.budget_seconds = default_budget;
    sub->add_option("--seed", a.seed, "Base seed; search j of a mutant checks the program stream seed + j")->capture_default_str();
    sub->add_option("--seeds", a.seeds, "Searches (seeds) per mutant")->check(CLI::Range(1, 1000))->capture_default_str();
    sub->add_option("--budget", a.budget_seconds, "Seconds per search before a mutant counts as surviving")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    sub->add_option("--gen", a.gen, "Generation settings, as printed in the summary")->type_name("SETTINGS");
    sub->add_option("--json", a.json_file, "Also write the report as JSON to FILE")->type_name("FILE");
    sub->add_option("--html", a.html_file, "Also write the report as one self-contained HTML page to FILE (grids of the table, kill times)")
        ->type_name("FILE");
    sub->add_flag("!--no-progress", a.progress, "Do not draw progress on standard error");
    sub->add_flag("!--no-grad", a.gradients, "Search forward consistency only (no gradients)");
    sub->add_option("--jobs", a.jobs, "Worker threads, one search each (default: the number of cores)")->check(CLI::Range(1, 1024));
  };
  CLI::App* mutants = app.add_subcommand("mutants",
                                         "Mutation benchmark: make every mutant of the table (one seeded bug each) and search each for an "
                                         "unsound acceptance or an unjustified rejection; exit 1 if a mutant survives (equivalent mutants "
                                         "and sound relaxations do not count)");
  MutantsArgs margs;
  add_search_flags(mutants, margs.search, 3, 30);
  mutants->add_option("--operator", margs.operators, "Only mutants of this operator (repeatable)")->type_name("NAME");
  mutants->add_option("--mutant", margs.names, "Only mutants whose name contains TEXT (repeatable)")->type_name("TEXT");
  mutants->add_option("--write", margs.write_dir, "Write the selected mutants as rule files into DIR and stop (never overwrites)")
      ->type_name("DIR");
  mutants->add_flag("--list", margs.list, "List the selected mutants and stop");
  mutants->add_flag("--search-lint-failures", margs.search_lint_failures,
                    "Search mutants the linter refuses too, instead of counting them caught by lint (the search's strength alone)");
  mutants->footer(mutation_operators_help());

  CLI::App* tightness =
      app.add_subcommand("tightness",
                         "For every rejecting rule, accept what it rejects with each candidate result (an illegal transition "
                         "cell: make it legal with each primitive row of its op) and search for a counterexample; exit 1 if a "
                         "rejection is not justified and not declared a convention");
  MutationSearchArgs targs;
  add_search_flags(tightness, targs, 1, 10);

  for (CLI::App* sub : app.get_subcommands({})) sub->fallthrough();  // --rules may follow the subcommand
  app.require_subcommand(0, 1);
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
  if (rules->parsed()) return run_rules_command(*choice.table);
  if (run->parsed()) {
    const bool special = run_special || run->count("--special-rate") > 0;
    return run_run_command(*choice.table, run_file, run_seed, run_gradients, special ? run_special_rate : 0);
  }
  if (exporter->parsed())
    return run_export_command(*choice.table, rules_file, export_pytest_file, export_program, export_seed, export_special_rate);
  if (mutants->parsed()) return run_mutants_command(*choice.table, table_text_for(rules_file), margs);
  if (tightness->parsed()) return run_tightness_command(*choice.table, table_text_for(rules_file), targs);
  return run_soundness_command(*choice.table, rules_file, sargs);  // also with no subcommand
}
