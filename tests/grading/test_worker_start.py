"""How local workers start (issue 29): forked from a server that imported the executor once,
yet each pool's workers see the parent as it is when the pool starts — its environment, working
directory and import path — as spawned workers would."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from mpwasm_kernel.grading import ExecutionOptions
from mpwasm_kernel.grading.backends import LocalBackend, start_method
from mpwasm_kernel.grading.batch import run_batch
from mpwasm_kernel.sandbox import Limits

from .notebooks import notebook
from .workerprobe import MARK, describe_worker

OPTIONS = ExecutionOptions(limits=Limits(wall_seconds=60.0, fuel=2_000_000_000))


def _seen(paths: list[Path], jobs: int) -> list[dict]:
    with LocalBackend(jobs, OPTIONS, task_fn=describe_worker) as backend:
        backend.start(len(paths))
        reports = run_batch(paths, options=OPTIONS, backend=backend)
    return [eval(r.message) for r in reports]  # noqa: S307 - our own repr of a dict of plain values


def test_each_pool_sees_the_parent_as_it_is_when_the_pool_starts(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat.write(notebook("1"), tmp_path / "one.ipynb")
    paths = [tmp_path / "one.ipynb"]
    monkeypatch.setenv(MARK, "first")
    first = _seen(paths, 2)
    assert first[0]["mark"] == "first"
    # The fork server (if any) has started by now, with the environment above: change everything.
    monkeypatch.setenv(MARK, "second")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.syspath_prepend("marker-path")
    second = _seen(paths, 2)
    assert second[0]["mark"] == "second"
    assert second[0]["cwd"] == str(elsewhere)
    assert second[0]["path_has_marker"]
    if start_method() == "forkserver":
        assert first[0]["preloaded"] and second[0]["preloaded"]
