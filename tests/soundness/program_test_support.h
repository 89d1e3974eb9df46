#pragma once
// Helpers shared by the whole-program soundness tests: a program text run
// through the soundness property on the default table (expected to check
// and to pass), and a value's index by name.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <string>

#include "program/program_text.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck::test {

inline PropertyOutcome run_passing_program(const char* text, uint64_t seed) {
  at::set_num_threads(1);
  ParseResult parsed = parse_program(text);
  EXPECT_TRUE(parsed.program) << (parsed.error ? parsed.error->message : "");
  if (!parsed.program) return {};
  PropertyOutcome outcome = check_program_property(*default_rule_table(), *parsed.program, data_seed_for(seed));
  EXPECT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_FALSE(outcome.failed()) << outcome.first_failure().describe(parsed.program->mesh);
  return outcome;
}

inline int value_named(const CheckResult& checked, const std::string& name) {
  for (size_t v = 0; v < checked.values.size(); ++v)
    if (checked.values[v].name == name) return static_cast<int>(v);
  ADD_FAILURE() << "no value " << name;
  return 0;
}

}  // namespace spmdcheck::test
