"""The Jupyter side: `MicroPythonKernel` (protocol → sandbox), its configuration (`config`), IOPub
output (`iopub`), host-side source analysis (`source`), magics, kernelspec installation and the
kernel application (`app`).

The names below are imported on first access, so ``python -m mpwasm_kernel list`` does not pay
for ipykernel.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "MicroPythonKernel": "kernel",
    "MicroPythonKernelApp": "app",
    "route_sigint": "app",
    "definition_in_history": "source",
    "is_complete": "source",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
