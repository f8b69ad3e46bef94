"""The wasmtime engine configuration and the compiled-module cache.

Compiling `micropython.wasm` with Cranelift takes ~0.35 s; deserializing a compiled module takes
milliseconds. Compiled modules are cached on disk, keyed by the wasmtime version, the artifact's
sha256 and the engine configuration (with or without fuel metering: two different compiled
modules), and in memory per process. The cache directory is
`$MPWASM_CACHE_DIR`, else `$XDG_CACHE_HOME/mpwasm-kernel`, else `~/.cache/mpwasm-kernel`; when
it is not writable the cache is in memory only.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import wasmtime
from wasmtime import _bindings

try:
    from importlib.metadata import version as _dist_version

    WASMTIME_VERSION = _dist_version("wasmtime")
except Exception:  # pragma: no cover - metadata missing in odd installs
    WASMTIME_VERSION = "unknown"

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


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
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
    file = cache_dir() / f"{key}.cwasm"
    try:
        blob = file.read_bytes()
        module = wasmtime.Module.deserialize(engine, blob)
    except (OSError, wasmtime.WasmtimeError):
        blob = None
    if blob is None:
        if wasm is None:
            assert path is not None
            wasm = path.read_bytes()
        module = wasmtime.Module(engine, wasm)
        blob = module.serialize()
        try:
            _write_atomic(file, blob)
        except OSError:
            pass
    with _lock:
        _memory_cache[key] = blob
    return module


def cached_json(content_id: str, compute: Callable[[], Any]) -> Any:
    """Return `compute()`, cached on disk (and per process) under `content_id`.

    For small facts derived deterministically from an artifact, such as the interrupt words'
    addresses. An unreadable entry is recomputed and rewritten.
    """
    key = "json-" + _key(content_id)
    with _lock:
        if key in _json_cache:
            return _json_cache[key]
    file = cache_dir() / f"{key}.json"
    try:
        value = json.loads(file.read_text())
    except (OSError, ValueError):
        value = compute()
        try:
            _write_atomic(file, json.dumps(value).encode())
        except OSError:
            pass
    with _lock:
        _json_cache[key] = value
    return value
