"""The unit of work every backend runs: one notebook's JSON text in, its report and executed text out.

Workers (local processes, Dask worker threads) keep a warm `NotebookExecutor` per thread and per
`ExecutionOptions`; the engine, compiled module and booted interpreter image are made once per
process (sandbox/wasm/image.py; module and image mapped from the on-disk cache when a previous
process stored them), so each notebook only pays for a reset (an image remap).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .options import ExecutionOptions
from .report import NotebookReport

if TYPE_CHECKING:
    from .executor import NotebookExecutor

_local = threading.local()


@dataclass(frozen=True)
class Task:
    """One notebook to execute: its position in the batch, a name for reports, its JSON text."""

    index: int
    name: str
    text: str
    options: ExecutionOptions = field(default_factory=ExecutionOptions)
    parameters: tuple[tuple[str, Any], ...] = ()


@dataclass
class TaskResult:
    index: int
    report: dict
    text: str | None  #: the executed notebook's JSON (None when it could not be read)


def warm_executor(options: ExecutionOptions) -> NotebookExecutor:
    """This thread's executor for `options` (created, with its sandbox, on first use)."""
    cache: dict[ExecutionOptions, NotebookExecutor] = getattr(_local, "executors", None) or {}
    _local.executors = cache
    executor = cache.get(options)
    if executor is None:
        from .executor import NotebookExecutor  # here, not at import: the parent process never needs it

        for old in cache.values():  # one warm sandbox per thread is enough
            old.close()
        cache.clear()
        executor = cache[options] = NotebookExecutor(options)
        executor.sandbox  # noqa: B018 - start the interpreter now, before the first notebook
    return executor


def run_task(task: Task) -> TaskResult:
    """Execute one notebook; every failure (unreadable JSON included) ends up in the report."""
    try:
        nb = load_notebook(task.text)
    except Exception as err:
        report = NotebookReport(path=task.name, status="failed", message=f"cannot read notebook: {err}")
        return TaskResult(task.index, report.as_dict(), None)
    parameters: Mapping[str, Any] = dict(task.parameters)
    report = warm_executor(task.options).execute(nb, parameters=parameters, path=task.name)
    return TaskResult(task.index, report.as_dict(), json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n")


def load_notebook(text: str) -> dict[str, Any]:
    """A notebook's JSON as plain dicts when it is nbformat 4 (no nbformat import: its schema
    validator costs seconds at import, per worker); older formats are upgraded with nbformat.

    Instead of nbformat's full schema validation, the fields the executor reads are checked
    (`check_structure`), so a forged notebook fails alone with a message naming what is wrong.
    """
    try:
        data = json.loads(text)
    except ValueError as err:
        raise ValueError(f"not JSON ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", []), list):
        raise ValueError("not a notebook (no list of cells)")
    if data.get("nbformat") == 4:
        check_structure(data)
        return data
    import nbformat

    return nbformat.reads(text, as_version=4)


def check_structure(nb: Mapping[str, Any]) -> None:
    """Raise ValueError naming the first field of an nbformat 4 notebook that the executor reads
    and that has the wrong type: the notebook's and each cell's ``metadata`` (objects), each
    cell (an object with a text ``cell_type``) and its ``source`` (text or a list of text)."""
    if not isinstance(nb.get("metadata", {}), dict):
        raise ValueError("not a notebook (its metadata is not an object)")
    for index, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict):
            raise ValueError(f"not a notebook (cell {index} is not an object)")
        if not isinstance(cell.get("cell_type"), str):
            raise ValueError(f"not a notebook (cell {index} has no cell_type)")
        source = cell.get("source", "")
        if not isinstance(source, str) and not (isinstance(source, list)
                                                and all(isinstance(line, str) for line in source)):
            raise ValueError(f"not a notebook (the source of cell {index} is not text)")
        if not isinstance(cell.get("metadata", {}), dict):
            raise ValueError(f"not a notebook (the metadata of cell {index} is not an object)")


def warm_up(options: ExecutionOptions) -> None:
    """Worker initializer: create the warm sandbox before the first task arrives."""
    warm_executor(options)
