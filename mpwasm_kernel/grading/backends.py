"""Where notebooks run: a narrow `Backend` interface, local worker processes behind it.

A backend takes `Task`s and yields `TaskResult`s as they finish (in completion order). A
worker that dies takes no notebook with it: its unfinished tasks are submitted again. Only the
notebook that was running in the dead worker is charged an attempt (at most `MAX_ATTEMPTS`; a
notebook that kills its worker every time is reported ``failed``): workers report which task they
start and finish, and when a crash leaves more than one task started and unfinished (the pool
stops every worker when one dies) those suspects run again one at a time, where a crash names
its notebook.
The Dask backend lives in `cluster` (imported only when used).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from importlib import import_module
from typing import Any

from .options import ExecutionOptions
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


_TRACK: Any = None  # in a worker: the queue where it reports the tasks it starts and finishes
#: What the process workers fork from imports once (this process, or a fork server): the worker
#: side of a task and everything a notebook's execution needs, wasmtime included. No engine,
#: module or sandbox is made there: each worker makes its own after the fork.
PRELOAD = ["mpwasm_kernel.grading.worker", "mpwasm_kernel.grading.executor"]
_IMAGE_MODULE = "mpwasm_kernel.sandbox.wasm.image"


def _engine_made() -> bool:
    """Has this process made a wasmtime engine (a sandbox's `Runtime`)? A fork would copy it
    into the workers, and wasmtime does not promise that a copied engine works."""
    image = sys.modules.get(_IMAGE_MODULE)
    return bool(getattr(image, "_runtimes", None))


def _single_threaded(settle: float = 0.5) -> bool:
    """Does this process run one thread only? Python's threads, then the kernel's count
    (/proc/self/task), so threads that native libraries started count too. A Python thread just
    joined (a previous pool's) may still be leaving the kernel's list: it gets `settle` seconds."""
    if threading.active_count() != 1:
        return False
    deadline = time.monotonic() + settle
    while True:
        try:
            if len(os.listdir("/proc/self/task")) == 1:
                return True
        except OSError:  # no /proc: Python's own count is all there is
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


def start_method() -> str:
    """How worker processes start, cheapest first:

    - ``fork`` (Linux) when this process may be forked safely — no other thread (a fork copies
      only the calling thread, and a lock another thread holds stays held in the child) and no
      wasmtime engine made here: `PRELOAD` is imported here and the workers are forked from
      this process (no fork server and no resource tracker process: ~0.15 s of CPU less);
    - else ``forkserver``: forked from a server process that imported `PRELOAD` once;
    - else ``spawn`` (each worker imports everything itself).
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and _single_threaded() and not _engine_made():
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def prepare_fork() -> None:
    """What a process does before workers fork from it: import `PRELOAD`, and compute what every
    worker would otherwise compute alike (the digest of the sandbox's sources that names its
    booted image in the disk cache), so each forked worker inherits it."""
    for name in PRELOAD:
        import_module(name)
    from ..sandbox.wasm.imagecache import sources_digest

    sources_digest()


def _parent_state() -> tuple[dict[str, str], str, list[str]]:
    """The parent's environment, working directory and import path, for `_init_worker`."""
    return dict(os.environ), os.getcwd(), list(sys.path)


def _init_worker(options: ExecutionOptions, track: Any, parent: tuple[dict[str, str], str, list[str]]) -> None:
    global _TRACK
    _TRACK = track
    # A forked worker has the fork server's environment, directory and path, from when it
    # started: take the parent's as they are now, as a spawned worker would have them.
    environ, cwd, path = parent
    os.environ.clear()
    os.environ.update(environ)
    os.chdir(cwd)
    sys.path[:] = path
    warm_up(options)


def _ready() -> None:
    """A no-op task: submitting one per worker makes the pool start that many workers now."""


def _tracked(task_fn: Callable[[Task], TaskResult], task: Task) -> TaskResult:
    """Run `task_fn(task)` in a worker, reporting its start and end to the parent."""
    _TRACK.put(("start", task.index))
    try:
        return task_fn(task)
    finally:
        _TRACK.put(("end", task.index))


class LocalBackend(Backend):
    """`jobs` worker processes on this machine, each with a warm sandbox."""

    def __init__(self, jobs: int | None, options: ExecutionOptions,
                 task_fn: Callable[[Task], TaskResult] = run_task) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.options = options
        self.task_fn = task_fn  #: what a worker runs per task (a picklable module-level function)
        self._pool: ProcessPoolExecutor | None = None
        self.method: str | None = None  #: how the current pool's workers started (`start_method`)

    def _new_pool(self, workers: int | None = None) -> ProcessPoolExecutor:
        method = start_method()
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(PRELOAD)
        elif method == "fork":
            prepare_fork()
        self.method = method
        self._track = context.SimpleQueue()
        self._started: set[int] = set()  #: tasks this pool's workers reported started, not yet ended
        return ProcessPoolExecutor(max_workers=workers or self.jobs, mp_context=context, initializer=_init_worker,
                                   initargs=(self.options, self._track, _parent_state()))

    def start(self, tasks: int | None = None) -> None:
        """Start the workers now — as many as `tasks` needs, at most `jobs` — so they import,
        load the interpreter and map its image while the caller reads notebooks."""
        if self._pool is None:
            workers = min(self.jobs, max(1, tasks if tasks is not None else self.jobs))
            self._pool = self._new_pool(workers)
            for _ in range(workers):
                self._pool.submit(_ready)

    def _drain(self) -> None:
        """Read the workers' start and end reports that have arrived (never waits). Called each
        time results arrive: a queue nobody reads fills its pipe (64 KiB, ~1,000 notebooks)
        and then blocks every worker on its next report — the batch would hang."""
        while not self._track.empty():
            event, index = self._track.get()
            (self._started.add if event == "start" else self._started.discard)(index)

    def _running(self) -> set[int]:
        """Tasks the dead pool's workers started and did not finish."""
        self._drain()
        return set(self._started)

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        queue: deque[Task] = deque(tasks)
        solo: deque[Task] = deque()  # suspects of a crash, run one at a time
        attempts: dict[int, int] = {}
        blameless_breaks = 0
        while queue or solo:
            self._pool = self._pool or self._new_pool()
            alone = bool(solo)
            batch = [solo.popleft()] if alone else list(queue)
            if not alone:
                queue.clear()
            futures: dict[Future[TaskResult], Task] = {
                self._pool.submit(_tracked, self.task_fn, task): task for task in batch}
            unfinished: list[Task] = []
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                self._drain()
                for future in done:
                    task = futures.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        unfinished.append(task)
                        continue
                    except Exception as err:  # e.g. a result that could not be sent back
                        report = NotebookReport(path=task.name, status="failed", message=f"{type(err).__name__}: {err}")
                        result = TaskResult(task.index, report.as_dict(), None)
                    yield result
            if not unfinished:
                continue
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            running = self._running()
            suspects = [task for task in unfinished if task.index in running]
            bystanders = [task for task in unfinished if task.index not in running]
            if len(suspects) == 1:
                culprit = suspects[0]
                attempts[culprit.index] = attempts.get(culprit.index, 0) + 1
                if attempts[culprit.index] >= MAX_ATTEMPTS:
                    yield lost(culprit, attempts[culprit.index])
                else:
                    solo.appendleft(culprit)
            elif suspects:
                solo.extend(suspects)
            else:  # no task was running: the worker died on its own (start-up, the machine)
                blameless_breaks += 1
                if blameless_breaks >= MAX_ATTEMPTS:
                    for task in [*bystanders, *solo, *queue]:
                        yield lost(task, blameless_breaks)
                    return
            queue.extendleft(reversed(bystanders))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
