// The property a near miss must satisfy (property 6's second half), shared
// by the ctest property and any fuzz target: the broken statement, and only
// it, is rejected with exactly the expected rule, as IR and as text.
#include "generators/near_miss.h"
#include "oracle/checker.h"
#include "program/program_text.h"

namespace spmdcheck {
namespace {

uint32_t line_of(const Statement& st) {
  return std::visit([](const auto& s) { return s.loc.line; }, st);
}

}  // namespace

std::string near_miss_disagreement(const RuleTable& table, const NearMiss& nm) {
  const std::string where =
      std::string(break_kind_name(nm.kind)) + " (" + nm.description + "), expected " + nm.expected_rule + ":\n" + nm.text;
  ParseResult parsed = parse_program(nm.text);
  if (nm.statement >= nm.program.statements.size()) return "no statement " + std::to_string(nm.statement) + ": " + where;
  if (nm.kind == BreakKind::TypeAxisMissing) {
    ParseResult unbroken = parse_program(print_program(nm.program));
    if (parsed.program) return "the text parses: " + where;
    if (!unbroken.program) return "the unbroken program does not print to a parsable text: " + where;
    if (parsed.error->rule_id != nm.expected_rule) return "parse error " + parsed.error->rule_id + ": " + where;
    if (parsed.error->loc.line != line_of(unbroken.program->statements[nm.statement])) return "parse error on another line: " + where;
    return {};
  }
  // Statement at a time: everything before the broken statement still checks.
  ProgramChecker checker(table, nm.program.mesh);
  for (size_t i = 0; i < nm.statement; ++i)
    if (auto e = checker.add(nm.program.statements[i]))
      return "statement " + std::to_string(i) + " rejected by " + e->rule_id + ": " + where;
  auto e = checker.add(nm.program.statements[nm.statement]);
  if (!e) return "the broken statement is accepted: " + where;
  if (e->rule_id != nm.expected_rule) return "rejected by " + e->rule_id + " (" + e->message + "): " + where;
  // The whole program, as IR and as the text a user would check.
  CheckResult ir = check_program(table, nm.program);
  if (ir.ok() || ir.error->rule_id != nm.expected_rule) return "check_program disagrees: " + where;
  if (!parsed.program) return "the text does not parse: " + parsed.error->message + ": " + where;
  CheckResult text = check_program(table, *parsed.program);
  if (text.ok() || text.error->rule_id != nm.expected_rule) return "the text is judged otherwise: " + where;
  if (parsed.program->statements.size() != nm.program.statements.size()) return "the text has other statements: " + where;
  if (text.error->loc.line != line_of(parsed.program->statements[nm.statement])) return "the text's error is on another line: " + where;
  return {};
}

}  // namespace spmdcheck
