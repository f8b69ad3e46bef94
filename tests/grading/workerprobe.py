"""A task function for worker tests that imports nothing heavy: a worker unpickles it by
importing this module (a test module importing nbformat would cost each worker seconds)."""

from __future__ import annotations

import os
import sys

from mpwasm_kernel.grading.report import NotebookReport
from mpwasm_kernel.grading.worker import Task, TaskResult

MARK = "MPWASM_TEST_WORKER_MARK"


def describe_worker(task: Task) -> TaskResult:
    """Report what the worker process sees: the mark variable, its directory, its pid, whether
    the executor module was already imported when the task arrived."""
    seen = {"mark": os.environ.get(MARK), "cwd": os.getcwd(), "pid": os.getpid(),
            "preloaded": "mpwasm_kernel.grading.executor" in sys.modules, "path_has_marker": "marker-path" in sys.path}
    report = NotebookReport(path=task.name, status="ok", message=repr(seen))
    return TaskResult(task.index, report.as_dict(), None)
