"""The sandbox layer: one MicroPython interpreter in WebAssembly with host-enforced limits.

Usable without Jupyter: importing this package loads no Jupyter module (ipykernel, jupyter_client,
zmq, tornado, traitlets). Folders by concern: `wasm/` (artifact, engine, the Emscripten instance,
memory, snapshots, interrupt), `files/` (the guest's private file system), `guest/` (the Python
that runs inside MicroPython); here: the `Sandbox`, its `Limits`, errors, results, cell splitting,
output capture and the guest→host channel.

Names are imported on first access (PEP 562): ``import mpwasm_kernel.sandbox.limits`` or the
kernel's start-up does not load wasmtime and the interpreter host until a `Sandbox` is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "SPLIT_MAX_CHARS": "cell",
    "ArtifactError": "errors",
    "CallError": "result",
    "GuestError": "errors",
    "Limits": "limits",
    "RunResult": "result",
    "Sandbox": "sandbox",
    "SandboxBusyError": "errors",
    "SandboxClosedError": "errors",
    "SandboxError": "errors",
    "SandboxPool": "pool",
    "run": "oneshot",
}

__all__ = [
    "SPLIT_MAX_CHARS",
    "ArtifactError",
    "CallError",
    "GuestError",
    "Limits",
    "RunResult",
    "Sandbox",
    "SandboxBusyError",
    "SandboxClosedError",
    "SandboxError",
    "SandboxPool",
    "run",
]

if TYPE_CHECKING:
    from .cell import SPLIT_MAX_CHARS
    from .errors import ArtifactError, GuestError, SandboxBusyError, SandboxClosedError, SandboxError
    from .limits import Limits
    from .oneshot import run
    from .pool import SandboxPool
    from .result import CallError, RunResult
    from .sandbox import Sandbox


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
