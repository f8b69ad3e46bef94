"""Where notebooks run: a narrow `Backend` interface, local worker processes behind it.

A backend takes `Task`s and yields `TaskResult`s as they finish (in completion order). A
worker that dies takes no notebook with it: its unfinished tasks are submitted again (at most
`MAX_ATTEMPTS` times each; a notebook that kills its worker every time is reported ``failed``).
The Dask backend lives in `cluster` (imported only when used).
"""

from __future__ import annotations

import multiprocessing
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .executor import ExecutionOptions
from .report import NotebookReport
from .worker import Task, TaskResult, run_task, warm_up

MAX_ATTEMPTS = 3


class Backend(ABC):
    """Runs tasks somewhere; yields results as they finish."""

    @abstractmethod
    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]: ...

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release workers."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lost(task: Task, attempts: int) -> TaskResult:
    """The result for a notebook whose worker died every time it ran it."""
    report = NotebookReport(path=task.name, status="failed",
                            message=f"the worker process running this notebook died ({attempts} attempts)")
    return TaskResult(task.index, report.as_dict(), None)


class InProcessBackend(Backend):
    """Runs tasks one by one in this process (``--jobs 0``; also what tests of small batches use)."""

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        for task in tasks:
            yield run_task(task)


class LocalBackend(Backend):
    """`jobs` worker processes on this machine, each with a warm sandbox."""

    def __init__(self, jobs: int | None, options: ExecutionOptions,
                 task_fn: Callable[[Task], TaskResult] = run_task) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.options = options
        self.task_fn = task_fn  #: what a worker runs per task (a picklable module-level function)
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=warm_up, initargs=(self.options,))

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        pending = list(tasks)
        attempts: dict[int, int] = {}
        while pending:
            self._pool = self._pool or self._new_pool()
            futures: dict[Future[TaskResult], Task] = {}
            for task in pending:
                attempts[task.index] = attempts.get(task.index, 0) + 1
                futures[self._pool.submit(self.task_fn, task)] = task
            pending = []
            broken = False
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    task = futures.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if attempts[task.index] >= MAX_ATTEMPTS:
                            yield lost(task, attempts[task.index])
                        else:
                            pending.append(task)
                        continue
                    except Exception as err:  # e.g. a result that could not be sent back
                        report = NotebookReport(path=task.name, status="failed", message=f"{type(err).__name__}: {err}")
                        result = TaskResult(task.index, report.as_dict(), None)
                    yield result
            if broken:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
