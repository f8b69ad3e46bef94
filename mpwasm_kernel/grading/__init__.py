"""Grading at scale: notebooks executed in-process (no kernel process, no ZMQ), many at a time.

- `execute_notebook(nb, ...)` / `NotebookExecutor`: one notebook in a fresh interpreter, written
  as nbclient with this kernel would write it (`executor`).
- `NotebookReport`, `write_report`: per-notebook outcome, JSON or CSV (`report`).
- `run_batch(...)`: many notebooks on local worker processes (`batch`) or on Dask (`cluster`).
- `check(...)`: comparisons made on the host, so a student's object cannot lie (`checks`).

Importing this package loads no Jupyter kernel machinery (ipykernel, zmq).
"""

from .executor import ExecutionOptions, NotebookExecutor, execute_notebook
from .parameters import inject_parameters
from .report import NotebookReport, write_report

__all__ = ["ExecutionOptions", "NotebookExecutor", "NotebookReport", "execute_notebook", "inject_parameters",
           "write_report"]
