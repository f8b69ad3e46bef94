"""The interpreter without the sandbox's Python layer, to tell its own behaviour from the layer's.

`RawInterpreter(variant).run(source)` runs `source` in a fresh MicroPython instance of the same
build the `Sandbox` uses (same artifact, engine, host imports and file system), but with none
of the guest runtime: no source pass, no shims, no guest library, no C-stack relocation. Used by
the "do no harm" tests (tests/compat/test_do_no_harm.py) and `benchmarks/mp_basics.py`, which
run MicroPython's own tests both ways. Not a sandbox for untrusted code: it has the `Sandbox`'s
memory limit, but no time limit beyond the fuel it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from .limits import Limits
from .output import RunOutput
from .sandbox import HEAP_BYTES, PYSTACK_WORDS, Sandbox
from .wasm.emscripten import EmscriptenInstance, GuestException

RAW_FUEL = 20_000_000_000
RAW_OUTPUT_BYTES = 4 << 20


@dataclass(frozen=True)
class RawResult:
    """What a raw run printed (stdout, stderr) and its uncaught exception as "Type: text", if any."""

    stdout: str
    stderr: str
    error: str | None


class RawInterpreter:
    """Fresh raw interpreters, one per `run`, built from a `Sandbox`'s engine and imports."""

    def __init__(self, variant: str = "micropython", fuel: int = RAW_FUEL) -> None:
        self._sandbox = Sandbox(Limits(fuel=fuel), variant=variant)
        self._fuel = fuel

    def run(self, source: str) -> RawResult:
        """Run `source` as `__main__` in a new instance; restores the helper sandbox afterwards."""
        sb = self._sandbox
        inst = EmscriptenInstance(sb._engine, sb._module, sb._imports, fuel=True, heap_bytes=HEAP_BYTES,
                                  pystack_words=PYSTACK_WORDS, memory_limit=sb.limits.memory_bytes)
        inst.store.set_fuel(self._fuel)
        saved_instance, saved_output = sb._instance, sb._output
        output = RunOutput(RAW_OUTPUT_BYTES, None)
        sb._instance, sb._output = inst, output
        sb._fs.bind(inst.memory)
        error = None
        try:
            inst.exec(source)
        except GuestException as exc:
            error = str(exc)
        except Exception as exc:  # a trap: fuel, stack, memory
            error = f"{type(exc).__name__}: {exc}"
        finally:
            sb._instance, sb._output = saved_instance, saved_output
            sb._fs.bind(saved_instance.memory)
            inst.close()
        return RawResult("".join(output._parts["stdout"]), "".join(output._parts["stderr"]), error)

    def close(self) -> None:
        self._sandbox.close()

    def __enter__(self) -> RawInterpreter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
