"""In-process notebook execution: what nbclient + this kernel would write, without a kernel process.

`NotebookExecutor` keeps one warm `Sandbox` and runs notebooks one after another, each in a fresh
interpreter (`Sandbox.reset()`, about a millisecond). A cell goes through the same steps as in the
kernel: the request runner (`mpwasm_kernel.runner`) runs help requests (``obj?``), magics and
Python segments; this module translates its outputs. Outputs are recorded as nbclient
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
from ..runner.outputs import ClearOutput, Display, Error, Output, Stream
from ..runner.request import Request
from ..runner.runner import NO_STDIN, RequestRunner  # noqa: F401 (NO_STDIN: the answer to input(), kept here)
from ..sandbox.limits import Limits
from ..sandbox.sandbox import Sandbox
from ..sandbox.wasm.artifact import DEFAULT_VARIANT
from .checks import Checks
from .options import ExecutionOptions
from .outputs import OutputRecorder
from .parameters import cell_tags, inject_parameters
from .report import NOTEBOOK_LIMIT, NotebookReport

SKIP_TAG = "skip-execution"
RAISES_TAG = "raises-exception"


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


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


#: The interpreter build each of this package's kernelspec names runs, for notebooks that name
#: one (``micropython-wasm-ulab`` was the second kernelspec before the default kernel had numpy).
KERNELSPEC_VARIANTS = {"micropython-wasm": DEFAULT_VARIANT, "micropython-wasm-ulab": "ulab"}


def notebook_variant(nb: Any, variant: str | None = None) -> str:
    """The interpreter build for `nb`: `variant` if given, else the one its kernelspec names."""
    if variant is not None:
        return variant
    spec = (nb.get("metadata") or {}).get("kernelspec") or {}
    name = spec.get("name") if isinstance(spec, Mapping) else None
    return KERNELSPEC_VARIANTS.get(name, DEFAULT_VARIANT) if isinstance(name, str) else DEFAULT_VARIANT


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
        self.recorder = OutputRecorder(safe_outputs=self.options.safe_outputs, budget_bytes=self.options.output_bytes)
        self._runner: RequestRunner | None = None
        self._variant = notebook_variant({}, self.options.variant)  # the build of the next runner
        self._used = False
        self._count = 0
        self._report = NotebookReport()
        self._language_info: dict[str, Any] | None = None

    # sandbox ----------------------------------------------------------------------------------
    @property
    def runner(self) -> RequestRunner:
        """The request runner holding the warm sandbox (a new one after a host-side failure).

        ``input()`` raises EOFError (no input function); ``exit()`` ends the cell quietly, as the
        kernel's ``ask_exit`` payload, which nbclient does not record."""
        if self._runner is None:
            o = self.options
            self._runner = RequestRunner(o.limits, variant=self._variant, deterministic=o.deterministic, seed=o.seed,
                                         functions=self.checks.functions() if self.checks is not None else None)
        return self._runner

    @property
    def sandbox(self) -> Sandbox:
        """The warm `Sandbox` (started on first use)."""
        return self.runner.sandbox

    @property
    def xmode(self) -> str:
        """``%xmode``: how errors are laid out, as in the kernel (Context at each notebook's start)."""
        return self.runner.xmode

    @xmode.setter
    def xmode(self, value: str) -> None:
        self.runner.xmode = value

    def _fresh_sandbox(self) -> Sandbox:
        """The warm sandbox, reset to a pristine interpreter with the configured limits."""
        runner = self.runner
        if self._used:
            runner.reset()  # a sandbox that cannot be reset is replaced
        self._used = True
        runner.limits = self.options.limits
        return runner.sandbox

    def _replace_sandbox(self) -> None:
        try:
            if self._runner is not None:
                self._runner.close()
        finally:
            self._runner = None

    def close(self) -> None:
        self._replace_sandbox()

    def __enter__(self) -> NotebookExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _probe_language_info(self) -> dict[str, Any]:
        if self._language_info is None:
            self.runner.start()  # reads the guest's version
            self._language_info = language_info(self.runner.python_version or "3.4.0")
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
            variant = notebook_variant(nb, self.options.variant)
            if variant != self._variant:  # this notebook's kernelspec names another build
                self._replace_sandbox()
                self._used, self._variant, self._language_info = False, variant, None
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
            tags = cell_tags(cell)  # a list only: a str would be substring-matched
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

    def _execute_cell(self, cell: Any, index: int, deadline: float | None) -> Error | None:
        """Run one code cell as the kernel would; record outputs; return its error, if any."""
        timing: dict[str, str] = {"iopub.status.busy": _now()}
        self._count += 1
        count = self._count
        cell["outputs"] = self.recorder.begin(index)
        timing["iopub.execute_input"] = _now()
        runner = self.runner
        budgeted = None
        if deadline is not None:
            left = max(deadline - time.perf_counter(), 0.001)
            if left < runner.limits.wall_seconds:
                budgeted = runner.limits
                runner.limits = dataclasses.replace(budgeted, wall_seconds=left)
        try:  # one budget for every run of the cell, as the kernel's execute request
            outcome = runner.run(Request(cell_source(cell), execution_count=count, keep_outputs=False),
                                 on_output=self._record)
        finally:
            if budgeted is not None and self._runner is runner and runner.started:  # a %limits in the cell
                runner.limits = dataclasses.replace(runner.limits, wall_seconds=budgeted.wall_seconds)  # stays
        self._report.fuel += outcome.fuel_used
        self.recorder.finish()
        error = outcome.error
        if error is not None and budgeted is not None and error.ename == "TimeLimitExceeded":
            text = (f"the notebook's time budget (notebook_seconds={self.options.notebook_seconds:g}) ran out "
                    f"during this cell ({error.evalue}); the later cells were not run")
            error = Error(NOTEBOOK_LIMIT, text, [f"{NOTEBOOK_LIMIT}: {text}"], error.stopped_by, error.rolled_back)
        if error is not None and (error.ename != "UsageError" or error.traceback):
            self.recorder.error(error.ename, error.evalue, error.traceback)  # (a usage error went to stderr)
        elif outcome.result is not None:
            self.recorder.result(count, outcome.result.data, outcome.result.metadata)
        if self.options.record_timing:
            timing["shell.execute_reply"] = timing["iopub.status.idle"] = _now()
            cell.setdefault("metadata", {})["execution"] = timing
        cell["execution_count"] = count
        return error

    def _record(self, output: Output) -> None:
        """Record what the cell produces while it runs; its result or error is recorded after it."""
        if isinstance(output, Stream):
            self.recorder.stream(output.name, output.text)
        elif isinstance(output, Display):
            self.recorder.display({"type": "display", "data": output.data, "metadata": output.metadata,
                                   "transient": output.transient, "update": output.update})
        elif isinstance(output, ClearOutput):
            self.recorder.display({"type": "clear_output", "wait": output.wait})


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
