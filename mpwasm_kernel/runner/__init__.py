"""The request runner: one cell of text in, ordered outputs, the result and the error out.

Below the protocols, above the sandbox: imports `mpwasm_kernel.sandbox` and never a Jupyter
module (nor wasmtime until a sandbox starts). The kernel, the notebook executor, the command line
and the MCP server drive it and only translate what it returns to their protocol::

    from mpwasm_kernel.runner import Request, RequestRunner

    with RequestRunner(Limits(fuel=10**9)) as runner:
        outcome = runner.run(Request("%time sum(range(10))", execution_count=1), on_output=print)
        outcome.status, outcome.result, outcome.error, outcome.outputs

Modules: `request` (Request, Outcome), `outputs` (Stream, Display, ClearOutput, Result, Error),
`runner` (RequestRunner), `execution` (Execution: pull outputs as they happen), `segments`
(splitting a cell, help requests), `magics` and `file_magics`, `limit_text` (limit values),
`result_text` (IPython's result text), `tracebacks` (IPython's traceback layout, ``%xmode``),
`inspection` (help text).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .execution import Execution
    from .outputs import LIMIT_OF_ERROR, ClearOutput, Display, Error, Output, Result, Stream
    from .request import InputFunction, Outcome, OutputFunction, Request
    from .runner import NO_STDIN, RequestRunner, SandboxUnavailable
    from .segments import UsageError

_HOMES = {"Execution": "execution", "LIMIT_OF_ERROR": "outputs", "ClearOutput": "outputs", "Display": "outputs",
          "Error": "outputs", "Output": "outputs", "Result": "outputs", "Stream": "outputs",
          "InputFunction": "request", "Outcome": "request", "OutputFunction": "request", "Request": "request",
          "NO_STDIN": "runner", "RequestRunner": "runner", "SandboxUnavailable": "runner", "UsageError": "segments"}

__all__ = [
    "LIMIT_OF_ERROR",
    "NO_STDIN",
    "ClearOutput",
    "Display",
    "Error",
    "Execution",
    "InputFunction",
    "Outcome",
    "Output",
    "OutputFunction",
    "Request",
    "RequestRunner",
    "Result",
    "SandboxUnavailable",
    "Stream",
    "UsageError",
]


def __getattr__(name: str) -> Any:
    """The public names, imported on first use (PEP 562): importing one light module of this
    package (e.g. `limit_text`) does not load the sandbox."""
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
