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

import functools
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import zmq
from ipykernel._version import kernel_protocol_version
from ipykernel.kernelbase import Kernel
from IPython.core.error import StdinNotImplementedError
from traitlets import Bool, Dict, Enum, Integer, Unicode, default

from .. import __version__
from ..runner.limit_text import LIMIT_NAMES, format_limit, parse_limit_value
from ..runner.outputs import ClearOutput, Display, Error, Output, Result, Stream
from ..runner.request import Request
from ..runner.runner import NO_STDIN, RequestRunner
from ..runner.segments import UsageError
from ..sandbox.channel import InputUnavailable
from ..sandbox.limits import Limits
from ..sandbox.sanitize import sanitize_bundle
from ..sandbox.text import encodable
from ..sandbox.wasm.artifact import DEFAULT_VARIANT
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
        ["micropython", "ulab"], help="Interpreter build: ulab (default; numpy), or micropython (no ulab)."
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
        return env_value("variant") or DEFAULT_VARIANT

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

    # lifecycle ----------------------------------------------------------------------------------

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.admin_limits = Limits()
        self._output = IOPubOutput(self)
        self.history = History(self.history_size, self.history_bytes)
        self._allow_stdin = False
        UnknownTargetComms(self).install()
        self._versions = expected_versions()
        self.host_functions: dict[str, Any] = {}
        self._started = threading.Event()
        try:
            self.admin_limits = self._configured_limits()
            self.host_functions = resolve_all(self.functions)
        except Exception as err:  # the kernel stays up and reports this in every cell
            self.runner = self._new_runner()
            self._start_failed(err)
            self._started.set()
        else:
            self.runner = self._new_runner()
            # The interpreter starts beside the kernel's own start-up: the first kernel_info reply
            # does not wait for wasmtime and the guest; the first request that needs the sandbox does.
            threading.Thread(target=self._start_sandbox, name="mpwasm-sandbox-start", daemon=True).start()

    def _new_runner(self) -> RequestRunner:
        """The session's request runner (its sandbox starts in `_start_sandbox`)."""
        runner = RequestRunner(self.admin_limits, variant=self.variant, mounts=dict(self.mounts) or None,
                               deterministic=self.deterministic, seed=self.seed, functions=self.host_functions,
                               function_targets=self.functions)
        runner.kept_cells = self.history.counts  # help shows sources of the cells history keeps
        return runner

    def _start_sandbox(self) -> None:
        """Start the session's sandbox and read its versions (start-up thread)."""
        try:
            self.runner.start()
            self._versions = (self.runner.python_version or self._versions[0],
                              str(self.runner.sandbox.micropython_version or ""))
        except Exception as err:
            self._start_failed(err)
        finally:
            self._started.set()

    def _start_failed(self, err: Exception) -> None:
        if self.runner.unavailable is None:
            self.runner.unavailable = f"the MicroPython sandbox could not start: {type(err).__name__}: {err}"
        self.log.error("%s", self.runner.unavailable, exc_info=True)

    @property
    def _sandbox(self) -> Sandbox | None:
        """The session's sandbox, once started (waits for the start-up thread); None if it could
        not start or is closed."""
        self._started.wait()
        return self.runner.sandbox if self.runner.started else None

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

    @property
    def sandbox(self) -> Any:
        """The session's `Sandbox` (raises `UsageError` if it could not start)."""
        if self._sandbox is None:
            raise UsageError(self.runner.unavailable or "the sandbox is closed")
        return self._sandbox

    async def do_shutdown(self, restart: bool) -> dict[str, Any]:
        """Close the sandbox; a restart is a new process with a fresh interpreter."""
        self.runner.close()
        return {"status": "ok", "restart": restart}

    # kernel info --------------------------------------------------------------------------------

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
        self.runner.interrupt()

    def interrupted(self) -> bool:
        """True once an interrupt arrived during the current execute request."""
        return self.runner.interrupted()

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

    # outputs and input ----------------------------------------------------------------------------

    def safe_bundle(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` without active content when `safe_outputs` is on (see `sandbox/sanitize.py`)."""
        return sanitize_bundle(data) if self.safe_outputs and data else data

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
        while not self.runner.interrupted():
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
        """Run a cell through the request runner; its outputs go to IOPub as they happen."""
        self._allow_stdin = allow_stdin
        self._output.begin(self.get_parent("shell"), silent)
        count = self.execution_count
        reply: dict[str, Any] = {
            "status": "ok",
            "execution_count": count,
            "payload": [],
            "user_expressions": {},
        }
        outcome: Any = None
        try:  # the runner waits for the start-up thread; an interrupt meanwhile counts
            request = Request(code, execution_count=count, expressions=dict(user_expressions or {}),
                              keep_outputs=False)
            outcome = self.runner.run(request, on_output=self._send_output, on_input=self._on_input)
        except Exception as err:  # a host failure still answers the request (error reply)
            self.log.error("execute failed", exc_info=True)
            content = _kernel_error(err, "cell")
            self._output.send("error", content)
            reply.update(status="error", **content)
        finally:
            self._output.flush()
        if outcome is not None:
            if outcome.error is not None:
                error = outcome.error
                reply.update(status="error", ename=error.ename, evalue=error.evalue, traceback=error.traceback)
            reply["payload"] = [self._safe_payload(payload) for payload in outcome.payloads]
            if outcome.exit_requested is not None:
                reply["payload"].append({"source": "ask_exit", "keepkernel": outcome.exit_requested})
            reply["user_expressions"] = {key: self._safe_record(record)
                                         for key, record in outcome.expressions.items()}
        if store_history and not silent:
            self.history.add(count, code, outcome.value if outcome is not None else None)
        return encodable(reply)

    def _send_output(self, output: Output) -> None:
        """One output of the running request as its IOPub message."""
        if isinstance(output, Stream):
            self._output.stream(output.name, output.text)
        elif isinstance(output, Display):
            content = {"data": output.data, "metadata": output.metadata, "transient": output.transient}
            update = output.update and output.display_id
            self._output.send("update_display_data" if update else "display_data", content)
        elif isinstance(output, ClearOutput):
            self._output.send("clear_output", {"wait": output.wait})
        elif isinstance(output, Result):
            self._output.send("execute_result", {"execution_count": output.execution_count, "data": output.data,
                                                 "metadata": output.metadata})
        elif isinstance(output, Error):
            self._output.send("error", {"ename": output.ename, "evalue": output.evalue,
                                        "traceback": output.traceback})

    def _safe_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        if payload.get("source") == "page" and isinstance(payload.get("data"), dict):
            return {**payload, "data": self.safe_bundle(payload["data"])}
        return payload

    def _safe_record(self, record: dict[str, Any]) -> dict[str, Any]:
        if record.get("status") == "ok" and isinstance(record.get("data"), dict):
            return {**record, "data": self.safe_bundle(record["data"])}
        return record

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
        self._started.wait()
        found = self.runner.complete(code, cursor_pos)
        if found is not None:
            reply.update(found)
        return reply

    @_always_replies("inspection request")
    async def do_inspect(  # type: ignore[override]
        self, code: str, cursor_pos: int, detail_level: int = 0, omit_sections: Any = ()
    ) -> dict[str, Any]:
        """Shift-Tab / inspection of the object at the cursor, answered by the guest."""
        self._started.wait()
        data = self.runner.inspect(code, cursor_pos, detail_level)
        if data:
            return {"status": "ok", "found": True, "data": self.safe_bundle(data), "metadata": {}}
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
