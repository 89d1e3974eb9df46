// The torch-free fuzz properties (contracts in fuzz_properties.h).
#include "fuzz/fuzz_properties.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "oracle/checker.h"
#include "program/program_text.h"
#include "rules/table_linter.h"
#include "rules/table_loader.h"

namespace spmdcheck::fuzz {
namespace {

std::string_view as_text(const uint8_t* data, size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

std::string quoted_input(std::string_view text) { return "input:\n-----\n" + std::string(text) + "\n-----"; }

// The value lines `spmdcheck check` prints, one per value.
std::string value_lines(const Program& program, const CheckResult& result) {
  std::string lines;
  for (const ValueInfo& v : result.values) lines += format_value_info(program.mesh, v) + "\n";
  return lines;
}

// Whether `spmdcheck check` prints the same value lines for both: the same
// mesh axes and, value by value, the same name, dtype, shape and type (the
// fields format_value_info prints). Compared field by field so that a passing
// input formats no text.
bool same_value_lines(const Program& p1, const CheckResult& r1, const Program& p2, const CheckResult& r2) {
  if (p1.mesh.axes.size() != p2.mesh.axes.size() || r1.values.size() != r2.values.size()) return false;
  for (size_t a = 0; a < p1.mesh.axes.size(); ++a)
    if (p1.mesh.axes[a].name != p2.mesh.axes[a].name) return false;
  for (size_t i = 0; i < r1.values.size(); ++i) {
    const ValueInfo& v1 = r1.values[i];
    const ValueInfo& v2 = r2.values[i];
    if (v1.name != v2.name || v1.dtype != v2.dtype || !(v1.shape == v2.shape) || !(v1.type == v2.type)) return false;
  }
  return true;
}

// Runs `body`; any exception escaping it is a property violation.
template <typename Body>
void no_throw(std::string_view target, std::string_view text, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    fuzz_fail(std::string(target) + ": exception escaped", std::string(e.what()) + "\n" + quoted_input(text));
  } catch (...) {
    fuzz_fail(std::string(target) + ": non-standard exception escaped", quoted_input(text));
  }
}

}  // namespace

void fuzz_fail(std::string_view what, const std::string& detail) {
  std::fprintf(stderr, "fuzz property violated: %.*s\n%s\n", static_cast<int>(what.size()), what.data(), detail.c_str());
  std::fflush(stderr);
  std::abort();
}

void program_text_property(const uint8_t* data, size_t size) {
  const std::string_view text = as_text(data, size);
  no_throw("program_text", text, [&] {
    ParseResult first = parse_program(text);
    if (first.program.has_value() == first.error.has_value())
      fuzz_fail("program_text: exactly one of program/error must be set", quoted_input(text));
    if (first.error) {
      if (!starts_with(first.error->rule_id, "syntax."))
        fuzz_fail("program_text: parse error id is not syntax.*", first.error->rule_id + "\n" + quoted_input(text));
      return;
    }
    const std::string printed = print_program(*first.program);
    ParseResult second = parse_program(printed);
    if (!second.program)
      fuzz_fail("program_text: the printed program does not parse",
                second.error->rule_id + ": " + second.error->message + "\nprinted:\n" + printed + "\n" + quoted_input(text));
    const std::string reprinted = print_program(*second.program);
    if (reprinted != printed)
      fuzz_fail("program_text: printing is not a fixed point",
                "print(parse(x)):\n" + printed + "\nprint(parse(print(parse(x)))):\n" + reprinted + "\n" + quoted_input(text));
  });
}

void rule_table_property(const uint8_t* data, size_t size) {
  // load_rule_table is parse_rule_table plus the first lint finding; that
  // composition is asserted by tests/rules (every broken table of the lint
  // suite), so each input is parsed and linted once here.
  const std::string_view text = as_text(data, size);
  no_throw("rule_table", text, [&] {
    TableLoadResult parsed = parse_rule_table(text, "fuzz.toml");
    if (static_cast<bool>(parsed.table) == parsed.error.has_value())
      fuzz_fail("rule_table: exactly one of table/error must be set", quoted_input(text));
    if (parsed.error && !starts_with(parsed.error->rule_id, "table."))
      fuzz_fail("rule_table: parse error id is not table.*", parsed.error->rule_id + "\n" + quoted_input(text));
    if (!parsed.table) return;
    for (const Diagnostic& d : lint_rule_table(*parsed.table))
      if (!starts_with(d.rule_id, "table.lint."))
        fuzz_fail("rule_table: lint finding id is not table.lint.*", d.rule_id + "\n" + quoted_input(text));
  });
}

void checker_property(const uint8_t* data, size_t size) {
  const std::string_view text = as_text(data, size);
  no_throw("checker", text, [&] {
    const RuleTable& table = *default_rule_table();
    ParseResult parsed = parse_program(text);
    if (!parsed.program) return;  // the parser's own property is program_text_property
    CheckResult first = check_program(table, *parsed.program);
    if (first.error && table.find_rule(first.error->rule_id) == kNoRule)
      fuzz_fail("checker: diagnostic rule id not defined by the table", first.error->rule_id + "\n" + quoted_input(text));
    const std::string printed = print_program(*parsed.program);
    ParseResult reparsed = parse_program(printed);
    if (!reparsed.program) fuzz_fail("checker: the printed program does not parse", "printed:\n" + printed);
    CheckResult second = check_program(table, *reparsed.program);
    if (first.ok() != second.ok())
      fuzz_fail("checker: printing changed the verdict",
                std::string(first.ok() ? "accepted" : "rejected") + " before printing\nprinted:\n" + printed + "\n" + quoted_input(text));
    if (!first.ok()) {
      if (first.error->rule_id != second.error->rule_id)
        fuzz_fail("checker: printing changed the rejecting rule",
                  first.error->rule_id + " vs " + second.error->rule_id + "\nprinted:\n" + printed);
      return;
    }
    if (!same_value_lines(*parsed.program, first, *reparsed.program, second))
      fuzz_fail("checker: printing changed the inferred types", "before printing:\n" + value_lines(*parsed.program, first) +
                                                                    "after printing:\n" + value_lines(*reparsed.program, second) +
                                                                    "printed:\n" + printed + "\n" + quoted_input(text));
  });
}

}  // namespace spmdcheck::fuzz
