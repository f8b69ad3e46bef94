"""mpwasm-kernel: run untrusted Python in MicroPython compiled to WebAssembly, hosted by wasmtime.

Public API::

    from mpwasm_kernel import Sandbox, Limits
    with Sandbox(limits=Limits(wall_seconds=5)) as sb:
        r = sb.run("x = 6 * 7\\nx")
        r.value  # '42'
"""

from .sandbox import ArtifactError, CallError, GuestError, Limits, RunResult, Sandbox, SandboxError

__all__ = ["ArtifactError", "CallError", "GuestError", "Limits", "RunResult", "Sandbox", "SandboxError"]
__version__ = "0.1.0"
