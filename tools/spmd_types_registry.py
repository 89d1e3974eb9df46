#!/usr/bin/env python3
"""List spmd_types' typing registries and compare them with a rule table.

Usage: tools/spmd_types_registry.py CHECKOUT [--table TABLE]

CHECKOUT is a spmd_types source tree (the directory holding spmd_types/).
Its source is read with `ast`, never imported (torch need not be installed).
Listed, one line each, sorted: every `_OP_REGISTRY` entry (class, tensor
positions and keywords, nonlinear positions), every `_DECOMP_TYPE_RULES`
entry (the rule function's return structure, `#i` its i-th parameter), the
deterministic factories and the raw torch.distributed rules.

Then each entry is compared with TABLE (default: rules/spmd_types_6dbe9e2.toml
beside this script), whose op rows list the keys they model in `registry`
and whose `[table] not_modelled` lists the keys it knowingly has no row for:
  missing    an entry no row lists (and not in not_modelled);
  extra      a key a row lists that the source lacks; a LINEAR or MULTILINEAR
             row (or one with a typing expression) that lists no key, which
             spmd_types would type NONLINEAR; a raw-dist comm row whose
             function the source lacks;
  different  a class other than the row's linearity; a decomposition whose
             structure is not the row's typing expression; nonlinear positions
             other than the row's nonlinear_operand parameters (reflected
             dunders, whose self is the other operand, are not compared); a
             factory whose row neither has no_operands = "R" nor is NONLINEAR.
Exit 0: no drift. 1: drift (each line starts with "drift:"). 2: bad usage,
an unreadable checkout or table, or a source the tool cannot read.
"""

import argparse
import ast
import pathlib
import sys
import tomllib

CHECKER = "spmd_types/_checker/__init__.py"
RAW_DIST = "spmd_types/_raw_dist.py"
TYPING_ROLES = ("operand", "operands", "scalar_operand", "nonlinear_operand", "index")


class SourceError(Exception):
    pass


def module_assignments(tree):
    """Top-level `NAME = value` and `NAME: T = value`, by name."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            out[node.target.id] = node.value
    return out


def literal(node, default):
    return default if node is None else ast.literal_eval(node)


def op_spec(call):
    """_OpSpec(linearity, tensor_args, tensor_kwargs, tensor_varargs_from, nonlinear_args), positional or keyword."""
    names = ["linearity", "tensor_args", "tensor_kwargs", "tensor_varargs_from", "nonlinear_args"]
    fields = dict(zip(names, call.args))
    fields.update({k.arg: k.value for k in call.keywords})
    linearity = fields["linearity"]
    return {
        "class": linearity.attr if isinstance(linearity, ast.Attribute) else ast.unparse(linearity),
        "tensor_args": tuple(literal(fields.get("tensor_args"), ())),
        "tensor_kwargs": tuple(literal(fields.get("tensor_kwargs"), ())),
        "nonlinear_args": tuple(literal(fields.get("nonlinear_args"), ())),
    }


def structure(node, params):
    """A decomposition rule's return expression: _linear(...) -> LINEAR(...), a parameter -> #i."""
    if isinstance(node, ast.Name) and node.id in params:
        return "#%d" % params.index(node.id)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_linear", "_multilinear"):
        name = "LINEAR" if node.func.id == "_linear" else "MULTILINEAR"
        return name + "(" + ", ".join(structure(a, params) for a in node.args) + ")"
    raise SourceError("a decomposition rule returns %s, which is not _linear/_multilinear of its parameters" % ast.unparse(node))


def read_source(checkout):
    """Every entry: dicts with kind, key, line, file and the kind's facts."""
    checker_path = checkout / CHECKER
    if not checker_path.is_file():
        raise SourceError("%s has no %s: not a spmd_types checkout" % (checkout, CHECKER))
    tree = ast.parse(checker_path.read_text(), str(checker_path))
    top = module_assignments(tree)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    entries = []
    for name in ("_OP_REGISTRY", "_DECOMP_TYPE_RULES", "_DETERMINISTIC_FACTORIES", "_DETERMINISTIC_NEW_FACTORIES"):
        if name not in top:
            raise SourceError("%s: no top-level %s" % (CHECKER, name))
    for key, value in zip(top["_OP_REGISTRY"].keys, top["_OP_REGISTRY"].values):
        entries.append(dict(kind="registry", key=ast.unparse(key), line=key.lineno, file=CHECKER, **op_spec(value)))
    for key, value in zip(top["_DECOMP_TYPE_RULES"].keys, top["_DECOMP_TYPE_RULES"].values):
        fn = functions.get(getattr(value, "id", ""))
        if fn is None:
            raise SourceError("%s: decomposition rule %s is not a function of the module" % (CHECKER, ast.unparse(value)))
        params = [a.arg for a in fn.args.args]
        returns = [n for n in ast.walk(fn) if isinstance(n, ast.Return)]
        entries.append(dict(kind="decomposition", key=ast.unparse(key), line=key.lineno, file=CHECKER,
                            structure=structure(returns[-1].value, params)))
    for name, kind in (("_DETERMINISTIC_FACTORIES", "factory"), ("_DETERMINISTIC_NEW_FACTORIES", "new_factory")):
        for elt in top[name].elts:
            entries.append(dict(kind=kind, key=ast.unparse(elt), line=elt.lineno, file=CHECKER))
    raw_path = checkout / RAW_DIST
    if raw_path.is_file():
        raw = module_assignments(ast.parse(raw_path.read_text(), str(raw_path)))
        if "RAW_DIST_RULES" not in raw:
            raise SourceError("%s: no top-level RAW_DIST_RULES" % RAW_DIST)
        for key, value in zip(raw["RAW_DIST_RULES"].keys, raw["RAW_DIST_RULES"].values):
            implemented = isinstance(value, ast.Call)
            entries.append(dict(kind="raw_dist", key=ast.unparse(key), line=key.lineno, file=RAW_DIST,
                                rule=ast.unparse(value) if implemented else ast.unparse(value), implemented=implemented))
    return entries


def describe(e):
    facts = {
        "registry": lambda: "%s tensor_args=%s tensor_kwargs=%s nonlinear_args=%s" % (e["class"], e["tensor_args"], e["tensor_kwargs"], e["nonlinear_args"]),
        "decomposition": lambda: e["structure"],
        "factory": lambda: "R (no typed operands)",
        "new_factory": lambda: "R",
        "raw_dist": lambda: e["rule"],
    }[e["kind"]]()
    return "%-13s %-34s %s  %s:%d" % (e["kind"], e["key"], facts, e["file"], e["line"])


def parse_params(row):
    """(name, role, positional index or None) per parameter string."""
    out, position, keyword_only = [], 0, False
    for text in row.get("params", []):
        if text == "*":
            keyword_only = True
            continue
        name, _, rest = text.partition(":")
        role = rest.split("=")[0].strip().rstrip("?")
        out.append((name.strip(), role, None if keyword_only else position))
        position += 0 if keyword_only else 1
    return out


def typing_structure(row):
    """The row's typing expression with each parameter as #i, i its index among the tensor parameters."""
    tensors = [n for n, role, _ in parse_params(row) if role in TYPING_ROLES]
    out, word = "", ""
    for ch in row["typing"] + " ":
        if ch.isalnum() or ch == "_":
            word += ch
            continue
        if word:
            out += "#%d" % tensors.index(word) if word in tensors else word
            word = ""
        if ch != " ":
            out += ch
    return out.replace(",", ", ")


def compare(entries, table):
    drift = []
    rows = {}
    base_rows = [r for r in table.get("op", []) if "when" not in r]
    for row in base_rows:
        for key in row.get("registry", []):
            if key in rows:
                drift.append("drift: different: %s is listed by rows %s and %s" % (key, rows[key]["id"], row["id"]))
            rows[key] = row
    not_modelled = set(table.get("table", {}).get("not_modelled", []))
    in_source = {e["key"] for e in entries}
    matched = 0
    for e in entries:
        if e["kind"] == "raw_dist":
            continue
        row = rows.get(e["key"])
        if row is None:
            if e["key"] not in not_modelled:
                drift.append("drift: missing: %s (%s:%d) has no row" % (e["key"], e["file"], e["line"]))
            continue
        bad = None
        if e["kind"] == "registry":
            if e["class"] != row.get("linearity"):
                bad = "class %s, the row %s" % (e["class"], row.get("linearity", "typing = " + row.get("typing", "?")))
            elif not e["key"].split(".")[-1].startswith("__r"):
                positions = tuple(p for _, role, p in parse_params(row) if role == "nonlinear_operand")
                if positions != e["nonlinear_args"]:
                    bad = "nonlinear_args %s, the row's nonlinear_operand positions %s" % (e["nonlinear_args"], positions)
        elif e["kind"] == "decomposition":
            have = typing_structure(row) if "typing" in row else row.get("linearity", "")
            if have != e["structure"]:
                bad = "structure %s, the row %s" % (e["structure"], have)
        elif row.get("no_operands") != "R" and row.get("linearity") != "NONLINEAR":
            bad = "a factory typed R, the row neither no_operands = \"R\" nor NONLINEAR"
        if bad:
            drift.append("drift: different: %s (%s:%d): %s (row %s)" % (e["key"], e["file"], e["line"], bad, row["id"]))
        else:
            matched += 1
    for key, row in sorted(rows.items()):
        if key not in in_source:
            drift.append("drift: extra: row %s lists %s, which the source does not have" % (row["id"], key))
    for row in base_rows:
        if not row.get("registry") and (row.get("linearity") in ("LINEAR", "MULTILINEAR") or "typing" in row):
            drift.append("drift: extra: row %s is %s but lists no registry key (spmd_types types it NONLINEAR)" %
                         (row["id"], row.get("linearity", "typed by an expression")))
    raw = {e["key"].split(".")[-1] for e in entries if e["kind"] == "raw_dist" and e["implemented"]}
    for comm in table.get("comm_op", []):
        name = comm.get("name", "")
        if name.startswith("dist_") and name[len("dist_"):] not in raw:
            drift.append("drift: extra: comm op %s models a raw torch.distributed rule the source does not have" % name)
    for e in entries:
        if e["kind"] == "raw_dist" and e["implemented"]:
            fn = e["key"].split(".")[-1]
            if not any(c.get("name") == "dist_" + fn for c in table.get("comm_op", [])) and e["key"] not in not_modelled:
                drift.append("drift: missing: %s (%s:%d) has no comm op row dist_%s" % (e["key"], e["file"], e["line"], fn))
            else:
                matched += 1
    return drift, matched


def main(argv):
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Exit codes: 0 no drift, 1 drift, 2 usage or input error.")
    parser.add_argument("checkout", type=pathlib.Path, help="a spmd_types source tree (holding spmd_types/)")
    parser.add_argument("--table", type=pathlib.Path, default=here.parent / "rules" / "spmd_types_6dbe9e2.toml",
                        help="the as-implemented rule table (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        entries = sorted(read_source(args.checkout), key=lambda e: (e["kind"], e["key"]))
    except (SourceError, SyntaxError, ValueError, KeyError) as e:
        print("spmd_types_registry: %s" % e, file=sys.stderr)
        return 2
    try:
        table = tomllib.loads(args.table.read_text())
    except OSError as e:
        print("spmd_types_registry: cannot read the table %s: %s" % (args.table, e.strerror), file=sys.stderr)
        return 2
    except tomllib.TOMLDecodeError as e:
        print("spmd_types_registry: %s: %s" % (args.table, e), file=sys.stderr)
        return 2
    for e in entries:
        print(describe(e))
    counts = {}
    for e in entries:
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    print("entries: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))
    drift, matched = compare(entries, table)
    for line in drift:
        print(line)
    if drift:
        print("%d drift line(s); %d entries match" % (len(drift), matched))
        return 1
    print("no drift: %d entries match" % matched)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error of ours
        sys.stderr.close()
        sys.exit(0)
