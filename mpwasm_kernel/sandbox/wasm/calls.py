"""Calls into the interpreter's exports without wasmtime-py's per-call type lookups.

`wasmtime.Func.__call__` asks the store for the function's type, builds a `Val` per argument and
per result and checks each against the type, on every call: ~20-40 µs on this machine for a
call whose wasm work is nanoseconds (`setThrew`, `_emscripten_stack_restore`, `malloc`). Every
export this package calls takes and returns only i32, so `I32Call` checks the signature once,
when it wraps the export, and then calls `wasmtime_func_call` directly with the arguments in a
ctypes array.

Behaviour is the same as `Func.__call__`: a Python exception raised by a host import during the
call is re-raised first, then a trap as `wasmtime.Trap`, an error (such as the shared engine's
hard-stop callback) as `wasmtime.WasmtimeError`; an argument is truncated to 32 bits as
`Val.i32` does; a call on a closed store raises `ValueError` (the store's context is looked up on
every call, never kept).
"""

from __future__ import annotations

from ctypes import POINTER, byref

import wasmtime
from wasmtime import _ffi
from wasmtime import _func as func_mod

_I32 = _ffi.WASMTIME_I32.value
_trap_ptr = POINTER(_ffi.wasm_trap_t)
_call = _ffi.wasmtime_func_call


def i32_signature(store: wasmtime.Store, func: wasmtime.Func) -> tuple[int, int] | None:
    """`(parameter count, result count)` of `func` if every parameter and result is i32 (and at
    most one result), else None."""
    ty = func.type(store)
    params, results = ty.params, ty.results
    i32 = wasmtime.ValType.i32()
    if len(results) > 1 or any(t != i32 for t in (*params, *results)):
        return None
    return len(params), len(results)


class I32Call:
    """A callable `(store, *ints) -> int | None` for one i32-only export of one store."""

    __slots__ = ("_func", "_nparams", "_nresults", "_args")

    def __init__(self, func: wasmtime.Func, nparams: int, nresults: int) -> None:
        self._func = func._func
        self._nparams = nparams
        self._nresults = nresults
        args = (_ffi.wasmtime_val_t * max(nparams, 1))()
        for i in range(nparams):
            args[i].kind = _I32
        self._args = args  # values are copied by wasmtime at the call: reusable, even re-entrantly

    @classmethod
    def wrap(cls, store: wasmtime.Store, func: wasmtime.Func) -> I32Call | wasmtime.Func:
        """An `I32Call` for `func` when its signature allows it, else `func` itself."""
        signature = i32_signature(store, func)
        return cls(func, *signature) if signature is not None else func

    def __call__(self, store: wasmtime.Store, *params: int) -> int | None:
        if len(params) != self._nparams:
            raise wasmtime.WasmtimeError(f"expected {self._nparams} parameters, given {len(params)}")
        args = self._args
        for i, value in enumerate(params):
            if not isinstance(value, int):
                raise TypeError(f"don't know how to convert {value!r} to i32")
            args[i].of.i32 = value
        results = (_ffi.wasmtime_val_t * max(self._nresults, 1))()
        trap = _trap_ptr()
        error = _call(store._context(), byref(self._func), args, self._nparams, results, self._nresults,
                      byref(trap))
        if error:
            func_mod.maybe_raise_last_exn()
            raise wasmtime.WasmtimeError._from_ptr(error)
        if trap:
            trap_obj = wasmtime.Trap._from_ptr(trap)
            func_mod.maybe_raise_last_exn()
            raise trap_obj
        return results[0].of.i32 if self._nresults else None
