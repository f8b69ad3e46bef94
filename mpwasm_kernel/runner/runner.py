"""`RequestRunner`: one session's sandbox, and the one way a cell of text is run in it.

Every front end (the Jupyter kernel, the notebook executor, the command line, the MCP server)
hands a `Request` to `RequestRunner.run` and translates the `Outcome` and the outputs it streams
to its own protocol. The runner owns what a request means: help requests, magics and Python
segments in order under one budget (`Sandbox.request`), stopping at the first error; results in
IPython's conventions; errors with the limit that stopped them and whether the run was rolled
back; a fresh interpreter when the sandbox itself fails. It imports `mpwasm_kernel.sandbox` only
(no Jupyter module), and the sandbox's wasmtime host only when it starts one.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import logging
import re
import threading
import time
from collections.abc import Callable, Container, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..sandbox.cell import SPLIT_MAX_CHARS, leading_indent
from ..sandbox.cell import split_cell as split_python
from ..sandbox.channel import InputUnavailable
from ..sandbox.errors import LIMIT_ERRORS, GuestError
from ..sandbox.limits import Limits
from ..sandbox.mimebundle import clean_bundle
from ..sandbox.result import RunResult
from ..sandbox.wasm.artifact import DEFAULT_VARIANT
from .execution import Execution
from .figures import InlineFigures
from .inspection import with_definition
from .magics import Magics, ShownError
from .outputs import LIMIT_OF_ERROR, ClearOutput, Display, Error, Output, Result, Stream
from .request import InputFunction, Outcome, OutputFunction, Request
from .result_text import hides_result, ipython_text
from .segments import Segment, UsageError, automagic_line, parse_help_request, split_cell, trailing_help_request
from .tracebacks import render as render_traceback

if TYPE_CHECKING:
    from ..sandbox.sandbox import Sandbox

__all__ = ["NO_STDIN", "RequestRunner", "SandboxUnavailable"]

log = logging.getLogger(__name__)

#: The guest's ``input()`` error when the request has no input function.
NO_STDIN = "input() is not available: the frontend does not support stdin"
#: ipykernel's message for ``input()`` when the frontend does not support input requests.
IPYTHON_NO_STDIN = "raw_input was called, but this frontend does not support input requests."


class SandboxUnavailable(RuntimeError):
    """The runner has no sandbox: it could not start (the message says why) or it was closed."""


def _host_failure(ename: str, evalue: str) -> RunResult:
    """A result for an error the runner itself reports (no guest code ran)."""
    return RunResult(error=GuestError(ename, evalue, [f"{ename}: {evalue}"]))


def failure_from(err: BaseException) -> GuestError:
    """The error of a failed guest call (a `CallError` carries a `GuestError`) or host exception."""
    error = getattr(err, "error", None)
    if isinstance(error, GuestError):
        return error
    name = type(err).__name__
    return GuestError(name, str(err), [f"{name}: {err}"])


def _probe_python_version(sandbox: Sandbox) -> str | None:
    """``sys.version`` of the guest up to its ``;`` (its output, outside any request, goes nowhere)."""
    try:
        result = sandbox.run("__import__('sys').version", store_result=False)
        return str(ast.literal_eval(result.value or "")).split(";")[0].strip() or None
    except Exception:
        log.warning("could not read the guest's Python version", exc_info=True)
        return None


class _Current:
    """The request being run: where its outputs go and what it collected."""

    def __init__(self, request: Request, on_output: OutputFunction | None, on_input: InputFunction | None) -> None:
        self.request = request
        self.on_output = on_output
        self.on_input = on_input
        self.outcome = Outcome()
        self.figures_pending = 0  # pyplot figures the cell left open, shown after its result

    def emit(self, output: Output) -> None:
        if self.request.keep_outputs:
            self.outcome.outputs.append(output)
        if self.on_output is not None:
            self.on_output(output)


class RequestRunner:
    """Runs requests, one at a time, in one long-lived sandbox (thread-safe; `interrupt` may be
    called from any thread).

    `limits` are the session's ceilings (``%limits`` can lower the session's limits, never raise
    them above these). `variant`, `mounts`, `deterministic`, `seed` and `functions` (host
    functions: name → callable) configure the `Sandbox`; `function_targets` (name → the
    ``module:attribute`` it was imported from) is only shown by ``%functions``. With
    `capture_exit`, the guest's ``exit()``/``quit()`` ends the request normally and sets
    `Outcome.exit_requested` (a kernel then asks its frontend to end the session); without it,
    they raise ``SystemExit`` in the guest like any error.

    The sandbox starts on first use, or when `start` is called (a kernel calls it in a start-up
    thread; a request that arrives meanwhile waits for it, and an interrupt during that wait still
    counts for the request). `unavailable` holds why there is no sandbox (a front end may set it
    when its own configuration failed); every request then ends with a ``SandboxError`` saying
    so. `kept_cells`, when set, lists the execution counts whose source help may still show.
    """

    def __init__(self, limits: Limits | None = None, *, variant: str = DEFAULT_VARIANT,
                 mounts: Mapping[str, str] | None = None, deterministic: bool = False, seed: int = 0,
                 functions: Mapping[str, Callable[..., object]] | None = None,
                 function_targets: Mapping[str, str] | None = None, capture_exit: bool = True) -> None:
        self.admin_limits = limits if limits is not None else Limits()
        self.functions: dict[str, str] = dict(function_targets or {})  # shown by %functions
        self.xmode = "Context"  #: ``%xmode``: how errors are laid out (`tracebacks.py`)
        self.unavailable: str | None = None
        #: The Python language version the guest reports (``sys.version`` up to ``;``, e.g.
        #: ``3.4.0``), read once when the sandbox starts; None before, or if it could not be read.
        self.python_version: str | None = None
        self.kept_cells: Callable[[], Container[int]] | None = None
        #: ``InlineBackend.figure_formats``: how pyplot figures are shown (`figures.py`, ``%config``)
        self.figures = InlineFigures()
        self.magics = Magics(self)
        self._options: dict[str, Any] = {
            "variant": variant, "mounts": dict(mounts) if mounts else None, "deterministic": deterministic,
            "seed": seed, "functions": dict(functions) if functions else None,
        }
        self._capture_exit = capture_exit
        self._sandbox: Sandbox | None = None
        self._closed = False
        self._start_lock = threading.Lock()
        self._lock = threading.RLock()  # one request or call at a time
        self._interrupt = threading.Event()
        self._current: _Current | None = None
        self._muted = 0

    # lifecycle -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the sandbox now if it is not running (no-op when it is, or after `close`).

        Raises what `Sandbox` raised when it cannot start, and keeps the reason in `unavailable`."""
        with self._start_lock:
            if self._sandbox is not None or self._closed or self.unavailable is not None:
                return
            try:
                sandbox = self._new_sandbox(self.admin_limits)
            except Exception as err:
                self.unavailable = f"the MicroPython sandbox could not start: {type(err).__name__}: {err}"
                raise
            self.python_version = _probe_python_version(sandbox)
            self._sandbox = sandbox

    def _new_sandbox(self, limits: Limits) -> Sandbox:
        from ..sandbox.sandbox import Sandbox

        sandbox = Sandbox(limits, on_output=self._on_stream, on_display=self._on_display, on_input=self._on_input,
                          on_exit=self._on_exit if self._capture_exit else None, **self._options)
        sandbox.on_xmode = self._guest_xmode
        return sandbox

    def _guest_xmode(self, args: str) -> str | None:
        """``%xmode`` asked for by guest code (``get_ipython().run_cell("%xmode Minimal")``)."""
        try:
            return self.magics.set_xmode(args)
        except UsageError:
            return None

    @property
    def sandbox(self) -> Sandbox:
        """The session's `Sandbox` (started on first use); `SandboxUnavailable` if there is none."""
        sandbox = self._available()
        if sandbox is None:
            raise SandboxUnavailable(self.unavailable or "the sandbox is closed")
        return sandbox

    def _available(self) -> Sandbox | None:
        if self._sandbox is None and not self._closed and self.unavailable is None:
            with contextlib.suppress(Exception):  # the reason is in `unavailable`
                self.start()
        return self._sandbox

    @property
    def started(self) -> bool:
        """True while a sandbox is running (started and not closed)."""
        return self._sandbox is not None

    @property
    def limits(self) -> Limits:
        """The session's current limits (the ceilings until ``%limits`` lowers them)."""
        return self._sandbox.limits if self._sandbox is not None else self.admin_limits

    @limits.setter
    def limits(self, value: Limits) -> None:
        self.sandbox.limits = value

    def reset(self) -> None:
        """A pristine interpreter with the ceilings as limits, files cleared, ``%xmode`` Context
        (a fresh sandbox if resetting the old one fails)."""
        with self._lock:
            self.xmode = "Context"
            sandbox = self.sandbox
            try:
                sandbox.reset()
            except Exception:
                log.warning("sandbox reset failed; starting a new one", exc_info=True)
                self._replace_sandbox(self.admin_limits)
            self.sandbox.limits = self.admin_limits

    def close(self) -> None:
        """Interrupt what runs, then close the sandbox; later requests end with ``SandboxError``."""
        self.interrupt()
        with self._lock:
            self._closed = True
            if self._sandbox is not None:
                self._sandbox.close()
                self._sandbox = None

    def __enter__(self) -> RequestRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # interrupts ----------------------------------------------------------------------------------

    def interrupt(self) -> None:
        """Interrupt the running request (KeyboardInterrupt in the guest; a guest that ignores it is
        stopped and rolled back), and skip its remaining segments. Thread-safe; no-op when idle."""
        self._interrupt.set()
        sandbox = self._sandbox
        if sandbox is not None:
            sandbox.interrupt()

    def interrupted(self) -> bool:
        """True once `interrupt` was called during the current request."""
        return self._interrupt.is_set()

    # requests ------------------------------------------------------------------------------------

    def run(self, request: Request, *, on_output: OutputFunction | None = None,
            on_input: InputFunction | None = None) -> Outcome:
        """Run `request`; return its `Outcome`. Never raises for anything the code does.

        Each output goes to `on_output` as it happens (from this thread; stream text one write at
        a time), the result or error last. `on_input` answers the guest's ``input()``; without
        it ``input()`` raises EOFError. Every guest run of the request (segments, ``%timeit``
        repeats, magics' calls, user expressions) shares one budget of the session's limits.
        """
        with self._lock:
            current = _Current(request, on_output, on_input)
            self._interrupt.clear()
            self._current = current
            self.figures.begin_request()
            started = time.perf_counter()
            try:
                sandbox = self._available()
                with sandbox.request() if sandbox is not None else contextlib.nullcontext():
                    ran = self._execute(request, current)
                    self._finish(ran, current)
                    self._show_figures(current)
            finally:
                self._current = None
            current.outcome.seconds = time.perf_counter() - started
            return current.outcome

    def submit(self, request: Request, *, on_input: InputFunction | None = None) -> Execution:
        """Start `request` on its own thread; iterate the returned `Execution` for its outputs as
        they happen, then take its `Execution.outcome()`."""
        def run(on_output: OutputFunction, on_input: InputFunction | None) -> Outcome:
            return self.run(request, on_output=on_output, on_input=on_input)

        return Execution(run, self.interrupt, on_input)

    def _execute(self, request: Request, current: _Current) -> RunResult | None:
        """The request's segments in order; the run whose result or error to show, or None."""
        if self._sandbox is None:
            return _host_failure("SandboxError", self.unavailable or "the sandbox is closed")
        code = leading_indent(request.code) if request.ipython else request.code
        if request.magics:
            help_request = parse_help_request(code)
            if help_request is not None:
                self._page_help(*help_request, current)
                return None
            trailing = trailing_help_request(code)
            if trailing is not None:  # `obj?` on the last line: the lines before it run first
                ran = self._execute(dataclasses.replace(request, code=trailing[0]), current)
                if ran is not None and ran.error is not None:
                    return ran
                self._page_help(trailing[1], trailing[2], current)
                return None
            try:
                segments = split_cell(code)
            except UsageError as err:
                return _host_failure("UsageError", str(err))
            if request.ipython and len(segments) == 1 and segments[0].kind == "python":
                magic = automagic_line(code)  # `pwd`, `cd data`: IPython's automagic
                if magic is not None and self.magics.automagic(magic, code):
                    segments = [magic]
        else:
            segments = [Segment("python", code)]
        ran: RunResult | None = self.magics.autoreload.check()  # %autoreload 2: changed modules first
        if ran is not None and ran.error is not None:
            return ran
        for index, segment in enumerate(segments):
            if self._interrupt.is_set():
                return _host_failure("KeyboardInterrupt", "interrupted before the rest of the cell ran")
            last = index == len(segments) - 1
            ran = self._run_segment(segment, last, request)
            if ran is not None and ran.error is not None:
                return ran
        return ran

    def _run_segment(self, segment: Segment, last: bool, request: Request) -> RunResult | None:
        if segment.kind == "python":
            quiet = last and request.ipython and hides_result(segment.source)  # a trailing `;`, as in IPython
            ran = self.run_guest(segment.source, store_result=last and not quiet, flush_figures=False)
            if quiet and ran.error is None:
                return None
            return ran if last or ran.error is not None else None
        try:
            return self.magics.run(segment)
        except UsageError as err:
            return _host_failure("UsageError", str(err))
        except Exception as err:  # a guest call inside a magic failed (limit, interrupt, ...)
            log.debug("magic %s failed", segment.name, exc_info=True)
            return RunResult(error=failure_from(err))

    def _finish(self, ran: RunResult | None, current: _Current) -> None:
        """Emit the result or the error; then evaluate the user expressions of a cell that succeeded."""
        request, outcome = current.request, current.outcome
        if ran is not None and ran.error is not None:
            guest = ran.error
            stopped_by = LIMIT_OF_ERROR.get(guest.ename)
            if stopped_by is None and guest.ename == "KeyboardInterrupt" and self._interrupt.is_set():
                stopped_by = "interrupt"
            outcome.status = "error"
            if request.ipython and guest.ename == "UsageError" and not guest.frames:
                # IPython prints a usage error on stderr (no error output, empty traceback); the
                # reply still says error/UsageError.
                outcome.error = Error(guest.ename, guest.evalue, [], None, ran.rolled_back)
                current.emit(Stream("stderr", f"UsageError: {guest.evalue}\n"))
                return
            if request.ipython and (guest.ename, guest.evalue) == ("EOFError", NO_STDIN):
                # IPython's error when the frontend has no stdin (ipykernel's raw_input)
                guest = dataclasses.replace(guest, ename="StdinNotImplementedError", evalue=IPYTHON_NO_STDIN)
            traceback = self._traceback(guest) if request.ipython else list(guest.traceback)
            error = Error(guest.ename, guest.evalue, traceback, stopped_by, ran.rolled_back)
            if isinstance(ran, ShownError):  # shown by a guest's run_cell: the cell itself is done
                outcome.status = "ok"
            else:
                outcome.error = error
            current.emit(error)
        elif ran is not None and ran.data:
            text = ran.data.get("text/plain")
            outcome.value = text if isinstance(text, str) else None
            data = self._ipython_data(ran.data, request.code) if request.ipython else ran.data
            outcome.result = Result(request.execution_count, data, ran.metadata or {})
            current.emit(outcome.result)
        if outcome.status == "ok" and request.expressions:
            outcome.expressions = self._expressions(request.expressions)

    def _show_figures(self, current: _Current) -> None:
        """Display the figures the cell left open, after its result or error: IPython shows the
        ``execute_result`` during the cell and the inline backend's figures in its post-execute
        hook. A limit that stops the display is the request's error (shown after the result)."""
        if not current.figures_pending or self._sandbox is None:
            return
        current.figures_pending = 0
        try:
            self._sandbox.flush_figures()
        except Exception as err:  # a limit or an interrupt while drawing: the request's error
            log.debug("showing the figures failed", exc_info=True)
            if current.outcome.status != "error":
                self._finish(RunResult(error=failure_from(err)), current)

    def _ipython_data(self, data: dict, code: str) -> dict:
        """The result's mimebundle with ``text/plain`` in IPython's conventions (`result_text.py`)."""
        text = data.get("text/plain")
        if not isinstance(text, str):
            return data
        try:
            expression = split_python(code).expr if len(code) <= SPLIT_MAX_CHARS else ""
            shown = ipython_text(text, self._sandbox.sources if self._sandbox is not None else None,
                                 expression.lstrip("\\\n"))
        except Exception:
            log.debug("result text rewrite failed", exc_info=True)
            return data
        return data if shown == text else {**data, "text/plain": shown}

    def _traceback(self, error: GuestError) -> list[str]:
        """The error's lines in IPython's layout for the current ``%xmode``."""
        sandbox = self._sandbox
        if sandbox is None or not (error.frames or error.ename in LIMIT_ERRORS):
            return list(error.traceback)
        try:
            return render_traceback(error, sandbox.sources, self.xmode)
        except Exception:
            log.warning("traceback rendering failed", exc_info=True)
            return list(error.traceback)

    def _page_help(self, name: str, detail_level: int, current: _Current) -> None:
        """``obj?`` / ``obj??``: a ``page`` payload like IPython, or 'not found' on stdout."""
        if name.startswith("%"):
            text = self.magics.help_text(name)
            data = {"text/plain": text} if text else None
        else:
            data = self.inspect(name, len(name), detail_level)
        if data:
            current.outcome.payloads = [{"source": "page", "data": data, "start": 0}]
        else:
            self.write(f"Object `{name}` not found.\n")

    def _expressions(self, expressions: Mapping[str, str]) -> dict[str, dict[str, Any]]:
        """Evaluate each expression in the guest, silently."""
        results: dict[str, dict[str, Any]] = {}
        for key, expression in expressions.items():
            try:
                with self._silenced():
                    record = self.sandbox.call("evaluate", str(expression))
            except Exception as err:
                error = failure_from(err)
                record = {"status": "error", "ename": error.ename, "evalue": error.evalue,
                          "traceback": list(error.traceback)}
            if isinstance(record, dict) and record.get("status") == "ok":
                data, metadata, _ = clean_bundle(record.get("data"), record.get("metadata"))
                record = {"status": "ok", "data": data, "metadata": metadata}
            results[key] = record if isinstance(record, dict) else {"status": "ok", "data": {}, "metadata": {}}
        return results

    # guest calls (completion, inspection, probes) ------------------------------------------------

    def call(self, name: str, *args: Any) -> Any:
        """A guest helper call (`Sandbox.call`), silently, under the session's limits; waits for a
        running request. Raises `CallError` / `SandboxUnavailable`."""
        with self._lock, self._silenced():
            sandbox = self.sandbox
            with sandbox.request():
                return sandbox.call(name, *args)

    def try_call(self, name: str, *args: Any) -> Any:
        """Like `call`, but None at once when a request is running, and None when it fails."""
        if self._sandbox is None or not self._lock.acquire(blocking=False):
            return None
        try:
            return self.call(name, *args)
        except Exception:
            log.debug("guest call %s failed", name, exc_info=True)
            return None
        finally:
            self._lock.release()

    def inspect(self, code: str, cursor_pos: int, detail_level: int = 0) -> dict[str, Any] | None:
        """The help mimebundle for the object at `cursor_pos` in `code` (see `inspection.py`), or
        None when nothing is found or a request is running."""
        found = self.try_call("inspect", code, cursor_pos, detail_level)
        return with_definition(found, detail_level, self._sandbox.sources if self._sandbox is not None else None,
                               self.kept_cells)

    def complete(self, code: str, cursor_pos: int) -> dict[str, Any] | None:
        """``{"matches", "cursor_start", "cursor_end"}`` for the text before `cursor_pos`: magic
        names after ``%``/``%%`` at the start of a line, else the guest's completions; None when
        a request is running or the guest call failed."""
        line_start = code.rfind("\n", 0, cursor_pos) + 1
        magic = re.fullmatch(r"\s*(%{1,2}\w*)", code[line_start:cursor_pos])
        if magic:
            prefix = magic[1]
            table = self.magics.cell_magics if prefix.startswith("%%") else self.magics.line_magics
            marks = "%%" if prefix.startswith("%%") else "%"
            return {"matches": sorted(marks + n for n in table if (marks + n).startswith(prefix)),
                    "cursor_start": cursor_pos - len(prefix), "cursor_end": cursor_pos}
        found = self.try_call("complete", code, cursor_pos)
        if not isinstance(found, dict):
            return None
        return {"matches": list(found.get("matches") or []),
                "cursor_start": int(found.get("cursor_start", cursor_pos)),
                "cursor_end": int(found.get("cursor_end", cursor_pos))}

    @contextlib.contextmanager
    def _silenced(self) -> Iterator[None]:
        """Drop the guest's output while the block runs."""
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    # the MagicHost the magics drive --------------------------------------------------------------

    def run_guest(self, source: str, *, store_result: bool = True, filename: str | None = None,
                  flush_figures: bool = True) -> RunResult:
        """Run code in the sandbox for the current request (output streams into it); a failure of the
        sandbox itself becomes a ``SandboxError`` result and a fresh interpreter replaces it. With
        `flush_figures=False` the figures the code leaves open are shown at the end of the request."""
        with self._lock:
            try:
                sandbox = self.sandbox
            except SandboxUnavailable as err:
                return _host_failure("SandboxError", str(err))
            current = self._current
            name = filename or (current.request.cell_filename if current is not None else "<cell>")
            try:
                ran = sandbox.run(source, filename=name, store_result=store_result, flush_figures=flush_figures)
            except Exception as err:
                log.error("sandbox.run failed", exc_info=True)
                return _host_failure("SandboxError", self._replace_sandbox(sandbox.limits, err))
            if current is not None:
                current.outcome.fuel_used += ran.fuel_used
                if not flush_figures:
                    current.figures_pending = ran.figures_pending
            return ran

    def _replace_sandbox(self, limits: Limits, err: BaseException | None = None) -> str:
        """Close the sandbox and start a new one with `limits`; the text for the error shown."""
        detail = f"internal sandbox error ({type(err).__name__}: {err})" if err is not None else "the sandbox failed"
        try:
            if self._sandbox is not None:
                self._sandbox.close()
        except Exception:
            log.warning("closing the failed sandbox failed", exc_info=True)
        self._sandbox = None
        try:
            self._sandbox = self._new_sandbox(limits)
        except Exception as again:
            self.unavailable = f"the MicroPython sandbox could not restart: {again}"
            return f"{detail}; the sandbox could not be restarted — restart the kernel"
        return f"{detail}; the interpreter was restarted and earlier variables are lost"

    def set_next_input(self, text: str, replace: bool = False) -> None:
        """IPython's ``set_next_input`` payload (``%load`` replaces the cell with a file)."""
        if self._current is not None:
            self._current.outcome.payloads.append({"source": "set_next_input", "text": text, "replace": replace})

    def write(self, text: str) -> None:
        """Host-produced text (magic reports) on the request's stdout. It counts against the
        request's output limit like the guest's own output; what does not fit is cut, with a note."""
        sandbox = self._sandbox
        if sandbox is not None:
            room = sandbox.output_room()
            data = text.encode("utf-8", "replace")
            if len(data) > room:
                text = data[:room].decode("utf-8", "ignore") + "\n[mpwasm] magic output cut: output limit reached\n"
            sandbox.charge_output(len(data))
        self._on_stream("stdout", text)

    def ask(self, prompt: str) -> str | None:
        """A line from the user through the request's input function; None without one."""
        current = self._current
        if current is None or current.on_input is None:
            return None
        try:
            return current.on_input(prompt, False)
        except (InputUnavailable, EOFError, KeyboardInterrupt):
            return None

    # sandbox callbacks ---------------------------------------------------------------------------

    def _target(self) -> _Current | None:
        return None if self._muted else self._current

    def _on_stream(self, name: str, text: str) -> None:
        current = self._target()
        if current is not None and text:
            current.emit(Stream("stderr" if name == "stderr" else "stdout", text))

    def _on_display(self, message: Mapping[str, Any]) -> None:
        current = self._target()
        if current is None:
            return
        if message.get("type") == "clear_output":
            current.emit(ClearOutput(bool(message.get("wait", False))))
            return
        transient = message.get("transient") or {}
        data, metadata = self.figures.show(message.get("data") or {}, message.get("metadata") or {})
        current.emit(Display(data, metadata, dict(transient) if isinstance(transient, dict) else {},
                             bool(message.get("update"))))

    def _on_input(self, prompt: str, password: bool) -> str:
        current = self._current
        if current is None or current.on_input is None:
            raise InputUnavailable(NO_STDIN)
        return current.on_input(prompt, password)

    def _on_exit(self, keep_kernel: bool) -> bool:
        if self._current is not None:
            self._current.outcome.exit_requested = bool(keep_kernel)
        return True
