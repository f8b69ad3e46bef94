"""Install the guest library files (sandbox/guest/lib) into a sandbox's /lib for tests.

Used until the lazy guest library loader serves these files itself: the returned source,
run as a cell, writes the package files with ``open(..., 'w')`` (``/lib`` is on sys.path).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

LIB = Path(__file__).resolve().parents[2] / "mpwasm_kernel" / "sandbox" / "guest" / "lib"


def loader_present() -> bool:
    """True once the lazy guest library loader (sandbox/library.py) serves sandbox/guest/lib."""
    return importlib.util.find_spec("mpwasm_kernel.sandbox.library") is not None


def installer_source(*packages: str) -> str:
    """Guest code that writes the files of ``packages`` (e.g. "matplotlib") into /lib
    (``pass`` when the library loader already provides them)."""
    if loader_present():
        return "pass"
    lines = ["import os", "def _mk(p):", "    try:", "        os.mkdir(p)", "    except OSError:", "        pass"]
    for pkg in packages:
        root = LIB / pkg
        lines.append(f"_mk({'/lib/' + pkg!r})")
        for path in sorted(root.rglob("*")):
            rel = "/lib/" + path.relative_to(LIB).as_posix()
            if path.is_dir() and path.name != "__pycache__":
                lines.append(f"_mk({rel!r})")
            elif path.suffix == ".py":
                lines.append(f"with open({rel!r}, 'w') as f: f.write({path.read_text()!r})")
    lines.append("del _mk, os")
    return "\n".join(lines)


def install(sandbox: Any, *packages: str) -> None:
    """Write ``packages`` into the guest /lib of a `Sandbox`."""
    result = sandbox.run(installer_source(*packages))
    if not result.ok:
        raise RuntimeError(f"installing {packages} into the sandbox failed: {result.error}")
