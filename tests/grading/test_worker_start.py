"""How local workers start (issue 29): forked from a server that imported the executor once,
yet each pool's workers see the parent as it is when the pool starts — its environment, working
directory and import path — as spawned workers would."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from mpwasm_kernel.grading import ExecutionOptions
from mpwasm_kernel.grading.backends import LocalBackend, start_method
from mpwasm_kernel.grading.batch import run_batch
from mpwasm_kernel.grading.worker import Task, TaskResult
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


def _tasks(count: int) -> list[Task]:
    return [Task(i, f"n{i}.ipynb", "") for i in range(count)]


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux pipe sizes")
def test_a_batch_longer_than_the_tracking_pipe_finishes() -> None:
    """Workers report each task's start and end on a pipe; a parent that never read it until a
    crash let it fill (~1,000 notebooks at 64 KiB) and every worker then blocked: the batch
    hung. Here the pipe is cut to one page (~70 tasks' reports) and 400 tasks must finish."""
    results: list[TaskResult] = []
    with LocalBackend(1, OPTIONS, task_fn=describe_worker) as backend:
        backend.start(1)
        fcntl.fcntl(backend._track._writer.fileno(), fcntl.F_SETPIPE_SZ, 4096)
        runner = threading.Thread(target=lambda: results.extend(backend.run(_tasks(400))), daemon=True)
        runner.start()
        runner.join(timeout=600)
        assert not runner.is_alive(), f"the batch hung after {len(results)} of 400 tasks"
    assert sorted(r.index for r in results) == list(range(400))


FORKED_BATCH = """
import json, os, sys
from pathlib import Path
from mpwasm_kernel.grading.backends import LocalBackend
from mpwasm_kernel.grading.options import ExecutionOptions
from mpwasm_kernel.grading.worker import Task, TaskResult
from tests.grading.workerprobe import describe_worker

def dies_once(task):
    marker = Path(task.name).with_suffix(".died")
    if Path(task.name).name.startswith("die") and not marker.exists():
        marker.write_text("x")
        os._exit(3)
    return describe_worker(task)

folder = Path(sys.argv[1])
tasks = [Task(i, str(folder / name), "") for i, name in enumerate(["a.ipynb", "die.ipynb", "b.ipynb", "c.ipynb"])]
with LocalBackend(2, ExecutionOptions(), task_fn=dies_once) as backend:
    results = list(backend.run(tasks))
    method = backend.method
print(json.dumps({"method": method, "results": [[r.index, r.report["status"], r.report["message"]] for r in results]}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers fork from the command on Linux only")
def test_a_single_threaded_command_forks_its_workers_and_survives_a_crash(tmp_path: Path) -> None:
    """A fresh process like the command line's (one thread, no engine): workers fork from it,
    with the executor already imported; a worker that dies is replaced by a new fork and its
    notebook runs again."""
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", FORKED_BATCH, str(tmp_path)], cwd=repo, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(repo)})
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["method"] == "fork"
    assert sorted(index for index, _, _ in out["results"]) == [0, 1, 2, 3]
    seen = [eval(message) for _, status, message in out["results"]]  # noqa: S307 - our own repr
    assert all(status == "ok" for _, status, _ in out["results"])
    assert all(s["preloaded"] for s in seen)
    assert (tmp_path / "die.died").exists()  # the crash happened, and the notebook ran again


def test_another_thread_means_a_fork_server_and_the_same_results() -> None:
    """A process running other threads is never forked (a lock held by another thread would
    stay held in the worker): workers then come from the fork server, with the same results."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert start_method() != "fork"
        with LocalBackend(2, OPTIONS, task_fn=describe_worker) as backend:
            results = list(backend.run(_tasks(4)))
            assert backend.method in ("forkserver", "spawn")
    finally:
        stop.set()
        other.join()
    assert sorted(r.index for r in results) == [0, 1, 2, 3]
    assert all(r.report["status"] == "ok" for r in results)
