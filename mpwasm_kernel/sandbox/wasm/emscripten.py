"""Instantiate MicroPython's Emscripten reactor build in wasmtime and call into it.

This module knows the Emscripten ABI and nothing about cells, limits or Jupyter:

* the setjmp/longjmp support (`invoke_*`, `_emscripten_throw_longjmp`) is already inside the
  module: the build merged `wasm/sjlj_merge.wat` into it (docs/speed.md), so the module imports
  only host functions;
* every import is a Python callable supplied by the caller (`HostImports`), looked up by import
  name; an import the caller does not supply traps with `UnsupportedImport`;
* `call()` runs a guest callable through `proxy_c_to_js_call` with string arguments and
  returns its result decoded from the 3-word "proxy value" the port writes.
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Callable, Mapping

import wasmtime

from . import image as image_mod
from . import trampolines
from .calls import I32Call, i32_signature
from .memory import GuestMemory

# Result kinds written by the port's proxy_convert_mp_to_js_obj_cside (ports/webassembly/proxy_c.c).
KIND_EXCEPTION = -1
KIND_NONE = 1
KIND_BOOL = 2
KIND_INT = 3
KIND_STR = 5
# Argument kind for a string in proxy_convert_js_to_mp_obj_cside (the guest frees the buffer).
JS_KIND_STRING = 5
# Exports that drop what the interpreter keeps about strings outside linear memory (wasm globals),
# called after every restore of linear memory: patches `str_cursor` and `str_append`.
FORGET_EXPORTS = ("mpk_forget_str_cursor", "mpk_forget_str_room")


class UnsupportedImport(Exception):
    """The guest called a host import the sandbox does not provide (e.g. the JavaScript bridge)."""


class GuestException(Exception):
    """A guest call ended with an uncaught MicroPython exception.

    `type_name` is the exception's type; `text` is MicroPython's printed traceback.
    """

    def __init__(self, type_name: str, text: str) -> None:
        super().__init__(f"{type_name}: {text}")
        self.type_name = type_name
        self.text = text


HostImports = Mapping[str, Callable[..., object]]


def _unsupported(name: str) -> Callable[..., object]:
    def refuse(*_args: object) -> object:
        raise UnsupportedImport(name)

    return refuse


class _ImportTable(dict):
    """Import name -> host function, for the shared runtime's dispatchers (image.py): filled
    from the caller's imports at the first import call (a sandbox that never runs never builds
    its host functions); a name the caller does not supply traps with `UnsupportedImport`."""

    def __init__(self, imports: HostImports, names: tuple[str, ...]) -> None:
        super().__init__()
        self._source = imports
        self._names = names

    def __missing__(self, name: str) -> Callable[..., object]:
        if not self:
            source = self._source
            self.update((n, source.get(n) or _unsupported(n)) for n in self._names)
        if name not in self:
            raise KeyError(name)
        return self[name]


class _Exports:
    """Exports looked up by name on first use."""

    def __init__(self, get: Callable[[str], object]) -> None:
        self._get = get
        self._cache: dict[str, object] = {}

    def __getitem__(self, name: str) -> object:
        value = self._cache.get(name)
        if value is None:
            value = self._cache[name] = self._get(name)
        return value


#: attribute -> export, bound on first use by `EmscriptenInstance.__getattr__`
_BOUND = {"_malloc": "malloc", "_free": "free", "_proxy_call": "proxy_c_to_js_call",
          "_lookup": "proxy_c_to_js_lookup_attr", "_do_exec": "mp_js_do_exec", "_do_import": "mp_js_do_import",
          "_stack_get": "emscripten_stack_get_current",
          "_sched_kbd": "mp_sched_keyboard_interrupt"}


class EmscriptenInstance:
    """One MicroPython interpreter: its own store, memory and function table.

    Construction instantiates and initialises the interpreter (`mp_js_init` with the given GC
    heap and Python stack sizes). `fuel` must say whether `engine` meters fuel (the store is then
    given fuel for the start-up calls). Methods must be called on one thread at a time; the only
    cross-thread operations are through `memory.address()` (see `interrupt.py`).
    """

    def __init__(self, engine: wasmtime.Engine, module: wasmtime.Module, imports: HostImports, *,
                 heap_bytes: int, pystack_words: int, memory_limit: int | None = None,
                 fuel: bool = True, runtime: image_mod.Runtime | None = None,
                 image: image_mod.BootImage | None = None) -> None:
        if runtime is not None:  # the process's shared engine and module (see image.py)
            engine, module = runtime.engine, runtime.module
        self.engine = engine
        self.store = wasmtime.Store(engine)
        if memory_limit is not None:
            self.store.set_limits(memory_size=memory_limit)
        if fuel:
            self.store.set_fuel(1 << 62)
        self.store.set_epoch_deadline(1 << 40)
        self.stop_switch: image_mod.StopSwitch | None = None
        self._imports: _ImportTable | None = None
        self._forget: tuple | None = None  # the build's `FORGET_EXPORTS` (those it has)
        self._optional: object = None  # the build's `mpk_gc_optional` global, False if it has none
        self._vstr_optional: object = None  # the build's `mpk_vstr_optional` global, False if it has none

        if runtime is None:
            linker = wasmtime.Linker(engine)
            self._callbacks = [trampolines.define(linker, imp, imports.get(imp.name) or _unsupported(imp.name))
                               for imp in module.imports]  # alive as long as the instance
            ex = linker.instantiate(self.store, module).exports(self.store)
            self._ex = ex
            self._signatures: dict[str, tuple[int, int] | None] = {}
        else:
            self.stop_switch = image_mod.StopSwitch(self.store)
            self._imports = _ImportTable(imports, runtime.import_names)
            with image_mod.entered(self._imports):
                instance = runtime.pre.instantiate(self.store)
            store = self.store

            def get(name: str) -> object:
                return image_mod.export(store, instance, name)

            ex = _Exports(get)
            self._ex = ex
            self._signatures = runtime.signatures
        self.memory = GuestMemory(self.store, ex["memory"])

        fn = self._function  # the other exports are bound on first use (`__getattr__`)
        self._stack_restore = fn("_emscripten_stack_restore")

        if image is not None:
            # Copy-on-write from the booted image: the memory, then the mutable globals. A new
            # instance's other globals (the setjmp state, the str cursor) are already as after
            # the boot: their initial values.
            if not self.memory.grow_to(image.size):
                raise MemoryError(f"the memory limit is below the booted interpreter's {image.size} bytes")
            image.memory.map_over(self.memory.address())
            fn("emscripten_stack_init")(self.store)
            self._stack_restore(self.store, image.stack_pointer)
            self._out, self._args = image.state["scratch"]
            return
        with self.entered():
            fn("emscripten_stack_init")(self.store)
            fn("__wasm_call_ctors")(self.store)
            fn("mp_js_init")(self.store, pystack_words, heap_bytes)
            fn("proxy_c_init")(self.store)
            # Scratch for results (3 words) and up to 8 call arguments (3 words each), kept forever.
            self._out = self._malloc(self.store, 16)
            self._args = self._malloc(self.store, 8 * 12)

    def __getattr__(self, attr: str) -> Callable[..., object]:
        """Bind an export used through an attribute (`_malloc`, `_proxy_call`, ...) on first use:
        a sandbox that is created and never run pays for none of them."""
        name = _BOUND.get(attr)
        if name is None or attr == "_ex" or "_ex" not in self.__dict__:
            raise AttributeError(attr)
        if self._ex is None:
            raise ValueError("the interpreter is closed")
        value = self._function(name)
        setattr(self, attr, value)
        return value

    def _function(self, name: str) -> Callable[..., object]:
        """Export `name` as a callable `(store, *args)`: an `I32Call` when its signature is
        i32-only (checked once per runtime, or per instance without one), else the `Func`."""
        func = self._ex[name]
        if name in self._signatures:
            signature = self._signatures[name]
        else:
            signature = self._signatures[name] = i32_signature(self.store, func)
        return I32Call(func, *signature) if signature is not None else func

    def entered(self) -> contextlib.AbstractContextManager[None]:
        """Route the shared runtime's import dispatchers to this instance while in the block (a
        no-op for an instance with its own linker)."""
        return image_mod.entered(self._imports) if self._imports is not None else contextlib.nullcontext()

    def hard_stop(self) -> None:
        """Trap this instance's running wasm at its next epoch check (any thread)."""
        if self.stop_switch is not None:
            self.stop_switch.armed = True
        self.engine.increment_epoch()

    def clear_hard_stop(self) -> None:
        """Forget a hard stop requested after the run it was meant for had ended."""
        if self.stop_switch is not None:
            self.stop_switch.armed = False

    def malloc(self, size: int) -> int:
        """Allocate `size` bytes of linear memory with the guest's allocator (0 on failure)."""
        with self.entered():
            return int(self._malloc(self.store, size))

    # -- low-level state used by snapshots --------------------------------------------------
    def stack_pointer(self) -> int:
        return self._stack_get(self.store)

    def after_restore(self, stack_pointer: int) -> None:
        """Put the wasm globals that live outside linear memory back to a snapshot's values, and
        drop the str index cursor (patch `str_cursor`) and the str room entries (patch
        `str_append`), which may name strings of the memory that was replaced. The setjmp state
        (`__THREW__`, `__threwValue`) lives in linear memory in this build, so the restored memory
        already holds the snapshot's values: resetting it here would make the memory after a
        rollback differ from before the run (`__threwValue` keeps the last caught jump's value).
        The flag of an optional string-buffer growth (patch
        `vstr_growth`) is set back to 0: a trap inside that growth leaves it set."""
        self._stack_restore(self.store, stack_pointer)
        vstr = self._vstr_flag()
        if vstr:
            vstr.set_value(self.store, wasmtime.Val.i32(0))
        if self._forget is None:
            found = []
            for name in FORGET_EXPORTS:
                try:
                    found.append(self._function(name))
                except KeyError:  # a build without that patch
                    pass
            self._forget = tuple(found)
        for forget in self._forget:
            forget(self.store)

    def growth_is_optional(self) -> bool:
        """True while the interpreter grows its heap by policy rather than for an allocation (patch
        `gc_in_calls`: after a collection that left less than half the heap free): a refusal then
        only means the guest collects more often, and is not the program running out of memory;
        or while a string buffer asks for a quarter more room than it needs (patch `vstr_growth`):
        a refusal then only means the buffer grows by exactly what it needs, as upstream's does."""
        if self._optional is None:
            try:
                self._optional = self._ex["mpk_gc_optional"]
            except KeyError:  # a build without the patch
                self._optional = False
        if self._optional and self._optional.value(self.store) != 0:
            return True
        vstr = self._vstr_flag()
        return bool(vstr) and vstr.value(self.store) != 0

    def _vstr_flag(self):
        """The build's `mpk_vstr_optional` global, or False if it has none."""
        if self._vstr_optional is None:
            try:
                self._vstr_optional = self._ex["mpk_vstr_optional"]
            except KeyError:  # a build without the patch
                self._vstr_optional = False
        return self._vstr_optional

    def close(self) -> None:
        """Free the store (linear memory, tables, instances) now, whoever still references this
        object (tracebacks and wasmtime's host-function registry can keep it alive until a full
        cyclic GC). Later calls on this instance fail with `ValueError`."""
        store = self.store
        self._ex = None
        self.memory.close()
        store.close()

    def schedule_keyboard_interrupt(self) -> None:
        """Call the port's own `mp_sched_keyboard_interrupt` (same thread as the store)."""
        self._sched_kbd(self.store)

    # -- calls ------------------------------------------------------------------------------
    def _read_out(self) -> object:
        kind, a, b = struct.unpack("<iII", self.memory.read(self._out, 12))
        if kind == KIND_EXCEPTION:
            raw = self.memory.read(b, a)
            self._free(self.store, b)
            type_name, _, text = raw.decode("utf-8", "replace").partition("\x04")
            raise GuestException(type_name, text)
        if kind == KIND_STR:
            return self.memory.read(b, a).decode("utf-8", "replace")
        if kind == KIND_NONE:
            return None
        if kind == KIND_BOOL:
            return bool(a)
        if kind == KIND_INT:
            return struct.unpack("<i", struct.pack("<I", a))[0]
        return ("ref", a)

    def exec(self, source: str) -> None:
        """Run `source` at the interpreter's top level (`__main__`); raise `GuestException`."""
        data = source.encode("utf-8") + b"\0"
        ptr = self.malloc(len(data))
        try:
            self.memory.write(ptr, data)
            with self.entered():
                self._do_exec(self.store, ptr, len(data) - 1, self._out)
        finally:
            self._free(self.store, ptr)
        self._read_out()

    def import_module(self, name: str) -> int:
        """Import a module and return a proxy reference to it."""
        data = name.encode() + b"\0"
        ptr = self.malloc(len(data))
        try:
            self.memory.write(ptr, data)
            with self.entered():
                self._do_import(self.store, ptr, self._out)
        finally:
            self._free(self.store, ptr)
        return self._expect_ref(self._read_out())

    def lookup(self, ref: int, attr: str) -> int:
        """Return a proxy reference to `getattr(obj, attr)` (or `obj[attr]` for a dict)."""
        data = attr.encode() + b"\0"
        ptr = self.malloc(len(data))
        try:
            self.memory.write(ptr, data)
            with self.entered():
                self._lookup(self.store, ref, ptr, self._out)
        finally:
            self._free(self.store, ptr)
        return self._expect_ref(self._read_out())

    @staticmethod
    def _expect_ref(value: object) -> int:
        if not (isinstance(value, tuple) and value[0] == "ref"):
            raise TypeError(f"expected a guest object reference, got {value!r}")
        return int(value[1])

    def call(self, ref: int, *args: bytes) -> object:
        """Call the guest callable `ref` with UTF-8 string arguments; return its decoded result.

        Strings come back as `str`, None/bool/int as themselves; an uncaught guest exception
        raises `GuestException`. Arguments must be valid UTF-8 (the guest checks).
        """
        if len(args) > 8:
            raise ValueError("at most 8 arguments")
        words: list[int] = []
        with self.entered():
            for arg in args:
                ptr = self._malloc(self.store, max(1, len(arg)))
                self.memory.write(ptr, arg)
                words += [JS_KIND_STRING, len(arg), ptr]
            if words:
                self.memory.write(self._args, struct.pack(f"<{len(words)}I", *words))
            self._proxy_call(self.store, ref, len(args), self._args, self._out)
        return self._read_out()
