#pragma once
// Rule cases: one small .spmd program per judgment of the rule table, kept in
// tests/oracle/rule_cases/<section>.cases. A case file is
//
//   # comment lines and blank lines, only before the first case
//   ### <rule-id> accept
//   mesh ...                    <- line 1 of the program
//   ...
//   ### <rule-id> reject LINE:COL
//   mesh ...
//
// `accept`: the program checks and the row fires. `reject LINE:COL`: the
// checker rejects the program with that row at LINE:COL, counted from the
// program's mesh line (the line after the header). A line that starts with
// `###` is always a header, so program comments use a single `#`.
// A malformed file is an error naming FILE:LINE, never a skipped case.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/source_location.h"

namespace spmdcheck::test {

struct RuleCase {
  std::string path;   // the case file
  std::string file;   // its name, e.g. "combine.cases"
  uint32_t line = 0;  // the header's line in the file
  std::string id;     // the rule id the case is about
  bool accept = true;
  SourceLoc want;       // reject: where the diagnostic must point
  std::string program;  // the .spmd text; its line 1 is the mesh line
  std::string name;     // unique test name: id with '.' -> '_', verdict, index
};

struct RuleCaseSet {
  std::vector<RuleCase> cases;
  std::vector<std::string> errors;  // "FILE:LINE: what is wrong"
};

// Parses the text of one case file into `out` (cases or errors; unnamed).
void parse_rule_case_file(std::string_view text, const std::string& path, RuleCaseSet& out);

// Names the cases: `<id with dots as underscores>_<verdict>_<n>`, n counting
// the cases of one id from 1 in load order.
void name_rule_cases(RuleCaseSet& set);

// Reads every *.cases file of `dir` in name order, then names the cases. A
// missing directory or one without case files is an error.
RuleCaseSet load_rule_cases(const std::string& dir);

}  // namespace spmdcheck::test
