#pragma once
// Shared by the linter's translation units (not a public interface).
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "rules/rule_table.h"

namespace spmdcheck::lint {

struct Findings {
  std::vector<Diagnostic> list;
  void add(SourceLoc loc, const char* id, std::string message) {
    list.push_back(Diagnostic{loc, std::string("table.lint.") + id, std::move(message), "", {}});
  }
};

std::string row_name(const RuleTable& t, RuleIndex r);  // "row 'id'"
void lint_transitions(const RuleTable& t, Findings& f);
void lint_laws(const RuleTable& t, Findings& f);  // law_linter.cpp

}  // namespace spmdcheck::lint
