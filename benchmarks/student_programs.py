"""Assignment-size student programs (``students/*.py``) in CPython and in the ``Sandbox``, side by side.

``python -m benchmarks.student_programs [--reps N] [--timeout S] [--only NAME ...]`` runs every
program in ``benchmarks/students/`` in CPython (``runners/cpython_exec.py``: exec in a subprocess,
start-up excluded) and in the Sandbox (``runners/sandbox_exec.py``: default limits with more fuel,
wall time, memory; sandbox creation excluded), compares the two outputs in full and writes
``results/student_programs.json`` and ``results/student_programs.md``.

Both sides are measured alike: the median of ``reps`` repetitions, each from the same state — a
fresh namespace and none of the program's modules imported (the Sandbox is reset before every
repetition; CPython drops the modules a repetition imported, ``fresh-modules``), so each
repetition pays the program's imports on both sides and one-off costs of a first run (CPython's
first import from disk, the host's lazily imported helpers) fall out of both medians. The ratio is
wall time; the CPU-time ratio (``time.process_time()`` of each runner process, medians) and the
fuel of every Sandbox repetition are recorded too (fuel is exact, so the repetitions agree).

A program that does not finish within ``--timeout`` seconds, or prints something else than CPython,
is recorded as failed with the reason. Besides the ratio, the table says whether the run would have
stayed within the sandbox's *default* limits (fuel, 10 s wall, 256 MiB), the limits a student meets.
Wall times on a shared machine are noisy: compare within one run; never assert on them.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from pathlib import Path

from benchmarks.compute import _run_runner
from benchmarks.machine import load_average, machine_info
from benchmarks.stats import geomean, summarize

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROGRAMS = HERE / "students"
RESULTS = HERE / "results"
DEFAULT_WALL = 10.0  # Limits().wall_seconds
DEFAULT_FUEL = 300_000_000_000  # Limits().fuel


def _programs(only: list[str] | None) -> list[Path]:
    paths = sorted(PROGRAMS.glob("*.py"))
    if only:
        paths = [p for p in paths if p.stem in only]
    return paths


def run(reps: int, timeout: float, only: list[str] | None = None, log=print) -> dict:
    """Run every program in both runtimes; return the result dict (also written to ``results/``)."""
    rows: dict[str, dict] = {}
    for path in _programs(only):
        cpy = _run_runner("cpython_exec.py", [str(path), str(reps), "no-numpy", "fresh-modules"], [REPO], timeout)
        sbx = _run_runner("sandbox_exec.py", [str(path), str(reps), "micropython"], [REPO], timeout)
        row: dict = {"cpython": cpy.get("status"), "sandbox": sbx.get("status")}
        if cpy.get("times"):
            row["cpython_seconds"] = summarize(cpy["times"])["median"]
            row["cpython_times"] = [round(t, 4) for t in cpy["times"]]
        if cpy.get("info", {}).get("cpu_seconds"):
            row["cpython_cpu"] = summarize(cpy["info"]["cpu_seconds"])["median"]
        if sbx.get("times"):
            row["sandbox_seconds"] = summarize(sbx["times"])["median"]
            row["sandbox_times"] = [round(t, 4) for t in sbx["times"]]
            fuel = sbx.get("info", {}).get("fuel_used") or [0]
            row["fuel"] = sorted(fuel)[len(fuel) // 2]
            row["fuel_reps"] = fuel
        if sbx.get("info", {}).get("cpu_seconds"):
            row["sandbox_cpu"] = summarize(sbx["info"]["cpu_seconds"])["median"]
        if sbx.get("status") == "ok" and cpy.get("status") == "ok":
            row["same_output"] = sbx.get("stdout") == cpy.get("stdout")
            if not row["same_output"]:
                row["sandbox"] = "failed"
                row["reason"] = "output differs from CPython's"
            else:
                row["ratio"] = round(row["sandbox_seconds"] / row["cpython_seconds"], 2)
                if row.get("cpython_cpu") and row.get("sandbox_cpu"):
                    row["cpu_ratio"] = round(row["sandbox_cpu"] / row["cpython_cpu"], 2)
                row["within_default_limits"] = (row["sandbox_seconds"] < DEFAULT_WALL
                                                and row.get("fuel", 0) < DEFAULT_FUEL)
        else:
            row["reason"] = sbx.get("reason") or cpy.get("reason") or "failed"
        rows[path.stem] = row
        log(f"{path.stem:24s} {row.get('cpython_seconds', float('nan')):8.3f} s "
            f"{row.get('sandbox_seconds', float('nan')):8.3f} s  {row.get('ratio', row.get('reason'))}")
    ratios = [r["ratio"] for r in rows.values() if "ratio" in r]
    cpu_ratios = [r["cpu_ratio"] for r in rows.values() if "cpu_ratio" in r]
    result = {
        "when": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_average_end": load_average(),
        "reps_cpython": reps,
        "reps_sandbox": reps,
        "fresh_state_per_rep": True,
        "timeout_seconds": timeout,
        "programs": rows,
        "geomean_finished": geomean(ratios),
        "geomean_cpu_finished": geomean(cpu_ratios) if len(cpu_ratios) == len(ratios) else None,
        "finished": len(ratios),
        "total": len(rows),
    }
    return result


def markdown(result: dict, before: dict | None = None) -> str:
    """The table: CPython and Sandbox seconds, ratio (and the ratio of ``before`` when given)."""
    head = "| program | CPython s | Sandbox s | ratio | CPU ratio | fuel (G) |"
    rule = "|---|---|---|---|---|---|"
    if before:
        head += " before | fuel before (G) |"
        rule += "---|---|"
    head += " default limits |"
    rule += "---|"
    if result.get("fresh_state_per_rep"):
        how = (f"wall seconds, median of {result['reps_cpython']} repetitions on both sides, each from the "
               "same state (fresh namespace, the program's modules not yet imported: the Sandbox reset "
               "before every repetition, CPython's `sys.modules` restored after each); CPU ratio: "
               "medians of `time.process_time()`; fuel: the median repetition's")
    else:
        how = f"wall seconds, CPython median of {result['reps_cpython']}, Sandbox one run"
    lines = [f"Student programs, {result['when']} (load at end {result.get('load_average_end')}); "
             f"{how}; outputs compared in full.", "", head, rule]
    for name, row in result["programs"].items():
        ratio = f"{row['ratio']:.1f}×" if "ratio" in row else f"failed: {row.get('reason', '')[:60]}"
        cells = [name, f"{row.get('cpython_seconds', 0):.3f}", f"{row.get('sandbox_seconds', 0):.3f}"
                 if "sandbox_seconds" in row else "—", ratio,
                 f"{row['cpu_ratio']:.1f}×" if "cpu_ratio" in row else "—", _giga(row.get("fuel"))]
        if before:
            old = before["programs"].get(name, {})
            cells.append(f"{old['ratio']:.1f}×" if "ratio" in old else f"failed: {old.get('reason', '')[:40]}")
            cells.append(_giga(old.get("fuel")))
        cells.append({True: "yes", False: "no"}.get(row.get("within_default_limits"), "—"))
        lines.append("| " + " | ".join(cells) + " |")
    gm = result["geomean_finished"]
    summary = f"\nGeometric mean of the {result['finished']} of {result['total']} programs that finished: "
    summary += f"{gm:.2f}×" if gm else "—"
    if result.get("geomean_cpu_finished"):
        summary += f" (CPU time: {result['geomean_cpu_finished']:.2f}×)"
    if before and before.get("geomean_finished"):
        summary += (f" (before: {before['geomean_finished']:.2f}× over {before['finished']} of "
                    f"{before['total']} programs)")
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _giga(fuel: int | None) -> str:
    return f"{fuel / 1e9:.2f}" if fuel else "—"


def main(argv: list[str] | None = None) -> None:
    """Command line: run, print the table, write JSON and markdown to ``results/``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions on each side (median)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per program and runtime")
    parser.add_argument("--only", nargs="*", help="program names (file stems)")
    parser.add_argument("--before", type=Path, help="an earlier JSON result to compare with")
    parser.add_argument("--out", default="student_programs", help="result file stem in results/")
    parser.add_argument("--render", action="store_true",
                        help="only write the table again from results/<out>.json (and --before)")
    args = parser.parse_args(argv)
    before = json.loads(args.before.read_text()) if args.before else None
    if args.render:
        result = json.loads((RESULTS / f"{args.out}.json").read_text())
        (RESULTS / f"{args.out}.md").write_text(markdown(result, before))
        print(markdown(result, before))
        return
    result = run(args.reps, args.timeout, args.only)
    if before:
        result["before"] = {"when": before["when"], "geomean_finished": before["geomean_finished"],
                            "ratios": {k: v.get("ratio") for k, v in before["programs"].items()},
                            "fuel": {k: v.get("fuel") for k, v in before["programs"].items()}}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(result, indent=1) + "\n")
    text = markdown(result, before)
    (RESULTS / f"{args.out}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
