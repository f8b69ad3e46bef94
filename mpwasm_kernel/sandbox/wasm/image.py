"""Sandboxes started from a booted image: one engine, module and memory image per process.

Booting MicroPython and its guest runtime costs ~15-40 ms per sandbox. Instead, a process boots
the interpreter once per configuration and keeps the result as an *image*:

* `Runtime` — one wasmtime `Engine`, compiled `Module` and pre-linked `InstancePre` per
  (artifact, fuel metering), shared by every sandbox of the process. Host imports are linked
  once, as dispatchers that call the imports of the instance currently running on this thread
  (`entered`), so instantiation resolves nothing. The engine's epoch is shared too, so a hard
  stop must not trap other sandboxes running on other threads: every store has an epoch-deadline
  callback that traps only the store whose `StopSwitch` is armed and lets the others continue.
* `MemoryImage` — the booted linear memory in a sealed memfd. A new sandbox maps it over its
  linear memory with a private (copy-on-write) mapping: pages are shared by all sandboxes until
  one writes them, and creation is an `mmap` plus three wasm globals (the shadow-stack pointer
  and the two stack bounds `emscripten_stack_init` sets). `reset()` maps it again, which also
  drops every page the sandbox had written.

Linux only (memfd, MAP_FIXED over wasmtime's reservation, /proc/self/pagemap); elsewhere, or
with `MPWASM_IMAGE=0`, sandboxes boot as before.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import sys
import threading
from collections.abc import Callable, Mapping

import wasmtime
from wasmtime import _bindings, _ffi
from wasmtime._extern import wrap_extern as _wrap_extern

from . import engine as engine_mod
from . import trampolines

PAGE = mmap.PAGESIZE
WASM_PAGE = 1 << 16
_libc = ctypes.CDLL(None, use_errno=True)
_mmap = _libc.mmap
_mmap.restype = ctypes.c_void_p
_mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long)
_madvise = _libc.madvise
_madvise.restype = ctypes.c_int
_madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
MAP_PRIVATE, MAP_FIXED = 0x02, 0x10
PROT_RW = 0x1 | 0x2
MADV_DONTNEED = 4
HARD_STOP_MESSAGE = "mpwasm: hard stop"

_local = threading.local()


def images_enabled() -> bool:
    """Are image-backed sandboxes available here (Linux, memfd) and not disabled by
    `MPWASM_IMAGE=0`?"""
    return (sys.platform.startswith("linux") and hasattr(os, "memfd_create")
            and os.environ.get("MPWASM_IMAGE", "1") != "0")


def _dispatcher(name: str) -> Callable[..., object]:
    def dispatch(*args: object) -> object:
        return _local.imports[name](*args)

    dispatch.__name__ = f"dispatch_{name}"
    return dispatch


class entered:  # noqa: N801 - used like a function: `with entered(imports): ...`
    """Make `imports` the host imports that dispatchers call on this thread (nests: a host
    function of one sandbox may run another sandbox)."""

    __slots__ = ("_imports", "_previous")

    def __init__(self, imports: Mapping[str, Callable[..., object]]) -> None:
        self._imports = imports

    def __enter__(self) -> None:
        self._previous = getattr(_local, "imports", None)
        _local.imports = self._imports

    def __exit__(self, *exc: object) -> None:
        _local.imports = self._previous


class StopSwitch:
    """The per-store half of a hard stop on a shared engine: `arm()` then increment the epoch;
    the store's epoch callback traps if armed, else extends the deadline by one tick."""

    def __init__(self, store: wasmtime.Store) -> None:
        self.armed = False

        def on_deadline(_ctx: object, _data: object, delta: ctypes._Pointer, kind: ctypes._Pointer) -> int:
            if self.armed:
                self.armed = False
                err = _ffi.wasmtime_error_new(HARD_STOP_MESSAGE.encode())
                return ctypes.cast(err, ctypes.c_void_p).value or 0
            delta[0] = 1
            kind[0] = 0  # WASMTIME_UPDATE_DEADLINE_CONTINUE
            return 0

        argtypes = _bindings._wasmtime_store_epoch_deadline_callback.argtypes
        self._callback = argtypes[1](on_deadline)  # kept alive as long as the store
        self._finalizer = argtypes[3](0)
        _bindings.wasmtime_store_epoch_deadline_callback(store.ptr(), self._callback, None, self._finalizer)


def is_hard_stop(exc: BaseException) -> bool:
    """Did a run end because of a hard stop (an epoch trap, or the shared engine's callback)?"""
    if isinstance(exc, wasmtime.Trap) and exc.trap_code == wasmtime.TrapCode.INTERRUPT:
        return True
    return isinstance(exc, wasmtime.WasmtimeError) and HARD_STOP_MESSAGE in str(exc)


class Runtime:
    """Engine, compiled module and pre-linked instance shared by all sandboxes of a process for
    one (artifact, fuel) pair. Get it with `runtime_for`."""

    def __init__(self, sha256: str, wasm_path: os.PathLike[str], fuel: bool) -> None:
        self.fuel = fuel
        self.engine = engine_mod.make_engine(fuel=fuel)
        self.module = engine_mod.compiled_module(self.engine, sha256, path=wasm_path, fuel=fuel)
        linker = wasmtime.Linker(self.engine)
        self.import_names = tuple(imp.name for imp in self.module.imports)
        #: the import trampolines (see trampolines.py), alive as long as the runtime
        self.callbacks = [trampolines.define(linker, imp, _dispatcher(imp.name)) for imp in self.module.imports]
        self.pre = linker.instantiate_pre(self.module)
        self.images: dict[tuple, BootImage] = {}
        self.lock = threading.Lock()
        #: export name -> (params, results) when i32-only, else None (see calls.py); the same
        #: for every instance of the module
        self.signatures: dict[str, tuple[int, int] | None] = {}


_runtimes: dict[tuple[str, bool], Runtime] = {}
_runtimes_lock = threading.Lock()


def runtime_for(sha256: str, wasm_path: os.PathLike[str], fuel: bool) -> Runtime:
    """The process's shared `Runtime` for this artifact and fuel setting (created once)."""
    key = (sha256, fuel)
    with _runtimes_lock:
        runtime = _runtimes.get(key)
        if runtime is None:
            runtime = _runtimes[key] = Runtime(sha256, wasm_path, fuel)
        return runtime


class MemoryImage:
    """A booted linear memory, kept in a sealed memfd and mapped copy-on-write into sandboxes."""

    def __init__(self, base_address: int | None, size: int, chunks: list[tuple[int, bytes]] | None = None) -> None:
        """The image of `size` bytes at `base_address` (a live linear memory), or, with
        `base_address` None, made of `chunks` (offset, bytes; zeros elsewhere)."""
        if size % PAGE:
            raise ValueError("image size must be a whole number of pages")
        self.size = size
        self.fd = os.memfd_create("mpwasm-image", os.MFD_CLOEXEC | getattr(os, "MFD_ALLOW_SEALING", 2))
        os.ftruncate(self.fd, size)
        #: offsets of the stored (not all-zero) chunks of `WASM_PAGE` bytes
        self.chunk_offsets: list[int] = []
        if chunks is None:
            assert base_address is not None
            zero = bytes(WASM_PAGE)
            chunks = []
            for off in range(0, size, WASM_PAGE):  # sparse: all-zero chunks stay holes
                chunk = ctypes.string_at(base_address + off, min(WASM_PAGE, size - off))
                if chunk != zero[:len(chunk)]:
                    chunks.append((off, chunk))
        stored = 0
        for off, chunk in chunks:
            if off < 0 or off + len(chunk) > size:
                raise ValueError("image chunk outside the image")
            os.pwrite(self.fd, chunk, off)
            self.chunk_offsets.append(off)
            stored += len(chunk)
        self.stored_bytes = stored
        try:  # nobody can change the image once sandboxes map it
            import fcntl

            seals = fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE
            fcntl.fcntl(self.fd, fcntl.F_ADD_SEALS, seals)
        except (AttributeError, OSError):
            pass

    def chunks(self) -> list[tuple[int, bytes]]:
        """The stored chunks, (offset, bytes), read back from the memfd (for an image on disk)."""
        return [(off, os.pread(self.fd, min(WASM_PAGE, self.size - off), off)) for off in self.chunk_offsets]

    def map_over(self, address: int) -> None:
        """Replace `[address, address + size)` by a private copy-on-write mapping of the image."""
        got = _mmap(address, self.size, PROT_RW, MAP_PRIVATE | MAP_FIXED, self.fd, 0)
        if got != address:
            err = ctypes.get_errno()
            raise OSError(err, f"could not map the memory image: {os.strerror(err)}")

    def close(self) -> None:
        """Close the memfd (mappings made from it stay valid; `map_over` no longer works)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def discard(address: int, length: int) -> None:
    """Drop the pages of `[address, address + length)` (page-aligned): in the image region they
    read as the image again, beyond it as zeros. `OSError` if the kernel refuses."""
    if length > 0 and _madvise(address, length, MADV_DONTNEED) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"madvise failed: {os.strerror(err)}")


class BootImage:
    """Everything a sandbox needs to start from a booted interpreter: the memory image, the
    shadow-stack pointer, and the host-side facts the booting sandbox found (`state`, opaque
    here: guest references, stack and interrupt words)."""

    def __init__(self, memory: MemoryImage, stack_pointer: int, state: dict) -> None:
        self.memory = memory
        self.stack_pointer = stack_pointer
        self.state = state

    @property
    def size(self) -> int:
        return self.memory.size


MAX_IMAGES = 8  # images kept per runtime (one per boot configuration, e.g. deterministic seeds)


def image_for(runtime: Runtime, key: tuple, boot: Callable[[], BootImage]) -> BootImage:
    """The runtime's image for `key` (the boot options), made by `boot()` the first time. At
    most `MAX_IMAGES` are kept, least recently used first out; an image dropped here lives on
    while sandboxes made from it do (they hold it)."""
    with runtime.lock:
        image = runtime.images.pop(key, None)
        if image is None:
            image = boot()
        runtime.images[key] = image  # now the most recently used
        while len(runtime.images) > MAX_IMAGES:
            runtime.images.pop(next(iter(runtime.images)))
        return image


def export(store: wasmtime.Store, instance: wasmtime.Instance, name: str) -> object:
    """One export of `instance` by name (without building the map of all ~80 exports)."""
    raw = name.encode()
    item = _ffi.wasmtime_extern_t()
    found = _ffi.wasmtime_instance_export_get(store._context(), ctypes.byref(instance._instance), raw, len(raw),
                                              ctypes.byref(item))
    if not found:
        raise KeyError(name)
    if item.kind == _ffi.WASMTIME_EXTERN_FUNC.value:
        return wasmtime.Func._from_raw(item.of.func)
    return _wrap_extern(item)
