#include "cmd/pytest_export.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>

#include "cmd/cli_support.h"
#include "cmd/exit_codes.h"
#include "cmd/pytest_spelling.h"
#include "oracle/assert_transmute.h"
#include "oracle/global_reference.h"
#include "oracle/reference_interpreter.h"
#include "program/program_text.h"
#include "rules/embedded_tables.h"
#include "rules/table_loader.h"
#include "soundness/program_inputs.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

// The harness helpers every export carries (no import beyond torch and
// spmd_types, so the file runs wherever spmd_types' tests do).
constexpr const char* kHelpers = R"PY(

def _coords(rank):
    """Per mesh axis, the coordinate of `rank` (row-major over the axes, as init_device_mesh numbers them)."""
    out = []
    for size in reversed(MESH_SHAPE):
        out.append(rank % size)
        rank //= size
    return tuple(reversed(out))


def _rank(coords):
    rank = 0
    for c, size in zip(coords, MESH_SHAPE):
        rank = rank * size + c
    return rank


def _world():
    return math.prod(MESH_SHAPE)


def _data(flat, shape, dtype):
    return torch.tensor(flat, dtype=torch.float64).to(dtype).reshape(shape)


def _per_rank(value):
    """Rank -> tensor of a LocalTensor, a typed Scalar or a number (the same on every rank)."""
    if hasattr(value, "_local_tensors"):
        return dict(value._local_tensors)
    number = value.value if isinstance(value, Scalar) else value
    return {r: torch.tensor(number, dtype=torch.float64) for r in range(_world())}


def _read_off(value, types, name):
    """The denotation the ranks' data stands for under `types` (a letter per mesh axis): R and I
    axes agree across their coordinates (checked exactly), P axes are summed, V axes index the
    items, row-major in mesh order (spmdcheck's oracle/denotation.h)."""
    ranks = _per_rank(value)
    items = {}
    for rank in sorted(ranks):
        t, c = ranks[rank], _coords(rank)
        base = tuple(0 if ty in "RI" else x for x, ty in zip(c, types))
        if base != c:
            torch.testing.assert_close(
                t, ranks[_rank(base)], rtol=0, atol=0, equal_nan=True,
                msg=f"{name} is {types} over {MESH_DIM_NAMES}, but rank {rank} differs from rank {_rank(base)}")
            continue
        key = tuple(x for x, ty in zip(c, types) if ty == "V")
        items[key] = items.get(key, 0) + t.to(torch.float64)
    return [items[k] for k in sorted(items)]


_EPS = {torch.float64: 2.0**-52, torch.float32: 2.0**-23, torch.bfloat16: 2.0**-8, torch.float16: 2.0**-10}


def _check(value, types, name, expected, dtype):
    """The value read off the ranks equals spmdcheck's reference denotation: exactly for integers
    and bools, within 2 * ranks * eps(dtype) * max(1, |expected|) for floating values."""
    got = _read_off(value, types, name)
    assert len(got) == len(expected), f"{name}: {len(got)} items read off the ranks, want {len(expected)}"
    for k, (g, want) in enumerate(zip(got, expected)):
        want = want.to(torch.float64)
        scale = max([1.0] + want.nan_to_num(0.0, 0.0, 0.0).abs().flatten().tolist())
        tol = 2 * _world() * _EPS[dtype] * scale if dtype in _EPS else 0.0
        torch.testing.assert_close(
            g.reshape(want.shape), want, rtol=0, atol=tol, equal_nan=True,
            msg=lambda m: f"{name} typed {types} over {MESH_DIM_NAMES}, item {k}: the ranks compute\n{g}\nbut it denotes\n{want}\n{m}")
)PY";

// Flat values of a tensor as a Python list literal.
std::string flat_literal(const at::Tensor& t) {
  const at::Tensor d = t.detach().to(at::kDouble).contiguous().reshape({-1});
  const double* p = d.data_ptr<double>();
  std::string out = "[";
  for (int64_t i = 0; i < d.numel(); ++i) out += (i ? ", " : "") + python_float(p[i]);
  return out + "]";
}

std::string shape_literal(const at::Tensor& t) {
  std::string out = "(";
  for (int64_t i = 0; i < t.dim(); ++i) out += std::to_string(t.size(i)) + (t.dim() == 1 || i + 1 < t.dim() ? "," : "");
  return out + ")";
}

std::string data_literal(const at::Tensor& t, DType dtype) {
  return "_data(" + flat_literal(t) + ", " + shape_literal(t) + ", " + python_dtype(dtype) + ")";
}

std::string type_letters(const LocalType& type) {
  std::string out;
  for (int a = 0; a < type.num_axes; ++a) out += ty_letter(type.axis[a]);
  return out;
}

std::string commented(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) out += line.empty() ? "#\n" : "#   " + line + "\n";
  return out;
}

// spmdcheck's verdict under the request's table, and what it predicts.
std::string verdict_lines(const PytestExportRequest& q) {
  const CheckResult checked = check_program(*q.table, *q.program);
  if (!checked.ok())
    return "# spmdcheck: the table rejects it:\n" + commented(format_diagnostic(q.program_path, *checked.error)) +
           "# Predicted on spmd_types: SpmdTypeError at that statement, so this test FAILS (if the program is\n"
           "# sound, the rejection is the finding; the value checks below say what it computes).\n";
  PropertyOptions options;
  options.special_rate = q.special_rate;
  const PropertyOutcome o = check_program_property(*q.table, *q.program, q.data_seed, options);
  if (!o.error.empty()) return "# spmdcheck:\n" + commented(o.error);
  if (o.failed())
    return "# spmdcheck: the table accepts it, and the ranks disagree with the types:\n" +
           commented(o.first_failure().describe(q.program->mesh)) +
           "# Predicted on spmd_types: this test FAILS in the value checks (forward ones: the failure\n"
           "# above may be a gradient's, which is not exported).\n";
  return "# spmdcheck: the table accepts it and every value and gradient is consistent.\n"
         "# Predicted on spmd_types: this test passes.\n";
}

}  // namespace

PytestExport export_pytest(const PytestExportRequest& q) {
  PytestExport out;
  // Types to read the ranks through: the request's table's, or, where it
  // rejects the program, the default table's (what the program means).
  std::shared_ptr<const RuleTable> fallback = default_rule_table();
  const RuleTable* types_table = q.table;
  CheckResult checked = check_program(*types_table, *q.program);
  if (!checked.ok()) {
    types_table = fallback.get();
    checked = check_program(*types_table, *q.program);
  }
  if (!checked.ok()) {
    out.error = "neither this table nor the default types the program: " + checked.error->message;
    return out;
  }
  const RuleTable& spelling = *embedded_rule_table("spmd_types_6dbe9e2");
  const MeshLayout layout(q.program->mesh);
  std::vector<int> hosted(static_cast<size_t>(layout.num_ranks()));
  std::iota(hosted.begin(), hosted.end(), 0);
  // The inputs and the reference follow the checked values: a transmuting
  // assert's coercions among them (oracle/assert_transmute.h). The file
  // spells the program as written.
  const Program executed = checked.transmutes.empty() ? *q.program : lowered_program(*q.program, checked);
  ProgramInputs inputs = make_program_inputs(executed, checked, layout, hosted, q.data_seed, false, q.special_rate);
  // Typed scalars: rank 0's piece on every rank; the denotation follows.
  for (size_t i = 0; i < inputs.values.size(); ++i) {
    const ValueInfo& v = checked.values[inputs.values[i]];
    if (!v.scalar) continue;
    const double x = inputs.tensors[i][0].item<double>();
    double sum = x;
    for (int a = 0; a < v.type.num_axes; ++a)
      if (v.type.axis[a] == Ty::P) sum *= static_cast<double>(q.program->mesh.axes[a].size);
    for (at::Tensor& t : inputs.tensors[i]) t = at::scalar_tensor(x, at::kDouble);
    for (at::Tensor& t : inputs.denotations[i].items) t = at::scalar_tensor(sum, at::kDouble);
  }
  // A global program's reference is property 8's (one device on the global
  // tensors), split back into the ranks' blocks: read off the ranks the
  // same way as a local program's.
  const bool global = q.program->mesh.num_global > 0;
  const ReferenceRun reference = global ? run_global_reference(*types_table, executed, checked, layout, inputs.denotations)
                                        : run_reference(*types_table, executed, checked, layout, inputs.denotations);
  if (!reference.error.empty()) {
    out.error = "the reference cannot evaluate it: " + reference.error;
    return out;
  }

  std::ostringstream py;
  const Mesh& mesh = q.program->mesh;
  py << "# Generated by spmdcheck; regenerate with\n#   spmdcheck" << (q.rules_arg.empty() ? "" : " --rules " + q.rules_arg)
     << " export --pytest FILE " << q.program_path << " --seed " << q.data_seed
     << (q.special_rate ? " --special-rate " + std::to_string(q.special_rate) : "") << "\n"
     << "# Runs the program below through spmd_types' API under its LocalTensor harness (spmd_types/_test_utils.py\n"
        "# at 6dbe9e2) and checks every value against spmdcheck's reference denotation for the same inputs.\n"
        "# Forward only. Typed scalars hold one number on every rank (spmd_types' Scalar wraps one Python number).\n"
     << (global ? "# Global SPMD: typecheck(local=False) with the local axes named to set_current_mesh (as spmd_types'\n"
                  "# tests/global_spmd_test.py does); S(k) and PartitionSpec in assert_type; each value is compared in\n"
                  "# the ranks' blocks of the one-device result on the global tensors.\n"
                : "")
     << verdict_lines(q) << "#\n# The program:\n"
     << commented(q.program_text) << "\nimport math\n\nimport torch\n"
     << "from spmd_types import I, P, R, S, V, Scalar, all_gather, all_reduce, all_to_all, assert_type, convert\n"
     << "from spmd_types import no_typecheck, reduce_scatter, reinterpret, set_current_mesh\n"
     << (global ? "from spmd_types import PartitionSpec\nfrom spmd_types.checker import typecheck\n"
                  "from spmd_types._test_utils import LocalTensorTestCase, SpmdTypeCheckedTestCase\n"
                : "from spmd_types._test_utils import SpmdTypeCheckedTestCase\n")
     << "from torch.testing._internal.common_utils import run_tests\n\n";
  py << "MESH_SHAPE = (";
  for (const MeshAxis& a : mesh.axes) py << a.size << ",";
  py << ")\nMESH_DIM_NAMES = (";
  for (const MeshAxis& a : mesh.axes) py << "\"" << a.name << "\",";
  py << ")\n"
     << kHelpers << "\n\nclass SpmdcheckProgram(SpmdTypeCheckedTestCase):\n"
     << "    MESH_SHAPE = MESH_SHAPE\n    MESH_DIM_NAMES = MESH_DIM_NAMES\n\n";
  std::string local_axes;
  for (int a = 0; a < static_cast<int>(mesh.axes.size()); ++a)
    if (!mesh.is_global(a)) local_axes += "\"" + mesh.axes[a].name + "\", ";
  if (global)
    py << "    def setUp(self):\n        # Global mode in place of the harness's local typecheck().\n"
       << "        LocalTensorTestCase.setUp(self)\n        self._type_checking_cm = typecheck(local=False)\n"
       << "        self._type_checking_cm.__enter__()\n\n";
  py << "    def test_program(self):\n"
     << "        with set_current_mesh(self.mesh" << (global ? ", local_axes=(" + local_axes + ")" : "") << "):\n";
  std::ostringstream checks;
  size_t input = 0, binding = 0;
  // The check of every result of binding `r` against the reference.
  auto check_results = [&](const ResolvedBinding& r) {
    for (int k = 0; k < r.num_results; ++k) {
      const ValueInfo& v = checked.values[r.value + k];
      const bool ties = !r.is_transition && !types_table->ops[r.row].ties.empty() && !dtype_is_floating(v.dtype);
      if (ties) {
        checks << "            # " << python_variable(v.name) << ": indices, which may differ at ties: not compared\n";
        continue;
      }
      checks << "            _check(" << python_variable(v.name) << ", \"" << type_letters(v.type) << "\", \"" << v.name << "\", [\n";
      for (const at::Tensor& t : reference.values[r.value + k].items) checks << "                " << data_literal(t, v.dtype) << ",\n";
      checks << "            ], " << python_dtype(v.dtype) << ")\n";
    }
  };
  try {
    for (size_t si = 0; si < q.program->statements.size(); ++si) {
      const Statement& s = q.program->statements[si];
      if (const auto* in = std::get_if<InputStmt>(&s)) {
        const size_t i = input++;
        const std::string var = python_variable(in->name), type = python_type_args(mesh, in->type.type, in->type.spec, in->shape.rank);
        if (in->scalar) {
          py << "            " << var << " = Scalar(" << python_float(inputs.tensors[i][0].item<double>()) << ", " << type << ")\n";
          continue;
        }
        py << "            " << var << " = self.rank_map(lambda r: [\n";
        for (const at::Tensor& t : inputs.tensors[i]) py << "                " << data_literal(t, in->dtype) << ",\n";
        py << "            ][r])\n            assert_type(" << var << ", " << type << ")\n";
      } else if (const auto* b = std::get_if<BindingStmt>(&s)) {
        const ResolvedBinding& r = checked.bindings[binding++];
        std::string lhs;
        for (size_t k = 0; k < b->names.size(); ++k) lhs += (k ? ", " : "") + python_variable(b->names[k]);
        py << "            " << lhs << " = " << python_call(*types_table, spelling, checked, *b, r) << "\n";
        check_results(r);
      } else if (const auto* a = std::get_if<AssertStmt>(&s)) {
        // A transmuting assert retypes the tensor in place: its retyped
        // values are checked as the coercions' results.
        for (size_t k = statement_counts(*q.program, checked, si).bindings; k > 0; --k) check_results(checked.bindings[binding++]);
        int rank = 0;
        for (const ValueInfo& v : checked.values)
          if (v.name == a->name) rank = v.shape.rank;
        py << "            assert_type(" << python_variable(a->name) << ", " << python_type_args(mesh, a->type.type, a->type.spec, rank)
           << ")\n";
      } else if (const auto* l = std::get_if<LossStmt>(&s)) {
        py << "            # loss " << l->name << ": gradients are not exported\n";
      }
    }
  } catch (const SpellingError& e) {
    out.error = e.what();
    return out;
  }
  py << "        with no_typecheck():\n" << (checks.str().empty() ? "            pass\n" : checks.str());
  py << "\n\nif __name__ == \"__main__\":\n    run_tests()\n";
  out.text = py.str();
  return out;
}

int run_export_command(const RuleTable& table, const std::string& rules_arg, const std::string& pytest_file,
                       const std::string& program_file, uint64_t data_seed, int special_rate) {
  std::optional<std::string> text = read_text_file(program_file);
  if (!text) return kExitUsage;
  ParseResult parsed = parse_program(*text);
  if (!parsed.program) {
    std::cout << format_diagnostic(program_file, *parsed.error);
    return kExitFound;
  }
  std::error_code ec;
  if (std::filesystem::exists(pytest_file, ec)) {
    std::cerr << "spmdcheck: " << pytest_file << " exists; export never overwrites a file\n";
    return kExitUsage;
  }
  PytestExportRequest request{&table, rules_arg, &*parsed.program, *text, program_file, data_seed, special_rate};
  PytestExport exported = export_pytest(request);
  if (!exported.error.empty()) {
    std::cerr << program_file << ": cannot export: " << exported.error << "\n";
    return kExitFound;
  }
  std::ofstream out(pytest_file);
  out << exported.text;
  if (!out) {
    std::cerr << "spmdcheck: cannot write " << pytest_file << "\n";
    return kExitUsage;
  }
  std::cout << "wrote " << pytest_file << " (" << program_file << ", data seed " << data_seed << ")\n";
  return kExitOk;
}

}  // namespace spmdcheck
