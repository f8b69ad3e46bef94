"""The Dask backend: notebooks on a `LocalCluster` or an existing Dask cluster.

Each task is one notebook (its JSON text travels to the worker and back, so workers need no
shared file system). Workers keep a warm sandbox per worker thread (`worker.warm_executor`).
Results stream back in completion order (`distributed.as_completed`). A worker that is lost
mid-batch has its tasks rescheduled on the others by the Dask scheduler; a notebook that kills
workers repeatedly ends as a failed report instead of stopping the batch.

Needs the optional extra: ``pip install 'mpwasm-kernel[dask]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .backends import Backend, lost
from .report import NotebookReport
from .worker import Task, TaskResult, run_task

#: How many times the scheduler may see a task's worker die before the task is given up.
ALLOWED_FAILURES = 2


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise RuntimeError("the Dask backend needs dask[distributed]: pip install 'mpwasm-kernel[dask]'") from None
    return distributed


class DaskBackend(Backend):
    """Runs tasks on Dask. `address`: ``"local"`` (start a `LocalCluster`) or a scheduler address
    (``tcp://HOST:8786``), or pass an existing `client`."""

    def __init__(self, address: str = "local", *, n_workers: int | None = None, client: Any = None,
                 task_fn: Callable[[Task], TaskResult] = run_task) -> None:
        distributed = _import_distributed()
        self.task_fn = task_fn
        self._own_cluster = None
        self._own_client = client is None
        if client is None:
            import dask

            dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES})
            if address == "local":
                self._own_cluster = distributed.LocalCluster(
                    n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
                client = distributed.Client(self._own_cluster)
            else:
                client = distributed.Client(address)
        self.client = client

    def run(self, tasks: Iterable[Task]) -> Iterator[TaskResult]:
        distributed = _import_distributed()
        futures = {}
        for task in tasks:
            future = self.client.submit(self.task_fn, task, pure=False, key=f"mpwasm-notebook-{task.index}-{id(self)}")
            futures[future] = task
        for future in distributed.as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except distributed.KilledWorker:
                yield lost(task, ALLOWED_FAILURES + 1)
            except Exception as err:
                report = NotebookReport(path=task.name, status="failed", message=f"{type(err).__name__}: {err}")
                yield TaskResult(task.index, report.as_dict(), None)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        if self._own_cluster is not None:
            self._own_cluster.close()
