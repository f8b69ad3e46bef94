"""Grading at scale: notebooks executed in-process (no kernel process, no ZMQ), many at a time.

- `execute_notebook(nb, ...)` / `NotebookExecutor`: one notebook in a fresh interpreter, written
  as nbclient with this kernel would write it (`executor`).
- `NotebookReport`, `write_report`: per-notebook outcome, JSON or CSV (`report`).
- `run_batch(...)`: many notebooks on local worker processes (`batch`) or on Dask (`cluster`).
- `check(...)`: comparisons made on the host, so a student's object cannot lie (`checks`).

Importing this package loads no Jupyter kernel machinery (ipykernel, zmq), and its names are
imported on first use.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["ExecutionOptions", "NotebookExecutor", "NotebookReport", "execute_notebook", "inject_parameters",
           "write_report"]
_HOMES = {"ExecutionOptions": "options", "NotebookExecutor": "executor", "execute_notebook": "executor",
          "inject_parameters": "parameters", "NotebookReport": "report", "write_report": "report"}

if TYPE_CHECKING:
    from .executor import NotebookExecutor, execute_notebook
    from .options import ExecutionOptions
    from .parameters import inject_parameters
    from .report import NotebookReport, write_report


def __getattr__(name: str) -> Any:
    """The public names, imported on first use (PEP 562): a process that only hands notebooks to
    workers never loads the sandbox."""
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
