"""`MicroPythonKernel`: the Jupyter messaging protocol mapped onto one `Sandbox`.

Every cell, completion, inspection and magic runs in a single long-lived MicroPython interpreter
(WebAssembly, in this process). This module only translates: requests → sandbox calls, sandbox
callbacks → IOPub messages. Limits are the administrator's (traitlets config / environment);
``%limits`` can only lower them for the session.

Interrupts: ``interrupt_sandbox()`` is thread-safe. The launcher (``python -m mpwasm_kernel``)
routes SIGINT to it from a dedicated thread (signal mode) and ``interrupt_request`` calls it from
the control thread (message mode).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import re
import threading
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import zmq
from ipykernel._version import kernel_protocol_version
from ipykernel.kernelbase import Kernel
from IPython.core.error import StdinNotImplementedError
from traitlets import Bool, Dict, Enum, Integer, Unicode, default

from .. import __version__
from ..runner.limit_text import LIMIT_NAMES, format_limit, parse_limit_value
from ..runner.magics import Magics
from ..runner.result_text import hides_result, ipython_text
from ..runner.segments import Segment, UsageError, parse_help_request, split_cell
from ..runner.tracebacks import render as render_traceback
from ..sandbox.cell import SPLIT_MAX_CHARS
from ..sandbox.cell import split_cell as split_python
from ..sandbox.channel import InputUnavailable
from ..sandbox.cpython.docs import lookup as lookup_doc
from ..sandbox.errors import GuestError
from ..sandbox.limits import Limits
from ..sandbox.mimebundle import clean_bundle
from ..sandbox.result import RunResult
from ..sandbox.sanitize import sanitize_bundle
from ..sandbox.text import encodable
from .comms import UnknownTargetComms
from .config import LimitFloat, LimitInteger, env_value, parse_mounts, truthy
from .functions import parse_functions, resolve_all
from .history import HISTORY_BYTES, HISTORY_SESSION, HISTORY_SIZE, History
from .info import expected_versions, language_info
from .iopub import IOPubOutput
from .source import definition_in_history, is_complete  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from ..sandbox.sandbox import Sandbox

__all__ = ["HISTORY_SESSION", "MicroPythonKernel", "definition_in_history", "is_complete"]

NO_STDIN = "input() is not available: the frontend does not support stdin"
#: Host-function limits: administrator settings only (not shown or changed by ``%limits``).
HOST_LIMIT_NAMES = ("host_calls", "host_result_bytes", "host_argument_bytes")


# ----------------------------------------------------------------------------- small helpers


def _kernel_error(err: BaseException, what: str) -> dict[str, Any]:
    """The error record of a request the kernel itself failed to handle (never guest code)."""
    text = f"the kernel failed while handling this {what} ({type(err).__name__}: {str(err)[:200]}); the session is kept"
    return {"ename": "KernelError", "evalue": text, "traceback": [f"KernelError: {text}"]}


def _always_replies(what: str) -> Callable[[Callable[..., Awaitable[dict]]], Callable[..., Awaitable[dict]]]:
    """Wrap a request handler so it always returns an encodable reply: an error reply at worst."""

    def wrap(handler: Callable[..., Awaitable[dict]]) -> Callable[..., Awaitable[dict]]:
        @functools.wraps(handler)
        async def wrapper(self: MicroPythonKernel, *args: Any, **kwargs: Any) -> dict:
            try:
                return encodable(await handler(self, *args, **kwargs))
            except Exception as err:
                self.log.error("%s failed", what, exc_info=True)
                return {"status": "error", **_kernel_error(err, what)}

        return wrapper

    return wrap


def _host_failure(ename: str, evalue: str) -> RunResult:
    """A result for an error the kernel itself reports (no guest code ran)."""
    return RunResult(error=GuestError(ename, evalue, [f"{ename}: {evalue}"]))


# ----------------------------------------------------------------------------- the kernel


class MicroPythonKernel(Kernel):
    """Jupyter kernel running cells in a MicroPython WebAssembly sandbox.

    Configuration (``config=True`` traits; default from ``MPWASM_<NAME>`` environment variables,
    then from `Limits`): the limit ceilings ``fuel``, ``wall_seconds``, ``memory_bytes``,
    ``output_bytes``, ``disk_bytes``; ``rollback`` (``hard`` or ``always``); ``variant``
    (``micropython`` or ``ulab``); ``mounts`` (guest path → host directory, read-only);
    ``deterministic`` and ``seed``; ``functions`` (host functions notebooks may call: name →
    ``module:attribute``, imported at start).
    """

    implementation = "mpwasm-kernel"
    implementation_version = __version__
    language = "python"

    fuel = LimitInteger(
        None, allow_none=True, help="Wasm fuel per cell (≈ instructions); env MPWASM_FUEL."
    ).tag(config=True)
    wall_seconds = LimitFloat(
        None, allow_none=True, help="Wall-clock seconds per cell; env MPWASM_WALL_SECONDS."
    ).tag(config=True)
    memory_bytes = LimitInteger(
        None, allow_none=True, help="Interpreter linear-memory cap in bytes; env MPWASM_MEMORY_BYTES."
    ).tag(config=True)
    output_bytes = LimitInteger(
        None, allow_none=True, help="stdout+stderr+display bytes per cell; env MPWASM_OUTPUT_BYTES."
    ).tag(config=True)
    disk_bytes = LimitInteger(
        None, allow_none=True, help="Private in-memory file system quota in bytes; env MPWASM_DISK_BYTES."
    ).tag(config=True)
    variant = Enum(
        ["micropython", "ulab"], help="Interpreter build: micropython, or ulab (adds ulab.numpy)."
    ).tag(config=True)
    rollback = Enum(
        ["hard", "always"],
        help="What a limit stop undoes: 'hard' (default) rolls back hard stops (fuel, memory, traps) and "
        "keeps what a cell did before a soft stop (wall clock, interrupt, output cap); 'always' rolls "
        "back every stop (transactional cells); env MPWASM_ROLLBACK.",
    ).tag(config=True)
    mounts = Dict(
        key_trait=Unicode(),
        value_trait=Unicode(),
        help="Read-only mounts: guest path -> host directory; env MPWASM_MOUNTS (JSON or GUEST=HOST;...).",
    ).tag(config=True)
    host_calls = LimitInteger(
        None, allow_none=True, help="Host-function calls per cell; env MPWASM_HOST_CALLS."
    ).tag(config=True)
    host_result_bytes = LimitInteger(
        None, allow_none=True, help="Serialized result of one host-function call; env MPWASM_HOST_RESULT_BYTES."
    ).tag(config=True)
    host_argument_bytes = LimitInteger(
        None, allow_none=True, help="Serialized arguments of one host-function call; env MPWASM_HOST_ARGUMENT_BYTES."
    ).tag(config=True)
    functions = Dict(
        key_trait=Unicode(),
        value_trait=Unicode(),
        help="Host functions notebooks may call: name -> 'module:attribute', imported when the kernel "
        "starts (--functions NAME=module:attr, repeatable); env MPWASM_FUNCTIONS (JSON or NAME=module:attr;...).",
    ).tag(config=True)
    deterministic = Bool(help="Fixed clock and random seed in the guest; env MPWASM_DETERMINISTIC.").tag(
        config=True
    )
    seed = Integer(help="Random seed in deterministic mode; env MPWASM_SEED.").tag(config=True)
    history_size = Integer(
        HISTORY_SIZE, help="Most cells kept in the in-memory input history (oldest dropped first)."
    ).tag(config=True)
    history_bytes = Integer(
        HISTORY_BYTES,
        help="Most host memory, in bytes, for the in-memory input history (cell sources and result "
        "texts; oldest cells dropped first, the latest always kept).",
    ).tag(config=True)
    safe_outputs = Bool(
        help="Drop application/javascript outputs and remove scripts, event handlers and javascript: "
        "URLs from HTML/SVG outputs (turn on when others run or open untrusted notebooks, e.g. "
        "grading); env MPWASM_SAFE_OUTPUTS."
    ).tag(config=True)

    @default("safe_outputs")
    def _safe_outputs_default(self) -> bool:
        text = env_value("safe_outputs")
        return truthy(text) if text else False

    @default("variant")
    def _variant_default(self) -> str:
        return env_value("variant") or "micropython"

    @default("rollback")
    def _rollback_default(self) -> str:
        return env_value("rollback") or "hard"

    @default("mounts")
    def _mounts_default(self) -> dict[str, str]:
        text = env_value("mounts")
        return parse_mounts(text) if text else {}

    @default("functions")
    def _functions_default(self) -> dict[str, str]:
        text = env_value("functions")
        return parse_functions(text) if text else {}

    @default("deterministic")
    def _deterministic_default(self) -> bool:
        text = env_value("deterministic")
        return truthy(text) if text else False

    @default("seed")
    def _seed_default(self) -> int:
        text = env_value("seed")
        return int(text) if text else 0

    # lifecycle ----------------------------------------------------------------------------------

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.admin_limits = Limits()
        self._interrupt_event = threading.Event()
        self._sandbox_lock = threading.RLock()
        self._output = IOPubOutput(self)
        self.history = History(self.history_size, self.history_bytes)
        self._ask_exit: bool | None = None  # set by the guest's exit() during a cell
        self._payloads: list[dict[str, Any]] = []  # payloads of the current execute request
        self.xmode = "Context"  # %xmode: how errors are laid out (kernel/tracebacks.py)
        self.magics = Magics(self)
        UnknownTargetComms(self).install()
        self._sandbox_object: Sandbox | None = None
        self._startup_error: str | None = None
        self._versions = expected_versions()
        self.host_functions: dict[str, Any] = {}
        self._started = threading.Event()
        try:
            self.admin_limits = self._configured_limits()
            self.host_functions = resolve_all(self.functions)
        except Exception as err:  # the kernel stays up and reports this in every cell
            self._start_failed(err)
            self._started.set()
        else:
            # The interpreter starts beside the kernel's own start-up: the first kernel_info reply
            # does not wait for wasmtime and the guest; the first request that needs the sandbox does.
            threading.Thread(target=self._start_sandbox, name="mpwasm-sandbox-start", daemon=True).start()

    def _start_sandbox(self) -> None:
        """Create the session's sandbox and read its versions (start-up thread)."""
        try:
            sandbox = self._new_sandbox()
            self._sandbox_object = sandbox
            self._versions = self._probe_versions(sandbox)
        except Exception as err:
            self._start_failed(err)
        finally:
            self._started.set()

    def _start_failed(self, err: Exception) -> None:
        self._startup_error = f"the MicroPython sandbox could not start: {type(err).__name__}: {err}"
        self.log.error("%s", self._startup_error, exc_info=True)

    @property
    def _sandbox(self) -> Sandbox | None:
        """The session's sandbox, once started (waits for the start-up thread); None if it could
        not start or is closed."""
        self._started.wait()
        return self._sandbox_object

    @_sandbox.setter
    def _sandbox(self, sandbox: Sandbox | None) -> None:
        self._sandbox_object = sandbox

    def _configured_limits(self) -> Limits:
        """Administrator ceilings: trait value, else ``MPWASM_<NAME>``, else the `Limits` default."""
        changes: dict[str, Any] = {}
        for name in (*LIMIT_NAMES, *HOST_LIMIT_NAMES):
            value = getattr(self, name)
            if value is None and (text := env_value(name)) is not None:
                value = parse_limit_value(name, text)
            if value is not None:
                changes[name] = value
        return Limits(**changes, rollback=self.rollback)

    def _new_sandbox(self) -> Sandbox:
        from ..sandbox.sandbox import Sandbox

        return Sandbox(
            self.admin_limits,
            variant=self.variant,
            on_output=self._output.stream,
            on_display=self._on_display,
            on_input=self._on_input,
            on_exit=self._on_exit,
            mounts=dict(self.mounts) or None,
            deterministic=self.deterministic,
            seed=self.seed,
            functions=self.host_functions,
        )

    def _probe_versions(self, sandbox: Sandbox) -> tuple[str, str]:
        """(Python language version, MicroPython version) as reported by `sandbox`."""
        with self._output.muted():
            result = sandbox.run("__import__('sys').version", store_result=False)
        try:
            language = str(ast.literal_eval(result.value or "")).split(";")[0].strip()
        except (ValueError, SyntaxError):
            language = ""
        return (language or self._versions[0], str(sandbox.micropython_version or ""))

    @property
    def sandbox(self) -> Any:
        """The session's `Sandbox` (raises `UsageError` if it could not start)."""
        if self._sandbox is None:
            raise UsageError(self._startup_error or "the sandbox is closed")
        return self._sandbox

    async def do_shutdown(self, restart: bool) -> dict[str, Any]:
        """Close the sandbox; a restart is a new process with a fresh interpreter."""
        self.interrupt_sandbox()
        with self._sandbox_lock:
            if self._sandbox is not None:
                self._sandbox.close()
                self._sandbox = None
        return {"status": "ok", "restart": restart}

    # kernel info --------------------------------------------------------------------------------

    @property
    def language_info(self) -> dict[str, Any]:  # type: ignore[override]
        return language_info(self._versions[0])

    @property
    def kernel_info(self) -> dict[str, Any]:  # type: ignore[override]
        """ipykernel's info without ``debugger`` and ``kernel subshells``: neither is supported.

        Built here rather than from ``super().kernel_info``, which imports ``ipykernel.debugger``
        (and debugpy, ~55 ms) on the first ``kernel_info_request`` only to learn whether to
        advertise the debugger.
        """
        return {
            "protocol_version": kernel_protocol_version,
            "implementation": self.implementation,
            "implementation_version": self.implementation_version,
            "language_info": self.language_info,
            "banner": self.banner,
            "help_links": self.help_links,
            "supported_features": [],
        }

    @property
    def banner(self) -> str:  # type: ignore[override]
        mp_version = self._versions[1] or "1.29"
        variant = " + ulab" if self.variant == "ulab" else ""
        limits = self.admin_limits
        return (
            f"MicroPython {mp_version}{variant} (Python {self._versions[0]} language) in a WebAssembly "
            f"sandbox — mpwasm-kernel {__version__}\n"
            "Per-cell limits: "
            + ", ".join(f"{name} {format_limit(name, getattr(limits, name))}" for name in LIMIT_NAMES)
            + ". No shell, network or host files; %limits shows or lowers the limits, %lsmagic lists magics."
        )

    help_links = [
        {"text": "MicroPython documentation", "url": "https://docs.micropython.org/en/latest/"},
        {
            "text": "MicroPython differences from CPython",
            "url": "https://docs.micropython.org/en/latest/genrst/index.html",
        },
        {"text": "Python language reference", "url": "https://docs.python.org/3/reference/"},
    ]

    # interrupts ---------------------------------------------------------------------------------

    def interrupt_sandbox(self) -> None:
        """Interrupt the running cell (KeyboardInterrupt in the guest); thread-safe, no-op if idle."""
        self._interrupt_event.set()
        sandbox = self._sandbox
        if sandbox is not None:
            sandbox.interrupt()

    def interrupted(self) -> bool:
        """True once an interrupt arrived during the current execute request."""
        return self._interrupt_event.is_set()

    async def interrupt_request(self, stream: Any, ident: Any, parent: dict) -> None:
        """Message-mode interrupt: reach the sandbox directly instead of signalling the process."""
        if not self.session:
            return
        self.interrupt_sandbox()
        self.session.send(stream, "interrupt_reply", {"status": "ok"}, parent, ident=ident)

    def pre_handler_hook(self) -> None:
        """No KeyboardInterrupt on the main thread: it would land inside a wasm host callback."""

    def post_handler_hook(self) -> None:
        """See `pre_handler_hook`."""

    # sandbox access -----------------------------------------------------------------------------

    def _sandbox_run(self, source: str, *, store_result: bool = True, filename: str | None = None) -> Any:
        """Run source in the sandbox; host-side failures become an error result, never an exception.

        If the sandbox itself fails (not the guest code), a fresh interpreter replaces it and the
        error says that earlier state is lost.
        """
        with self._sandbox_lock:
            try:
                sandbox = self.sandbox
            except UsageError as err:
                return _host_failure("SandboxError", str(err))
            try:
                return sandbox.run(source, filename=filename or self._cell_filename(), store_result=store_result)
            except Exception as err:
                self.log.error("sandbox.run failed", exc_info=True)
                return _host_failure("SandboxError", self._replace_sandbox(err))

    def _replace_sandbox(self, err: BaseException) -> str:
        detail = f"internal sandbox error ({type(err).__name__}: {err})"
        try:
            if self._sandbox is not None:
                self._sandbox.close()
        except Exception:
            self.log.warning("closing the failed sandbox failed", exc_info=True)
        try:
            limits = self._sandbox.limits if self._sandbox is not None else self.admin_limits
            self._sandbox = self._new_sandbox()
            self._sandbox.limits = limits
        except Exception as again:
            self._sandbox = None
            self._startup_error = f"the MicroPython sandbox could not restart: {again}"
            return f"{detail}; the sandbox could not be restarted — restart the kernel"
        return f"{detail}; the interpreter was restarted and earlier variables are lost"

    def _try_call(self, name: str, *args: Any) -> Any:
        """Guest introspection call, or None when busy/unavailable (never blocks another request)."""
        if self._sandbox is None or not self._sandbox_lock.acquire(blocking=False):
            return None
        try:
            with self._output.muted(), self._request_budget():
                return self._sandbox.call(name, *args)
        except Exception:
            self.log.debug("guest call %s failed", name, exc_info=True)
            return None
        finally:
            self._sandbox_lock.release()

    def _cell_filename(self) -> str:
        return f"<cell-{self.execution_count}>"

    # MagicHost ------------------------------------------------------------------------------------

    def run_guest(self, source: str, *, store_result: bool = True, filename: str | None = None) -> Any:
        """Run code in the sandbox for a magic; output streams into the cell."""
        return self._sandbox_run(source, store_result=store_result, filename=filename)

    def set_next_input(self, text: str, replace: bool = False) -> None:
        """IPython's ``set_next_input`` payload (``%load`` replaces the cell with a file)."""
        self._payloads.append({"source": "set_next_input", "text": text, "replace": replace})

    def write(self, text: str) -> None:
        """Write host-produced text (magic reports) to the cell's stdout.

        It counts against the request's output limit like the guest's own output; what does not
        fit is cut, with a note."""
        sandbox = self._sandbox
        if sandbox is not None:
            room = sandbox.output_room()
            data = text.encode("utf-8", "replace")
            if len(data) > room:
                text = data[:room].decode("utf-8", "ignore") + "\n[mpwasm] magic output cut: output limit reached\n"
            sandbox.charge_output(len(data))
        self._output.stream("stdout", text)

    def ask(self, prompt: str) -> str | None:
        """Ask the user for a line; None when the frontend has no stdin."""
        if not self._allow_stdin:
            return None
        try:
            return self._on_input(prompt, False)
        except (InputUnavailable, EOFError, KeyboardInterrupt):
            return None

    def safe_bundle(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` without active content when `safe_outputs` is on (see `sandbox/sanitize.py`)."""
        return sanitize_bundle(data) if self.safe_outputs and data else data

    # sandbox callbacks ----------------------------------------------------------------------------

    def _on_display(self, message: Mapping[str, Any]) -> None:
        if message.get("type") == "clear_output":
            self._output.send("clear_output", {"wait": bool(message.get("wait", False))})
            return
        content = {
            "data": message.get("data") or {},
            "metadata": message.get("metadata") or {},
            "transient": message.get("transient") or {},
        }
        update = bool(message.get("update")) and content["transient"].get("display_id")
        self._output.send("update_display_data" if update else "display_data", content)

    def _on_exit(self, keep_kernel: bool) -> bool:
        """Guest ``exit()``/``quit()``: the reply carries IPython's ``ask_exit`` payload (a console
        then ends the session; ``keep_kernel=True`` leaves the kernel running)."""
        self._ask_exit = bool(keep_kernel)
        return True

    def _on_input(self, prompt: str, password: bool) -> str:
        """Guest ``input()``: ask the frontend, or EOFError when it has no stdin."""
        if not self._allow_stdin:
            raise InputUnavailable(NO_STDIN)
        self._output.flush()
        try:
            return self.getpass(prompt) if password else self.raw_input(prompt)
        except StdinNotImplementedError:
            raise InputUnavailable(NO_STDIN) from None

    def _input_request(self, prompt: str, ident: Any, parent: dict, password: bool = False) -> str:
        """Send ``input_request`` and wait for the reply; an interrupt ends the wait."""
        assert self.session is not None
        while True:  # drop stale replies
            try:
                self.stdin_socket.recv_multipart(zmq.NOBLOCK)
            except zmq.ZMQError as err:
                if err.errno == zmq.EAGAIN:
                    break
                raise
        self.session.send(
            self.stdin_socket, "input_request", {"prompt": prompt, "password": password}, parent, ident=ident
        )
        while not self._interrupt_event.is_set():
            readable, _, failed = zmq.select([self.stdin_socket], [], [self.stdin_socket], 0.02)
            if not (readable or failed):
                continue
            try:
                _, reply = self.session.recv(self.stdin_socket)
            except Exception:
                self.log.warning("invalid input_reply", exc_info=True)
                continue
            if reply is None:
                continue
            value = reply.get("content", {}).get("value", "")
            if value == "\x04":
                raise EOFError("end of input")
            return str(value)
        raise KeyboardInterrupt("input() interrupted")

    # execute ----------------------------------------------------------------------------------------

    async def do_execute(  # type: ignore[override]
        self,
        code: str,
        silent: bool,
        store_history: bool = True,
        user_expressions: dict | None = None,
        allow_stdin: bool = False,
        *,
        cell_meta: dict | None = None,
        cell_id: str | None = None,
    ) -> dict[str, Any]:
        """Run a cell: help requests, magics and Python segments, in order; stop at the first error."""
        self._interrupt_event.clear()
        self._allow_stdin = allow_stdin
        self._ask_exit = None
        self._payloads = []
        self._output.begin(self.get_parent("shell"), silent)
        count = self.execution_count
        reply: dict[str, Any] = {
            "status": "ok",
            "execution_count": count,
            "payload": [],
            "user_expressions": {},
        }
        outcome: Any = None
        try:
            with self._request_budget():  # one budget for every run of this request
                outcome = self._run_request(code, reply, user_expressions)
        except Exception as err:  # a host failure still answers the request (error reply)
            self.log.error("execute failed", exc_info=True)
            content = _kernel_error(err, "cell")
            self._output.send("error", content)
            reply.update(status="error", **content)
        finally:
            self._output.flush()
        reply["payload"].extend(self._payloads)
        if self._ask_exit is not None:
            reply["payload"].append({"source": "ask_exit", "keepkernel": self._ask_exit})
        if store_history and not silent:
            shown = outcome.data.get("text/plain") if outcome is not None and outcome.data else None
            self.history.add(count, code, shown)
        return encodable(reply)

    @contextlib.contextmanager
    def _request_budget(self) -> Iterator[None]:
        """Inside: all sandbox runs share the request's limits (`Sandbox.request`)."""
        sandbox = self._sandbox
        if sandbox is None:
            yield
            return
        with sandbox.request():
            yield

    def _run_request(self, code: str, reply: dict[str, Any], user_expressions: dict | None) -> Any:
        """The cell, then its result or error message, then the user expressions."""
        count = reply["execution_count"]
        outcome = self._execute(code, reply)
        if outcome is not None and outcome.error is not None:
            error = outcome.error
            content = {"ename": error.ename, "evalue": error.evalue, "traceback": self._traceback(error)}
            self._output.send("error", content)
            reply.update(status="error", **content)
        elif outcome is not None and outcome.data:
            self._output.send(
                "execute_result",
                {"execution_count": count, "data": self._ipython_data(outcome.data, code),
                 "metadata": outcome.metadata or {}},
            )
        if reply["status"] == "ok" and user_expressions:
            reply["user_expressions"] = self._user_expressions(user_expressions)
        return outcome

    def _ipython_data(self, data: dict, code: str) -> dict:
        """The result's mimebundle with ``text/plain`` in IPython's conventions (kernel/results.py)."""
        text = data.get("text/plain")
        if not isinstance(text, str):
            return data
        try:
            expression = split_python(code).expr if len(code) <= SPLIT_MAX_CHARS else ""
            shown = ipython_text(text, self._sandbox.sources if self._sandbox is not None else None,
                                 expression.lstrip("\\\n"))
        except Exception:
            self.log.debug("result text rewrite failed", exc_info=True)
            return data
        return data if shown == text else {**data, "text/plain": shown}

    def _traceback(self, error: GuestError) -> list[str]:
        """The error's lines in IPython's layout for the current ``%xmode``."""
        sandbox = self._sandbox
        if sandbox is None or not error.frames:
            return list(error.traceback)
        try:
            return render_traceback(error, sandbox.sources, self.xmode)
        except Exception:
            self.log.warning("traceback rendering failed", exc_info=True)
            return list(error.traceback)

    def _execute(self, code: str, reply: dict[str, Any]) -> Any:
        """Run the cell's segments; return the outcome to show (result or error), or None."""
        if self._sandbox is None:
            return _host_failure("SandboxError", self._startup_error or "the sandbox is closed")
        help_request = parse_help_request(code)
        if help_request is not None:
            self._page_help(*help_request, reply)
            return None
        try:
            segments = split_cell(code)
        except UsageError as err:
            return _host_failure("UsageError", str(err))
        outcome: Any = None
        for index, segment in enumerate(segments):
            if self._interrupt_event.is_set():
                return _host_failure("KeyboardInterrupt", "interrupted before the rest of the cell ran")
            last = index == len(segments) - 1
            outcome = self._run_segment(segment, last)
            if outcome is not None and outcome.error is not None:
                return outcome
        return outcome

    def _run_segment(self, segment: Segment, last: bool) -> Any:
        if segment.kind == "python":
            quiet = last and hides_result(segment.source)  # a trailing `;` hides the result, as in IPython
            result = self._sandbox_run(segment.source, store_result=last and not quiet)
            if quiet and result.error is None:
                return None
            return result if last or result.error is not None else None
        try:
            with self._sandbox_lock:
                return self.magics.run(segment)
        except UsageError as err:
            return _host_failure("UsageError", str(err))
        except Exception as err:  # a guest call inside a magic failed (limit, interrupt, ...)
            self.log.debug("magic %s failed", segment.name, exc_info=True)
            return self._failure_from(err)

    @staticmethod
    def _failure_from(err: Exception) -> RunResult:
        """A failed guest call (`CallError` carries a `GuestError`) or host exception as a result."""
        error = getattr(err, "error", None)
        if isinstance(error, GuestError):
            return RunResult(error=error)
        return _host_failure(type(err).__name__, str(err))

    def _with_definition(self, found: Any, detail_level: int) -> dict | None:
        """Guest inspection data plus what MicroPython does not keep: the signature and docstring
        (and at detail 1 the source) of a function or class defined in this session's cells, or
        CPython's signature and docstring, labelled, for builtins and standard modules."""
        if not isinstance(found, dict) or not found.get("found"):
            return None
        data, _, _ = clean_bundle(found.get("data") or {})
        data = self.safe_bundle(data)
        name = str(found.get("name") or "")
        text = data.get("text/plain")
        if found.get("kind") not in ("function", "class", "module") or not text or self._sandbox is None:
            return data
        try:
            doc = lookup_doc(self._sandbox.sources, name)
        except Exception:
            self.log.debug("documentation lookup failed", exc_info=True)
            doc = None
        cell = re.fullmatch(r"<cell-(\d+)>", doc.filename) if doc is not None else None
        if cell is not None and int(cell[1]) not in self.history.counts():
            doc = None  # that cell left the bounded history: its text is not kept for help either
        if doc is None:
            return data
        lines = [line for line in text.splitlines() if not line.startswith(("Docstring:", "Source:"))]
        if doc.signature:
            lines.append(f"Signature:   {doc.signature}")
        docstring = doc.docstring_text()
        if docstring:
            lines.append("Docstring:   " + docstring.replace("\n", "\n             "))
        else:
            lines.append("Docstring:   <no docstring>")
        if detail_level and doc.source:
            match = re.fullmatch(r"<cell-(\d+)>", doc.filename)
            where = f"cell [{match[1]}]" if match else doc.filename
            lines.append(f"Source ({where}):\n{doc.source}")
        data["text/plain"] = "\n".join(lines)
        return data

    def _page_help(self, name: str, detail_level: int, reply: dict[str, Any]) -> None:
        """``obj?`` / ``obj??``: a ``page`` payload like IPython, or 'not found' on stdout."""
        if name.startswith("%"):
            text = self.magics.help_text(name)
            data = {"text/plain": text} if text else None
        else:
            with self._sandbox_lock:
                found = self._try_call("inspect", name, len(name), detail_level)
            data = self._with_definition(found, detail_level)
        if data:
            reply["payload"] = [{"source": "page", "data": data, "start": 0}]
        else:
            self.write(f"Object `{name}` not found.\n")

    def _user_expressions(self, expressions: Mapping[str, str]) -> dict[str, Any]:
        """Evaluate each expression in the guest, silently: ``{"status", "data", "metadata"}`` or an
        error record (``{"status": "error", "ename", "evalue", "traceback"}``)."""
        results: dict[str, Any] = {}
        for key, expression in expressions.items():
            try:
                with self._sandbox_lock, self._output.muted():
                    record = self.sandbox.call("evaluate", str(expression))
            except Exception as err:
                error = self._failure_from(err).error
                assert error is not None
                record = {"status": "error", "ename": error.ename, "evalue": error.evalue,
                          "traceback": list(error.traceback)}
            if isinstance(record, dict) and record.get("status") == "ok":
                data, metadata, _ = clean_bundle(record.get("data"), record.get("metadata"))
                data = self.safe_bundle(data)
                record = {"status": "ok", "data": data, "metadata": metadata}
            results[key] = record
        return results

    # completion, inspection, is_complete, history, comms -------------------------------------------

    @_always_replies("completion request")
    async def do_complete(self, code: str, cursor_pos: int | None) -> dict[str, Any]:  # type: ignore[override]
        """Completions from the guest namespace (magic names on the host)."""
        cursor_pos = len(code) if cursor_pos is None else cursor_pos
        reply = {
            "status": "ok",
            "matches": [],
            "cursor_start": cursor_pos,
            "cursor_end": cursor_pos,
            "metadata": {},
        }
        line_start = code.rfind("\n", 0, cursor_pos) + 1
        magic = re.fullmatch(r"\s*(%{1,2}\w*)", code[line_start:cursor_pos])
        if magic:
            prefix = magic[1]
            table = self.magics.cell_magics if prefix.startswith("%%") else self.magics.line_magics
            marks = "%%" if prefix.startswith("%%") else "%"
            reply["matches"] = sorted(marks + n for n in table if (marks + n).startswith(prefix))
            reply["cursor_start"] = cursor_pos - len(prefix)
            return reply
        found = self._try_call("complete", code, cursor_pos)
        if isinstance(found, dict):
            reply["matches"] = list(found.get("matches") or [])
            reply["cursor_start"] = int(found.get("cursor_start", cursor_pos))
            reply["cursor_end"] = int(found.get("cursor_end", cursor_pos))
        return reply

    @_always_replies("inspection request")
    async def do_inspect(  # type: ignore[override]
        self, code: str, cursor_pos: int, detail_level: int = 0, omit_sections: Any = ()
    ) -> dict[str, Any]:
        """Shift-Tab / inspection of the object at the cursor, answered by the guest."""
        found = self._try_call("inspect", code, cursor_pos, detail_level)
        data = self._with_definition(found, detail_level)
        if data:
            return {"status": "ok", "found": True, "data": data, "metadata": found.get("metadata") or {}}
        return {"status": "ok", "found": False, "data": {}, "metadata": {}}

    @_always_replies("is_complete request")
    async def do_is_complete(self, code: str) -> dict[str, str]:  # type: ignore[override]
        return is_complete(code)

    @_always_replies("history request")
    async def do_history(  # type: ignore[override]
        self, hist_access_type: str, output: bool, raw: bool, **request: Any
    ) -> dict[str, Any]:
        """This process's inputs (`History.query`: session, start, stop, n, pattern, unique); only
        the cells the bounded history still keeps."""
        entries = self.history.query(hist_access_type, **request)
        return {"status": "ok", "history": History.reply(entries, output)}
