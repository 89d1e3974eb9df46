#pragma once
// `spmdcheck export --pytest FILE PROGRAM`: a self-contained pytest file
// that runs a .spmd program through spmd_types' own API (commit 6dbe9e2)
// under its LocalTensor harness (spmd_types/_test_utils.py,
// SpmdTypeCheckedTestCase: one process, each rank a LocalTensor shard): the
// mesh, the per-rank inputs as literal tensors from the data seed, the
// program's calls as written (keywords included, cmd/pytest_spelling.h),
// assert_type where the program asserts, then for every bound value the
// agreement of its R and I axes across ranks and the denotation read off
// the ranks (P axes summed, V axes indexed) against the reference
// denotation spmdcheck computed for the same inputs. A header states
// spmdcheck's verdict on the program and so whether the test is predicted
// to pass or fail on spmd_types. Forward only: gradients are not exported.
//
// spmd_types' Scalar holds one Python number, the same on every rank, so a
// typed scalar input holds rank 0's piece on every rank in the export (its
// denotation follows: n x that number over its P axes) and the reference
// is computed from these inputs; the other inputs are the replay's.
//
// A global program runs in spmd_types' global mode (typecheck(local=False),
// its local axes named to set_current_mesh), its types spelt with S(k) or a
// PartitionSpec, and is compared with property 8's reference in the ranks'
// blocks (DESIGN.md, "Export").
#include <cstdint>
#include <string>

#include "program/program.h"
#include "rules/rule_table.h"

namespace spmdcheck {

struct PytestExport {
  std::string text;   // the Python file
  std::string error;  // why the program cannot be exported ("" on success)
};

struct PytestExportRequest {
  const RuleTable* table = nullptr;  // the table the verdict is taken under
  std::string rules_arg;             // as --rules names it ("" = default), for the regeneration line
  const Program* program = nullptr;
  std::string program_text;  // quoted in the header
  std::string program_path;  // as given on the command line
  uint64_t data_seed = 1;
  int special_rate = 0;
};

PytestExport export_pytest(const PytestExportRequest& request);

// The command: refuses to overwrite FILE (exit 2), a program that does not
// parse (exit 1, FILE:LINE:COL) or cannot be exported (exit 1, the reason).
int run_export_command(const RuleTable& table, const std::string& rules_arg, const std::string& pytest_file,
                       const std::string& program_file, uint64_t data_seed, int special_rate);

}  // namespace spmdcheck
