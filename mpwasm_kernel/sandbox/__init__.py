"""The sandbox layer: one MicroPython interpreter in WebAssembly with host-enforced limits.

Usable without Jupyter: importing this package loads no Jupyter module (ipykernel, jupyter_client,
zmq, tornado, traitlets). Folders by concern: `wasm/` (artifact, engine, the Emscripten instance,
memory, snapshots, interrupt), `files/` (the guest's private file system), `guest/` (the Python
that runs inside MicroPython); here: the `Sandbox`, its `Limits`, errors, results, cell splitting,
output capture and the guest→host channel.
"""

from .errors import ArtifactError, GuestError, SandboxBusyError, SandboxClosedError, SandboxError
from .limits import Limits
from .oneshot import run
from .result import CallError, RunResult
from .sandbox import SPLIT_MAX_CHARS, Sandbox

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
    "run",
]
