// Golden tests: the exact output of `spmdcheck check` for every program in
// tests/golden/ and examples/mistakes/ equals its .expected file, and every
// example in examples/ checks clean. Regenerate with tools/update-golden.sh.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cmd/check_report.h"
#include "cmd/exit_codes.h"
#include "rules/table_loader.h"

namespace spmdcheck {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = SPMDCHECK_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> programs_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".spmd") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

void expect_golden(const fs::path& program) {
  fs::path expected = program;
  expected.replace_extension(".expected");
  ASSERT_TRUE(fs::exists(expected)) << expected << " is missing; run tools/update-golden.sh";
  std::string name = fs::relative(program, kRoot).generic_string();
  CheckReport report = check_program_text(*default_rule_table(), name, read(program));
  EXPECT_EQ(report.text, read(expected)) << name;
  bool clean = report.text.find(": error: ") == std::string::npos;
  EXPECT_EQ(report.exit_code, clean ? kExitOk : kExitFound) << name;
}

TEST(Golden, DiagnosticsAndListings) {
  std::vector<fs::path> programs = programs_in(kRoot / "tests/golden");
  ASSERT_GE(programs.size(), 8u);
  for (const fs::path& p : programs) expect_golden(p);
}

TEST(Golden, ExampleMistakesGiveTheirDiagnostics) {
  std::vector<fs::path> programs = programs_in(kRoot / "examples/mistakes");
  ASSERT_GE(programs.size(), 4u);
  for (const fs::path& p : programs) {
    expect_golden(p);
    EXPECT_NE(read(p.parent_path() / p.stem().concat(".expected")).find(": error: "), std::string::npos) << p << " must be a mistake";
  }
}

TEST(Golden, ExamplesCheckClean) {
  std::vector<fs::path> programs = programs_in(kRoot / "examples");
  ASSERT_GE(programs.size(), 8u);
  for (const fs::path& p : programs) {
    CheckReport report = check_program_text(*default_rule_table(), p.filename().string(), read(p));
    EXPECT_EQ(report.exit_code, kExitOk) << report.text;
  }
}

}  // namespace
}  // namespace spmdcheck
