"""What a host call costs, pinned by counts (no timings): the interpreter's imports go through the
trampolines of `sandbox/wasm/trampolines.py` (no wasmtime-py `Caller` or `Val` per call), guest
memory is read and written through a view checked against the last size read (no call into
wasmtime for the size once known), and a guest `print` of plain arguments is one console write.

The trampolines keep wasmtime-py's behaviour: checked here on a small module of our own, through
both ways the host enters wasm (`Func.__call__` and `I32Call`)."""

from __future__ import annotations

import pytest
import wasmtime

from mpwasm_kernel import Sandbox
from mpwasm_kernel.sandbox.output import RunOutput
from mpwasm_kernel.sandbox.wasm import memory as memory_mod
from mpwasm_kernel.sandbox.wasm import trampolines
from mpwasm_kernel.sandbox.wasm.calls import I32Call
from mpwasm_kernel.sandbox.wasm.memory import GuestMemory, GuestMemoryFault

needs_trampolines = pytest.mark.skipif(not trampolines.SUPPORTED, reason="big-endian host: wasmtime-py's linking")

WAT = """(module
 (import "env" "four" (func $four (param i32 i32 i32 i32) (result i32)))
 (import "env" "none" (func $none (param i32)))
 (import "env" "mixed" (func $mixed (param i32 i64 f64) (result f64)))
 (import "env" "wide" (func $wide (param i64) (result i64)))
 (func (export "call_four") (param i32 i32 i32 i32) (result i32)
  (call $four (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
 (func (export "call_none") (param i32) (call $none (local.get 0)))
 (func (export "call_mixed") (param i32 i64 f64) (result f64)
  (call $mixed (local.get 0) (local.get 1) (local.get 2)))
 (func (export "call_wide") (param i64) (result i64) (call $wide (local.get 0))))"""


def _instance(handlers: dict) -> tuple[wasmtime.Store, dict, list]:
    engine = wasmtime.Engine()
    module = wasmtime.Module(engine, WAT)
    linker = wasmtime.Linker(engine)
    keep = [trampolines.define(linker, imp, handlers[imp.name]) for imp in module.imports]
    store = wasmtime.Store(engine)
    exports = linker.instantiate(store, module).exports(store)
    return store, {name: exports[name] for name in ("call_four", "call_none", "call_mixed", "call_wide")}, keep


@needs_trampolines
@pytest.mark.parametrize("enter", ["Func", "I32Call"])
def test_the_trampolines_pass_values_and_exceptions_as_wasmtime_py_does(enter: str) -> None:
    seen = []
    result: list[object] = [0]

    def four(a, b, c, d):
        seen.append((a, b, c, d))
        if isinstance(result[0], BaseException):
            raise result[0]
        return result[0]

    store, ex, keep = _instance({"four": four, "none": lambda a: result[0], "mixed": lambda a, b, c: a + b * c,
                                 "wide": lambda v: v * 2})
    call = I32Call.wrap(store, ex["call_four"]) if enter == "I32Call" else ex["call_four"]
    assert isinstance(call, I32Call) == (enter == "I32Call")

    result[0] = 7
    assert call(store, 1, -2, 3, 2**31 - 1) == 7
    assert seen[-1] == (1, -2, 3, 2**31 - 1)  # i32 parameters arrive signed, as wasmtime-py gives them
    result[0] = (1 << 32) + 5  # truncated to 32 bits as Val.i32 does
    assert call(store, 0, 0, 0, 0) == 5
    result[0] = True
    assert call(store, 0, 0, 0, 0) == 1

    error = ValueError("from the host")
    result[0] = error
    with pytest.raises(ValueError) as caught:
        call(store, 0, 0, 0, 0)
    assert caught.value is error  # the very exception, re-raised by the call that entered wasm
    result[0] = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        call(store, 0, 0, 0, 0)
    for wrong in (None, 1.5, "1"):
        result[0] = wrong
        with pytest.raises(TypeError):
            call(store, 0, 0, 0, 0)

    result[0] = None
    assert ex["call_none"](store, 3) is None
    result[0] = 1  # a function without a result must return None
    with pytest.raises(trampolines.UnexpectedResult):
        ex["call_none"](store, 3)

    assert ex["call_mixed"](store, 2, 1 << 40, 0.5) == 2 + (1 << 40) * 0.5
    assert ex["call_wide"](store, -(1 << 40)) == -(1 << 41)
    result[0] = 9
    assert call(store, 4, 3, 2, 1) == 9  # the store still works after the traps
    assert seen[-1] == (4, 3, 2, 1)
    assert len(keep) == 4 and all(k is not None for k in keep)  # all four through our trampolines


@needs_trampolines
def test_host_calls_make_no_wasmtime_py_caller_or_val(monkeypatch: pytest.MonkeyPatch) -> None:
    """wasmtime-py's trampoline builds a `Caller` and converts every value through `Val`; ours
    neither. Counted over a run of 200 file reads, console writes and clock readings."""
    made = {"Caller": 0, "Val": 0}
    real_caller, real_val = wasmtime._func.Caller.__init__, wasmtime.Val.__init__

    def caller_init(self, *args):
        made["Caller"] += 1
        real_caller(self, *args)

    def val_init(self, *args):
        made["Val"] += 1
        real_val(self, *args)

    with Sandbox() as sb:
        assert sb.run("import time\nwith open('/tmp/f', 'w') as f:\n    f.write('x' * 300)").error is None
        monkeypatch.setattr(wasmtime._func.Caller, "__init__", caller_init)
        monkeypatch.setattr(wasmtime.Val, "__init__", val_init)
        r = sb.run("f = open('/tmp/f', 'rb', buffering=0)\nfor i in range(200):\n    f.seek(i)\n"
                   "    print(f.read(1), time.time() > 0)\nf.close()")
        assert r.error is None, r.error
        assert r.stdout == "b'x' True\n" * 200
    assert made == {"Caller": 0, "Val": 0}


def test_memory_size_is_read_only_when_a_range_goes_beyond_the_last_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run of 300 host reads and writes asks wasmtime for the memory's size a few times (each
    growth of the memory), not once or more per call as it did."""
    calls = [0]
    real = memory_mod._data_size

    def counted(*args):
        calls[0] += 1
        return real(*args)

    with Sandbox() as sb:
        assert sb.run("with open('/tmp/f', 'w') as f:\n    f.write('x' * 300)").error is None
        monkeypatch.setattr(memory_mod, "_data_size", counted)
        r = sb.run("f = open('/tmp/f', 'rb', buffering=0)\nfor i in range(300):\n    f.seek(i)\n"
                   "    print(f.read(1).decode(), end='')\nf.close()")
        assert r.error is None, r.error
        assert r.stdout == "x" * 300
    assert calls[0] <= 4  # measured: 0 (wasmtime-py's Memory.data_len: ~4 per host call before)


def test_ranges_are_checked_against_the_memory_as_it_is_now() -> None:
    store = wasmtime.Store(wasmtime.Engine())
    memory = wasmtime.Memory(store, wasmtime.MemoryType(wasmtime.Limits(1, 4)))
    mem = GuestMemory(store, memory)
    mem.write(0, b"abc")
    assert mem.read(0, 3) == b"abc"
    for ptr, length in ((65536 - 2, 3), (65536, 0 + 1), (-1, 2), (0, -1)):
        with pytest.raises(GuestMemoryFault):
            mem.read(ptr, length)
    with pytest.raises(GuestMemoryFault):
        mem.write_u32(65536 - 3, 1)
    assert mem.read_upto(65536 - 2, 10) == b"\0\0"  # clipped where memory ends
    memory.grow(store, 1)  # grown behind the view's back (as the guest's own `memory.grow` would)
    mem.write_u32(65536 + 100, 0xDEADBEEF)  # beyond the last size read: the size is read again
    assert mem.read_u32(65536 + 100) == 0xDEADBEEF
    assert mem.read_upto(65536 - 2, 10) == b"\0" * 10
    assert mem.gather([(0, 3), (65536 + 100, 4)]) == b"abc" + (0xDEADBEEF).to_bytes(4, "little")
    with pytest.raises(GuestMemoryFault):
        mem.read(2 * 65536 - 1, 2)
    with pytest.raises(GuestMemoryFault):
        mem.read_cstr(2 * 65536)
    mem.close()
    store.close()
    with pytest.raises(ValueError):  # not a read of unmapped memory: the closed store refuses
        mem.read(0, 3)


def test_a_plain_print_is_one_console_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The number of host calls a loop of prints makes: one `fd_write` per `print` of str, int
    and bool arguments (MicroPython's own print writes every argument, separator and end)."""
    writes: list[bytes] = []
    real = RunOutput.write

    def counted(self, fd: int, data: bytes) -> None:
        writes.append(data)
        real(self, fd, data)

    with Sandbox() as sb:
        monkeypatch.setattr(RunOutput, "write", counted)
        r = sb.run("for i in range(50):\n    print('x =', i, True)")
        assert r.error is None, r.error
    assert len(writes) == 50
    assert writes[7] == b"x = 7 True\n"
