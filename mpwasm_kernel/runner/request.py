"""A request to the runner (`Request`) and everything it produced (`Outcome`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .outputs import Error, Output, Result

__all__ = ["InputFunction", "OutputFunction", "Outcome", "Request"]

#: Called with each output as it happens (from the thread running the request).
OutputFunction = Callable[[Output], None]
#: Answers the guest's ``input(prompt)`` (``password`` for ``getpass``): the line typed, without
#: its newline. Raise `EOFError` (or `KeyboardInterrupt`) to end the wait.
InputFunction = Callable[[str, bool], str]


@dataclass(frozen=True)
class Request:
    """One cell of text to run.

    - ``code``: the cell.
    - ``execution_count``: names the cell's source file ``<cell-N>`` (tracebacks, help) and
      goes into the `Result`; None: the file is ``filename``.
    - ``filename``: the source file name when there is no execution count (default ``<cell>``).
    - ``magics``: True (the kernel, the notebook executor): a whole-cell help request
      (``obj?``, ``obj??``, ``%magic?``) answers with a ``page`` payload, and the cell is split
      into Python, ``%line`` magics and a ``%%cell`` magic, run in order, stopping at the first
      error. False (the command line): the whole text is Python.
    - ``ipython``: True: IPython's conventions: a trailing ``;`` hides the result, the result's
      ``text/plain`` is IPython's (``result_text.py``), tracebacks follow ``%xmode``. False: the
      guest's repr and CPython's traceback lines.
    - ``expressions``: name → expression, evaluated silently after a cell that succeeded (Jupyter's
      ``user_expressions``); each answer is in `Outcome.expressions`.
    - ``keep_outputs``: also collect every output in `Outcome.outputs` (a front end that only
      streams them can turn this off).
    """

    code: str
    execution_count: int | None = None
    filename: str | None = None
    magics: bool = True
    ipython: bool = True
    expressions: Mapping[str, str] = field(default_factory=dict)
    keep_outputs: bool = True

    @property
    def cell_filename(self) -> str:
        """The name the cell's code runs under."""
        if self.execution_count is not None:
            return f"<cell-{self.execution_count}>"
        return self.filename or "<cell>"


@dataclass
class Outcome:
    """What a request produced.

    - ``status``: ``"ok"``, or ``"error"`` when it ended with `error`.
    - ``outputs``: every output in order, the `result` or `error` last (when the request kept
      them).
    - ``result``: the trailing expression's value (None without one, or after an error).
    - ``error``: the error the request ended with (guest exception, limit stop, interrupt, usage
      error of a magic, or a host failure named ``SandboxError``), else None.
    - ``value``: the result's ``text/plain`` as the guest wrote it (before IPython's rewriting).
    - ``payloads``: Jupyter-style payloads: ``{"source": "page", "data": ...}`` for a help
      request, ``{"source": "set_next_input", "text", "replace"}`` from ``%load``.
    - ``exit_requested``: the guest called ``exit()``/``quit()``; its ``keep_kernel`` flag, else
      None (only when the runner captures exit, see `RequestRunner`).
    - ``expressions``: the answers to `Request.expressions`: ``{"status": "ok", "data",
      "metadata"}`` or ``{"status": "error", "ename", "evalue", "traceback"}``.
    - ``fuel_used``: fuel of all guest runs of the request together; ``seconds``: its wall time.
    """

    status: Literal["ok", "error"] = "ok"
    outputs: list[Output] = field(default_factory=list)
    result: Result | None = None
    error: Error | None = None
    value: str | None = None
    payloads: list[dict[str, Any]] = field(default_factory=list)
    exit_requested: bool | None = None
    expressions: dict[str, dict[str, Any]] = field(default_factory=dict)
    fuel_used: int = 0
    seconds: float = 0.0
