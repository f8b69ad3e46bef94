"""The MCP server's one door to the sandbox: a Python session, protocol-free.

Everything the server does to an interpreter goes through `PythonSession` (run code, reset, list,
read and write files) and comes back as plain data (`Outcome`, `FileEntry`). It drives the
request runner (`mpwasm_kernel.runner.RequestRunner`), the layer every front end shares. A
`PythonSession` is used by one worker thread (see `sessions.py`); only `interrupt()` may be called from another thread.
A server's sessions take their sandboxes from one `SandboxPool` (`session_pool`): a new session
checks out a pristine sandbox (recycled by `reset()`, else a copy-on-write clone of the process's
booted image) and a closed session returns it.

File operations run as guest code (`guest/files.py`, executed in a private globals dict, never
the user's namespace): they see exactly the file system the model's code sees, read-only mounts
and the disk quota included, and are stopped by the same limits.
"""

from __future__ import annotations

import ast
import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..runner import LIMIT_OF_ERROR, Display, Request, RequestRunner, Stream
from ..sandbox.limits import Limits
from ..sandbox.pool import SandboxPool
from ..sandbox.sandbox import Sandbox

MAX_PATH_CHARS = 1024
_FILES_SOURCE = (Path(__file__).parent / "guest" / "files.py").read_text(encoding="utf-8")


class FileOperationError(Exception):
    """A file operation failed in the guest (no such file, read-only mount, disk full, ...)."""


@dataclass(frozen=True)
class EngineSettings:
    """How every session's interpreter is made (administrator settings)."""

    limits: Limits = field(default_factory=Limits)
    variant: str = "micropython"
    mounts: Mapping[str, str] = field(default_factory=dict)
    functions: Mapping[str, Callable[..., object]] = field(default_factory=dict)
    deterministic: bool = False


@dataclass(frozen=True)
class ErrorInfo:
    """How a run ended badly: the exception (or limit) name, message and traceback lines.

    `limit` names the `Limits` field that stopped the run (None: the code raised);
    `rolled_back` says whether the run's changes were undone (else they were kept).
    """

    type: str
    message: str
    traceback: list[str]
    limit: str | None
    rolled_back: bool


@dataclass
class Outcome:
    """What one run produced, as plain data."""

    stdout: str = ""
    stderr: str = ""
    result: str | None = None
    result_bundle: dict | None = None
    displays: list[dict] = field(default_factory=list)
    error: ErrorInfo | None = None
    fuel_used: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class FileEntry:
    name: str
    kind: str  # "dir", "file" or "other" (a device)
    size: int  # bytes; -1 for directories and devices


def check_path(path: object) -> str:
    """A guest path the file tools accept: a non-empty str without NUL, at most 1024 characters."""
    if not isinstance(path, str) or not path:
        raise ValueError("path must be a non-empty string")
    if "\0" in path or len(path) > MAX_PATH_CHARS:
        raise ValueError(f"path must not contain NUL and must be at most {MAX_PATH_CHARS} characters")
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("path is not valid Unicode") from None
    return path


def session_pool(settings: EngineSettings, max_idle: int = 4) -> SandboxPool:
    """The pool a server's sessions take their sandboxes from: sandboxes made exactly as a
    session's request runner makes its own, at most `max_idle` kept between sessions."""
    return SandboxPool(max_idle=max_idle, limits=settings.limits, variant=settings.variant,
                       mounts=dict(settings.mounts) or None, deterministic=settings.deterministic,
                       functions=dict(settings.functions) or None)


class _PooledRunner(RequestRunner):
    """A request runner whose sandbox is checked out of a `SandboxPool` (with the runner's own
    callbacks and limits) and returned to it on `close` (the pool resets it)."""

    def __init__(self, pool: SandboxPool, *args: object, **kwargs: object) -> None:
        self._pool = pool
        super().__init__(*args, **kwargs)

    def _new_sandbox(self, limits: Limits) -> Sandbox:
        sandbox = self._pool.acquire()
        sandbox.on_output, sandbox.on_display, sandbox.on_input = self._on_stream, self._on_display, self._on_input
        sandbox.on_exit = self._on_exit if self._capture_exit else None
        sandbox.limits = limits
        return sandbox

    def close(self) -> None:
        self.interrupt()
        with self._lock:
            self._closed = True
            sandbox, self._sandbox = self._sandbox, None
        if sandbox is not None:
            self._pool.release(sandbox)


class PythonSession:
    """One long-lived interpreter with the administrator's settings, driven through the request
    runner (`mpwasm_kernel.runner`): plain Python (no magics, CPython's repr and traceback lines)."""

    def __init__(self, settings: EngineSettings, pool: SandboxPool | None = None) -> None:
        self.settings = settings
        options = {"variant": settings.variant, "mounts": dict(settings.mounts) or None,
                   "deterministic": settings.deterministic, "functions": dict(settings.functions),
                   "capture_exit": False}
        self._runner = (_PooledRunner(pool, settings.limits, **options) if pool is not None
                        else RequestRunner(settings.limits, **options))
        self._runner.start()
        if self._runner.unavailable is not None:
            raise ValueError(self._runner.unavailable)

    # ------------------------------------------------------------------ code
    def run(self, code: str, limits: Limits | None = None) -> Outcome:
        """Run `code` (statements, then the repr of a trailing expression) under `limits`
        (default: the administrator's); the session's state carries over to the next run."""
        runner = self._runner
        runner.limits = limits or self.settings.limits
        try:
            done = runner.run(Request(code, filename="<cell>", magics=False, ipython=False))
        finally:
            runner.limits = self.settings.limits
        out = Outcome(fuel_used=done.fuel_used, seconds=done.seconds)
        stdout: list[str] = []
        stderr: list[str] = []
        for output in done.outputs:
            if isinstance(output, Stream):
                (stdout if output.name == "stdout" else stderr).append(output.text)
            elif isinstance(output, Display):
                out.displays.append({"type": "display", "data": output.data, "metadata": output.metadata,
                                     "update": output.update})
        out.stdout, out.stderr = "".join(stdout), "".join(stderr)
        if done.result is not None:
            out.result_bundle = done.result.data
            plain = done.value if done.value is not None else done.result.data.get("text/plain")
            out.result = plain if isinstance(plain, str) else None
        if done.error is not None:
            e = done.error
            limit = e.stopped_by if e.stopped_by in LIMIT_OF_ERROR.values() else None
            out.error = ErrorInfo(type=e.ename, message=e.evalue, traceback=list(e.traceback), limit=limit,
                                  rolled_back=e.rolled_back)
        return out

    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in running code (any thread; no-op when idle)."""
        self._runner.interrupt()

    def reset(self) -> None:
        """A pristine interpreter: variables, imports and files are gone (mounts stay)."""
        self._runner.reset()

    def close(self) -> None:
        self._runner.close()

    # ------------------------------------------------------------------ files
    def _files(self, *args: object) -> object:
        """Run guest/files.py with ARGS in a private namespace; return its RESULT."""
        code = (f"(lambda g: (exec({_FILES_SOURCE!r}, g), g['RESULT'])[1])"
                f"({{'__name__': '_mpk_mcp_files', 'ARGS': {args!r}}})")
        result = self._runner.run_guest(code, filename="<mcp-files>", store_result=False)
        if result.error is not None:
            error = result.error
            message = error.evalue if error.ename == "OSError" else str(error)
            raise FileOperationError(_describe_os_error(message))
        try:
            return ast.literal_eval(result.value or "None")
        except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
            raise FileOperationError(f"unexpected reply from the sandbox ({type(exc).__name__})") from None

    def list_files(self, path: str) -> list[FileEntry]:
        """The entries of directory `path` in the session's file system."""
        entries = self._files("list", check_path(path))
        if not isinstance(entries, list):
            raise FileOperationError("unexpected reply from the sandbox")
        return [FileEntry(str(n), str(k), int(s)) for n, k, s in entries]

    def walk_files(self, root: str = "/", skip: tuple[str, ...] = ("/lib", "/dev"), limit: int = 500) \
            -> list[tuple[str, int]]:
        """(path, size) of the files under `root`, sorted, at most `limit`; `skip`: paths not entered."""
        entries = self._files("walk", check_path(root), tuple(skip), int(limit))
        if not isinstance(entries, list):
            raise FileOperationError("unexpected reply from the sandbox")
        return [(str(p), int(s)) for p, s in entries]

    def read_file(self, path: str, max_bytes: int) -> tuple[bytes, int]:
        """The first `max_bytes` bytes of file `path`, and its total size."""
        reply = self._files("read", check_path(path), int(max_bytes))
        if not (isinstance(reply, tuple) and len(reply) == 2 and isinstance(reply[0], bytes)):
            raise FileOperationError("unexpected reply from the sandbox")
        try:
            return base64.b64decode(reply[0]), int(reply[1])
        except (binascii.Error, ValueError):
            raise FileOperationError("unexpected reply from the sandbox") from None

    def write_file(self, path: str, data: bytes, append: bool = False) -> int:
        """Write (or append) `data` to `path`, creating parent directories; return the new size."""
        encoded = base64.b64encode(data).decode("ascii")
        reply = self._files("write", check_path(path), encoded, bool(append))
        if not (isinstance(reply, tuple) and len(reply) == 2):
            raise FileOperationError("unexpected reply from the sandbox")
        return int(reply[1])

    # ------------------------------------------------------------------ facts
    @property
    def memory_bytes(self) -> int:
        """Current size of the interpreter's linear memory."""
        return self._runner.sandbox.memory_size

    @property
    def micropython_version(self) -> str:
        return self._runner.sandbox.micropython_version


_ERRNO_TEXT = {
    "2": "no such file or directory",
    "13": "permission denied",
    "17": "a file or directory of that name exists",
    "20": "a part of the path is not a directory",
    "21": "it is a directory",
    "28": "no space left: the session's disk quota (disk_bytes) is full",
    "30": "read-only file system (an administrator's mount)",
    "36": "file name too long",
}


def _describe_os_error(message: str) -> str:
    """``[Errno 2] ENOENT`` -> ``no such file or directory ([Errno 2] ENOENT)``."""
    text = message.strip()
    if text.startswith("[Errno "):
        number = text[7:].split("]", 1)[0]
        meaning = _ERRNO_TEXT.get(number)
        if meaning:
            return f"{meaning} ({text})"
    return text
