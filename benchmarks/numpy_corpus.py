"""Cell-by-cell agreement with CPython + numpy + matplotlib on teaching notebooks (issue 27).

Run ``python -m benchmarks.numpy_corpus NOTEBOOK.ipynb ...`` from the repository root with
notebooks fetched for the measurement (they are not part of this repository). Each notebook's
code cells run in order twice: in this process on CPython with the real numpy and matplotlib
(Agg backend, figures closed after each cell), and in one default `Sandbox` (the kernel's build).
A cell *matches* when its printed text and the repr of its last expression (none after a final
``;``) are equal (object addresses ``0x...`` are ignored; figures are not compared), or when
both raise the same exception type. The host side runs twice: a cell whose two host results
differ (unseeded random numbers) cannot match any implementation, and the share over the
*reproducible* cells is reported too. Cells using IPython magics or shell commands other than ``%matplotlib`` and
``%config`` are skipped on both sides. The host accepts the seaborn style names of matplotlib
before 3.6 (``seaborn-whitegrid``). The result per notebook and in total goes to
``benchmarks/results/numpy_corpus.json``; ``--show N`` prints the first N differing cells.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from mpwasm_kernel import Limits, Sandbox

RESULTS = Path(__file__).resolve().parent / "results" / "numpy_corpus.json"
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
_ACCEPTED_MAGICS = ("%matplotlib", "%config")


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            cells.append("".join(src) if isinstance(src, list) else src)
    return cells


def _runnable(src: str) -> str | None:
    """The cell without accepted magics, or None when it uses other magics or shell commands."""
    kept = []
    for line in src.splitlines():
        stripped = line.strip()
        if stripped.startswith(_ACCEPTED_MAGICS):
            continue
        if stripped.startswith(("%", "!")):
            return None
        kept.append(line)
    return "\n".join(kept)


def _host_cell(src: str, scope: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """(stdout, repr of the last expression, exception type) of `src` on CPython."""
    from IPython.lib.pretty import pretty

    out = io.StringIO()
    value = error = None
    try:
        tree = ast.parse(src)
        shown = not src.rstrip().endswith(";")  # IPython shows no value for a cell ending in ';'
        last = tree.body[-1] if shown and tree.body and isinstance(tree.body[-1], ast.Expr) else None
        if last is not None:
            tree.body.pop()
        with contextlib.redirect_stdout(out):
            exec(compile(tree, "<cell>", "exec"), scope)
            if last is not None:
                result = eval(compile(ast.Expression(last.value), "<cell>", "eval"), scope)
                if result is not None:
                    value = pretty(result)
    except Exception as err:  # noqa: BLE001 - a cell's own error is part of what is compared
        error = type(err).__name__
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    return out.getvalue(), value, error


def measure(paths: list[Path], show: int) -> dict[str, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.style
    import numpy as np

    # Notebooks written for matplotlib < 3.6 name the seaborn styles without "v0_8": give the host
    # those names too, so that a renamed style does not fail every later cell on the host side.
    for name in list(matplotlib.style.library):
        if name.startswith("seaborn-v0_8"):
            matplotlib.style.library.setdefault(name.replace("seaborn-v0_8", "seaborn"), matplotlib.style.library[name])

    np.set_printoptions(legacy=False)
    report: dict[str, Any] = {"notebooks": {}, "matched": 0, "cells": 0, "skipped": 0,
                               "reproducible": 0, "reproducible_matched": 0}
    shown = 0
    for path in paths:
        codes = []
        skipped = 0
        for src in code_cells(path):
            code = _runnable(src)
            if code is None:
                skipped += 1
            elif code.strip():
                codes.append(code)
        runs = []
        for attempt in range(2):  # each host run in its own directory (files a notebook writes)
            here = Path.cwd()
            work = here / f"{path.stem}-{attempt}"
            work.mkdir(exist_ok=True)
            os.chdir(work)
            try:
                scope: dict[str, Any] = {"__name__": "__main__"}
                runs.append([_host_cell(code, scope) for code in codes])
            finally:
                os.chdir(here)
        matched = total = reproducible = reproducible_matched = 0
        with Sandbox(Limits(fuel=200_000_000_000, wall_seconds=120.0, output_bytes=20_000_000)) as sb:
            for code, host, again in zip(codes, runs[0], runs[1], strict=True):
                total += 1
                r = sb.run(code)
                value = None if code.rstrip().endswith(";") else r.value
                guest = (r.stdout, value, r.error.ename if r.error is not None else None)
                same = (_ADDRESS.sub("0x", host[0]), _ADDRESS.sub("0x", host[1] or "")) == \
                       (_ADDRESS.sub("0x", guest[0]), _ADDRESS.sub("0x", guest[1] or ""))
                if host[2] is not None or guest[2] is not None:
                    same = host[2] == guest[2] and (host[2] is not None or same)
                matched += same
                if _ADDRESS.sub("0x", repr(host)) == _ADDRESS.sub("0x", repr(again)):
                    reproducible += 1
                    reproducible_matched += same
                if not same and shown < show:
                    shown += 1
                    print(f"--- {path.name}\n{code}\n  host:  {host}\n  guest: {guest}\n")
        report["notebooks"][path.name] = {"matched": matched, "cells": total, "skipped": skipped,
                                          "reproducible": reproducible, "reproducible_matched": reproducible_matched}
        report["matched"] += matched
        report["cells"] += total
        report["skipped"] += skipped
        report["reproducible"] += reproducible
        report["reproducible_matched"] += reproducible_matched
    report["share"] = report["matched"] / report["cells"] if report["cells"] else 0.0
    report["reproducible_share"] = (report["reproducible_matched"] / report["reproducible"]
                                    if report["reproducible"] else 0.0)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print the first N differing cells")
    args = parser.parse_args(argv)
    import tempfile

    paths = [p.resolve() for p in args.notebooks]
    with tempfile.TemporaryDirectory() as tmp:  # files the notebooks write on the host side
        here = os.getcwd()
        os.chdir(tmp)
        try:
            report = measure(paths, args.show)
        finally:
            os.chdir(here)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    for name, row in report["notebooks"].items():
        print(f"{name:<48} {row['matched']:>4}/{row['cells']:<4} skipped {row['skipped']:<3} "
              f"reproducible {row['reproducible_matched']:>4}/{row['reproducible']}")
    print(f"{'total':<48} {report['matched']:>4}/{report['cells']:<4} = {100 * report['share']:.1f} %")
    print(f"{'reproducible cells (same result in two host runs)':<48} {report['reproducible_matched']:>4}/"
          f"{report['reproducible']:<4} = {100 * report['reproducible_share']:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
