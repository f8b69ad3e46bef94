"""`Sandbox`: one long-lived MicroPython interpreter with limits, interrupt and rollback.

A run (a cell, or a helper call such as completion) goes through `_guarded` (guarded.py):

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

import json
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from .accounting import error_size, fit_error, json_size
from .boot import boot_guest, facts_from_json, facts_to_json
from .budget import RequestBudget
from .cell import SPLIT_MAX_CHARS, SplitCell, leading_indent, split_cell
from .channel import ChannelDevice
from .cpython.classdoc import class_page
from .cpython.docs import (
    cpython_help,
    cpython_object,
    dir_reply,
    help_text,
    lookup,
    method_help,
    user_class,
    user_docstring,
    zen_of_python,
)
from .cpython.exceptions import as_cpython
from .cpython.messages import cpython_message
from .cpython.pretty import MARK, fill_signatures
from .cpython.tracebacks import UNBOUND_LOCAL, SourceRegistry, function_params, present, unbound_local
from .cpython.transform import transform
from .cpython.unicodedata_host import unicodedata_reply
from .cpython.zones import zone_reply
from .errors import GuestError, SandboxBusyError, SandboxClosedError, SandboxError
from .files import FileSystem
from .functions import VALUE_DEPTH, HostFunctions
from .guarded import GuardedRuns
from .hostimports import FIXED_TIME_MS, HostImports, LazyImports
from .library import with_library_mount
from .limits import Limits
from .mimebundle import clean_bundle
from .output import RunOutput
from .result import CallError, RunResult
from .stops import MiB, _mib, _result_object
from .virtualclock import VirtualClock
from .wasm import engine as engine_mod
from .wasm import heapfree, imagecache
from .wasm import image as image_mod
from .wasm.artifact import DEFAULT_VARIANT, Artifact, load_artifact
from .wasm.emscripten import EmscriptenInstance, GuestException
from .wasm.interrupt import Watchdog, write_words
from .wasm.pages import ImagePristine, PageSnapshot, private_bytes, swap_active
from .wasm.snapshot import MemorySnapshot

GUEST_DIR = Path(__file__).resolve().parent / "guest"
MAX_DOCSTRING_CHARS = 1 << 16  # a function's __doc__ served to the guest is cut there
GUEST_MODULES = ("channel", "pycompat", "runtime")  # loaded at start, in this order
# loaded by the runtime on first use (via the channel)
LAZY_GUEST_MODULES = ("display", "display_objects", "introspect", "complete", "ipython_magic", "pyhelp", "library")
HEAP_BYTES = 8 << 20          # initial GC heap; the split heap grows on demand (see _start)
PYSTACK_WORDS = 64 * 1024     # MicroPython's Python stack: 256 KiB, ~8000 plain frames (C stack binds first)
INSTALL_FUEL = 10_000_000_000  # budget for installing host functions into a used interpreter
INSTALL_SECONDS = 10.0
CODE_HELPERS = ("evaluate", "timeit")  # guest helpers whose string arguments are code
MAX_GRACE = 3600.0            # longest accepted interrupt grace, seconds

_guest_sources: dict[str, str] = {}


def _guest_source(name: str) -> str:
    if name not in _guest_sources:
        _guest_sources[name] = (GUEST_DIR / f"{name}.py").read_text()
    return _guest_sources[name]


def _lazy_guest_source(name: str) -> bytes | None:
    """Source of a lazily loaded guest module, for the channel's `source` request."""
    return _guest_source(name).encode() if name in LAZY_GUEST_MODULES else None


def _release(instance: EmscriptenInstance | None, *snapshots: MemorySnapshot | PageSnapshot | ImagePristine | None
             ) -> None:
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


class Sandbox(GuardedRuns, HostImports):
    """A MicroPython interpreter in WebAssembly, with host-enforced limits.

    Not thread-safe except `interrupt()`, which any thread may call. Use as a context manager
    or call `close()`.
    """

    def __init__(self, limits: Limits | None = None, *, variant: str = DEFAULT_VARIANT,
                 on_output: Callable[[str, str], None] | None = None,
                 on_display: Callable[[dict], None] | None = None,
                 on_input: Callable[[str, bool], str] | None = None,
                 on_exit: Callable[[bool], bool] | None = None,
                 mounts: Mapping[str, str | os.PathLike[str]] | None = None,
                 deterministic: bool = False, seed: int = 0,
                 interrupt_grace: float = 1.0,
                 functions: Mapping[str, Callable[..., object]] | None = None,
                 host_module: bool = False) -> None:
        self._functions = HostFunctions(functions)
        self._functions.on_interrupt = self.interrupt
        self._host_module = host_module  # the guest's `host` module (host.call) even without functions
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
        # Started from the process's booted image (wasm/image.py), or booted here (MPWASM_IMAGE=0).
        self._runtime = image_mod.runtime_for(self._artifact.sha256, self._artifact.wasm_path, self._fuel) \
            if image_mod.images_enabled() else None
        if self._runtime is not None:
            self._engine, self._module = self._runtime.engine, self._runtime.module
        else:
            self._engine = engine_mod.make_engine(fuel=self._fuel)
            self._module = engine_mod.compiled_module(self._engine, self._artifact.sha256,
                                                      path=self._artifact.wasm_path, fuel=self._fuel)
        self._channel = ChannelDevice(on_display, on_input, on_exit, {
            "help": self._help_reply, "message": self._message_reply, "cell": self._cell_reply,
            "xmode": self._xmode_reply, "docstring": self._docstring_reply,
            "this": lambda _msg: {"text": zen_of_python()}, "zone": zone_reply, "dir": dir_reply,
            "unicodedata": unicodedata_reply})
        #: Set by a front end with IPython's ``%xmode``: called with the mode a guest's
        #: ``get_ipython().run_cell("%xmode Minimal")`` asks for; returns the mode set, or None.
        self.on_xmode: Callable[[str], str | None] | None = None
        self._channel.functions = self._functions
        clock = (lambda: FIXED_TIME_MS / 1000.0) if deterministic else time.time
        self._fs = FileSystem(quota_bytes=self.limits.disk_bytes, mounts=with_library_mount(mounts), clock=clock)
        self._fs.add_device("/dev/mpk", self._channel)
        if deterministic:  # mounted files show the fixed time, not when the host last changed them
            self._fs.mount_mtime = FIXED_TIME_MS / 1000.0
        self._fs.set_source_filter(transform)  # imported .py files get the same source pass as cells
        self._output: RunOutput | None = None
        self._growth_failures = 0
        self._first_failure = 0.0
        self._memory_stop_at: float | None = None
        self._pressure_runs = 0
        self._collect_first = False  # the next run starts with a host collection (after a rollback)
        self._ticks_offset = 0
        self._ticks_last = -1
        self._ticks_repeats = 0
        self._virtual_clock = VirtualClock()
        self._stop_requested = False
        self._applied_memory_limit = int(self.limits.memory_bytes)
        self._start_time = time.monotonic()
        self._rng = random.Random(seed) if deterministic else random.SystemRandom()
        self._snapshot: MemorySnapshot | PageSnapshot = MemorySnapshot()
        self.sources = SourceRegistry()  # source of every run, for tracebacks (see cpython/tracebacks.py)
        self._closed = False
        self._budget: RequestBudget | None = None
        self._run_started = time.monotonic()
        self._watchdog = Watchdog(self._soft_stop, self._hard_stop)
        self._channel.before_input = self._watchdog.pause
        self._channel.after_input = self._watchdog.resume
        self._channel.sources = _lazy_guest_source
        self._imports = LazyImports(self._host_imports)
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
        """Start a fresh interpreter with the guest runtime loaded: a copy-on-write clone of the
        process's booted image, or (images disabled) a boot; keep its pristine state."""
        previous = getattr(self, "_instance", None)
        if previous is not None:  # a restart (a new sandbox's files and channel are fresh)
            self._fs.clear()
            self._channel.reset()
        previous_pristine = getattr(self, "_pristine", None)
        previous_snapshot = None
        self._installed: tuple[str, ...] | None = None  # None: the guest has no `host` module
        if self._runtime is not None:
            key = (self.deterministic, self.seed if self.deterministic else 0, HEAP_BYTES, PYSTACK_WORDS)
            image = image_mod.image_for(self._runtime, key, lambda: self._image(key))
            inst = EmscriptenInstance(self._engine, self._module, self._imports, fuel=self._fuel,
                                      heap_bytes=HEAP_BYTES, pystack_words=PYSTACK_WORDS,
                                      memory_limit=self.limits.memory_bytes, runtime=self._runtime, image=image)
            self._adopt(inst, image.state)
            previous_snapshot = self._snapshot
            self._snapshot = MemorySnapshot() if swap_active() else PageSnapshot(image)
            self._pristine: MemorySnapshot | ImagePristine = ImagePristine(image, self._snapshot)
            self._pristine_installed: tuple[str, ...] | None = None
            if self._functions or self._host_module:
                self._install_functions()
        else:
            inst = self._new_instance()
            self._adopt(inst, self._boot(inst))
            if self._functions or self._host_module:
                self._install_functions()
            self._pristine_installed = self._installed
            self._pristine = MemorySnapshot()
            self._pristine.take(inst)
        self._pristine_fs = self._fs.snapshot()
        # The replaced interpreter is released now, not at the next cyclic GC (issue 12, class 4).
        _release(previous, previous_pristine, previous_snapshot)

    def _new_instance(self) -> EmscriptenInstance:
        """A newly booted interpreter (`mp_js_init`), without the guest runtime."""
        return EmscriptenInstance(self._engine, self._module, self._imports, fuel=self._fuel,
                                  heap_bytes=HEAP_BYTES, pystack_words=PYSTACK_WORDS,
                                  memory_limit=self.limits.memory_bytes, runtime=self._runtime)

    def _adopt(self, inst: EmscriptenInstance, state: dict) -> None:
        """Make `inst` this sandbox's interpreter, with the host-side facts of its boot."""
        self._instance = inst
        self._fs.bind(inst.memory)
        self._base = inst.memory.address()
        self._stack, self._words = state["stack"], state["words"]
        self._run_cell, self._call, self._load = state["run_cell"], state["call"], state["load"]
        self._sealed: list[tuple[int, int, int]] = state["sealed"]  # uctypes' removed map entries (boot.py)

    def _image(self, key: tuple) -> image_mod.BootImage:
        """The booted image for boot options `key`: from disk when a trusted, intact copy is
        there (wasm/imagecache.py), else booted here (and stored for the next process)."""
        disk_key = imagecache.image_key(self._artifact.sha256, (self._fuel, *key))

        def from_disk(loaded: imagecache.Loaded) -> image_mod.BootImage:
            facts = facts_from_json(loaded.facts, loaded.size, loaded.read)
            return image_mod.BootImage(image_mod.MemoryImage(None, loaded.size, loaded.chunks),
                                       loaded.stack_pointer, facts)

        def to_disk(image: image_mod.BootImage) -> tuple[int, int, dict, list[tuple[int, bytes]]]:
            return image.size, image.stack_pointer, facts_to_json(image.state), image.memory.chunks()

        return imagecache.load_or_boot(disk_key, from_disk, self._boot_image, to_disk)

    def _boot_image(self) -> image_mod.BootImage:
        """Boot an interpreter (with this sandbox's host imports) and keep it as the process's
        image for this configuration; the booting instance is released."""
        inst = self._new_instance()
        self._instance = inst
        try:
            state = self._boot(inst)
            size = inst.memory.size
            tag = f"{self._artifact.sha256}:{HEAP_BYTES}:{PYSTACK_WORDS}"
            finders = (("malloc_state", heapfree.find_malloc_state), ("gc_area", heapfree.find_gc_area),
                       ("malloc_break", lambda memory: heapfree.find_break(memory, state["malloc_state"])))
            for key, find in finders:
                state[key] = engine_mod.cached_json(
                    f"{key.replace('_', '-')}:{tag}", lambda find=find: find(inst.memory.read(0, size)),
                    validate=lambda value: heapfree.check_state(value, size))
            memory = image_mod.MemoryImage(inst.memory.address(), size)
            return image_mod.BootImage(memory, inst.stack_pointer(), state)
        finally:
            self._fs.clear()
            self._channel.reset()
            _release(inst)

    def _boot(self, inst: EmscriptenInstance) -> dict:
        """Load the guest runtime into a new interpreter, made this sandbox's `_instance` (guest
        output during the boot goes through this sandbox's imports); see `boot.py`."""
        self._instance = inst
        self._fs.bind(inst.memory)
        self._base = inst.memory.address()
        return boot_guest(inst, artifact_sha256=self._artifact.sha256, cache_tag=f"{HEAP_BYTES}:{PYSTACK_WORDS}",
                          guest_dir=GUEST_DIR, modules=GUEST_MODULES, source=_guest_source,
                          deterministic=self.deterministic, seed=self.seed)

    def _help_reply(self, msg: dict) -> dict:
        """Channel reply for the guest's ``help(obj)``: documentation text (cpython/docs.py)."""
        name, module = str(msg.get("name") or "")[:200], str(msg.get("module") or "")[:200]
        doc = lookup(self.sources, name, module)
        if doc is None:
            return {}
        if doc.kind == "class" and not doc.cpython:  # pydoc's full page of a cell class, where it can
            node = user_class(self.sources, name)
            page = class_page(lambda base: user_class(self.sources, base), node) if node is not None else None
            if page is not None:
                return {"text": page + "\n"}
        instance_of = msg.get("method_of")
        if isinstance(instance_of, str) and not doc.cpython:  # a cell class's method, bound
            return {"text": method_help(doc, instance_of[:200])}
        if doc.cpython:
            return {"text": cpython_help(doc, msg.get("bound") is True, msg.get("instance") is True)}
        return {"text": help_text(doc)}

    def _message_reply(self, msg: dict) -> dict:
        """Channel reply for the guest's ``_mpk_exc``: a caught built-in exception's message in
        CPython's wording (cpython/messages.py), from the line it was raised on."""
        ename, evalue = str(msg.get("ename") or "")[:100], msg.get("evalue")
        file, line = msg.get("file"), msg.get("line")
        if not isinstance(evalue, str):
            return {}
        text = self.sources.line(file, line) if isinstance(file, str) and type(line) is int else None
        new_name, evalue = cpython_message(ename, evalue, text or "",
                                           lambda name: function_params(self.sources, name))
        func = msg.get("function")
        if (new_name, evalue) == ("NameError", UNBOUND_LOCAL) and text is not None and isinstance(func, str):
            name = unbound_local(self.sources, (file, line, func))  # type: ignore[arg-type]
            if name is not None:
                evalue = f"cannot access local variable '{name}' where it is not associated with a value"
        return {"evalue": evalue}

    def _cell_reply(self, msg: dict) -> dict:
        """Channel reply for the guest's ``get_ipython().run_cell(source)``: the source pass's
        ``body`` and trailing ``expr`` of the text, which is kept as ``<cell>`` for tracebacks."""
        source = msg.get("source")
        if not isinstance(source, str) or "\0" in source or len(source) > SPLIT_MAX_CHARS:
            return {"error": f"run_cell takes a str of code (no NUL, at most {SPLIT_MAX_CHARS} characters)"}
        source = leading_indent(source)  # IPython's run_cell cleans the cell up the same way
        self.sources.add("<cell>", source)
        cell = split_cell(transform(source))
        return {"body": cell.body, "expr": cell.expr}

    def _docstring_reply(self, msg: dict) -> dict:
        """Channel reply for a cell function's ``__doc__`` (MicroPython drops function docstrings):
        the docstring and first line of the latest ``def`` of that name (``f`` or ``Class.f``); for
        a builtin (``len``, ``str``) the host CPython's ``__doc__`` of the same name."""
        builtin, line = msg.get("builtin"), None
        if isinstance(builtin, str):  # CPython's own, e.g. len.__doc__ (cpython_object checks the name)
            doc = getattr(cpython_object(builtin), "__doc__", None)
            doc = doc if isinstance(doc, str) else None
        else:
            found = user_docstring(self.sources, str(msg.get("name") or "")[:200])
            doc, line = found if found is not None else (None, None)
        return {"doc": doc[:MAX_DOCSTRING_CHARS] if doc is not None else None, "line": line}

    def _xmode_reply(self, msg: dict) -> dict:
        """Channel reply for a guest's ``run_cell("%xmode MODE")``: the mode set by `on_xmode`."""
        handler = self.on_xmode
        mode = handler(str(msg.get("mode") or "")[:40]) if handler is not None else None
        return {"mode": mode} if isinstance(mode, str) else {"error": "no %xmode here"}

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
        self._virtual_clock.reset()
        self._channel.forget_displays()
        self._channel.reset()
        self._installed = self._pristine_installed
        wanted = tuple(self._functions.as_dict()) if self._functions or self._host_module else None
        if self._installed != wanted:
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

    # ------------------------------------------------------------------ stopping
    def _soft_stop(self) -> None:
        self._stop_requested = True
        write_words(self._base, self._words.arm)

    def _hard_stop(self) -> None:
        self._instance.hard_stop()

    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in the running guest (any thread); no-op when idle.

        A guest that does not stop within `interrupt_grace` seconds is stopped hard and its run
        rolled back.
        """
        if not self._closed:
            self._watchdog.interrupt(self.interrupt_grace)

    # ------------------------------------------------------------------ guarded execution
    def _output_overflow(self) -> None:
        """The run's output reached its cap: soft stop (escalates like an interrupt)."""
        self._watchdog.interrupt(self.interrupt_grace, reason="output")

    # ------------------------------------------------------------------ public runs
    def run(self, source: str, *, filename: str = "<cell>", store_result: bool = True,
            atomic: bool = False, flush_figures: bool = True) -> RunResult:
        """Execute a cell: statements, then the repr of a trailing expression.

        Output streams to `on_output` while the cell runs and is also returned. Errors of the
        cell and limit stops are returned in `RunResult.error`, never raised. With `atomic`, a
        cell that ends in any error is rolled back too (`rolled_back=True`), not only limit stops.
        The pyplot figures the cell leaves open are displayed (and closed) at its end; with
        `flush_figures=False` they stay open and `RunResult.figures_pending` counts them, for the
        caller to show them after the result with `flush_figures()` (IPython's order: the
        ``execute_result``, then the inline backend's figures).
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
                b"1" if store_result else b"0", b"1" if flush_figures else b"0")
        outcome = self._safely(lambda inst: _result_object(inst.call(self._run_cell, *args)), output, atomic)
        result.stdout, result.stderr = output.text("stdout"), output.text("stderr")
        result.fuel_used, result.rolled_back, result.seconds = outcome.fuel_used, outcome.rolled_back, outcome.seconds
        result.displays = list(self._channel.displays)
        result.error = outcome.error
        if outcome.error is None and isinstance(outcome.value, dict):
            payload = outcome.value
            pending = payload.get("figures")
            result.figures_pending = pending if isinstance(pending, int) and not flush_figures else 0
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
                if isinstance(text, str) and MARK in text:  # a function: parameters from the source
                    text = result.data["text/plain"] = fill_signatures(text, self.sources, cell.expr)
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
                text = (f"the cell's result ({_mib(size)}) does not fit in what is left of the output limit "
                        f"(output_bytes={cap}, {_mib(cap)}); it was not shown; the cell's changes were kept")
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

    def flush_figures(self) -> None:
        """Display and close the pyplot figures a run with ``flush_figures=False`` left open (their
        displays stream to `on_output`). Raises `CallError` like `call` (a limit stop rolls back)."""
        self.call("flush_figures")

    @property
    def disk_bytes_used(self) -> int:
        """Bytes of the private file system's quota in use."""
        return self._fs.bytes_used

    @property
    def memory_size(self) -> int:
        """Current size of the guest's linear memory in bytes."""
        return self._instance.memory.size

    @property
    def on_display(self) -> Callable[[dict], None] | None:
        """Called with each display message of a run (settable between runs, e.g. by a pool)."""
        return self._channel.on_display

    @on_display.setter
    def on_display(self, value: Callable[[dict], None] | None) -> None:
        self._channel.on_display = value

    @property
    def on_input(self) -> Callable[[str, bool], str] | None:
        """Answers the guest's `input()` (settable between runs)."""
        return self._channel.on_input

    @on_input.setter
    def on_input(self, value: Callable[[str, bool], str] | None) -> None:
        self._channel.on_input = value

    @property
    def on_exit(self) -> Callable[[bool], bool] | None:
        """Decides what the guest's `exit()` does (settable between runs)."""
        return self._channel.on_exit

    @on_exit.setter
    def on_exit(self, value: Callable[[bool], bool] | None) -> None:
        self._channel.on_exit = value

    @property
    def private_memory_bytes(self) -> int:
        """Bytes of linear memory this sandbox owns: pages it wrote (a sandbox started from the
        process's image shares every page it has not written), plus its pre-run snapshot."""
        self._check_open()
        memory = self._instance.memory
        return private_bytes(memory.address(), memory.size) + self._snapshot.stored_bytes

    @property
    def micropython_version(self) -> str:
        return self._artifact.version
