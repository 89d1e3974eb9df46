// The spmdcheck binary as a user runs it: output streams and exit codes
// (0 nothing found, 1 error in the input, 2 usage or I/O error).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/table_loader.h"
#include "rules/table_markdown.h"

namespace spmdcheck {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("spmdcheck_cli_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // Runs spmdcheck with `args` (already shell-quoted) from the source root.
  CliRun run(const std::string& args) {
    fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = "cd '" + std::string(SPMDCHECK_SOURCE_DIR) + "' && '" + SPMDCHECK_BIN + "' " + args + " >'" + out.string() + "' 2>'" +
                      err.string() + "'";
    int status = std::system(cmd.c_str());
    return CliRun{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }

  fs::path dir_;
};

const char* kClean = "mesh tp=2\ninput x : f64[4] {tp: P}\ny = all_reduce(x, tp, src=P, dst=R)\n";
const char* kBroken = "mesh tp=2\ninput x : f64[4] {tp: P}\ny = relu(x)\n";

TEST_F(Cli, HelpTellsTheSubcommands) {
  CliRun r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"check", "rules", "mutants", "tightness", "--rules", "Exit codes"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
}

TEST_F(Cli, UsageErrorsExit2OnStderr) {
  for (const char* args :
       {"--bogus", "check", "frobnicate", "rules --bogus", "soundness --programs x", "soundness --jobs 0", "mutants --jobs x", "run"}) {
    CliRun r = run(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_FALSE(r.err.empty()) << args;
  }
}

// --html FILE: a page where it can be written; exit 2 and a message where not.
TEST_F(Cli, HtmlReportIsWrittenOrItsFailureExits2) {
  const fs::path page = dir_ / "report.html";
  CliRun ok = run("soundness --programs 5 --jobs 1 --no-progress --html '" + page.string() + "'");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  const std::string html = slurp(page);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Op rows by hits"), std::string::npos);
  CliRun bad = run("soundness --programs 5 --jobs 1 --no-progress --html '" + (dir_ / "missing" / "report.html").string() + "'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("cannot write"), std::string::npos) << bad.err;
}

TEST_F(Cli, CleanProgramListsEveryValue) {
  CliRun r = run("check " + write("ok.spmd", kClean).string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "x : f64[4] {tp: P}\ny : f64[4] {tp: R}\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(Cli, TypeErrorExits1WithLocatedDiagnostic) {
  fs::path p = write("bad.spmd", kBroken);
  CliRun r = run("check " + p.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.rfind(p.string() + ":3:5: error: ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("[infer.partial_nonlinear]\nnote: "), std::string::npos) << r.out;
}

TEST_F(Cli, UnreadableFileExits2) {
  CliRun r = run("check " + (dir_ / "missing.spmd").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos);
}

TEST_F(Cli, SeveralFilesAreAllChecked) {
  fs::path ok = write("ok.spmd", kClean), bad = write("bad.spmd", kBroken);
  CliRun r = run("check " + bad.string() + " " + ok.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("# " + ok.string() + "\nx : f64[4] {tp: P}"), std::string::npos) << r.out;
  CliRun r2 = run("check " + ok.string() + " " + (dir_ / "missing.spmd").string() + " " + bad.string());
  EXPECT_EQ(r2.exit_code, 2);
}

TEST_F(Cli, BrokenRuleTableExits1WithLocation) {
  std::string table(embedded_default_table_text());
  table.replace(table.find("id = \"op.neg\""), 13, "id = \"op.clone\"");
  fs::path rules = write("broken.toml", table);
  fs::path prog = write("ok.spmd", kClean);
  for (const std::string& args : {"--rules " + rules.string() + " check " + prog.string(),
                                  "check " + prog.string() + " --rules " + rules.string(), "--rules " + rules.string() + " rules"}) {
    CliRun r = run(args);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_NE(r.out.find(rules.string() + ":"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[table.lint.duplicate_id]"), std::string::npos) << r.out;
  }
  CliRun lint = run("rules --lint --rules " + rules.string());
  EXPECT_EQ(lint.exit_code, 1);
  EXPECT_NE(lint.out.find("1 lint finding(s)"), std::string::npos) << lint.out;
}

TEST_F(Cli, MissingRuleTableExits2) {
  CliRun r = run("--rules " + (dir_ / "none.toml").string() + " check " + write("ok.spmd", kClean).string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos);
}

TEST_F(Cli, AlternativeTableIsUsed) {
  // A table in which relu is LINEAR accepts the program the default rejects.
  std::string table(embedded_default_table_text());
  const std::string nonlinear = "name = \"relu\"\nlinearity = \"NONLINEAR\"";
  size_t at = table.find(nonlinear);
  ASSERT_NE(at, std::string::npos);
  table.replace(at, nonlinear.size(), "name = \"relu\"\nlinearity = \"LINEAR\"");
  CliRun r = run("--rules " + write("t.toml", table).string() + " check " + write("bad.spmd", kBroken).string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("y : f64[4] {tp: P}"), std::string::npos);
}

TEST_F(Cli, RulesPrintsTheMarkdownTables) {
  CliRun r = run("rules");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, table_to_markdown(*default_rule_table()));
  CliRun lint = run("rules --lint");
  EXPECT_EQ(lint.exit_code, 0);
  EXPECT_NE(lint.out.find("0 lint finding(s)"), std::string::npos);
}

TEST_F(Cli, VersionFlag) {
  CliRun r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("spmdcheck"), std::string::npos);
}

// The mutation benchmark's files are ordinary rule tables: written once,
// never overwritten, and usable with --rules.
TEST_F(Cli, MutantsWriteRuleFilesThatLoadAndNeverOverwrite) {
  const fs::path out = dir_ / "mutants";
  CliRun w = run("mutants --operator rank-shift --mutant convert.r_to_s --write '" + out.string() + "'");
  ASSERT_EQ(w.exit_code, 0) << w.err;
  const fs::path file = out / "rank-shift__coerce.convert.r_to_s.toml";
  ASSERT_TRUE(fs::exists(file)) << w.out;
  EXPECT_NE(slurp(file).find("rank_shift = 1"), std::string::npos);
  CliRun c = run("check --rules '" + file.string() + "' '" + write("p.spmd", kClean).string() + "'");
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  const std::string before = slurp(file);
  CliRun again = run("mutants --operator rank-shift --mutant convert.r_to_s --write '" + out.string() + "'");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("refusing to overwrite"), std::string::npos) << again.err;
  EXPECT_EQ(slurp(file), before);
}

TEST_F(Cli, MutantsKillsAMutantAndRejectsUnknownOperators) {
  CliRun r = run("mutants --mutant accept-rejected:infer.partial_nonlinear:P --seeds 1 --budget 20 --no-progress");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("every mutant that changes behaviour was killed"), std::string::npos) << r.out;
  CliRun bad = run("mutants --operator no-such-operator");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown operator"), std::string::npos);
  CliRun none = run("mutants --mutant no-such-mutant");
  EXPECT_EQ(none.exit_code, 2);
}

// `run --special` mixes special values into one run (data seed 1, see
// tests/soundness/special): the default table assumes finite factors, so the
// product of a P value and an infinity is reported outside that assumption;
// a table without the assumption fails on the same run. The header names
// the rate.
TEST_F(Cli, RunWithSpecialValues) {
  const std::string file = "tests/soundness/special/mul_p_times_inf.spmd";
  CliRun plain = run("run " + file + " --seed 1 --no-grad");
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  CliRun special = run("run " + file + " --seed 1 --no-grad --special-rate 25");
  EXPECT_EQ(special.exit_code, 0) << special.out;
  EXPECT_NE(special.out.find("special values in 25% of input elements"), std::string::npos) << special.out;
  EXPECT_NE(special.out.find("y : f64[8] {dp: P}  ok (invariants only: assumption finite_factors)"), std::string::npos) << special.out;
  std::string table(embedded_default_table_text());
  table.replace(table.find("assumes = [\"finite_factors\"]"), 28, "");
  const fs::path rules = write("no_assumption.toml", table);
  CliRun unsound = run("--rules " + rules.string() + " run " + file + " --seed 1 --no-grad --special-rate 25");
  EXPECT_EQ(unsound.exit_code, 1) << unsound.out;
  EXPECT_NE(unsound.out.find("nan"), std::string::npos) << unsound.out;
  CliRun flag = run("run " + file + " --seed 1 --no-grad --special");
  EXPECT_NE(flag.out.find("special values in 5% of input elements"), std::string::npos) << flag.out;
}

// --rules takes an embedded table's name as well as a file.
TEST_F(Cli, RulesSelectsAnEmbeddedTableByName) {
  CliRun lint = run("--rules spmd_types_6dbe9e2 rules --lint");
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_NE(lint.out.find("<embedded spmd_types_6dbe9e2 table>: "), std::string::npos) << lint.out;
  CliRun missing = run("--rules no_such_table check " + write("ok.spmd", kClean).string());
  EXPECT_EQ(missing.exit_code, 2) << "neither an embedded name nor a readable file";
}

// `run` on a program the table accepts but that cannot run (a P index: its
// pieces are not indices) reports it, exit 1, with no verdict per value
// (it used to read verdicts that did not exist).
TEST_F(Cli, RunReportsAProgramThatCannotRun) {
  std::string table(embedded_default_table_text());
  const std::string anchor = "id = \"infer.nonlinear_arg\"\n";
  table.replace(table.find(anchor), anchor.size(), anchor + "roles = [\"nonlinear_operand\"]\n");
  const std::string multilinear = "name = \"index_select\"\nlinearity = \"MULTILINEAR\"";  // spmd_types' class: LINEAR
  table.replace(table.find(multilinear), multilinear.size(), "name = \"index_select\"\nlinearity = \"LINEAR\"");
  const fs::path rules = write("divisors_only.toml", table);
  const fs::path prog = write("p.spmd", "mesh dp=2\ninput x : f64[4, 3] {dp: P}\ninput i : i64[2] {dp: P}\ny = index_select(x, 0, i)\n");
  CliRun r = run("--rules " + rules.string() + " run " + prog.string() + " --seed 1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("y : f64[2, 3] {dp: P}  not checked"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot run"), std::string::npos) << r.out;
}

// A counterexample's replay line (--program-seed) reproduces it alone, and
// the report does not depend on --jobs.
TEST_F(Cli, SoundnessReplayLineReproducesTheCounterexampleAtAnyJobs) {
  std::string table = slurp(fs::path(SPMDCHECK_SOURCE_DIR) / "rules/default_table.toml");
  const std::string from = "name = \"exp\"\nlinearity = \"NONLINEAR\"";
  ASSERT_NE(table.find(from), std::string::npos);
  table.replace(table.find(from), from.size(), "name = \"exp\"\nlinearity = \"LINEAR\"");
  const std::string rules = write("exp_linear.toml", table).string();
  const std::string search = "--rules '" + rules + "' soundness --seed 3 --programs 3000 --no-grad --gen 'special=0' --no-progress";
  CliRun one = run(search + " --jobs 1"), two = run(search + " --jobs 2");
  ASSERT_EQ(one.exit_code, 1) << one.out;
  EXPECT_EQ(two.exit_code, 1) << two.out;
  auto without_time = [](std::string text) {
    const size_t at = text.find("statements:");
    return at == std::string::npos ? text : text.substr(0, at) + text.substr(text.find('\n', at));
  };
  EXPECT_EQ(without_time(one.out), without_time(two.out));
  const size_t at = one.out.find("replay: spmdcheck soundness --program-seed ");
  ASSERT_NE(at, std::string::npos) << one.out;
  const std::string line = one.out.substr(at + std::string("replay: spmdcheck ").size(), one.out.find('\n', at) - at - 18);
  CliRun again = run(line + " --no-grad --no-progress");
  EXPECT_EQ(again.exit_code, 1) << line << "\n" << again.out;
  const std::string shrunk = one.out.substr(one.out.find("counterexample (program seed"));
  EXPECT_NE(again.out.find(shrunk.substr(shrunk.find(":\n"), shrunk.find("replay:") - shrunk.find(":\n"))), std::string::npos) << again.out;
}

}  // namespace
}  // namespace spmdcheck
