#!/usr/bin/env python3
"""--html FILE on soundness, mutants and tightness (issue 16 item 5).

html_report_test.py pages SPMDCHECK SOURCE_DIR
    Writes the three pages (soundness on a broken table, so it has a
    counterexample; a few mutants; tightness at a small budget) and checks
    each is self-contained and holds what the issue asks: a src x dst grid per
    coercion and collective, combine rows per linearity class, op rows,
    examples with program and replay lines, a kill-time plot.
html_report_test.py chromium SPMDCHECK SOURCE_DIR
    Loads the soundness and mutants pages in headless Chromium: the page's
    script ran to its end with no error, the console shows no error, and the
    screenshot is not blank. Exit 77 (skipped) where Chromium is missing.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(args, codes):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode not in codes:
        print(proc.stdout[-4000:], proc.stderr[-4000:])
        fail(f"{' '.join(args)}: exit status {proc.returncode}, expected one of {codes}")
    return proc.stdout


def broken_table(source_dir, directory):
    """The default table with exp typed LINEAR: P flows through exp."""
    text = open(os.path.join(source_dir, "rules", "default_table.toml")).read()
    edited = text.replace('name = "exp"\nlinearity = "NONLINEAR"', 'name = "exp"\nlinearity = "LINEAR"', 1)
    if edited == text:
        fail("the default table has no NONLINEAR exp row to break")
    path = os.path.join(directory, "exp_linear.toml")
    open(path, "w").write(edited)
    return path


def write_pages(spmdcheck, source_dir, directory):
    table = broken_table(source_dir, directory)
    pages = {name: os.path.join(directory, name + ".html") for name in ("soundness", "mutants", "tightness")}
    run([spmdcheck, "--rules", table, "soundness", "--programs", "3000", "--seed", "3", "--no-grad", "--no-progress",
         "--gen", "special=0", "--html", pages["soundness"]], {1})
    names = run([spmdcheck, "mutants", "--list"], {0}).splitlines()
    picked = []
    for line in names:  # one mutant of each of the first four operators
        name = line.split("\t")[0]
        if name.split(":")[0] not in {p.split(":")[0] for p in picked}:
            picked.append(name)
        if len(picked) == 4:
            break
    args = [spmdcheck, "mutants", "--seeds", "2", "--budget", "5", "--no-progress", "--html", pages["mutants"]]
    for name in picked:
        args += ["--mutant", name]
    run(args, {0, 1})
    run([spmdcheck, "tightness", "--budget", "0.5", "--no-grad", "--no-progress", "--html", pages["tightness"]], {0, 1})
    return pages, picked


def check_page(name, text, comm_ops, extra):
    if not text.startswith("<!DOCTYPE html>") or not text.rstrip().endswith("</html>"):
        fail(f"{name}: not a whole HTML document")
    outside = [u for u in re.findall(r'(?:src|href)="([^"#][^"]*)"', text)]
    if outside or "<link" in text:
        fail(f"{name}: not self-contained, it refers to {outside[:3]}")
    for section in ("transitions", "combine", "ops", "examples"):
        if f'id="{section}"' not in text:
            fail(f"{name}: no section #{section}")
    grids = len(re.findall(r'<svg class="grid"', text))
    if grids != comm_ops:
        fail(f"{name}: {grids} src x dst grids, expected one per coercion and collective ({comm_ops})")
    for linearity in ("NONLINEAR", "LINEAR", "MULTILINEAR"):
        if f"<h3>{linearity}</h3>" not in text:
            fail(f"{name}: no combine rows of the linearity class {linearity}")
    for needle in extra:
        if needle not in text:
            fail(f"{name}: does not contain {needle!r}")


def pages_mode(spmdcheck, source_dir):
    markdown = run([spmdcheck, "rules"], {0})
    comm_ops = len(set(re.findall(r"^### (\S+) \((?:coercion|collective)\)", markdown, re.M)))
    if comm_ops < 4:
        fail(f"could not count the coercions and collectives in `spmdcheck rules` ({comm_ops})")
    with tempfile.TemporaryDirectory() as directory:
        pages, picked = write_pages(spmdcheck, source_dir, directory)
        texts = {name: open(path).read() for name, path in pages.items()}
        check_page("soundness", texts["soundness"], comm_ops,
                   ["FAILED", "spmdcheck soundness --program-seed", "export --pytest", "spmdcheck run FILE --seed", 'class="tone-heat'])
        check_page("mutants", texts["mutants"], comm_ops, ['id="kills"', "<circle", "--write DIR", 'id="listing"'] + picked)
        # A justified rejection as a badge, an illegal cell coloured by its verdict, a kill plotted.
        check_page("tightness", texts["tightness"], comm_ops,
                   ['id="kills"', "<circle", 'tone-good">justified', 'class="tone-good"/><text', "justifies the rejection"])
        print(f"three pages, {comm_ops} grids each, mutants {', '.join(picked)}")


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        fail(f"{path}: PNG of depth {depth}, colour type {color}, interlace {interlace} not read here")
    channels = 3 if color == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def chromium_mode(spmdcheck, source_dir):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("SKIP: no chromium (Debian package chromium; tools/setup.sh installs it)")
        sys.exit(77)
    with tempfile.TemporaryDirectory() as directory:
        pages, _ = write_pages(spmdcheck, source_dir, directory)
        for name in ("soundness", "mutants"):
            url = "file://" + pages[name]
            base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--user-data-dir=" + os.path.join(directory, "profile-" + name), "--enable-logging=stderr", "--v=0"]
            dom = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
            if 'data-scripts-ran="yes"' not in dom.stdout:
                print(dom.stderr[-3000:])
                fail(f"{name}: the page's script did not run to its end")
            errors = re.search(r'data-script-errors="([^"]*)"', dom.stdout)
            if errors:
                fail(f"{name}: script errors: {errors.group(1)}")
            console = [l for l in dom.stderr.splitlines() if "CONSOLE" in l and ("Uncaught" in l or "Error" in l)]
            if console:
                fail(f"{name}: console errors: {console[:3]}")
            shot = os.path.join(directory, name + ".png")
            subprocess.run(base + ["--window-size=1280,1400", "--screenshot=" + shot, url], capture_output=True, timeout=120)
            if not os.path.exists(shot):
                fail(f"{name}: chromium wrote no screenshot")
            width, height, rows = png_pixels(shot)
            counts = {}
            for row in rows[::4]:
                for pixel in row[::4]:
                    counts[pixel] = counts.get(pixel, 0) + 1
            total, background = sum(counts.values()), max(counts.values())
            drawn = 1 - background / total
            if drawn < 0.02 or len(counts) < 8:
                fail(f"{name}: the screenshot looks blank ({drawn:.1%} of pixels off the background, {len(counts)} colours)")
            print(f"{name}: {width}x{height} screenshot, {drawn:.1%} drawn, {len(counts)} colours; script ran, no errors")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("pages", "chromium"):
        print(__doc__)
        sys.exit(2)
    {"pages": pages_mode, "chromium": chromium_mode}[sys.argv[1]](sys.argv[2], sys.argv[3])
