#pragma once
// The properties the libFuzzer targets check, one function per target. The
// same functions run under libFuzzer (<name>_fuzzer.cpp) and in the standalone
// replay driver (fuzz_replay.cpp), so a corpus replays identically with and
// without clang.
//
// Contract of every function: it takes arbitrary bytes and returns normally
// when the property holds; when it does not, it prints a message that names
// the property (and the input, where it is text) to standard error and aborts
// via fuzz_fail(). Nothing here throws out of the function.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spmdcheck::fuzz {

// Prints "fuzz property violated: WHAT" and DETAIL to stderr, then aborts.
[[noreturn]] void fuzz_fail(std::string_view what, const std::string& detail);

// program_text_fuzzer: parse_program never crashes; a rejected text's error
// has a `syntax.*` id; for an accepted text t, print(parse(print(parse(t))))
// == print(parse(t)) and print(parse(t)) parses.
void program_text_property(const uint8_t* data, size_t size);

// rule_table_fuzzer: parse_rule_table and lint_rule_table never crash or
// throw; a parse result holds exactly one of table/error; every lint finding
// has a `table.lint.*` id; load_rule_table agrees with parse + lint (error iff
// parse failed or a lint finding exists).
void rule_table_property(const uint8_t* data, size_t size);

// checker_fuzzer: parse, then check_program with the default table never
// crashes; every diagnostic's rule id is defined by the table; an accepted
// program, printed, re-parsed and re-checked, is accepted with the same
// format_value_info lines; a rejected one is rejected with the same rule id.
void checker_property(const uint8_t* data, size_t size);

}  // namespace spmdcheck::fuzz
