#!/usr/bin/env python3
"""tools/spmd_types_registry.py on a miniature checkout (tests/tools/fixtures):
its listing, exit 0 on a matching table, the exact drift lines and exit 1 on
a drifted one, exit 2 on a bad checkout or table."""
import pathlib
import subprocess
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "spmd_types_registry.py"
FIXTURES = ROOT / "tests" / "tools" / "fixtures"
CHECKOUT = FIXTURES / "spmd_types_mini"


def run(*args):
    p = subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class RegistryDrift(unittest.TestCase):
    def test_a_matching_table_has_no_drift(self):
        code, out, _ = run(CHECKOUT, "--table", FIXTURES / "mini_table_ok.toml")
        self.assertEqual(code, 0, out)
        self.assertIn("no drift: 9 entries match", out)
        self.assertIn("entries: decomposition 1, factory 1, new_factory 1, raw_dist 2, registry 6", out)
        self.assertIn("decomposition torch.addmm                        LINEAR(MULTILINEAR(#1, #2), #0)  spmd_types/_checker/__init__.py:25", out)
        self.assertIn("nonlinear_args=(1,)  spmd_types/_checker/__init__.py:15", out)

    def test_every_kind_of_drift_is_reported(self):
        code, out, _ = run(CHECKOUT, "--table", FIXTURES / "mini_table_drift.toml")
        self.assertEqual(code, 1, out)
        drift = [line for line in out.splitlines() if line.startswith("drift:")]
        self.assertEqual(drift, [
            "drift: different: torch.addmm (spmd_types/_checker/__init__.py:25): structure LINEAR(MULTILINEAR(#1, #2), #0), "
            "the row LINEAR(MULTILINEAR(beta, #0), MULTILINEAR(alpha, #1, #2)) (row op.addmm)",
            "drift: different: torch.nansum (spmd_types/_checker/__init__.py:14): class LINEAR, the row NONLINEAR (row op.nansum)",
            "drift: missing: torch.neg (spmd_types/_checker/__init__.py:13) has no row",
            "drift: extra: row op.add lists torch.sub, which the source does not have",
            "drift: extra: row op.neg is LINEAR but lists no registry key (spmd_types types it NONLINEAR)",
        ])

    def test_bad_inputs_exit_2_with_a_message(self):
        code, out, err = run(FIXTURES / "no_such_checkout", "--table", FIXTURES / "mini_table_ok.toml")
        self.assertEqual(code, 2)
        self.assertIn("not a spmd_types checkout", err)
        code, out, err = run(CHECKOUT, "--table", FIXTURES / "no_such_table.toml")
        self.assertEqual(code, 2)
        self.assertIn("cannot read the table", err)
        code, out, err = run("--bogus")
        self.assertEqual(code, 2)

    def test_the_as_implemented_table_parses_and_lists_registry_keys(self):
        # The real comparison needs a spmd_types checkout (the closing note
        # gives its output); here: the table the tool compares by default is
        # there and every op row that is not a variant or NONLINEAR lists keys.
        code, out, err = run(CHECKOUT)  # the default table against the miniature: drift, not a crash
        self.assertEqual(code, 1, err)
        self.assertTrue(any(line.startswith("drift: extra: row op.") for line in out.splitlines()), out)


if __name__ == "__main__":
    unittest.main()
