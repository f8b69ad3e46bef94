"""In-process notebook execution: what nbclient + this kernel would write, without a kernel process.

`NotebookExecutor` keeps one warm `Sandbox` and runs notebooks one after another, each in a fresh
interpreter (`Sandbox.reset()`, about a millisecond). A cell goes through the same steps as in the
kernel: help requests (``obj?``), the magics (`mpwasm_kernel.runner.magics`, which need
no Jupyter machinery), then Python segments in the sandbox. Outputs are recorded as nbclient
records the kernel's messages (`OutputRecorder`), with execution counts, ``metadata.execution``
timings and ``metadata.language_info``.

Errors do not stop later cells unless `stop_on_error` (then the first error in a cell not tagged
``raises-exception`` stops the notebook). Cells tagged ``skip-execution`` are not run. ``input()``
raises EOFError. A notebook time budget (`notebook_seconds`) lowers each cell's wall-clock limit to
what is left of it; when it runs out the notebook stops with ``NotebookTimeLimitExceeded``.
Nothing a notebook does escapes its own cells: every failure becomes an error output and a line
in the `NotebookReport`.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..kernel.info import language_info
from ..runner.magics import Magics
from ..runner.result_text import hides_result, ipython_text
from ..runner.segments import Segment, UsageError, parse_help_request, split_cell
from ..runner.tracebacks import render as render_traceback
from ..sandbox.cell import split_cell as split_python
from ..sandbox.channel import InputUnavailable
from ..sandbox.errors import GuestError
from ..sandbox.limits import Limits
from ..sandbox.result import RunResult
from ..sandbox.sandbox import SPLIT_MAX_CHARS, Sandbox
from .checks import Checks
from .outputs import OutputRecorder
from .parameters import inject_parameters
from .report import NOTEBOOK_LIMIT, NotebookReport

#: The kernel's answer to ``input()`` when the frontend has no stdin (nbclient never offers one).
NO_STDIN = "input() is not available: the frontend does not support stdin"
SKIP_TAG = "skip-execution"
RAISES_TAG = "raises-exception"


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _failure(ename: str, evalue: str) -> RunResult:
    return RunResult(error=GuestError(ename, evalue, [f"{ename}: {evalue}"]))


def _as_nodes(nb: Any) -> None:
    """In an nbformat `NotebookNode`, turn the recorded output dicts into `NotebookNode`s too.

    Plain dict notebooks (what the batch workers load with `json`, to avoid importing nbformat,
    whose schema validator takes seconds to import) stay plain dicts.
    """
    nbformat = sys.modules.get("nbformat")
    if nbformat is None or not isinstance(nb, nbformat.NotebookNode):
        return
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code" and cell.get("outputs"):
            cell["outputs"] = [nbformat.from_dict(out) for out in cell["outputs"]]


def cell_source(cell: Mapping[str, Any]) -> str:
    """A cell's source text (a string, or a list of lines as stored in .ipynb files)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def resolve(spec: str) -> Any:
    """The object an import string ``package.module:attribute.path`` names."""
    import importlib

    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"{spec!r} is not an import string of the form module:attribute")
    value: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        value = getattr(value, part)
    return value


def _no_stdin(prompt: str, password: bool) -> str:
    raise InputUnavailable(NO_STDIN)


@dataclasses.dataclass(frozen=True)
class ExecutionOptions:
    """How notebooks are executed (picklable: local workers and Dask workers receive it).

    - `limits`: per-cell limits (as the kernel's); `%limits` in a notebook can only lower them.
    - `stop_on_error`: stop at the first error in a cell not tagged ``raises-exception``.
    - `notebook_seconds`: wall-clock budget for the whole notebook (None: no budget).
    - `variant`, `deterministic`, `seed`: the sandbox's interpreter build, fixed clock/random seed.
    - `record_timing`: write ``metadata.execution`` timestamps, like nbclient.
    - `checks`: import string (``module:attribute``) of a `Checks` object or a mapping of
      expected values: the host function ``check(name, value)`` (see `checks`).
    """

    limits: Limits = dataclasses.field(default_factory=Limits)
    stop_on_error: bool = False
    notebook_seconds: float | None = None
    variant: str = "micropython"
    deterministic: bool = False
    seed: int = 0
    record_timing: bool = True
    checks: str | None = None


class _MagicHost:
    """The `MagicHost` the kernel's magics need, answered by the executor."""

    def __init__(self, executor: NotebookExecutor) -> None:
        self._executor = executor

    @property
    def admin_limits(self) -> Limits:
        return self._executor.options.limits

    @property
    def sandbox(self) -> Sandbox:
        return self._executor.sandbox

    @property
    def xmode(self) -> str:
        return self._executor.xmode

    @xmode.setter
    def xmode(self, value: str) -> None:
        self._executor.xmode = value

    def run_guest(self, source: str, *, store_result: bool = True, filename: str | None = None) -> RunResult:
        return self._executor._run_python(source, store_result=store_result, filename=filename)

    def set_next_input(self, text: str, replace: bool = False) -> None:
        """A ``set_next_input`` payload: nbclient does not apply payloads, neither does the executor."""

    def write(self, text: str) -> None:
        self._executor.recorder.stream("stdout", text)

    def ask(self, prompt: str) -> str | None:
        return None

    def interrupted(self) -> bool:
        return False


class NotebookExecutor:
    """Executes notebooks in this process, one at a time, in one warm sandbox.

    Not thread-safe: one executor per thread (or process). `close()` releases the sandbox.
    """

    def __init__(self, options: ExecutionOptions | None = None, *, checks: Checks | Mapping[str, Any] | None = None,
                 **changes: Any) -> None:
        self.options = dataclasses.replace(options or ExecutionOptions(), **changes)
        if checks is None and self.options.checks:
            checks = resolve(self.options.checks)
        self.checks = checks if isinstance(checks, Checks) or checks is None else Checks(checks)
        self.recorder = OutputRecorder()
        self._sandbox: Sandbox | None = None
        self._used = False
        self._magics = Magics(_MagicHost(self))
        self._count = 0
        self._report = NotebookReport()
        self._language_info: dict[str, Any] | None = None
        self.xmode = "Context"  #: `%xmode`: how errors are laid out, as in the kernel

    # sandbox ----------------------------------------------------------------------------------
    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            o = self.options
            self._sandbox = Sandbox(o.limits, variant=o.variant, on_output=self.recorder.stream,
                                    on_display=self.recorder.display, on_input=_no_stdin,
                                    on_exit=lambda keep_kernel: True,  # the kernel's ask_exit payload: no output
                                    deterministic=o.deterministic, seed=o.seed,
                                    functions=self.checks.functions() if self.checks is not None else None)
        return self._sandbox

    def _fresh_sandbox(self) -> Sandbox:
        """The warm sandbox, reset to a pristine interpreter with the configured limits."""
        sandbox = self.sandbox
        if self._used:
            try:
                sandbox.reset()
            except Exception:
                self._replace_sandbox()
                sandbox = self.sandbox
        self._used = True
        sandbox.limits = self.options.limits
        return sandbox

    def _replace_sandbox(self) -> None:
        try:
            if self._sandbox is not None:
                self._sandbox.close()
        finally:
            self._sandbox = None

    def close(self) -> None:
        self._replace_sandbox()

    def __enter__(self) -> NotebookExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _probe_language_info(self) -> dict[str, Any]:
        if self._language_info is None:
            result = self._fresh_sandbox().run("__import__('sys').version", store_result=False)
            text = (result.value or "").strip("'\"")
            self._language_info = language_info(text.split(";")[0].strip() or "3.4.0")
        return self._language_info

    # notebooks --------------------------------------------------------------------------------
    def execute(self, nb: Any, *, parameters: Mapping[str, Any] | None = None, path: str = "") -> NotebookReport:
        """Execute `nb` (an nbformat notebook, changed in place) in a fresh interpreter.

        `parameters` are injected papermill-style after the ``parameters``-tagged cell. Returns
        the `NotebookReport`; never raises for anything the notebook's code does.
        """
        report = NotebookReport(path=path)
        self._report = report
        if self.checks is not None:
            self.checks.reset()
        start = time.perf_counter()
        try:
            inject_parameters(nb, parameters or {})
            nb.setdefault("metadata", {})["language_info"] = self._probe_language_info()
            self._fresh_sandbox()
            try:
                self._run_cells(nb, start)
            finally:
                _as_nodes(nb)
        except Exception as err:  # host-side failure: report it, keep the batch going
            report.status = "failed"
            report.message = f"{type(err).__name__}: {err}"
            self._replace_sandbox()
        report.seconds = time.perf_counter() - start
        if self.checks is not None:
            report.checks = self.checks.summary()
        report.finish()
        return report

    def _run_cells(self, nb: Any, start: float) -> None:
        o = self.options
        report = self._report
        self._count = 0
        self.xmode = "Context"
        self.recorder.reset()
        deadline = start + o.notebook_seconds if o.notebook_seconds else None
        for index, cell in enumerate(nb["cells"]):
            if cell.get("cell_type") != "code" or not cell_source(cell).strip():
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            if SKIP_TAG in tags:
                continue
            if deadline is not None and time.perf_counter() >= deadline:
                self._budget_spent(cell, index)
                return
            error = self._execute_cell(cell, index, deadline)
            report.cells_run += 1
            if error is not None:
                expected = RAISES_TAG in tags
                report.add_error(index, cell.get("execution_count"), error.ename, error.evalue, expected)
                if error.ename == NOTEBOOK_LIMIT or (o.stop_on_error and not expected):
                    return

    def _budget_spent(self, cell: Any, index: int) -> None:
        seconds = self.options.notebook_seconds
        text = (f"the notebook's time budget (notebook_seconds={seconds:g}) was used up before this cell; "
                "this and the later cells were not run")
        cell["outputs"] = self.recorder.begin(index)
        self.recorder.error(NOTEBOOK_LIMIT, text, [f"{NOTEBOOK_LIMIT}: {text}"])
        self._report.add_error(index, None, NOTEBOOK_LIMIT, text, False)

    def _execute_cell(self, cell: Any, index: int, deadline: float | None) -> GuestError | None:
        """Run one code cell as the kernel would; record outputs; return its error, if any."""
        timing: dict[str, str] = {"iopub.status.busy": _now()}
        self._count += 1
        count = self._count
        cell["outputs"] = self.recorder.begin(index)
        timing["iopub.execute_input"] = _now()
        sandbox = self.sandbox
        budgeted = None
        if deadline is not None:
            left = max(deadline - time.perf_counter(), 0.001)
            if left < sandbox.limits.wall_seconds:
                budgeted = sandbox.limits
                sandbox.limits = dataclasses.replace(budgeted, wall_seconds=left)
        try:
            with sandbox.request():  # one budget for every run of the cell, as the kernel's execute request
                outcome = self._cell_outcome(cell_source(cell), count)
        finally:
            if budgeted is not None and self._sandbox is sandbox:  # a %limits in the cell keeps its other changes
                sandbox.limits = dataclasses.replace(sandbox.limits, wall_seconds=budgeted.wall_seconds)
        self.recorder.finish()
        error = outcome.error if outcome is not None else None
        if error is not None and budgeted is not None and error.ename == "TimeLimitExceeded":
            text = (f"the notebook's time budget (notebook_seconds={self.options.notebook_seconds:g}) ran out "
                    f"during this cell ({error.evalue}); the later cells were not run")
            error = GuestError(NOTEBOOK_LIMIT, text, [f"{NOTEBOOK_LIMIT}: {text}"])
        if error is not None:
            self.recorder.error(error.ename, error.evalue, self._traceback(error))
        elif outcome is not None and outcome.data:
            self.recorder.result(count, self._ipython_data(outcome.data, cell_source(cell)), outcome.metadata or {})
        if self.options.record_timing:
            timing["shell.execute_reply"] = timing["iopub.status.idle"] = _now()
            cell.setdefault("metadata", {})["execution"] = timing
        cell["execution_count"] = count
        return error

    def _cell_outcome(self, code: str, count: int) -> RunResult | None:
        """The kernel's `_execute`: help request, magics and Python segments; stop at an error."""
        help_request = parse_help_request(code)
        if help_request is not None:
            self._help(*help_request)
            return None
        try:
            segments = split_cell(code)
        except UsageError as err:
            return _failure("UsageError", str(err))
        outcome: RunResult | None = None
        for index, segment in enumerate(segments):
            last = index == len(segments) - 1
            outcome = self._run_segment(segment, last)
            if outcome is not None and outcome.error is not None:
                return outcome
        return outcome

    def _traceback(self, error: GuestError) -> list[str]:
        """The error's lines in IPython's layout for the current ``%xmode`` (as the kernel)."""
        if self._sandbox is None or not error.frames:
            return list(error.traceback)
        try:
            return render_traceback(error, self._sandbox.sources, self.xmode)
        except Exception:
            return list(error.traceback)

    def _ipython_data(self, data: dict, code: str) -> dict:
        """The result's mimebundle with ``text/plain`` in IPython's conventions (as the kernel)."""
        text = data.get("text/plain")
        if not isinstance(text, str):
            return data
        try:
            expression = split_python(code).expr if len(code) <= SPLIT_MAX_CHARS else ""
            shown = ipython_text(text, self._sandbox.sources if self._sandbox is not None else None,
                                 expression.lstrip("\\\n"))
        except Exception:
            return data
        return data if shown == text else {**data, "text/plain": shown}

    def _run_segment(self, segment: Segment, last: bool) -> RunResult | None:
        if segment.kind == "python":
            quiet = last and hides_result(segment.source)  # a trailing `;` hides the result, as in IPython
            result = self._run_python(segment.source, store_result=last and not quiet)
            if quiet and result.error is None:
                return None
            return result if last or result.error is not None else None
        try:
            return self._magics.run(segment)
        except UsageError as err:
            return _failure("UsageError", str(err))
        except Exception as err:  # a guest call inside a magic failed (limit, ...)
            error = getattr(err, "error", None)
            if isinstance(error, GuestError):
                return RunResult(error=error)
            return _failure(type(err).__name__, str(err))

    def _run_python(self, source: str, *, store_result: bool = True, filename: str | None = None) -> RunResult:
        """Run source in the sandbox; a host-side failure replaces the sandbox and becomes an error."""
        try:
            result = self.sandbox.run(source, filename=filename or f"<cell-{self._count}>", store_result=store_result)
        except Exception as err:
            limits = self.sandbox.limits if self._sandbox is not None else self.options.limits
            self._replace_sandbox()
            self.sandbox.limits = limits
            return _failure("SandboxError", f"internal sandbox error ({type(err).__name__}: {err}); the "
                                            "interpreter was restarted and earlier variables are lost")
        self._report.fuel += result.fuel_used
        return result

    def _help(self, name: str, detail_level: int) -> None:
        """``obj?``: the kernel answers with a pager payload, which nbclient does not record."""
        if name.startswith("%"):
            if self._magics.help_text(name):
                return
        else:
            try:
                found = self.sandbox.call("inspect", name, len(name), detail_level)
            except Exception:
                found = None
            if isinstance(found, dict) and found.get("found"):
                return
        self.recorder.stream("stdout", f"Object `{name}` not found.\n")


def execute_notebook(nb: Any, *, limits: Limits | None = None, parameters: Mapping[str, Any] | None = None,
                     stop_on_error: bool = False, notebook_seconds: float | None = None,
                     executor: NotebookExecutor | None = None, **options: Any) -> Any:
    """Execute `nb` in-process (no kernel process, no ZMQ) and return it, as nbclient would.

    The notebook is changed in place. `limits` are the per-cell limits; `options` are further
    `ExecutionOptions` fields (`variant`, `deterministic`, `seed`, `record_timing`). Pass a warm
    `executor` to reuse its sandbox across calls (its options then apply). For the per-notebook
    report (status, errors, limits hit, fuel), use `NotebookExecutor.execute`. Errors of the
    notebook's code end up in its cells; `NotebookExecutionFailed` is raised only when the host
    side could not run it (the sandbox did not start, the notebook is malformed).
    """
    if executor is not None:
        report = executor.execute(nb, parameters=parameters)
    else:
        changes: dict[str, Any] = dict(options, stop_on_error=stop_on_error, notebook_seconds=notebook_seconds)
        if limits is not None:
            changes["limits"] = limits
        with NotebookExecutor(**changes) as own:
            report = own.execute(nb, parameters=parameters)
    if report.status == "failed":  # the host side failed (e.g. the sandbox could not start), not the notebook
        raise NotebookExecutionFailed(report.message)
    return nb


class NotebookExecutionFailed(RuntimeError):
    """`execute_notebook` could not run the notebook at all (a host-side failure, see the message)."""
