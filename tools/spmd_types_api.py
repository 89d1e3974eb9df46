#!/usr/bin/env python3
"""The names a spmd_types checkout offers to the tests `spmdcheck export --pytest` writes.

Usage: tools/spmd_types_api.py CHECKOUT

Reads (with ast, never importing) spmd_types/__init__.py, spmd_types/checker.py
and spmd_types/_test_utils.py of CHECKOUT and prints, sorted, one line per name:

    spmd_types NAME                      a name spmd_types/__init__.py binds
    spmd_types.checker NAME              a name spmd_types/checker.py binds (typecheck)
    spmd_types._test_utils NAME          a class or function of the harness
    spmd_types._test_utils CLASS.MEMBER  a method or attribute of a harness class,
                                         its bases' within the file included

tests/tools/fixtures/spmd_types_6dbe9e2_api.txt is this output for commit
6dbe9e2; tests/tools/exported_pytest_test.py checks every exported file against it.
Exit 2 when CHECKOUT is not a spmd_types checkout.
"""
import ast
import os
import sys


def bound_names(tree):
    """Names a module binds at top level: imports, defs, classes, assignments."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def class_members(cls):
    """Methods and attributes of a class: its defs, class-level assignments, and
    attributes its methods set on self or cls."""
    members = set()
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            members.add(node.name)
        elif isinstance(node, ast.Assign):
            members.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            members.add(node.target.id)
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                members.add(node.attr)
    return members


def harness_lines(tree):
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    lines = set()
    for name in bound_names(tree):
        lines.add(f"spmd_types._test_utils {name}")
    for name, cls in classes.items():
        seen, todo = set(), [name]
        while todo:  # the class and its bases defined in the same file
            current = todo.pop()
            if current in seen or current not in classes:
                continue
            seen.add(current)
            for member in class_members(classes[current]):
                lines.add(f"spmd_types._test_utils {name}.{member}")
            todo.extend(b.id for b in classes[current].bases if isinstance(b, ast.Name))
    return lines


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root = os.path.join(argv[1], "spmd_types")
    paths = [os.path.join(root, "__init__.py"), os.path.join(root, "_test_utils.py"), os.path.join(root, "checker.py")]
    if not all(os.path.isfile(p) for p in paths):
        print(f"spmd_types_api: {argv[1]} is not a spmd_types checkout (no {', '.join(paths)})", file=sys.stderr)
        return 2
    trees = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            trees.append(ast.parse(f.read(), filename=p))
    lines = {f"spmd_types {n}" for n in bound_names(trees[0])} | harness_lines(trees[1])
    lines |= {f"spmd_types.checker {n}" for n in bound_names(trees[2])}
    for line in sorted(lines):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
