#pragma once
// Test helper: two soundness reports agree in everything that does not
// depend on the clock (programs, statements, rows, features, errors, the
// counterexamples with their shrunk programs and messages).
#include <gtest/gtest.h>

#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/soundness_search.h"
#include "table_edits.h"

namespace spmdcheck::testing {

inline void expect_same_report(const SearchReport& a, const SearchReport& b) {
  EXPECT_EQ(a.programs, b.programs);
  EXPECT_EQ(a.statements, b.statements);
  EXPECT_EQ(a.hits, b.hits);
  EXPECT_EQ(a.features, b.features);
  EXPECT_EQ(a.errors, b.errors);
  EXPECT_EQ(a.first_found_programs, b.first_found_programs);
  ASSERT_EQ(a.counterexamples.size(), b.counterexamples.size());
  for (size_t k = 0; k < a.counterexamples.size(); ++k) {
    EXPECT_EQ(a.counterexamples[k].program_seed, b.counterexamples[k].program_seed);
    EXPECT_EQ(a.counterexamples[k].index, b.counterexamples[k].index);
    EXPECT_EQ(print_program(a.counterexamples[k].shrunk), print_program(b.counterexamples[k].shrunk));
    EXPECT_EQ(a.counterexamples[k].inconsistency.describe(a.counterexamples[k].shrunk.mesh),
              b.counterexamples[k].inconsistency.describe(b.counterexamples[k].shrunk.mesh));
  }
}

// A search with a first counterexample early in its stream: the default table
// with exp typed LINEAR (P flows through exp), seed 3, forward only, no
// special values; the table is returned through `broken`.
inline SearchOptions exp_linear_search(TableLoadResult& broken) {
  broken = parse_rule_table(edited_default_table({{"name = \"exp\"\nlinearity = \"NONLINEAR\"", "name = \"exp\"\nlinearity = \"LINEAR\""}}),
                            "exp_linear.toml");
  SearchOptions options;
  options.seed = 3;
  options.max_programs = 3000;
  options.gradients = false;
  options.settings.special_percent = 0;
  return options;
}

}  // namespace spmdcheck::testing
