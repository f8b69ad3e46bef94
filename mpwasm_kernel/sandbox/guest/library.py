# Guest side: the loader of the guest standard library (`/lib/python3`, sandbox/library.py).
# Loaded by the runtime on the first import of a library module (`_mpk_library`), so a kernel
# that never imports the library does not carry these identifiers.
#
# MicroPython's own importer reads source files 24 bytes per host call; this loader reads a
# file at once and runs it in a fresh module object (a re-import of the blank module
# `_mpk_module`). It also serves the modules that replace MicroPython's non-extensible built-ins
# (math, sys): those are registered when they have run, so while one loads, `import math` gives
# the built-in; the others are registered first, as the native importer does.
import sys

_native = sys.modules["_mpk_runtime"]._import  # MicroPython's importer (not the runtime's hook)
_loading = []


def load(name, lib):
    """Load library module `name` and its parent packages (`lib`: the host's index)."""
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        full = ".".join(parts[:i])
        if full in sys.modules:
            continue
        if full in _loading or full not in lib["files"]:
            return
        if i == 1 and full not in lib["shadowed"] and _user_module(full, lib["path"]):
            return  # the user's own file or folder shadows it, as in CPython
        _run(full, lib)


def _user_module(top, lib_path):
    for entry in sys.path:
        if entry == lib_path:
            return False
        base = (entry + "/" + top) if entry else top
        try:
            open(base + ".py", "rb").close()
            return True
        except OSError:
            pass
        try:
            open(base, "rb").close()
        except OSError as exc:
            if exc.errno == 21:  # EISDIR: a package folder
                return True
    return False


def _run(full, lib):
    blank = _native("_mpk_module")
    sys.modules.pop("_mpk_module", None)
    space = blank.__dict__
    path = lib["path"] + "/" + lib["files"][full]
    space["__name__"] = full
    space["__file__"] = path
    if path.endswith("/__init__.py"):
        space["__path__"] = path[:-12]
    early = full not in lib["shadowed"]
    if early:
        sys.modules[full] = blank
    _loading.append(full)
    try:
        with open(path, "rb") as f:
            source = f.read()
        exec(compile(source, path, "exec"), space)
    except BaseException:
        if early:
            sys.modules.pop(full, None)
        raise
    finally:
        _loading.remove(full)
    sys.modules[full] = blank
    if "." in full:
        parent, _, child = full.rpartition(".")
        setattr(sys.modules[parent], child, blank)
