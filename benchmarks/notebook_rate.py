"""Headless notebooks: execute the teaching notebooks in ``notebooks/`` with nbclient, per kernel.

Each execution is the whole of ``NotebookClient.execute()``: kernel start, every cell, shutdown —
what ``jupyter execute`` or a grading pipeline pays per notebook. Passes alternate between the
kernels so machine noise spreads evenly. Text outputs are compared with the first kernel's (the
baseline) to show where the notebooks render differently.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import nbformat
from nbclient import NotebookClient

from benchmarks.kernel_latency import kernelspec_problem
from benchmarks.stats import summarize

NOTEBOOK_DIR = Path(__file__).resolve().parent / "notebooks"


def _text_outputs(nb) -> list[str]:
    """One string per code cell: its stream text and text/plain results, concatenated."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts = []
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type in ("execute_result", "display_data"):
                parts.append(o.data.get("text/plain", ""))
            elif o.output_type == "error":
                parts.append(f"{o.ename}: {o.evalue}")
        out.append("".join(parts))
    return out


def _execute(path: Path, kernel: str, stderr: IO | None) -> tuple[float, list[str]]:
    """Execute notebook ``path`` on ``kernel``; return wall seconds and its text outputs."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=60, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute(stderr=stderr, stdout=stderr)
    return time.perf_counter() - t0, _text_outputs(nb)


def run_notebooks(kernels: list[str], passes: int, stderr: IO | None = None,
                  log: Callable[[str], None] = print) -> dict:
    """Execute every notebook ``passes`` times per kernel; return per-kernel rates and samples."""
    paths = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    if not paths:
        return {"status": "skipped", "reason": f"no notebooks in {NOTEBOOK_DIR}"}
    results: dict[str, dict] = {}
    outputs: dict[str, dict[str, list[str]]] = {}
    live = []
    for k in kernels:
        problem = kernelspec_problem(k)
        results[k] = {"status": "skipped", "reason": problem} if problem else {"status": "ok", "samples": {}}
        if not problem:
            live.append(k)
    for p in range(passes):
        for k in list(live):
            log(f"  notebooks on {k} (pass {p + 1}/{passes})")
            for path in paths:
                try:
                    dt, texts = _execute(path, k, stderr)
                except Exception as exc:  # noqa: BLE001 - a failing notebook is a result
                    first = str(exc).strip().splitlines()[-1:] or [""]
                    reason = f"{path.name}: {type(exc).__name__}: {first[0]}"
                    results[k] = {"status": "failed", "reason": reason}
                    live.remove(k)
                    break
                results[k]["samples"].setdefault(path.name, []).append(dt)
                outputs.setdefault(k, {})[path.name] = texts
    baseline = kernels[0] if kernels else None
    for k in live:
        r = results[k]
        samples = r.pop("samples")
        all_times = [t for ts in samples.values() for t in ts]
        r["per_notebook_s"] = {name: summarize(ts) for name, ts in samples.items()}
        r["seconds_per_notebook"] = summarize(all_times)
        r["notebooks_per_minute"] = round(60.0 / r["seconds_per_notebook"]["median"], 2)
        if baseline in outputs and k != baseline:
            r["cells_differing_from_baseline"] = _diff(outputs[baseline], outputs[k])
    return {"status": "ok", "passes": passes, "notebooks": [p.name for p in paths],
            "cells": _cell_count(paths), "kernels": results,
            "timing": "wall time of NotebookClient.execute() per notebook, kernel start and shutdown "
                      "included"}


def _cell_count(paths: list[Path]) -> int:
    return sum(sum(c.cell_type == "code" for c in nbformat.read(p, as_version=4).cells) for p in paths)


def _diff(base: dict[str, list[str]], other: dict[str, list[str]]) -> list[str]:
    """Names ``notebook#cell`` whose text output differs from the baseline's."""
    diffs = []
    for name, cells in base.items():
        theirs = other.get(name, [])
        for i, text in enumerate(cells):
            if i >= len(theirs) or theirs[i] != text:
                diffs.append(f"{name}#{i + 1}")
    return diffs
