"""The wasmtime engine configuration and the compiled-module cache.

Compiling `micropython.wasm` with Cranelift takes ~0.35 s; deserializing a compiled module takes
milliseconds. Compiled modules are cached on disk, keyed by the wasmtime version, the artifact's
sha256 and the engine configuration (with or without fuel metering: two different compiled
modules), and in memory per process. The cache directory is
`$MPWASM_CACHE_DIR`, else `$XDG_CACHE_HOME/mpwasm-kernel`, else `~/.cache/mpwasm-kernel`; when
it is not writable the cache is in memory only.

The cache is not trusted blindly: a `.cwasm` file is native code, so a cache others can write
to is code execution in the kernel. The directory is created private (0700), and a directory
or file that is a symlink, not owned by the current user, or writable by group or others is
refused (the module is then compiled, and cached in memory only). Cached JSON facts are
validated by their reader (see `cached_json`).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import wasmtime
from wasmtime import _bindings


def _wasmtime_version() -> str:
    """The installed wasmtime-py's version, from its ``.dist-info`` folder name next to the
    package (importing `importlib.metadata` for this costs ~50 ms of every process's start);
    `importlib.metadata` when that folder is not found."""
    package = Path(wasmtime.__file__).resolve().parent
    try:
        names = [e.name for e in os.scandir(package.parent)
                 if e.name.startswith("wasmtime-") and e.name.endswith(".dist-info")]
    except OSError:
        names = []
    if len(names) == 1:
        return names[0][len("wasmtime-"):-len(".dist-info")]
    try:
        from importlib.metadata import version

        return version("wasmtime")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


WASMTIME_VERSION = _wasmtime_version()

# Bump the version when anything else that changes compiled code changes (engine flags).
CONFIG_VERSION = "epoch=1;exceptions=1;stack=4m;v3"
# wasmtime's native stack for guest code (default 512 KiB): deep Python recursion needs ~4x the
# shadow stack it uses (see cstack.py). The calling thread needs this much C stack free: the main
# thread and default Linux threads have 8 MiB.
MAX_WASM_STACK = 4 << 20

_memory_cache: dict[str, bytes] = {}
_json_cache: dict[str, Any] = {}
_lock = threading.Lock()


def make_engine(fuel: bool = True) -> wasmtime.Engine:
    """A new engine with epoch interruption, wasm exceptions and (if `fuel`) fuel metering.

    Each sandbox gets its own engine: the epoch counter is per engine, so a hard stop of one
    sandbox must not interrupt another. Fuel metering costs ~1.14x in guest compute; without it
    the wall clock (epoch) is the only CPU limit.
    """
    cfg = wasmtime.Config()
    cfg.consume_fuel = fuel
    cfg.epoch_interruption = True
    cfg.wasm_exceptions = True
    cfg.cranelift_opt_level = "speed"
    # max_wasm_stack may not exceed the async stack size (2 MiB by default), even without async.
    _bindings.wasmtime_config_async_stack_size_set(cfg.ptr(), MAX_WASM_STACK)
    cfg.max_wasm_stack = MAX_WASM_STACK
    return wasmtime.Engine(cfg)


def cache_dir() -> Path:
    """The directory holding compiled modules (not created here)."""
    explicit = os.environ.get("MPWASM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mpwasm-kernel"


def _key(content_id: str, fuel: bool = True) -> str:
    raw = f"{WASMTIME_VERSION}|{platform.machine()}|fuel={int(fuel)};{CONFIG_VERSION}|{content_id}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _private(st: os.stat_result, kind: int) -> bool:
    """Is this (lstat) entry of the expected kind, owned by us and writable by nobody else?"""
    return stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.getuid() and not st.st_mode & 0o022


def trusted_cache_dir() -> Path | None:
    """The cache directory, created 0700 if missing; None when it cannot be trusted (symlink,
    another owner, group/other-writable) or cannot be created."""
    directory = cache_dir()
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            pass
        if not _private(os.lstat(directory), stat.S_IFDIR):
            return None
    except OSError:
        return None
    return directory


def read_trusted(path: Path) -> bytes:
    """Read a cache file that is a regular file owned by us and not writable by others (no
    symlinks followed); `OSError` otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not _private(os.fstat(fd), stat.S_IFREG):
            raise PermissionError(f"untrusted cache file {path}")
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return f.read()
    finally:
        if fd >= 0:
            os.close(fd)


def _deserialize_trusted(engine: wasmtime.Engine, path: Path) -> tuple[wasmtime.Module, bytes | None]:
    """A module from a trusted cache file (see `read_trusted`). On Linux wasmtime maps the very
    file that was checked (opened once, then named by ``/proc/self/fd``), which skips reading and
    copying ~3 MB per process and shares the pages between processes; returns `(module, None)`.
    Elsewhere the bytes are read and kept: `(module, blob)`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not _private(os.fstat(fd), stat.S_IFREG):
            raise PermissionError(f"untrusted cache file {path}")
        proc = f"/proc/self/fd/{fd}"
        if os.path.exists(proc):
            return wasmtime.Module.deserialize_file(engine, proc), None
    finally:
        os.close(fd)
    blob = read_trusted(path)
    return wasmtime.Module.deserialize(engine, blob), blob


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def compiled_module(engine: wasmtime.Engine, content_id: str, wasm: bytes | None = None,
                    path: Path | None = None, *, fuel: bool = True) -> wasmtime.Module:
    """Return a `Module` for `engine`, compiled once and cached.

    `content_id` identifies the bytes (e.g. the artifact's sha256); give either the wasm bytes or
    a path to read them from when a compile is needed. `fuel` must match how `engine` was made
    (`make_engine(fuel)`): code compiled with and without fuel metering is cached separately. A
    cache entry that fails to deserialize (other wasmtime build, truncated file) is replaced.
    """
    key = _key(content_id, fuel)
    with _lock:
        blob = _memory_cache.get(key)
    if blob is not None:
        return wasmtime.Module.deserialize(engine, blob)
    directory = trusted_cache_dir()
    file = directory / f"{key}.cwasm" if directory is not None else None
    try:
        if file is None:
            raise FileNotFoundError("no trusted cache directory")
        module, blob = _deserialize_trusted(engine, file)
        if blob is None:  # mapped from the file: nothing to keep in memory
            return module
    except (OSError, wasmtime.WasmtimeError):
        blob = None
    if blob is None:
        if wasm is None:
            assert path is not None
            wasm = path.read_bytes()
        module = wasmtime.Module(engine, wasm)
        blob = module.serialize()
        try:
            if file is not None:
                write_atomic(file, blob)
        except OSError:
            pass
    with _lock:
        _memory_cache[key] = blob
    return module


def cached_json(content_id: str, compute: Callable[[], Any],
                validate: Callable[[Any], object] | None = None) -> Any:
    """Return `compute()`, cached on disk (and per process) under `content_id`.

    For small facts derived deterministically from an artifact, such as the interrupt words'
    addresses. An entry that is unreadable, untrusted (see the module docstring) or that
    `validate` rejects (raises) is recomputed and rewritten.
    """
    key = "json-" + _key(content_id)
    with _lock:
        if key in _json_cache:
            return _json_cache[key]
    directory = trusted_cache_dir()
    file = directory / f"{key}.json" if directory is not None else None
    try:
        if file is None:
            raise FileNotFoundError("no trusted cache directory")
        value = json.loads(read_trusted(file).decode("utf-8"))
        if validate is not None:
            validate(value)
    except Exception:  # unreadable, untrusted, malformed or invalid: recompute
        value = compute()
        try:
            if file is not None:
                write_atomic(file, json.dumps(value).encode())
        except OSError:
            pass
    with _lock:
        _json_cache[key] = value
    return value
