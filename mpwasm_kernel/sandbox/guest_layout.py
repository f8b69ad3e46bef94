"""Where the guest's own Python lives: on the host (`GUEST_DIR`, `LIB_DIR`) and in the guest's
file system (`LIB_MOUNT`, `MPY_MOUNT`), and which runtime files make up the lazily compiled
CPython shims (`PYCOMPAT_LAZY`). Constants only, so the modules that boot the guest
(boot.py), list its library (library.py) and precompile it (precompiled.py) share them
without importing each other.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["GUEST_DIR", "LIB_DIR", "LIB_MOUNT", "MPY_MOUNT", "PYCOMPAT_LAZY"]

#: The guest runtime's files on the host (guest/runtime.py, pycompat*.py, library.py, ...).
GUEST_DIR = Path(__file__).resolve().parent / "guest"
#: The guest standard library on the host, mounted read-only at `LIB_MOUNT`.
LIB_DIR = GUEST_DIR / "lib"
LIB_MOUNT = "/lib/python3"
#: Where the library's precompiled files are mounted: `random.py` as `MPY_MOUNT/random.mpy`.
MPY_MOUNT = "/lib/.mpy"

#: The parts of the lazily compiled CPython shims, joined into one source for the guest
#: (guest/pycompat.py).
PYCOMPAT_LAZY = ("pycompat_lazy", "pycompat_str", "pycompat_match", "pycompat_format", "pycompat_exc",
                 "pycompat_ops", "pycompat_files")
