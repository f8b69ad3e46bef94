"""How many notebook cells give CPython's output: a folder of notebooks on ipykernel and here.

``python -m benchmarks.notebook_compat FOLDER [--kernel micropython-wasm] [--json OUT] [--examples]
[--deterministic] [--beside]``

Every ``*.ipynb`` under FOLDER is executed twice with nbclient (errors allowed, each cell's
outputs kept): on ipykernel (``python3``, the reference) and on this kernel (``--kernel``,
default ``micropython-wasm``, the one kernelspec, with ulab for numpy). Cell by cell the outputs
are compared after normalisation: object addresses (``0x7f..``) masked, consecutive stream
chunks joined, images compared by mime type only, a terminal's ``\\r\\n`` line ends (IPython's
shell aliases) read as ``\\n``. The report gives the share of matching code cells over all
notebooks and per notebook,
and counts the mismatching cells by cause — the first output that differs:

* ``error here: <ename>`` / ``error in CPython only: <ename>`` / ``other error: A vs B`` /
  ``error message: <ename>``;
* ``stdout`` / ``stderr`` / ``result`` / ``display`` differ, or an output is missing/extra;
* ``after an earlier difference``: the cell differs and an earlier cell of the same notebook
  already did (often a consequence: a name that was never defined).

With ``--deterministic`` each notebook also runs a second time on ipykernel; a cell whose outputs
differ between the two reference runs (unseeded random numbers, timings, an infinite loop stopped
by the timeout) is counted apart, as ``nondeterministic``, and left out of the share.

When CPython's run stops early (a cell runs past ``--timeout``: nbclient ends the notebook there,
where a user would interrupt the cell and go on), that cell and the ones after it have no
reference to compare with: they are counted apart, as ``not_run_in_cpython``.

With ``--reference-cache FILE`` the reference runs are kept in FILE and reused by the next run
with the same FILE (the same folder and options): two versions of this kernel, or two
``--kernel`` kernelspecs, are then compared with the same CPython outputs.

With ``--beside`` this kernel starts with each notebook's folder mounted read-only (the admin-set
``mounts``, at ``/course``) and a setup cell, not compared, copies the folder's files (and its
subfolders, three levels deep, notebooks left out) into the guest's working directory before the
first cell: a course's helper modules and data files, as a
teacher would hand them out (the default kernel sees no host files).

Third-party notebooks are measured, never committed: point FOLDER at your own checkout of
public teaching material. With ``--examples`` the JSON also holds each mismatch's cell source
and both outputs (keep that file out of the repository too).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
IPYTHON_FILE = re.compile(r" \(\d+\.py, line \d+\)$")  # IPython's SyntaxError evalue suffix
REFERENCE = "python3"
MINE = "micropython-wasm"  # the one kernelspec `install` writes (ulab included)


def _norm(text: str) -> str:
    return ADDRESS.sub("0x…", text)


def cell_outputs(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """A code cell's outputs as comparable (kind, text) pairs."""
    out: list[tuple[str, str]] = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            name = o.get("name", "stdout")
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + o.get("text", ""))
            else:
                out.append((name, o.get("text", "")))
        elif kind == "execute_result":
            out.append(("result", _norm(o.get("data", {}).get("text/plain", ""))))
        elif kind == "display_data":
            data = o.get("data", {})
            images = sorted(m for m in data if m.startswith("image/"))
            text = " ".join(images) if images else _norm(data.get("text/plain", ""))
            out.append(("display", text))
        elif kind == "error":
            out.append(("error", f"{o.get('ename')}: {_norm(IPYTHON_FILE.sub('', o.get('evalue', '')))}"))
    return [_line_ends(k, _norm(t)) if k in ("stdout", "stderr") else (k, t) for k, t in out]


def _line_ends(kind: str, text: str) -> tuple[str, str]:
    """A stream's text with a terminal's line ends as a notebook shows them: a shell alias's output
    (IPython runs `%cat`, `!ls` in a terminal) ends its lines with \\r\\n."""
    return kind, text.replace("\r\n", "\n") if kind in ("stdout", "stderr") else text


def cause(want: list[tuple[str, str]], got: list[tuple[str, str]]) -> str:
    """The first difference between the reference outputs and this kernel's, named by kind."""
    w_err = next((t for k, t in want if k == "error"), None)
    g_err = next((t for k, t in got if k == "error"), None)
    if g_err and not w_err:
        return "error here: " + g_err.split(":", 1)[0]
    if w_err and not g_err:
        return "error in CPython only: " + w_err.split(":", 1)[0]
    if w_err and g_err and w_err != g_err:
        a, b = w_err.split(":", 1)[0], g_err.split(":", 1)[0]
        return f"error message: {a}" if a == b else f"other error: {a} vs {b}"
    for (wk, wt), (gk, gt) in zip(want, got, strict=False):
        if wk != gk:
            return f"{gk} instead of {wk}"
        if wt != gt:
            return f"{wk} differs"
    return "missing output" if len(want) > len(got) else "extra output"


# With --beside, this kernel starts with the notebook's folder mounted read-only at BESIDE (the
# admin-set ``mounts``), and a setup cell, not compared, copies its files into the guest's
# working directory before the notebook's first cell: as a teacher hands out a course's files.
BESIDE = "/course"
COPY_BESIDE = f"""import os as _os
def _copy(_from, _to, _depth):
    for _name in _os.listdir(_from):
        _path = _from + '/' + _name
        if _os.path.isdir(_path):
            if _depth < 3 and not _name.startswith('.'):
                _os.mkdir(_to + _name)
                _copy(_path, _to + _name + '/', _depth + 1)
        elif not _name.endswith('.ipynb'):
            with open(_path, 'rb') as _src, open(_to + _name, 'wb') as _dst:
                _dst.write(_src.read())
_copy({BESIDE!r}, '', 0)
del _os, _copy
"""


def run_notebook(path: Path, kernel: str, timeout: int,
                 beside: bool = False) -> tuple[list[list[tuple[str, str]]], list[str], float, int | None]:
    """Each code cell's outputs, sources, the seconds taken, and the index of the first code cell
    that did not finish when the run stopped early (a cell over `timeout`, a dead kernel), else None."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # a stored notebook's counts would hide which cells ran
        if cell.cell_type == "code":
            cell.execution_count, cell.outputs = None, []
    if beside:
        nb.cells.insert(0, nbformat.v4.new_code_cell(COPY_BESIDE))
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    kwargs = {}
    if beside:  # jupyter_client passes env to the kernel process (the kernel reads MPWASM_MOUNTS)
        kwargs["env"] = dict(os.environ, MPWASM_MOUNTS=json.dumps({BESIDE: str(path.parent.resolve())}))
    start = time.perf_counter()
    stopped = False
    try:
        client.execute(**kwargs)
    except Exception as exc:  # a dead kernel, a timeout: the cells not run keep no outputs
        print(f"  {path.name} on {kernel}: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
        stopped = True
    code = [c for c in nb.cells if c.cell_type == "code"][1 if beside else 0:]
    stopped_at = next((i for i, c in enumerate(code) if c.execution_count is None and c.source.strip()),
                      None) if stopped else None
    return [cell_outputs(c) for c in code], [c.source for c in code], time.perf_counter() - start, stopped_at


def measure(folder: Path, kernel: str | None, timeout: int, examples: bool, deterministic: bool = False,
            beside: bool = False, reference_cache: Path | None = None) -> dict:
    """Run and compare every notebook under `folder`. With `reference_cache`, the reference runs
    are read from that JSON file when it has the notebook (else run and added to it)."""
    cached = json.loads(reference_cache.read_text()) if reference_cache and reference_cache.exists() else {}
    notebooks = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    causes: collections.Counter[str] = collections.Counter()
    rows, samples = [], []
    total = matched = nondeterministic = all_matched = not_run = 0
    for path in notebooks:
        mine = kernel or MINE
        key = str(path.relative_to(folder))
        if key not in cached:
            want, sources, t_ref, ref_stop = run_notebook(path, REFERENCE, timeout)
            again = run_notebook(path, REFERENCE, timeout)[0] if deterministic else want
            cached[key] = [want, again, sources, t_ref, ref_stop]
            if reference_cache:
                reference_cache.write_text(json.dumps(cached))
        want, again, sources, t_ref, ref_stop = cached[key]
        want, again = ([[_line_ends(*o) for o in cell] for cell in run] for run in (want, again))
        got, _, t_mine, _ = run_notebook(path, mine, timeout, beside)
        same, earlier, skipped, skipped_same, unrun = 0, False, 0, 0, 0
        for index, (w, g) in enumerate(zip(want, got, strict=True)):
            if ref_stop is not None and index >= ref_stop:
                unrun += 1  # CPython's run stopped before this cell finished: nothing to compare with
                continue
            if w != again[index]:
                skipped += 1
                skipped_same += w == g
                continue
            if w == g:
                same += 1
                continue
            name = "after an earlier difference" if earlier else cause(w, g)
            earlier = True
            causes[name] += 1
            if examples:
                samples.append({"notebook": str(path.relative_to(folder)), "cell": index, "cause": name,
                                "source": sources[index][:2000], "cpython": w, "here": g})
        total += len(want) - skipped - unrun
        matched += same
        nondeterministic += skipped
        not_run += unrun
        all_matched += same + skipped_same
        rows.append({"notebook": str(path.relative_to(folder)), "kernel": mine, "cells": len(want) - skipped - unrun,
                     "matching": same, "whole": same == len(want) - skipped - unrun, "nondeterministic": skipped,
                     "not_run_in_cpython": unrun,
                     "seconds": [round(t_ref, 2), round(t_mine, 2)]})
        print(f"{same:4d}/{len(want) - skipped - unrun:<4d} {path.relative_to(folder)}", file=sys.stderr)
    return {"folder": str(folder), "notebooks": len(rows), "cells": total, "matching": matched,
            "nondeterministic": nondeterministic, "matching_with_nondeterministic": all_matched,
            "not_run_in_cpython": not_run,
            "share": round(matched / total, 4) if total else None,
            "whole_notebooks": sum(r["whole"] for r in rows),
            "causes": causes.most_common(), "per_notebook": rows, **({"examples": samples} if examples else {})}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--kernel", help=f"this kernel's kernelspec (default: {MINE})")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--examples", action="store_true", help="keep each mismatch's source and outputs")
    parser.add_argument("--deterministic", action="store_true",
                        help="run the reference twice and leave out cells whose outputs differ between the runs")
    parser.add_argument("--beside", action="store_true",
                        help=f"mount each notebook's folder read-only at {BESIDE} here and copy its files into "
                        "the working directory before the first cell (a teacher's course files)")
    parser.add_argument("--reference-cache", type=Path,
                        help="keep the reference runs in this JSON file and reuse them (to compare two "
                        "versions of this kernel against the same CPython runs)")
    args = parser.parse_args(argv)
    report = measure(args.folder, args.kernel, args.timeout, args.examples, args.deterministic, args.beside,
                     args.reference_cache)
    share = "n/a" if report["share"] is None else f"{100 * report['share']:.1f} %"
    print(f"{report['matching']}/{report['cells']} cells match ({share}); "
          f"{report['whole_notebooks']}/{report['notebooks']} notebooks whole"
          + (f"; {report['nondeterministic']} nondeterministic cells left out" if args.deterministic else "")
          + (f"; {report['not_run_in_cpython']} cells left out where CPython's run stopped (--timeout)"
             if report["not_run_in_cpython"] else ""))
    print("| cause | cells |\n|---|---|")
    for name, count in report["causes"]:
        print(f"| {name} | {count} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
