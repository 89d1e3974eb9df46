// A decomposition's beta and alpha are factors of its terms (beta * input +
// alpha * (mat1 @ mat2)), so the error analysis (oracle/value_tolerance)
// reads them in both tables: the default table types them, spmd_types
// 6dbe9e2 types the tensors only, and there a non-dyadic alpha was read as
// no factor at all. The ranks' P pieces then rounded differently from the
// reference's sums while the value was compared bitwise (every data seed of
// this program failed: 0.25625000000000003 against 0.25624999999999987).
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

TEST(DecompositionNumbers, AlphaAndBetaCountInTheErrorBoundInBothTables) {
  at::set_num_threads(1);
  const char* text =
      "mesh tp=4\n\ninput c : f64[3, 3] {tp: P}\ninput a : f64[3, 5] {tp: P}\ninput b : f64[5, 3] {tp: R}\n"
      "y = addmm(c, a, b, alpha=0.1, beta=0.3)\noutput y\n";
  ParseResult parsed = parse_program(text);
  ASSERT_TRUE(parsed.program);
  for (const char* name : {"default", "spmd_types_6dbe9e2"}) {
    const std::shared_ptr<const RuleTable> table = embedded_rule_table(name);
    ASSERT_TRUE(table) << name;
    for (uint64_t seed = 1; seed <= 8; ++seed) {
      PropertyOptions options;
      options.gradients = false;
      const PropertyOutcome outcome = check_program_property(*table, *parsed.program, seed, options);
      ASSERT_TRUE(outcome.error.empty()) << outcome.error;
      EXPECT_FALSE(outcome.failed()) << name << " seed " << seed << ": " << outcome.first_failure().describe(parsed.program->mesh);
      const ValueVerdict& y = outcome.consistency.values.back();
      EXPECT_TRUE(y.compared) << name;
      EXPECT_GT(y.tolerance, 0) << name << ": 0.1 and 0.3 are no dyadic numbers";
    }
  }
}

}  // namespace
}  // namespace spmdcheck
