"""Command line: run the benchmark sections and write ``results/`` (JSON, markdown, PNG).

    python -m benchmarks [--quick] [--only kernels,compute,notebooks] [--out DIR]
    python benchmarks/run.py ...          (same thing)

A section whose subject is missing (no kernelspec, no Sandbox, no network for the PyPI package)
is recorded as skipped with the reason; a section that raises is recorded as failed. The run
always writes its results and exits 0 unless the arguments are wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import report  # noqa: E402
from benchmarks.machine import load_average, machine_info  # noqa: E402
from benchmarks.targets import BASELINE, KERNEL, evaluate  # noqa: E402

SECTIONS = ("kernels", "compute", "notebooks")
RESULTS = Path(__file__).resolve().parent / "results"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repetitions (about a third of the time)")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated sections to run (default: all of {', '.join(SECTIONS)})")
    p.add_argument("--out", type=Path, default=RESULTS, help="output directory (default: benchmarks/results)")
    p.add_argument("--kernel", default=KERNEL, help="kernelspec under test (default: %(default)s)")
    p.add_argument("--baseline", default=BASELINE, help="baseline kernelspec (default: %(default)s)")
    args = p.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


def _log(msg: str) -> None:
    print(msg, flush=True)


def _section(name: str, args: argparse.Namespace, kernel_log) -> dict:
    """Run one section; exceptions become a "failed" record with the traceback's last line."""
    t0 = time.perf_counter()
    kernels = [args.baseline, args.kernel]
    try:
        if name == "kernels":
            from benchmarks.kernel_latency import run_kernel_latency

            out = run_kernel_latency(kernels, args.quick, log=_log, kernel_log=kernel_log)
        elif name == "compute":
            from benchmarks.compute import run_compute

            out = run_compute(3 if args.quick else 5, log=_log)
        else:
            from benchmarks.notebook_rate import run_notebooks

            out = run_notebooks(kernels, 1 if args.quick else 3, stderr=kernel_log, log=_log)
    except Exception as exc:  # noqa: BLE001 - a broken section must not lose the others
        tb = traceback.format_exc().strip().splitlines()
        out = {"status": "failed", "reason": f"{type(exc).__name__}: {exc}", "traceback_tail": tb[-6:]}
    out["duration_s"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the selected sections, write the result files and print the markdown report."""
    args = _parse(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    results: dict = {
        "meta": {
            "timestamp": started.strftime("%Y-%m-%d %H:%M UTC"),
            "quick": args.quick,
            "kernel": args.kernel,
            "baseline": args.baseline,
            "machine": machine_info(),
        },
        "sections": {},
    }
    with open(args.out / "kernels.log", "a", encoding="utf-8") as kernel_log:
        kernel_log.write(f"\n=== benchmark run {started.isoformat()} ===\n")
        kernel_log.flush()
        for name in SECTIONS:
            if name in args.only:
                _log(f"[{name}]")
                results["sections"][name] = _section(name, args, kernel_log)
            else:
                results["sections"][name] = {"status": "skipped", "reason": "not selected (--only)"}
    results["meta"]["duration_s"] = round(time.perf_counter() - t0, 1)
    results["meta"]["load_average_end"] = load_average()
    results["targets"] = [t.to_dict() for t in evaluate(results)]
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(results, indent=1, ensure_ascii=False)
    (args.out / f"run-{stamp}.json").write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(text, encoding="utf-8")
    md = report.markdown(results)
    (args.out / "latest.md").write_text(md, encoding="utf-8")
    try:
        report.chart(results, args.out / "latest.png")
    except Exception as exc:  # noqa: BLE001 - the chart is optional, the numbers are not
        _log(f"chart not written: {type(exc).__name__}: {exc}")
    print()
    print(md)
    _log(f"results: {args.out}/latest.json, latest.md, latest.png (and run-{stamp}.json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
