"""Host imports linked with trampolines of our own instead of wasmtime-py's.

wasmtime-py's `Linker.define_func` calls a Python function through one generic trampoline that,
on every call, builds a `Caller`, a `Val` per parameter (asking wasmtime for each one's kind) and
converts the result by comparing the declared type with freshly made `ValType`s: ~20-25 µs on
this machine for a handler that does nothing. Every guest file read, console write, clock
reading and big-integer call paid it.

`define(linker, imp, func)` links `func` with `wasmtime_linker_define_func_unchecked`: wasmtime
passes the parameters and takes the result in one array of 16-byte raw slots, which the
trampoline reads through a ctypes view; for an all-i32 signature the parameters are one slice
of an int32 view. The types are the import's own, read once here: i32, i64, f32 and f64
parameters, none or one result of those; another signature (none in this build) is linked with
`Linker.define_func`.

Behaviour kept from wasmtime-py's trampoline: a Python exception raised by `func`
(`BaseException`, so also `KeyboardInterrupt`) is stored where wasmtime-py's callers look for it
(`wasmtime._func.LAST_EXCEPTION`) and the call traps, so the export call that entered the guest
re-raises it (`I32Call`, `Func.__call__`); a result of the wrong Python type (None or a float
for an i32) is a `TypeError` raised the same way; an int result is truncated to the result's
width as `Val.i32`/`Val.i64` do; a function without a result must return None.

wasmtime keeps raw slots little-endian: on a big-endian host every import uses
`Linker.define_func`.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from ctypes import c_double, c_float, c_int32, c_int64, c_size_t, c_void_p

import wasmtime
from wasmtime import _ffi
from wasmtime import _func as func_mod

#: The callback type wasmtime calls, with every pointer as a plain address (no ctypes pointer
#: objects made per call): (env, caller, args_and_results, count) -> trap pointer or 0.
CALLBACK = ctypes.CFUNCTYPE(c_size_t, c_void_p, c_void_p, c_void_p, c_size_t)
SLOT = ctypes.sizeof(_ffi.wasmtime_val_raw_t)  # bytes per raw slot (16: the v128 member)
_CTYPES = {"i32": c_int32, "i64": c_int64, "f32": c_float, "f64": c_double}
SUPPORTED = sys.byteorder == "little"

_define_unchecked = _ffi.dll["wasmtime_linker_define_func_unchecked"]  # our own copy: own argtypes
_define_unchecked.restype = ctypes.POINTER(_ffi.wasmtime_error_t)
_define_unchecked.argtypes = [ctypes.POINTER(_ffi.wasmtime_linker_t), ctypes.c_char_p, c_size_t, ctypes.c_char_p,
                              c_size_t, ctypes.POINTER(_ffi.wasm_functype_t), CALLBACK, c_void_p, c_void_p]


class UnexpectedResult(wasmtime.WasmtimeError):
    """A host import without a result returned something other than None."""


def _trap(exc: BaseException) -> int:
    """Keep `exc` for the export call that entered the guest and return a trap for wasmtime."""
    func_mod.LAST_EXCEPTION = exc
    return ctypes.cast(wasmtime.Trap("python exception")._consume(), c_void_p).value or 0


def _kinds(ty: wasmtime.FuncType) -> tuple[tuple[str, ...], str | None] | None:
    """(parameter kinds, result kind or None) when the trampolines support `ty`, else None."""
    params = tuple(str(t) for t in ty.params)
    results = tuple(str(t) for t in ty.results)
    if len(results) > 1 or any(k not in _CTYPES for k in (*params, *results)):
        return None
    return params, (results[0] if results else None)


def trampoline(func: Callable[..., object], params: tuple[str, ...], result: str | None) -> CALLBACK:
    """The callback calling `func` with `params` read from the raw slots and its result, of kind
    `result` (None: no result), written to the first slot."""
    count = max(len(params), 1)
    if all(k == "i32" for k in params) and result in (None, "i32"):
        step = SLOT // 4
        view = c_int32 * (step * count)  # slot k's i32 is element step * k
        stop = step * len(params)
        if result is None:
            def call(_env: int, _caller: int, raw: int, _n: int) -> int:
                try:
                    if func(*view.from_address(raw)[0:stop:step]) is not None:
                        raise UnexpectedResult("a host import without a result returned a value")
                    return 0
                except BaseException as exc:  # noqa: BLE001 - re-raised by the export call
                    return _trap(exc)
        else:
            def call(_env: int, _caller: int, raw: int, _n: int) -> int:
                try:
                    slots = view.from_address(raw)
                    slots[0] = func(*slots[0:stop:step])
                    return 0
                except BaseException as exc:  # noqa: BLE001 - re-raised by the export call
                    return _trap(exc)
        return CALLBACK(call)

    array = _ffi.wasmtime_val_raw_t * count
    fields = tuple(enumerate(params))

    def call_mixed(_env: int, _caller: int, raw: int, _n: int) -> int:
        try:
            slots = array.from_address(raw)
            value = func(*[getattr(slots[k], kind) for k, kind in fields])
            if result is None:
                if value is not None:
                    raise UnexpectedResult("a host import without a result returned a value")
            else:
                setattr(slots[0], result, value)
            return 0
        except BaseException as exc:  # noqa: BLE001 - re-raised by the export call
            return _trap(exc)

    return CALLBACK(call_mixed)


def define(linker: wasmtime.Linker, imp: wasmtime.ImportType, func: Callable[..., object]) -> CALLBACK | None:
    """Link `func` as the function import `imp`. Returns the callback, which must stay alive as
    long as anything instantiated through `linker` may call it (None: linked by wasmtime-py,
    which keeps its own)."""
    ty = imp.type
    kinds = _kinds(ty) if SUPPORTED and isinstance(ty, wasmtime.FuncType) else None
    if kinds is None:
        linker.define_func(imp.module, imp.name, ty, func)
        return None
    callback = trampoline(func, *kinds)
    module, name = imp.module.encode(), imp.name.encode()
    error = _define_unchecked(linker.ptr(), module, len(module), name, len(name), ty.ptr(), callback, None, None)
    if error:
        raise wasmtime.WasmtimeError._from_ptr(error)
    return callback
