"""How a sandbox run ends: the exceptions that stop a run, the checked guest result, and the
limit errors a stop is reported as (`StopReports`, mixed into `Sandbox`).

A hard stop's error names the limit and says the cell's changes were rolled back; a soft stop's
error names the limit and says what the cell kept (see `sandbox.py` for which stop is which).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import wasmtime

from .errors import GuestError
from .functions import HostCallLimitHit, HostTimeHit
from .limits import Limits
from .output import OutputLimitHit
from .text import encodable
from .wasm import image as image_mod
from .wasm.emscripten import UnsupportedImport
from .wasm.memory import GuestMemoryFault

MiB = 1 << 20


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


def _mib(n: float) -> str:
    """A byte count in the unit a student reads at a glance (``2,000 bytes``, ``64 KiB``, ``256 MiB``)."""
    if n >= MiB:
        return f"{n / MiB:.4g} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n / 1024:.4g} KiB"
    return f"{int(n):,} bytes"


def output_text(output_bytes: int) -> str:
    """What an output stop says: the limit by name, in bytes and readable, and that output up to
    it was shown."""
    return (f"the cell printed more than the output limit allows (output_bytes={output_bytes}, "
            f"{_mib(output_bytes)}); the output up to the limit was kept")


class StopReports:
    """The wording of limit errors, for `Sandbox` (reads its `limits`, `interrupt_grace` and
    whether a request budget is active)."""

    limits: Limits
    interrupt_grace: float
    _budget: object

    def _limit_error(self, ename: str, detail: str) -> GuestError:
        text = f"{detail}; the cell's changes were rolled back (variables and files are as before the cell)"
        return GuestError(ename, text, [f"{ename}: {text}"])

    def _wall_text(self) -> str:
        return f"the cell ran longer than the time limit allows (wall_seconds={self.limits.wall_seconds:g})"

    def _memory_text(self) -> str:
        lim = self.limits
        return (f"the cell needed more memory than the memory limit allows (memory_bytes={lim.memory_bytes}, "
                f"{_mib(lim.memory_bytes)}, counts the objects still in use; unused ones are freed as the cell runs)")

    def _soft_limit_error(self, reason: str, guest: GuestError | None, rolled_back: bool) -> GuestError:
        """The error for a run a soft stop ended: the limit's name, and the guest's traceback (where
        the stop landed) when it has one."""
        lim = self.limits
        if reason == "output":
            ename, detail = "OutputLimitExceeded", output_text(lim.output_bytes)
        elif reason == "time":
            ename, detail = "TimeLimitExceeded", self._wall_text()
        elif reason == "memory":
            ename, detail = "MemoryLimitExceeded", self._memory_text()
        else:
            ename, detail = "KeyboardInterrupt", "the cell was interrupted"
        if rolled_back:
            text = f"{detail}; the cell's changes were rolled back (rollback='always' or an atomic run)"
        else:
            text = f"{detail}; the cell stopped there and kept what it did before the stop"
            if reason == "memory":
                text += " (objects it kept still use memory: delete them to free it)"
        lines = list(guest.traceback[:-1]) if guest is not None and guest.ename == "KeyboardInterrupt" else []
        return GuestError(ename, text, lines + [f"{ename}: {text}"])

    def _classify_stop(self, exc: BaseException, reason: str | None) -> GuestError:
        lim = self.limits
        if isinstance(exc, OutputLimitHit):
            return self._limit_error("OutputLimitExceeded", output_text(lim.output_bytes))
        if isinstance(exc, MemoryLimitHit) or (reason == "memory" and image_mod.is_hard_stop(exc)):
            return self._limit_error("MemoryLimitExceeded", self._memory_text() + "; it could not be stopped "
                                     "where it was (it kept asking for memory)")
        if isinstance(exc, wasmtime.Trap) and exc.trap_code == wasmtime.TrapCode.OUT_OF_FUEL:
            return self._limit_error("FuelExhausted", f"the cell took more steps than the fuel limit allows "
                                                      f"(fuel={lim.fuel})")
        if image_mod.is_hard_stop(exc):
            if reason == "interrupt":
                text = (f"the cell did not stop within {self.interrupt_grace:g} s of the interrupt and was "
                        "stopped; the cell's changes were rolled back")
                return GuestError("KeyboardInterrupt", text, [f"KeyboardInterrupt: {text}"])
            if reason == "output":
                return self._limit_error(
                    "OutputLimitExceeded",
                    f"{output_text(lim.output_bytes)}, and the cell did not stop within {self.interrupt_grace:g} s")
            return self._limit_error("TimeLimitExceeded", self._wall_text())
        if isinstance(exc, HostTimeHit):
            return self._limit_error(
                "TimeLimitExceeded",
                f"the cell ran longer than the time limit allows (wall_seconds={lim.wall_seconds:g}) while host "
                f"function {exc.name!r} ran ({exc.seconds:.3g} s); host-side effects of the run are not undone")
        if isinstance(exc, HostCallLimitHit):
            return self._limit_error(
                "HostCallLimitExceeded",
                f"host call limit exceeded (host_calls={lim.host_calls} per request); host-side effects "
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
