// findings/: what the searches found on spmd_types as implemented
// (rules/spmd_types_6dbe9e2.toml), each a program, a replay line and the
// smallest table change that removes it (DESIGN.md §2.6, findings/README.md).
// findings/findings.toml is the manifest; each findings/<id>.md quotes its
// replay line. For every finding:
//   - unsound: the as-implemented table accepts the program and the replay
//     fails (the ranks compute something else than the types claim);
//   - not_tight: the as-implemented table rejects the program, with the row
//     the finding names, and the program is sound: the fixed table accepts it
//     and the replay passes;
//   - with the fix applied to the as-implemented table, the replay passes
//     (for unsound ones: the fixed table rejects the program or computes it
//     right) and the fixed table still loads and lints.
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "soundness/program_property.h"
#include "soundness/soundness_search.h"

namespace spmdcheck {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(std::string(SPMDCHECK_SOURCE_DIR) + "/" + path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Finding {
  std::string id, kind, program, rule;
  std::vector<std::pair<std::string, std::string>> fix;  // the table edits (find, replace) that remove it
  uint64_t seed = 1;
  bool gradients = true;
  int special_rate = 0;
  std::string export_line() const {
    return "spmdcheck --rules spmd_types_6dbe9e2 export --pytest " + id + "_test.py " + program + " --seed " + std::to_string(seed) +
           (special_rate ? " --special-rate " + std::to_string(special_rate) : "");
  }
  std::string replay() const {
    return "spmdcheck --rules spmd_types_6dbe9e2 run " + program + " --seed " + std::to_string(seed) + (gradients ? "" : " --no-grad") +
           (special_rate ? " --special-rate " + std::to_string(special_rate) : "");
  }
};

std::vector<Finding> manifest() {
  std::vector<Finding> out;
  const toml::table doc = toml::parse(slurp("findings/findings.toml"));
  if (const toml::array* rows = doc["finding"].as_array())
    for (const toml::node& row : *rows) {
      const toml::table& t = *row.as_table();
      Finding f;
      f.id = t["id"].value_or(std::string());
      f.kind = t["kind"].value_or(std::string());
      f.program = t["program"].value_or(std::string());
      f.rule = t["rule"].value_or(std::string());
      f.seed = std::stoull(t["seed"].value_or(std::string("1")));  // a string: unsigned 64-bit, past TOML integers
      f.gradients = t["gradients"].value_or(true);
      f.special_rate = t["special_rate"].value_or(0);
      if (const toml::array* edits = t["fix"].as_array())
        for (const toml::node& e : *edits)
          f.fix.emplace_back((*e.as_table())["find"].value_or(std::string()), (*e.as_table())["replace"].value_or(std::string()));
      out.push_back(std::move(f));
    }
  return out;
}

// `text` with `edits` applied in order; false if an edit's text is absent.
bool apply_fix(std::string& text, const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [find, replace] : edits) {
    const size_t at = text.find(find);
    if (at == std::string::npos) return false;
    text.replace(at, find.size(), replace);
  }
  return !edits.empty();
}

class FindingReproduces : public ::testing::TestWithParam<Finding> {};

PropertyOutcome replay(const RuleTable& table, const Program& p, const Finding& f) {
  at::set_num_threads(1);
  PropertyOptions options;
  options.gradients = f.gradients;
  options.special_rate = f.special_rate;
  return check_program_property(table, p, f.seed, options);
}

TEST_P(FindingReproduces, FromItsReplayLineAndItsFixRemovesIt) {
  const Finding& f = GetParam();
  ASSERT_TRUE(f.kind == "unsound" || f.kind == "not_tight") << f.id << ": kind " << f.kind;
  EXPECT_NE(slurp("findings/" + f.id + ".md").find(f.replay()), std::string::npos) << "findings/" << f.id << ".md quotes " << f.replay();
  EXPECT_NE(slurp("findings/" + f.id + ".md").find(f.export_line()), std::string::npos)
      << "findings/" << f.id << ".md quotes " << f.export_line();
  ParseResult parsed = parse_program(slurp(f.program));
  ASSERT_TRUE(parsed.program) << f.program;
  const Program& p = *parsed.program;
  const RuleTable& as_implemented = *embedded_rule_table("spmd_types_6dbe9e2");

  std::string fixed_text(embedded_spmd_types_6dbe9e2_table_text());
  ASSERT_TRUE(apply_fix(fixed_text, f.fix)) << f.id << ": the fix is empty or its text is not in the table";
  TableLoadResult fixed = load_rule_table(fixed_text, "fixed.toml");
  ASSERT_TRUE(fixed.table) << f.id << ": the fixed table does not load: " << fixed.error->message;

  if (f.kind == "unsound") {
    const PropertyOutcome found = replay(as_implemented, p, f);
    ASSERT_TRUE(found.checked.ok()) << f.id << ": the as-implemented table rejects it: " << found.checked.error->message;
    EXPECT_TRUE(found.failed()) << f.id << ": the replay passes on the as-implemented table";
    const PropertyOutcome after = replay(*fixed.table, p, f);
    EXPECT_FALSE(after.checked.ok() && after.failed())
        << f.id << ": the fixed table still accepts and fails: " << after.first_failure().describe(p.mesh);
    if (!after.checked.ok()) {
      EXPECT_EQ(after.checked.error->rule_id, f.rule) << f.id << ": rejected by another row";
    }
  } else {
    const CheckResult rejected = check_program(as_implemented, p);
    ASSERT_FALSE(rejected.ok()) << f.id << ": the as-implemented table accepts it";
    EXPECT_EQ(rejected.error->rule_id, f.rule);
    const PropertyOutcome after = replay(*fixed.table, p, f);
    ASSERT_TRUE(after.checked.ok()) << f.id << ": the fixed table rejects it: " << after.checked.error->message;
    EXPECT_FALSE(after.failed()) << f.id << ": accepted, it computes something else: " << after.first_failure().describe(p.mesh);
  }
}

INSTANTIATE_TEST_SUITE_P(SpmdTypes6dbe9e2, FindingReproduces, ::testing::ValuesIn(manifest()),
                         [](const auto& info) { return info.param.id; });

// The pinned search: the as-implemented table with every known finding's
// fix applied finds nothing on pinned seeds (a new finding fails here with
// its report); without the fixes the same search finds one. The default
// table finds nothing (Soundness.DefaultTableSearchFindsNothing).
TEST(Findings, APinnedSearchFindsNothingOutsideTheKnownFindings) {
  at::set_num_threads(1);
  std::string text(embedded_spmd_types_6dbe9e2_table_text());
  for (const Finding& f : manifest()) ASSERT_TRUE(apply_fix(text, f.fix)) << f.id;
  TableLoadResult fixed = load_rule_table(text, "all_fixes.toml");
  ASSERT_TRUE(fixed.table) << fixed.error->message;
  SearchOptions options;
  options.seed = 1;
  options.max_programs = 400;
  SearchReport clean = run_soundness_search(*fixed.table, options);
  EXPECT_EQ(clean.programs, 400);
  EXPECT_TRUE(clean.errors.empty()) << clean.errors.front();
  for (const Counterexample& cx : clean.counterexamples)
    ADD_FAILURE() << "a new finding on spmd_types 6dbe9e2: " << cx.inconsistency.describe(cx.shrunk.mesh) << "\n"
                  << print_program(cx.shrunk);
  options.stop_at_first = true;
  SearchReport found = run_soundness_search(*embedded_rule_table("spmd_types_6dbe9e2"), options);
  EXPECT_EQ(found.counterexamples.size(), 1u) << "the known findings are not found in " << found.programs << " programs";
}

}  // namespace
}  // namespace spmdcheck
