#pragma once
// `spmdcheck mutants` (the mutation benchmark: is the search strong enough to
// kill every deliberate bug in the table?) and `spmdcheck tightness` (is every
// rejection of the table justified by a counterexample?). LibTorch-linked.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_table.h"

namespace spmdcheck {

struct MutationSearchArgs {
  uint64_t seed = 1;
  int seeds = 3;
  double budget_seconds = 30;
  std::string gen;  // generation settings text
  bool gradients = true;
  bool progress = true;  // only drawn when standard error is a terminal
  std::string json_file;
  std::string html_file;  // --html: the report page
  int jobs = 0;           // worker threads; 0: the number of cores
};

struct MutantsArgs {
  MutationSearchArgs search;
  bool search_lint_failures = false;   // search mutants the linter refuses too
  std::vector<std::string> operators;  // empty: all
  std::vector<std::string> names;      // substrings of mutant names; empty: all
  std::string write_dir;               // write the mutants as rule files and stop
  bool list = false;                   // list the mutants and stop
};

// "Operators (--operator NAME):" then one "  name  summary" line per
// mutation operator, in operator order: the footer of `mutants --help`.
std::string mutation_operators_help();

int run_mutants_command(const RuleTable& table, std::string_view table_text, const MutantsArgs& args);
int run_tightness_command(const RuleTable& table, std::string_view table_text, const MutationSearchArgs& args);

// The text of the table a command runs on: the --rules file or the embedded
// default (the mutants are edits of it).
std::string table_text_for(const std::string& rules_file);

}  // namespace spmdcheck
