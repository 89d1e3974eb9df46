#!/usr/bin/env python3
"""`spmdcheck export --pytest` on every finding and every example (python3, standard library).

Usage: exported_pytest_test.py SPMDCHECK REPO_ROOT

Each exported file must compile (py_compile) and name only APIs that exist:
what it imports from spmd_types, and the harness members it uses on `self`,
must be in tests/tools/fixtures/spmd_types_6dbe9e2_api.txt (tools/spmd_types_api.py
on the 6dbe9e2 checkout); every `torch.` name and Tensor method it calls must
be a key of spmd_types' registry as rules/spmd_types_6dbe9e2.toml transcribes it,
or in tests/tools/fixtures/torch_api.txt (the PyTorch names the exporter adds).
There is no torch here, so the files are not run (DESIGN.md "Export").
"""
import ast
import os
import py_compile
import subprocess
import sys
import tempfile
import tomllib
import unittest

SPMDCHECK = REPO = None


def fixture(name):
    with open(os.path.join(REPO, "tests", "tools", "fixtures", name), encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def registry_keys():
    with open(os.path.join(REPO, "rules", "spmd_types_6dbe9e2.toml"), "rb") as f:
        table = tomllib.load(f)
    return {key for op in table.get("op", []) for key in op.get("registry", [])}


def dotted(node):
    """`torch.nn.functional.gelu` for an attribute chain rooted at a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id] + parts[::-1])


def unknown_names(path, spmd_api, torch_api, registry):
    """Names in the file that no fixture vouches for."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), filename=path)
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            child.parent = parent
    methods = {k[len("torch.Tensor."):].split(".")[0] for k in registry if k.startswith("torch.Tensor.")}
    methods |= {n[len("Tensor."):] for n in torch_api if n.startswith("Tensor.")}
    unknown = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if node.module.startswith("spmd_types") and f"{node.module} {alias.name}" not in spmd_api:
                    unknown.append(f"from {node.module} import {alias.name}")
                if node.module.startswith("torch") and f"{node.module}.{alias.name}" not in torch_api:
                    unknown.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            name = dotted(node)
            if name is None:
                continue
            root = name.split(".")[0]
            if root == "torch" and not isinstance(getattr(node, "parent", None), ast.Attribute):
                if name not in torch_api and name not in registry:
                    unknown.append(name)
            elif root == "self" and name.count(".") == 1:
                if f"spmd_types._test_utils SpmdTypeCheckedTestCase.{node.attr}" not in spmd_api:
                    unknown.append(name)
            elif root.startswith("v_") and isinstance(getattr(node, "parent", None), ast.Call) and node.attr not in methods:
                unknown.append(f"Tensor.{node.attr}")
    return unknown


def is_global(program):
    """Whether the program has a `global` line (global SPMD)."""
    with open(os.path.join(REPO, program), encoding="utf-8") as f:
        return any(line.split()[:1] == ["global"] and "=" not in line for line in f)


class ExportedPytest(unittest.TestCase):
    def programs(self):
        with open(os.path.join(REPO, "findings", "findings.toml"), "rb") as f:
            findings = tomllib.load(f)["finding"]
        for finding in findings:
            extra = ["--seed", finding["seed"]]
            if finding.get("special_rate"):
                extra += ["--special-rate", str(finding["special_rate"])]
            yield finding["id"], finding["program"], ["--rules", "spmd_types_6dbe9e2"], extra
        examples = os.path.join(REPO, "examples")
        for name in sorted(os.listdir(examples)):
            if name.endswith(".spmd"):
                yield name[: -len(".spmd")], os.path.join("examples", name), [], []

    def test_every_finding_and_example_exports_compiles_and_names_existing_apis(self):
        spmd_api, torch_api, registry = fixture("spmd_types_6dbe9e2_api.txt"), fixture("torch_api.txt"), registry_keys()
        exported = exported_global = 0
        with tempfile.TemporaryDirectory() as tmp:
            for name, program, before, after in self.programs():
                out = os.path.join(tmp, f"{name}_test.py")
                run = subprocess.run([SPMDCHECK, *before, "export", "--pytest", out, program, *after], cwd=REPO, capture_output=True, text=True)
                self.assertEqual(run.returncode, 0, f"{program}: {run.stdout}{run.stderr}")
                py_compile.compile(out, doraise=True)
                self.assertEqual(unknown_names(out, spmd_api, torch_api, registry), [], program)
                with open(out, encoding="utf-8") as f:
                    text = f.read()
                # Global programs run spmd_types in global mode, their local axes named.
                self.assertEqual("typecheck(local=False)" in text, is_global(program), program)
                if is_global(program):
                    self.assertIn("set_current_mesh(self.mesh, local_axes=(", text, program)
                    exported_global += 1
                exported += 1
            self.assertGreaterEqual(exported, 14)
            self.assertGreaterEqual(exported_global, 1)
            # Never overwrites: the second export of the same file is refused.
            again = subprocess.run([SPMDCHECK, "export", "--pytest", out, program], cwd=REPO, capture_output=True, text=True)
            self.assertEqual(again.returncode, 2, again.stderr)
            self.assertIn("never overwrites", again.stderr)

    def test_the_api_check_flags_names_that_do_not_exist(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad_test.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write("import torch\nfrom spmd_types import no_such_name, R\n"
                        "def f(self, v_x):\n    self.no_member\n    torch.no_such_op(v_x)\n    v_x.no_such_method(2)\n"
                        "    v_x.view(3)\n    torch.nn.functional.gelu(v_x)\n")
            found = unknown_names(path, fixture("spmd_types_6dbe9e2_api.txt"), fixture("torch_api.txt"), registry_keys())
            self.assertEqual(found, ["from spmd_types import no_such_name", "self.no_member", "torch.no_such_op", "Tensor.no_such_method"])

    def test_calls_are_spelt_as_spmd_types_and_pytorch_spell_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            program = os.path.join(tmp, "p.spmd")
            with open(program, "w", encoding="utf-8") as f:
                f.write("mesh dp=2 tp=2\n\ninput x : f32[4, 2] {dp: R, tp: V}\n"
                        "y = reinterpret(x, dp, src=R, dst=P, expert=true)\nz = view(y, [8])\nt = T(x)\n"
                        "u = all_gather(t, tp, src=V, dst=R, gather_dim=0)\noutput z, u\n")
            out = os.path.join(tmp, "p_test.py")
            run = subprocess.run([SPMDCHECK, "export", "--pytest", out, program], cwd=REPO, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            with open(out, encoding="utf-8") as f:
                text = f.read()
            for line in ('v_y = reinterpret(v_x, "dp", src=R, dst=P, expert_mode=True)', "v_z = v_y.view([8])", "v_t = v_x.T",
                         'v_u = all_gather(v_t, "tp", src=V, dst=R, gather_dim=0)', 'assert_type(v_x, {"dp": R, "tp": V})'):
                self.assertIn(line, text)
            py_compile.compile(out, doraise=True)

    def test_a_program_that_cannot_be_spelt_is_refused_with_its_reason(self):
        with tempfile.TemporaryDirectory() as tmp:
            program = os.path.join(tmp, "scalars.spmd")
            with open(program, "w", encoding="utf-8") as f:
                f.write("mesh tp=2\n\ninput s : scalar {tp: R}\ninput t : scalar {tp: R}\nv = maximum(s, t)\noutput v\n")
            run = subprocess.run([SPMDCHECK, "export", "--pytest", os.path.join(tmp, "out.py"), program], cwd=REPO, capture_output=True, text=True)
            self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
            self.assertIn("cannot export", run.stderr)
            self.assertFalse(os.path.exists(os.path.join(tmp, "out.py")))


    def test_a_transmuting_assert_is_spelt_as_written_and_its_retyped_value_checked(self):
        """spmd_types' assert_type(x, P) of a V tensor retypes it (runtime.py:492-496): the file
        asserts as the program does, then checks x as V (the input's pieces) and as P (their sum)."""
        program = "mesh dp=2\n\ninput x : f64[2] {dp: V}\nassert x : {dp: P}\ny = all_reduce(x, dp, src=P, dst=R)\noutput y\n"
        with tempfile.TemporaryDirectory() as tmp:
            source, out = os.path.join(tmp, "t.spmd"), os.path.join(tmp, "t_test.py")
            with open(source, "w", encoding="utf-8") as f:
                f.write(program)
            run = subprocess.run([SPMDCHECK, "--rules", "spmd_types_6dbe9e2", "export", "--pytest", out, source], cwd=REPO,
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            py_compile.compile(out, doraise=True)
            with open(out, encoding="utf-8") as f:
                text = f.read()
        self.assertIn('assert_type(v_x, {"dp": P})', text)
        self.assertNotIn("reinterpret(v_x", text, "the coercion is the assert's meaning, not a call to spell")
        self.assertIn('_check(v_x, "P", "x", [', text)
        self.assertIn('v_y = all_reduce(v_x, "dp", src=P, dst=R)', text)
        self.assertIn("Predicted on spmd_types: this test passes.", text)

    def test_a_global_program_spells_its_specs(self):
        """S(k) where one axis shards a dim, PartitionSpec (major axis first) where two do; the local
        axes named to set_current_mesh; the file compiles and names existing APIs."""
        program = "\n".join([
            "mesh dp=2 cp=2 tp=2", "global cp, tp",
            "input x : f64[4, 6] {dp: V, cp: V, tp: V} spec((cp, tp), None)",
            "input w : f64[6, 2] {dp: R, cp: R, tp: R}",
            "z = matmul(x, w)",
            "u = all_gather(z, tp, src=S(0), dst=R)",
            "assert u : {dp: V, cp: S(0), tp: R}",
            "output u", ""])
        spmd_api, torch_api, registry = fixture("spmd_types_6dbe9e2_api.txt"), fixture("torch_api.txt"), registry_keys()
        with tempfile.TemporaryDirectory() as tmp:
            source, out = os.path.join(tmp, "g.spmd"), os.path.join(tmp, "g_test.py")
            with open(source, "w", encoding="utf-8") as f:
                f.write(program)
            run = subprocess.run([SPMDCHECK, "export", "--pytest", out, source], cwd=REPO, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            py_compile.compile(out, doraise=True)
            self.assertEqual(unknown_names(out, spmd_api, torch_api, registry), [])
            with open(out, encoding="utf-8") as f:
                text = f.read()
        self.assertIn('assert_type(v_x, {"dp": V, "cp": V, "tp": V}, PartitionSpec(("cp", "tp"), None))', text)
        self.assertIn('assert_type(v_u, {"dp": V, "cp": S(0), "tp": R})', text)
        self.assertIn('set_current_mesh(self.mesh, local_axes=("dp", ))', text)
        self.assertIn("Predicted on spmd_types: this test passes.", text)

if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    SPMDCHECK, REPO = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1])
