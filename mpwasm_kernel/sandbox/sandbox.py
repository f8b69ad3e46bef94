"""`Sandbox`: one long-lived MicroPython interpreter with limits, interrupt and rollback.

A run (a cell, or a helper call such as completion) goes through `_guarded`:

1. snapshot linear memory, the stack pointer and the file system;
2. arm the limits: fuel, an epoch deadline, the watchdog's wall clock, the output cap;
3. call into the guest runtime;
4. on a hard stop (fuel, epoch, memory livelock, output written after the output stop, any
   trap or host fault) restore the snapshot, so the interpreter is exactly as before the run
   (`rolled_back=True`).

A soft stop — `interrupt()`, the wall clock's first stage, the output cap reached — is a
KeyboardInterrupt raised at the guest's next check, where the interpreter is consistent: the run
ends there and keeps what it did before (like KeyboardInterrupt under IPython); a limit's soft
stop is reported under the limit's name (`TimeLimitExceeded`, `OutputLimitExceeded`). With
`Limits(rollback="always")` soft stops are rolled back too.
Host functions (`functions=`, `register_function`; see `functions.py`) run on the host while a
run waits for them; their time counts against the run's wall clock, and a host function cannot
re-enter the sandbox (`SandboxBusyError`).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import wasmtime

from .accounting import error_size, fit_error, json_size
from .budget import RequestBudget
from .cell import SPLIT_MAX_CHARS, SplitCell, split_cell
from .channel import ChannelDevice
from .cpython.docs import help_text, lookup
from .cpython.exceptions import as_cpython
from .cpython.tracebacks import SourceRegistry, present
from .cpython.transform import transform
from .errors import GuestError, SandboxBusyError, SandboxClosedError, SandboxError
from .files import FileSystem
from .functions import VALUE_DEPTH, HostCallLimitHit, HostFunctions, HostTimeHit
from .library import guest_library, with_library_mount
from .limits import Limits
from .mimebundle import clean_bundle
from .output import STREAMS, OutputLimitHit, RunOutput
from .result import CallError, RunResult
from .text import encodable
from .wasm import cstack
from .wasm import engine as engine_mod
from .wasm.artifact import Artifact, load_artifact
from .wasm.emscripten import EmscriptenInstance, GuestException, UnsupportedImport
from .wasm.interrupt import Watchdog, find_interrupt_words, words_from_json, words_to_json, write_words
from .wasm.memory import GuestMemoryFault
from .wasm.snapshot import MemorySnapshot

GUEST_DIR = Path(__file__).resolve().parent / "guest"
GUEST_MODULES = ("channel", "pycompat", "runtime")  # loaded at start, in this order
# loaded by the runtime on first use (via the channel)
LAZY_GUEST_MODULES = ("display", "introspect", "ipython_magic", "pyhelp", "library")
HEAP_BYTES = 8 << 20          # initial GC heap; the split heap grows on demand (see _start)
PYSTACK_WORDS = 64 * 1024     # MicroPython's Python stack: 256 KiB, ~8000 plain frames (C stack binds first)
FIXED_TIME_MS = 1_735_689_600_000.0  # 2025-01-01T00:00:00Z, the clock in deterministic mode
LIVELOCK_FAILURES = 6         # failed heap growths in one run before ...
LIVELOCK_SECONDS = 0.5        # ... or this long after the first failure: MemoryLimitExceeded
MiB = 1 << 20
INSTALL_FUEL = 10_000_000_000  # budget for installing host functions into a used interpreter
INSTALL_SECONDS = 10.0
CODE_HELPERS = ("evaluate", "timeit")  # guest helpers whose string arguments are code
EINVAL = 22                   # errno returned by the console's fd_write for an invalid iovec array
MAX_GRACE = 3600.0            # longest accepted interrupt grace, seconds

_guest_sources: dict[str, str] = {}


class MemoryLimitHit(Exception):
    """The guest keeps failing to grow its memory (allocation livelock at the memory limit)."""


class StackOverrun(Exception):
    """Memory the sandbox guards changed: "stack" (unchecked C recursion ran past the guest's C
    stack) or "memory" (a wild write into the old, unused stack region)."""


class GuestAbort(Exception):
    """The guest called abort()."""


class MalformedResult(Exception):
    """The guest runtime returned something other than its JSON result object (user code tampered)."""


def _result_object(value: object) -> dict:
    """Parse a guest runtime result: a JSON object with well-typed fields, else `MalformedResult`."""
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        data = None
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not all(isinstance(data.get(k) or {}, dict) for k in ("data", "metadata")) \
            or (err and not (isinstance(err, dict) and isinstance(err.get("traceback", []), list))):
        raise MalformedResult("the guest runtime returned a malformed result")
    return encodable(data)  # escaped lone surrogates would make every later UTF-8 encoding raise


#: Stops caused by the guest itself; any other exception during a run is a host-side failure
#: (a callback, a packing error): reported as such, rolled back all the same.
_GUEST_FAULTS = (wasmtime.Trap, wasmtime.WasmtimeError, GuestMemoryFault, GuestAbort, RecursionError,
                 MalformedResult)


def _reported_error(value: object) -> GuestError | None:
    """The error a guest runtime result reports (run_cell / call), if any."""
    err = value.get("error") if isinstance(value, dict) else None
    if not isinstance(err, dict):
        return None
    return GuestError(str(err.get("ename")), str(err.get("evalue")), [str(x) for x in err.get("traceback", [])])


@dataclass
class _Outcome:
    value: object = None
    error: GuestError | None = None
    rolled_back: bool = False
    fuel_used: int = 0
    seconds: float = 0.0


def _guest_source(name: str) -> str:
    if name not in _guest_sources:
        _guest_sources[name] = (GUEST_DIR / f"{name}.py").read_text()
    return _guest_sources[name]


def _lazy_guest_source(name: str) -> bytes | None:
    """Source of a lazily loaded guest module, for the channel's `source` request."""
    return _guest_source(name).encode() if name in LAZY_GUEST_MODULES else None


def _release(instance: EmscriptenInstance | None, *snapshots: MemorySnapshot | None) -> None:
    """Free an interpreter's store and snapshot copies at once (never raises)."""
    for snapshot in snapshots:
        if snapshot is not None:
            try:
                snapshot.release()
            except Exception:  # an export still alive: the mapping goes with its last reference
                pass
    if instance is not None:
        try:
            instance.close()
        except Exception:
            pass


def _mib(n: float) -> str:
    return f"{n / MiB:g} MiB"


class Sandbox:
    """A MicroPython interpreter in WebAssembly, with host-enforced limits.

    Not thread-safe except `interrupt()`, which any thread may call. Use as a context manager
    or call `close()`.
    """

    def __init__(self, limits: Limits | None = None, *, variant: str = "micropython",
                 on_output: Callable[[str, str], None] | None = None,
                 on_display: Callable[[dict], None] | None = None,
                 on_input: Callable[[str, bool], str] | None = None,
                 on_exit: Callable[[bool], bool] | None = None,
                 mounts: Mapping[str, str | os.PathLike[str]] | None = None,
                 deterministic: bool = False, seed: int = 0,
                 interrupt_grace: float = 1.0,
                 functions: Mapping[str, Callable[..., object]] | None = None) -> None:
        self._functions = HostFunctions(functions)
        self._busy_thread: int | None = None
        self._limits = limits or Limits()
        self._fuel = self._limits.fuel is not None
        self.variant = variant
        self.on_output = on_output
        self.deterministic = deterministic
        self.seed = seed
        if not (isinstance(interrupt_grace, int | float) and 0 <= interrupt_grace <= MAX_GRACE):
            raise ValueError(f"interrupt_grace must be between 0 and {MAX_GRACE:g} seconds, got {interrupt_grace!r}")
        self.interrupt_grace = interrupt_grace
        self._artifact: Artifact = load_artifact(variant)
        self._engine = engine_mod.make_engine(fuel=self._fuel)
        self._module = engine_mod.compiled_module(self._engine, self._artifact.sha256, path=self._artifact.wasm_path,
                                                  fuel=self._fuel)
        self._channel = ChannelDevice(on_display, on_input, on_exit, {"help": self._help_reply})
        self._channel.functions = self._functions
        self._channel.write_guest = self._write_guest
        clock = (lambda: FIXED_TIME_MS / 1000.0) if deterministic else time.time
        self._fs = FileSystem(quota_bytes=self.limits.disk_bytes, mounts=with_library_mount(mounts), clock=clock)
        self._fs.add_device("/dev/mpk", self._channel)
        self._fs.set_source_filter(transform)  # imported .py files get the same source pass as cells
        self._output: RunOutput | None = None
        self._growth_failures = 0
        self._first_failure = 0.0
        self._ticks_offset = 0
        self._ticks_last = -1
        self._ticks_repeats = 0
        self._stop_requested = False
        self._applied_memory_limit = int(self.limits.memory_bytes)
        self._start_time = time.monotonic()
        self._rng = random.Random(seed) if deterministic else random.SystemRandom()
        self._snapshot = MemorySnapshot()
        self.sources = SourceRegistry()  # source of every run, for tracebacks (see cpython/tracebacks.py)
        self._closed = False
        self._budget: RequestBudget | None = None
        self._run_started = time.monotonic()
        self._watchdog = Watchdog(self._soft_stop, self._hard_stop)
        self._channel.before_input = self._watchdog.pause
        self._channel.after_input = self._watchdog.resume
        self._channel.sources = _lazy_guest_source
        self._imports = self._host_imports()
        self._start()

    @property
    def limits(self) -> Limits:
        """The limits applied to every run; may be replaced between runs (e.g. lowered).

        Whether fuel is metered is fixed when the sandbox is created (`Limits(fuel=None)`
        compiles the interpreter without fuel metering): a replacement must keep `fuel` a number,
        or keep it `None`, else `ValueError`.
        """
        return self._limits

    @limits.setter
    def limits(self, value: Limits) -> None:
        if (value.fuel is not None) != self._fuel:
            state = "on" if self._fuel else "off (fuel=None)"
            raise ValueError(f"fuel metering is {state} for this sandbox and cannot be switched; "
                             "create a new Sandbox with the other setting")
        self._limits = value

    def _refuel(self, amount: int | None) -> None:
        """Give the store `amount` fuel (no-op when fuel is not metered)."""
        if self._fuel and amount is not None:
            self._instance.store.set_fuel(int(amount))

    # ------------------------------------------------------------------ start and reset
    def _start(self) -> None:
        """Instantiate a fresh interpreter, load the guest runtime, keep a pristine snapshot."""
        self._fs.clear()
        self._channel.reset()
        previous = getattr(self, "_instance", None)
        previous_pristine = getattr(self, "_pristine", None)
        inst = EmscriptenInstance(self._engine, self._module, self._imports, fuel=self._fuel,
                                  heap_bytes=HEAP_BYTES, pystack_words=PYSTACK_WORDS,
                                  memory_limit=self.limits.memory_bytes)
        self._instance = inst
        self._fs.bind(inst.memory)
        self._base = inst.memory.address()
        stack_words = cstack.words_from_json(engine_mod.cached_json(
            f"stack-words:{self._artifact.sha256}:{HEAP_BYTES}:{PYSTACK_WORDS}",
            lambda: cstack.words_to_json(cstack.find_stack_words(inst))))
        self._stack = cstack.relocate(inst, stack_words)
        size = inst.memory.size
        self._words = words_from_json(engine_mod.cached_json(
            f"interrupt-words:{self._artifact.sha256}:{HEAP_BYTES}:{PYSTACK_WORDS}",
            lambda: words_to_json(find_interrupt_words(inst)),
            validate=lambda data: words_from_json(data, size)), size)
        inst.exec(_guest_source("bootstrap"))
        boot = inst.import_module("_mpk_boot")
        load = inst.lookup(boot, "load")
        runtime = pycompat = None
        for name in GUEST_MODULES:
            path = GUEST_DIR / f"{name}.py"
            if not path.exists():
                continue
            ref = inst.call(load, f"_mpk_{name}".encode(), _guest_source(name).encode(), f"<mpk:{name}>".encode())
            if name == "runtime":
                runtime = EmscriptenInstance._expect_ref(ref)
            elif name == "pycompat":
                pycompat = EmscriptenInstance._expect_ref(ref)
        assert runtime is not None
        self._run_cell = inst.lookup(runtime, "run_cell")
        self._call = inst.lookup(runtime, "call")
        options = {"deterministic": self.deterministic, "seed": self.seed, "lib": guest_library(),
                   "stack_limit_addr": self._stack.limit_addr, "stack_frame_bytes": cstack.BYTES_PER_FRAME,
                   "recursion_limit": [cstack.DEFAULT_RECURSION_LIMIT, cstack.MIN_RECURSION_LIMIT,
                                       cstack.MAX_RECURSION_LIMIT]}
        inst.call(inst.lookup(runtime, "init"), json.dumps(options).encode())
        if pycompat is not None:  # after init: its import hook wraps the runtime's guard
            inst.call(inst.lookup(pycompat, "init"), json.dumps(options).encode(),
                      _guest_source("pycompat_lazy").encode())
        self._load = load
        self._installed: tuple[str, ...] = ()
        if self._functions:
            self._install_functions()
        self._pristine_installed = self._installed
        self._pristine = MemorySnapshot()
        self._pristine.take(inst)
        self._pristine_fs = self._fs.snapshot()
        # The replaced interpreter is released now, not at the next cyclic GC (issue 12, class 4).
        _release(previous, previous_pristine)

    def _help_reply(self, msg: dict) -> dict:
        """Channel reply for the guest's ``help(obj)``: documentation text (cpython/docs.py)."""
        name, module = str(msg.get("name") or "")[:200], str(msg.get("module") or "")[:200]
        doc = lookup(self.sources, name, module)
        return {"text": help_text(doc)} if doc is not None else {}

    def reset(self) -> None:
        """Return to a pristine interpreter: fresh namespace, no files, no imported user modules.

        Restores the post-start snapshot (about a millisecond); if the memory has grown far
        beyond it, starts a new instance instead so the memory is released.
        """
        self._check_open()
        self._check_idle("reset")
        self.sources.clear()
        if self._instance.memory.size > max(4 * self._pristine.size, 64 * MiB):
            self._start()
            return
        self._refuel(1 << 62)
        self._instance.store.set_epoch_deadline(1 << 40)
        self._pristine.restore(self._instance)
        self._fs.clear()
        self._fs.restore(self._pristine_fs)
        self._channel.reset()
        self._installed = self._pristine_installed
        if self._installed != tuple(self._functions.as_dict()):
            self._install_functions()

    # ------------------------------------------------------------------ host functions
    def register_function(self, fn: Callable[..., object], name: str | None = None) -> str:
        """Expose host callable `fn` to the guest as `name` (default `fn.__name__`); return the name.

        In the guest it is a builtin and an attribute of the `host` module. Replaces an earlier
        function of the same name. `TypeError` if `fn` is not callable, `ValueError` if the name
        is not an identifier. Not allowed from inside a host function (`SandboxBusyError`).
        """
        self._check_open()
        self._check_idle("register_function")
        chosen = self._functions.register(fn, name)
        self._install_functions(guarded=True)
        return chosen

    def _write_guest(self, address: int, data: bytes) -> bool:
        """Write a host-call reply into the guest's reply buffer; False if out of memory bounds."""
        try:
            self._instance.memory.write(address, data)
        except GuestMemoryFault:
            return False
        return True

    @property
    def functions(self) -> dict[str, Callable[..., object]]:
        """A copy of the registered host functions (name -> callable)."""
        return self._functions.as_dict()

    def _install_functions(self, guarded: bool = False) -> None:
        """Load the guest side of host functions and (re)install the `host` module and builtins
        for every registered name. `guarded`: under the run limits (the guest may have run user
        code that tampered with modules the install uses); else on a pristine interpreter."""
        names = list(self._functions.as_dict())
        spec = json.dumps({"names": names, "bytes": int(self.limits.host_argument_bytes),
                           "depth": VALUE_DEPTH, "result": int(self.limits.host_result_bytes)}).encode()

        def install(inst: EmscriptenInstance) -> object:
            module = EmscriptenInstance._expect_ref(inst.call(
                self._load, b"_mpk_hostcall", _guest_source("hostcall").encode(), b"<mpk:hostcall>"))
            return inst.call(inst.lookup(module, "install"), spec)

        if guarded:
            # Its own budget (the user's fuel may be tiny): bounded, but enough to compile the file.
            saved = self.limits
            self.limits = replace(saved, fuel=INSTALL_FUEL if self._fuel else None, wall_seconds=INSTALL_SECONDS)
            try:
                outcome = self._guarded(install, RunOutput(int(self.limits.output_bytes), None))
            finally:
                self.limits = saved
            if outcome.error is not None:
                raise SandboxError(f"could not install host functions in the guest: {outcome.error}")
        else:
            self._refuel(1 << 62)
            self._instance.store.set_epoch_deadline(1 << 40)
            try:
                install(self._instance)
            except GuestException as exc:
                raise SandboxError(f"could not install host functions in the guest: {exc.type_name}") from None
        self._installed = tuple(names)

    def close(self) -> None:
        """Release the interpreter; later calls raise `SandboxClosedError`."""
        if self._busy_thread is not None and self._busy_thread == threading.get_ident():
            raise SandboxBusyError("a host function cannot close the sandbox that is running it")
        if not self._closed:
            self._closed = True
            self._watchdog.close()
            self._fs.clear()
            # wasmtime-py's function registry keeps the host-import closures (and so this object)
            # alive: drop everything that holds the store, its memory or copies of it.
            self._fs.bind(None)  # type: ignore[arg-type]
            _release(self._instance, self._pristine, self._snapshot)
            self._snapshot = self._pristine = None  # type: ignore[assignment]
            self._instance = None  # type: ignore[assignment]

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise SandboxClosedError("this Sandbox is closed")

    def _check_idle(self, what: str) -> None:
        if self._busy_thread is not None:
            raise SandboxBusyError(
                f"Sandbox.{what}() was called while the sandbox is running code (a host function "
                "cannot re-enter the sandbox that called it)")

    # ------------------------------------------------------------------ host imports
    def _host_imports(self) -> dict[str, Callable[..., object]]:
        fs_imports = self._fs.imports()

        def fd_write(fd: int, iovs: int, iovs_len: int, nwritten: int) -> int:
            if fd not in STREAMS:
                return fs_imports["fd_write"](fd, iovs, iovs_len, nwritten)
            mem = self._instance.memory
            vecs = self._fs.iovecs(iovs, iovs_len)  # count and total size capped, ranges checked
            if vecs is None:
                return EINVAL
            data = mem.gather(vecs)
            mem.write_u32(nwritten, len(data))
            if self._output is not None:
                self._output.write(fd, data)
            return 0

        def fd_read(fd: int, iovs: int, iovs_len: int, nread: int) -> int:
            if fd == 0:
                self._instance.memory.write_u32(nread, 0)  # stdin is always at EOF
                return 0
            return fs_imports["fd_read"](fd, iovs, iovs_len, nread)

        def resize_heap(requested: int) -> int:
            if self._instance.memory.grow_to(requested & 0xFFFFFFFF):
                return 1
            now = time.monotonic()
            if self._growth_failures == 0:
                self._first_failure = now
            self._growth_failures += 1
            if self._growth_failures >= LIVELOCK_FAILURES or now - self._first_failure > LIVELOCK_SECONDS:
                raise MemoryLimitHit()
            return 0

        def ticks_ms() -> int:
            # MicroPython's time.sleep() is a busy loop over this clock with no interrupt check.
            # A pending stop makes the clock jump far ahead so any sleep ends at once (then the
            # KeyboardInterrupt fires); a busy loop polling the same millisecond is slowed down
            # with real sleeps so it does not burn a host core.
            if self._stop_requested:
                self._stop_requested = False
                self._ticks_offset += 1 << 30
            now = int((time.monotonic() - self._start_time) * 1000) + self._ticks_offset
            if now == self._ticks_last:
                self._ticks_repeats += 1
                if self._ticks_repeats > 8:
                    time.sleep(0.001)
            else:
                self._ticks_last, self._ticks_repeats = now, 0
            return ((now + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)  # an i32; the port does unsigned differences

        def time_ms() -> float:
            return FIXED_TIME_MS if self.deterministic else time.time() * 1000.0

        def random_u32() -> int:
            value = self._rng.getrandbits(32)
            return value - (1 << 32) if value >= 1 << 31 else value

        def abort() -> None:
            raise GuestAbort()

        imports: dict[str, Callable[..., object]] = dict(fs_imports)
        imports.update({
            "fd_write": fd_write,
            "fd_read": fd_read,
            "emscripten_resize_heap": resize_heap,
            "mp_js_ticks_ms": ticks_ms,
            "mp_js_time_ms": time_ms,
            "mp_js_random_u32": random_u32,
            "_abort_js": abort,
        })
        return imports

    # ------------------------------------------------------------------ stopping
    def _soft_stop(self) -> None:
        self._stop_requested = True
        write_words(self._base, self._words.arm)

    def _hard_stop(self) -> None:
        self._engine.increment_epoch()

    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in the running guest (any thread); no-op when idle.

        A guest that does not stop within `interrupt_grace` seconds is stopped hard and its run
        rolled back.
        """
        if not self._closed:
            self._watchdog.interrupt(self.interrupt_grace)

    # ------------------------------------------------------------------ guarded execution
    def _limit_error(self, ename: str, detail: str) -> GuestError:
        text = f"{detail}; the cell's changes were rolled back"
        return GuestError(ename, text, [f"{ename}: {text}"])

    def _wall_text(self) -> str:
        scope = "" if self._budget is None else ", counted over the whole request"
        return f"wall-clock limit exceeded (wall_seconds={self.limits.wall_seconds:g}{scope})"

    def _soft_limit_error(self, reason: str, guest: GuestError | None, rolled_back: bool) -> GuestError:
        """The error for a run a soft stop ended: the limit's name, and the guest's traceback (where
        the stop landed) when it has one."""
        lim = self.limits
        if reason == "output":
            ename = "OutputLimitExceeded"
            detail = (f"output limit exceeded (output_bytes={lim.output_bytes}, {_mib(lim.output_bytes)}); "
                      "output was kept up to the limit")
        elif reason == "time":
            ename, detail = "TimeLimitExceeded", self._wall_text()
        else:
            ename, detail = "KeyboardInterrupt", "the cell was interrupted"
        if rolled_back:
            text = f"{detail}; the cell's changes were rolled back (rollback='always' or an atomic run)"
        else:
            text = f"{detail}; the cell stopped there and kept what it did before the stop"
        lines = list(guest.traceback[:-1]) if guest is not None and guest.ename == "KeyboardInterrupt" else []
        return GuestError(ename, text, lines + [f"{ename}: {text}"])

    def _output_overflow(self) -> None:
        """The run's output reached its cap: soft stop (escalates like an interrupt)."""
        self._watchdog.interrupt(self.interrupt_grace, reason="output")

    def _classify_stop(self, exc: BaseException, reason: str | None) -> GuestError:
        lim = self.limits
        if isinstance(exc, OutputLimitHit):
            return self._limit_error(
                "OutputLimitExceeded",
                f"output limit exceeded (output_bytes={lim.output_bytes}, {_mib(lim.output_bytes)}); "
                "output was kept up to the limit")
        if isinstance(exc, MemoryLimitHit):
            return self._limit_error(
                "MemoryLimitExceeded",
                f"memory limit exceeded (memory_bytes={lim.memory_bytes}, {_mib(lim.memory_bytes)}): "
                "allocation kept failing (the sandbox frees unused objects between cells, not during one)")
        if isinstance(exc, wasmtime.Trap) and exc.trap_code == wasmtime.TrapCode.OUT_OF_FUEL:
            return self._limit_error("FuelExhausted", f"fuel limit exhausted (fuel={lim.fuel})")
        if isinstance(exc, wasmtime.Trap) and exc.trap_code == wasmtime.TrapCode.INTERRUPT:
            if reason == "interrupt":
                text = (f"the cell did not stop within {self.interrupt_grace:g} s of the interrupt and was "
                        "stopped; the cell's changes were rolled back")
                return GuestError("KeyboardInterrupt", text, [f"KeyboardInterrupt: {text}"])
            if reason == "output":
                return self._limit_error(
                    "OutputLimitExceeded",
                    f"output limit exceeded (output_bytes={lim.output_bytes}, {_mib(lim.output_bytes)}); output was "
                    f"kept up to the limit, and the cell did not stop within {self.interrupt_grace:g} s")
            return self._limit_error("TimeLimitExceeded", self._wall_text())
        if isinstance(exc, HostTimeHit):
            return self._limit_error(
                "TimeLimitExceeded",
                f"wall-clock limit exceeded (wall_seconds={lim.wall_seconds:g}) while host function "
                f"{exc.name!r} ran ({exc.seconds:.3g} s); host-side effects of the run are not undone")
        if isinstance(exc, HostCallLimitHit):
            return self._limit_error(
                "HostCallLimitExceeded",
                f"host call limit exceeded (host_calls={lim.host_calls} per run); host-side effects "
                "of the run are not undone")
        if isinstance(exc, StackOverrun) and str(exc) == "memory":
            return self._limit_error("SandboxFault", "the guest overwrote memory outside its objects (a guarded "
                                                     "region changed)")
        if isinstance(exc, StackOverrun) or (isinstance(exc, wasmtime.Trap) and "call stack exhausted" in str(exc)):
            return self._limit_error("RecursionError",
                                     "maximum recursion depth exceeded (the guest's C stack overflowed; "
                                     "recursion inside MicroPython's C code is not counted by the recursion limit)")
        if isinstance(exc, UnsupportedImport):
            what = "the JavaScript bridge" if "js" in str(exc) or "call" in str(exc) or "attr" in str(exc) \
                else f"the host function {exc}"
            return self._limit_error("SandboxFault", f"the guest used {what}, which the sandbox does not provide")
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        detail = lines[-1] if lines else type(exc).__name__
        if not isinstance(exc, _GUEST_FAULTS):
            return self._limit_error(
                "SandboxFault", f"the host failed while serving the guest ({type(exc).__name__}: {detail[:200]})")
        return self._limit_error("SandboxFault", f"the guest interpreter crashed ({detail[:200]})")

    def _guarded(self, action: Callable[[EmscriptenInstance], object], output: RunOutput,
                 atomic: bool = False) -> _Outcome:
        self._check_open()
        self._check_idle("run")
        self._busy_thread = threading.get_ident()
        try:
            return self._guarded_run(action, output, atomic)
        finally:
            self._busy_thread = None

    def _guarded_run(self, action: Callable[[EmscriptenInstance], object], output: RunOutput,
                     atomic: bool) -> _Outcome:
        inst = self._instance
        store = inst.store
        if int(self.limits.memory_bytes) != self._applied_memory_limit:
            # Lowering below the current size only stops further growth; the guest keeps what it has.
            store.set_limits(memory_size=int(self.limits.memory_bytes))
            self._applied_memory_limit = int(self.limits.memory_bytes)
        self._run_started = time.monotonic()  # the snapshots below count against the wall clock
        self._snapshot.take(inst)
        try:
            fs_snapshot = self._fs.snapshot()
        except Exception as exc:  # never let host-side bookkeeping of guest state escape
            text = f"the sandbox could not save the file system state ({type(exc).__name__}); nothing was run"
            return _Outcome(error=GuestError("SandboxFault", text, [f"SandboxFault: {text}"]))
        self._fs.quota_bytes = self.limits.disk_bytes
        self._stop_requested = False
        write_words(self._base, self._words.disarm)
        self._growth_failures = 0
        self._output = output
        self._channel.output = output
        self._channel.displays = []
        self._channel.reset()  # unread replies/partial messages of earlier runs never reach this one
        self._functions.begin_run(max_calls=self.limits.host_calls,
                                  max_argument_bytes=self.limits.host_argument_bytes,
                                  max_result_bytes=self.limits.host_result_bytes,
                                  overdue=self._watchdog.overdue)
        fuel = self._run_fuel()
        self._refuel(fuel)
        store.set_epoch_deadline(1)
        start = time.perf_counter()
        self._watchdog.start_run(self._run_wall_seconds(), self.interrupt_grace)
        outcome = _Outcome()
        stop: BaseException | None = None
        try:
            try:
                outcome.value = action(inst)
            finally:
                damage = self._stack.damage(self._base)
                if damage is not None:
                    raise StackOverrun(damage)
        except GuestException as exc:
            outcome.error = GuestError(exc.type_name, "", [ln for ln in exc.text.splitlines() if "<mpk:" not in ln])
        except Exception as exc:  # any other exception in a run is a fault: rolled back, never raised
            stop = exc
        finally:
            self._watchdog.end_run()
            outcome.seconds = time.perf_counter() - start
            if fuel is not None:
                outcome.fuel_used = fuel - store.get_fuel()
            self._output = None
            self._channel.output = None
            try:
                output.finish()
            except Exception as exc:  # the output callback failed on the last characters
                stop = stop or exc
        reason = self._watchdog.reason
        soft = stop is None and reason is not None
        if soft:
            # The guest unwound cleanly from a soft stop: keep its state unless every stop rolls back.
            # (An interrupt the guest reported itself keeps the guest's own KeyboardInterrupt error.)
            always = self.limits.rollback == "always" or atomic
            if reason != "interrupt" or always:
                outcome.error = self._soft_limit_error(reason, outcome.error or _reported_error(outcome.value), always)
            if always:
                self._rollback(fs_snapshot)
                outcome.rolled_back = True
        elif stop is not None:
            outcome.error = self._classify_stop(stop, reason)
            if isinstance(stop, OutputLimitHit) and output.overflowed:
                outcome.error = self._limit_error(
                    "OutputLimitExceeded",
                    f"output limit exceeded (output_bytes={self.limits.output_bytes}, "
                    f"{_mib(self.limits.output_bytes)}); output was kept up to the limit, and the cell went on "
                    "writing after it was stopped")
        if stop is not None:
            self._rollback(fs_snapshot)
            outcome.rolled_back = True
            if outcome.error is not None and outcome.error.ename == "SandboxFault" and not self._healthy():
                self._start()
                text = outcome.error.evalue + "; the interpreter could not recover and was restarted (namespace lost)"
                outcome.error = GuestError("SandboxFault", text, [f"SandboxFault: {text}"])
        elif atomic and isinstance(outcome.value, dict) and outcome.value.get("error"):
            self._rollback(fs_snapshot)  # the caller asked for all-or-nothing runs
            outcome.rolled_back = True
        write_words(self._base, self._words.disarm)
        return outcome

    # ------------------------------------------------------------------ request budget
    @contextlib.contextmanager
    def request(self) -> Iterator[RequestBudget]:
        """Make every run inside the block share one budget (see `budget.py`): the wall clock
        counts from entering the block, fuel and output from all runs together. Nested blocks
        join the outer request."""
        if self._budget is not None:
            yield self._budget
            return
        self._budget = RequestBudget(self.limits)
        try:
            yield self._budget
        finally:
            self._budget = None

    def _run_wall_seconds(self) -> float:
        """What is left of the wall clock for the run being armed: the run's (or the request's)
        limit minus the host work already done for it (snapshots)."""
        wall = float(self.limits.wall_seconds)
        if self._budget is not None:
            wall = min(wall, self._budget.wall_left())
        return max(0.0, wall - (time.monotonic() - self._run_started))

    def _run_fuel(self) -> int | None:
        if self.limits.fuel is None:  # not metered (Limits(fuel=None))
            return None
        fuel = int(self.limits.fuel)
        return fuel if self._budget is None else min(fuel, self._budget.fuel_left())

    def _run_output_bytes(self) -> int:
        cap = int(self.limits.output_bytes)
        return cap if self._budget is None else min(cap, self._budget.output_left())

    def output_room(self) -> int:
        """Bytes of output the current request (or a single run, outside a request) may still send."""
        return self._run_output_bytes()

    def charge_output(self, nbytes: int) -> None:
        """Count `nbytes` the host sends for the current request outside a run (no-op outside one)."""
        if self._budget is not None:
            self._budget.charge_output(nbytes)

    def _safely(self, action: Callable[[EmscriptenInstance], object], output: RunOutput,
                atomic: bool = False) -> _Outcome:
        """`_guarded`, plus a last line of defence: if the bookkeeping around the run itself fails
        (snapshot, rollback, restart), the failure is a `SandboxFault` result and the interpreter
        is restarted; nothing is raised to the caller. The run is charged to the current request."""
        try:
            outcome = self._guarded(action, output, atomic)
            if self._budget is not None:
                self._budget.charge(outcome.fuel_used, output.used)
            return outcome
        except (SandboxClosedError, SandboxBusyError):  # misuse by the caller: nothing ran
            raise
        except Exception as exc:
            text = f"the sandbox failed around this run ({type(exc).__name__}: {str(exc)[:200]})"
            try:
                self._start()
                text += "; the interpreter was restarted (namespace lost)"
            except Exception as again:
                text += f"; restarting the interpreter failed too ({type(again).__name__})"
            return _Outcome(error=GuestError("SandboxFault", text, [f"SandboxFault: {text}"]), rolled_back=True)

    def _rollback(self, fs_snapshot: object) -> None:
        store = self._instance.store
        self._refuel(1 << 62)            # a fuel trap leaves 0: even the restore calls would trap
        store.set_epoch_deadline(1 << 40)
        self._snapshot.restore(self._instance)
        self._fs.restore(fs_snapshot)
        self._channel.reset()

    def _healthy(self) -> bool:
        """Can the interpreter still run a trivial cell after a rollback?"""
        store = self._instance.store
        try:
            self._refuel(50_000_000)
            store.set_epoch_deadline(1 << 40)
            result = self._instance.call(self._run_cell, b"_mpk_ok = 1\ndel _mpk_ok\n", b"1", b"<check>", b"0")
            return _result_object(result).get("error") is None
        except Exception:
            return False

    # ------------------------------------------------------------------ public runs
    def run(self, source: str, *, filename: str = "<cell>", store_result: bool = True,
            atomic: bool = False) -> RunResult:
        """Execute a cell: statements, then the repr of a trailing expression.

        Output streams to `on_output` while the cell runs and is also returned. Errors of the
        cell and limit stops are returned in `RunResult.error`, never raised. With `atomic`, a
        cell that ends in any error is rolled back too (`rolled_back=True`), not only limit stops.
        """
        self._check_open()
        result = RunResult()
        output = RunOutput(self._run_output_bytes(), self.on_output, self._output_overflow)
        try:
            source.encode("utf-8")
        except UnicodeEncodeError as exc:
            text = f"the cell contains text that is not valid Unicode ({exc.reason} at position {exc.start})"
            result.error = GuestError("SyntaxError", text, [f"SyntaxError: {text}"])
            return result
        if "\0" in source:  # as CPython; MicroPython's lexer would turn the NUL into \x01
            text = "source code string cannot contain null bytes"
            result.error = GuestError("SyntaxError", text, [f"SyntaxError: {text}"])
            return result
        self.sources.add(filename, source)  # the user's text: tracebacks show it, not the rewrite
        source = transform(source)  # keeps every line where it was
        cell = split_cell(source) if len(source) <= SPLIT_MAX_CHARS else SplitCell(source, "")
        args = (cell.body.encode(), cell.expr.encode(), filename.encode("utf-8", "replace"),
                b"1" if store_result else b"0")
        outcome = self._safely(lambda inst: _result_object(inst.call(self._run_cell, *args)), output, atomic)
        result.stdout, result.stderr = output.text("stdout"), output.text("stderr")
        result.fuel_used, result.rolled_back, result.seconds = outcome.fuel_used, outcome.rolled_back, outcome.seconds
        result.displays = list(self._channel.displays)
        result.error = outcome.error
        if outcome.error is None and isinstance(outcome.value, dict):
            payload = outcome.value
            if payload.get("error"):
                err = payload["error"]
                name = cell.expr.lstrip("\\\n").strip()
                bare = (filename, name, cell.expr.count("\n") + 1) if name.isidentifier() else None
                result.error = present(as_cpython(GuestError(str(err.get("ename")), str(err.get("evalue")),
                                                             [str(x) for x in err.get("traceback", [])])),
                                       self.sources, bare)
            elif payload.get("data"):
                result.data, result.metadata, problems = clean_bundle(payload["data"], payload.get("metadata"))
                if problems:
                    note = f"[mpwasm] result: dropped invalid parts ({'; '.join(problems[:4])[:300]})\n"
                    result.stderr += note
                    if self.on_output is not None:
                        self.on_output("stderr", note)
                text = result.data.get("text/plain")
                result.value = text if text is None or isinstance(text, str) else str(text)
        self._account_result(result, output)
        return result

    def _account_result(self, result: RunResult, output: RunOutput) -> None:
        """Count the result bundle and the error record against the output limit (see
        `accounting.py`): a result that does not fit is replaced by `OutputLimitExceeded` (the
        cell's changes are kept), an error record is shortened to what is left."""
        if result.data:
            size = json_size(result.data) + json_size(result.metadata)
            self.charge_output(size)
            if output.charge(size) < size:
                cap = int(self.limits.output_bytes)
                text = (f"the cell's result ({size} bytes) does not fit in the output limit (output_bytes={cap}, "
                        f"{_mib(cap)}, counted over the whole request); it was not shown; the cell's changes "
                        "were kept")
                result.data, result.metadata, result.value = None, {}, None
                result.error = GuestError("OutputLimitExceeded", text, [f"OutputLimitExceeded: {text}"])
        if result.error is not None:
            room = max(0, output.limit - output.used)
            result.error = fit_error(result.error, room)
            size = error_size(result.error)
            output.charge(size)
            self.charge_output(size)

    def call(self, name: str, *args: object) -> object:
        """Call guest helper `name(ns, *args)` (introspection, evaluate, timeit, reset) under limits.

        Arguments and result are JSON values. Raises `CallError` if the helper failed or a
        limit stopped it (then rolled back).
        """
        self._check_open()
        output = RunOutput(self._run_output_bytes(), self.on_output, self._output_overflow)
        if name in CODE_HELPERS:  # their string arguments are user code: the same source pass as cells
            args = tuple(transform(a) if isinstance(a, str) else a for a in args)
        payload = json.dumps(list(args)).encode()
        outcome = self._safely(lambda inst: _result_object(inst.call(self._call, name.encode(), payload)), output)
        if outcome.error is not None:
            raise CallError(outcome.error)
        data = outcome.value
        if data.get("error"):
            err = data["error"]
            lines = [str(x) for x in err.get("traceback", [])]
            error = GuestError(str(err.get("ename")), str(err.get("evalue")), lines)
            error = fit_error(error, max(0, output.limit - output.used))
            self.charge_output(error_size(error))
            raise CallError(error)
        size = json_size(data.get("result"))
        self.charge_output(size)
        if output.charge(size) < size:
            cap = int(self.limits.output_bytes)
            text = (f"the reply of {name} ({size} bytes) does not fit in the output limit (output_bytes={cap}, "
                    f"{_mib(cap)}); it was not sent")
            raise CallError(GuestError("OutputLimitExceeded", text, [f"OutputLimitExceeded: {text}"]))
        return data.get("result")

    @property
    def disk_bytes_used(self) -> int:
        """Bytes of the private file system's quota in use."""
        return self._fs.bytes_used

    @property
    def memory_size(self) -> int:
        """Current size of the guest's linear memory in bytes."""
        return self._instance.memory.size

    @property
    def micropython_version(self) -> str:
        return self._artifact.version
