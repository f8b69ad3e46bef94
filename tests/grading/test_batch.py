"""Many notebooks: local worker processes and Dask, results as they finish, lost workers re-run."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from mpwasm_kernel.grading import ExecutionOptions
from mpwasm_kernel.grading.backends import LocalBackend
from mpwasm_kernel.grading.batch import run_batch
from mpwasm_kernel.grading.worker import Task, TaskResult, run_task
from mpwasm_kernel.sandbox import Limits

from .notebooks import notebook

# Fuel, not the wall clock, stops the runaway notebook: the outcome does not depend on the load.
OPTIONS = ExecutionOptions(limits=Limits(wall_seconds=60.0, fuel=2_000_000_000))


def dies_once(task: Task) -> TaskResult:
    """Kill the worker process the first time it runs a notebook named ``die*`` (then run it)."""
    marker = Path(task.name).with_suffix(".died")
    if Path(task.name).name.startswith("die") and not marker.exists():
        marker.write_text("x")
        os._exit(3)
    return run_task(task)


@pytest.fixture()
def batch(tmp_path: Path) -> list[Path]:
    sources = {
        "ok": notebook("def f(x):\n    return x * 2", "f(21)"),
        "error": notebook("1 / 0", "'later cells still run'"),
        "loop": notebook("while True:\n    pass", "'after the loop'"),
        "flood": notebook("while True:\n    print('x' * 100000)"),
        "die": notebook("'survived a lost worker'"),
    }
    paths = []
    for name, nb in sources.items():
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        paths.append(tmp_path / f"{name}.ipynb")
    return paths


def _check(reports: list[Any], out: Path) -> None:
    status = {Path(r.path).stem: r.status for r in reports}
    assert status == {"ok": "ok", "error": "error", "loop": "limit", "flood": "limit", "die": "ok"}
    by_name = {Path(r.path).stem: r for r in reports}
    assert by_name["loop"].limits_hit == ["FuelExhausted"]
    assert by_name["flood"].limits_hit == ["OutputLimitExceeded"]
    assert [e.ename for e in by_name["error"].errors] == ["ZeroDivisionError"]
    assert by_name["ok"].fuel > 0 and by_name["ok"].cells_run == 2
    loop = nbformat.read(out / "loop.ipynb", as_version=4)
    assert loop.cells[2].outputs[0]["data"]["text/plain"] == "'after the loop'"
    died = nbformat.read(out / "die.ipynb", as_version=4)
    assert died.cells[1].outputs[0]["data"]["text/plain"] == "'survived a lost worker'"


def test_local_workers_with_a_lost_worker(batch: list[Path], tmp_path: Path) -> None:
    seen: list[str] = []
    with LocalBackend(2, OPTIONS, task_fn=dies_once) as backend:
        reports = run_batch(batch, options=OPTIONS, backend=backend, output_dir=tmp_path / "out",
                            on_result=lambda r: seen.append(r.path))
    assert sorted(seen) == sorted(str(p) for p in batch)  # each reported once, as it finished
    assert [r.path for r in reports] == [str(p) for p in batch]  # returned in input order
    _check(reports, tmp_path / "out")


def test_dask_local_cluster_with_a_lost_worker(batch: list[Path], tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from mpwasm_kernel.grading.cluster import DaskBackend

    def dies_once_remote(task: Task) -> TaskResult:  # a closure: cloudpickle sends it by value
        return dies_once(task)

    with DaskBackend("local", n_workers=2, task_fn=dies_once_remote) as backend:
        assert len(backend.client.scheduler_info()["workers"]) == 2
        reports = run_batch(batch, options=OPTIONS, backend=backend, output_dir=tmp_path / "out")
    _check(reports, tmp_path / "out")


def _count(path: Path) -> int:
    return len(path.read_text()) if path.exists() else 0


def _mark(path: Path) -> None:
    with path.open("a") as f:
        f.write("x")


def killer_beside_an_innocent(task: Task) -> TaskResult:
    """``killer`` always kills its worker, once ``innocent`` runs beside it (or after 5 s alone);
    ``innocent`` waits while a killer attempt is in flight, so every crash beside it hits it too."""
    base = Path(task.name).parent
    if Path(task.name).stem == "killer":
        _mark(base / "killer.started")
        deadline = time.monotonic() + 5
        while _count(base / "innocent.started") < _count(base / "killer.started") and time.monotonic() < deadline:
            time.sleep(0.01)
        _mark(base / "killer.died")
        os._exit(3)
    if Path(task.name).stem == "innocent":
        _mark(base / "innocent.started")
        deadline = time.monotonic() + 60
        while _count(base / "killer.started") > _count(base / "killer.died") and time.monotonic() < deadline:
            time.sleep(0.01)
    return run_task(task)


def test_only_the_notebook_in_the_dead_worker_is_charged(tmp_path: Path) -> None:
    """Issue 25.4: a crash ends every worker of the pool; the notebooks running beside the one
    that crashed are re-run without being charged an attempt."""
    paths = []
    for name, nb in {"killer": notebook("1"), "innocent": notebook("'innocent'"), "other": notebook("2")}.items():
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        paths.append(tmp_path / f"{name}.ipynb")
    with LocalBackend(2, OPTIONS, task_fn=killer_beside_an_innocent) as backend:
        reports = run_batch(paths, options=OPTIONS, backend=backend)
    status = {Path(r.path).stem: r.status for r in reports}
    assert status == {"killer": "failed", "innocent": "ok", "other": "ok"}, reports
    assert "died (3 attempts)" in next(r for r in reports if r.path.endswith("killer.ipynb")).message
