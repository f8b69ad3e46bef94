"""Install the guest library files (sandbox/guest/lib) into a Sandbox's /lib for tests.

Used until the lazy guest library loader serves these files itself.
"""

from __future__ import annotations

from pathlib import Path

from mpwasm_kernel.sandbox import Sandbox

LIB = Path(__file__).resolve().parents[2] / "mpwasm_kernel" / "sandbox" / "guest" / "lib"


def install(sandbox: Sandbox, *packages: str) -> None:
    """Write the files of ``packages`` (e.g. "matplotlib") into the guest's /lib."""
    lines = ["import os", "def _mk(p):", "    try:", "        os.mkdir(p)", "    except OSError:", "        pass"]
    for pkg in packages:
        root = LIB / pkg
        lines.append(f"_mk({'/lib/' + pkg!r})")
        for path in sorted(root.rglob("*")):
            rel = "/lib/" + path.relative_to(LIB).as_posix()
            if path.is_dir():
                lines.append(f"_mk({rel!r})")
            elif path.suffix == ".py":
                lines.append(f"with open({rel!r}, 'w') as f: f.write({path.read_text()!r})")
    lines.append("del _mk, os")
    result = sandbox.run("\n".join(lines))
    if not result.ok:
        raise RuntimeError(f"installing {packages} into the sandbox failed: {result.error}")
