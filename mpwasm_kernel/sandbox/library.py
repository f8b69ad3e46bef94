"""The guest standard library: files under `sandbox/guest/lib/` that guest code imports lazily.

The host mounts the folder read-only at `/lib/python3` in the guest's file system; the guest runtime
puts that path on `sys.path` ahead of MicroPython's frozen modules, so `import X` finds `X.py`
(or the package `X/`) there on first use and nothing is loaded at start. MicroPython returns a
few built-ins (`NON_EXTENSIBLE_BUILTINS`, e.g. `math`) before it searches `sys.path`; a library
file with such a name is loaded by the runtime's import hook instead. See docs/guest-library.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .guest_layout import LIB_DIR, LIB_MOUNT, MPY_MOUNT
from .precompiled import mpy_dir

# MicroPython 1.29 built-ins registered with MP_REGISTER_MODULE (not ..._EXTENSIBLE_MODULE):
# py/builtinimport.c returns them before looking at sys.path.
NON_EXTENSIBLE_BUILTINS = frozenset({
    "builtins", "cmath", "gc", "math", "micropython", "sys", "uctypes", "vfs", "framebuf", "deflate",
    "_asyncio", "js", "jsffi"})

_cache: dict[str, object] | None = None


def guest_library() -> dict[str, object]:
    """What the guest runtime needs: `{"path", "modules", "files", "shadowed"}`.

    `modules` are the top-level names (`name.py` files and `name/__init__.py` packages);
    `files` maps every dotted module name to its file relative to the library folder (the
    runtime's loader reads a file in one go); `shadowed` lists the top-level names that are
    non-extensible built-ins (single files only); `mpy` is where the precompiled files are
    mounted when there are (precompiled.py: `<mpy>/<file>.mpy`). Listed once per process.
    """
    global _cache
    if _cache is None:
        modules = []
        if LIB_DIR.is_dir():
            for entry in sorted(LIB_DIR.iterdir()):
                if entry.suffix == ".py" and entry.is_file():
                    modules.append(entry.stem)
                elif entry.is_dir() and (entry / "__init__.py").is_file():
                    modules.append(entry.name)
        shadowed = [name for name in modules
                    if name in NON_EXTENSIBLE_BUILTINS and (LIB_DIR / f"{name}.py").is_file()]
        _cache = {"path": LIB_MOUNT, "modules": modules, "files": _module_files(), "shadowed": shadowed,
                  "mpy": MPY_MOUNT}
    return _cache


def _module_files() -> dict[str, str]:
    """Dotted module name -> path relative to LIB_DIR, for every module file and package."""
    files: dict[str, str] = {}
    if not LIB_DIR.is_dir():
        return files
    for path in sorted(LIB_DIR.rglob("*.py")):
        rel = path.relative_to(LIB_DIR)
        parts = list(rel.parts)
        if parts[-1] == "__init__.py":
            parts = parts[:-1]
        else:
            parts[-1] = parts[-1][:-3]
        packages_ok = all((LIB_DIR.joinpath(*rel.parts[:i]) / "__init__.py").is_file()
                          for i in range(1, len(rel.parts)))
        if parts and packages_ok and all(p.isidentifier() for p in parts):
            files[".".join(parts)] = rel.as_posix()
    return files


def with_library_mount(mounts: Mapping[str, str | os.PathLike[str]] | None) -> dict[str, str | os.PathLike[str]]:
    """The caller's read-only mounts plus the guest library's (and its precompiled files when
    there are for the sources as they are now); ValueError if such a mount point is taken."""
    result = dict(mounts or {})
    if LIB_DIR.is_dir():
        for point in (LIB_MOUNT, MPY_MOUNT):
            if point in result:
                raise ValueError(f"mount point {point!r} is reserved for the guest library")
        result[LIB_MOUNT] = LIB_DIR
        compiled = mpy_dir(LIB_DIR)
        if compiled is not None:
            result[MPY_MOUNT] = compiled
    return result
