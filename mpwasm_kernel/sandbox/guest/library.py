# Guest side: the loader of the guest standard library (`/lib/python3`, sandbox/library.py).
# Loaded by the runtime on the first import of a library module (`_mpk_library`), so a kernel
# that never imports the library does not carry these identifiers.
#
# MicroPython's own importer reads a file 255 bytes per host call (25 before the reader_buffer
# patch); this loader reads a file in one call and runs it in a fresh module object (a re-import
# of the blank module `_mpk_module`). It also serves the modules that replace MicroPython's non-extensible built-ins
# (math, sys): those are registered when they have run, so while one loads, `import math` gives
# the built-in; the others are registered first, as the native importer does.
#
# A module the host precompiled (sandbox/precompiled.py: `<lib["mpy"]>/<file>.mpy`) is run from
# its bytecode instead of being compiled: only MicroPython's importer runs .mpy files, and it
# reads them from a file system, so the bytes are read in one go and served from memory by
# `_Mem`, mounted at `_MEM` while modules load; the importer finds them there under the module's
# own name (sys.path, or the parent package's `__path__`, points there for that import).
# The real sys from the runtime: `import sys` goes through pycompat's import hook, which may
# need a pycompat part, which this module may be loading (`run`).
from _mpk_runtime import _import as _native  # MicroPython's importer (not the runtime's hook)
from _mpk_runtime import sys

_MEM = "/_mpk_mpy"
_MPY_HEADER = b"M\x06"

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


def _open(path, mode):
    """The interpreter's own open(), MicroPython's `io.open` (the CPython shims wrap files opened
    "rb" by user code)."""
    return _native("io").open(path, mode)


def _user_module(top, lib_path):
    for entry in sys.path:
        if entry == lib_path:
            return False
        base = (entry + "/" + top) if entry else top
        try:
            _open(base + ".py", "rb").close()
            return True
        except OSError:
            pass
        try:
            _open(base, "rb").close()
        except OSError as exc:
            if exc.errno == 21:  # EISDIR: a package folder
                return True
    return False


def _run(full, lib):
    compiled = _read_mpy(full, lib)
    if compiled is not None:
        _run_mpy(full, lib, compiled)
        return
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
        source = _read(path)
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


def _read_mpy(full, lib):
    """The precompiled bytes of library module `full`, or None (then the source is compiled)."""
    where = lib.get("mpy")
    if not where:
        return None
    try:
        data = _read(where + "/" + lib["files"][full][:-3] + ".mpy")
    except OSError:
        return None
    return data if data[:2] == _MPY_HEADER else None


def _read(path):
    """The bytes of the library's file `path`, in one read of its size: `f.read()` reads 256
    bytes per host call. The library's folders are mounted read-only, so the size stays."""
    with _open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        return f.read(size)


class _Mem:
    """A read-only file system in memory (MicroPython's VFS protocol) holding the .mpy files
    being imported: `files` maps paths under the mount to bytes, `dirs` holds package folders."""

    def __init__(self):
        self.files = {}
        self.dirs = set()
        self.depth = 0

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def stat(self, path):
        data = self.files.get(path)
        if data is not None:
            return (0x8000, 0, 0, 0, 0, 0, len(data), 0, 0, 0)
        if path in self.dirs:
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)

    def open(self, path, mode):
        data = self.files.get(path)
        if data is None:
            raise OSError(2)
        return _native("io").BytesIO(data)

    def ilistdir(self, path):
        return iter(())


_mem = _Mem()


def _run_mpy(full, lib, data):
    """Run the bytecode of library module `full` through MicroPython's importer, as `_run` runs
    its source: same module name, `__file__` and `__path__`, the parent's attribute set, the
    module registered first (a shadowed built-in: after it ran, under a private name until then)."""
    rel = lib["files"][full]
    path = lib["path"] + "/" + rel
    shadowed = full in lib["shadowed"]
    name = "_mpk_mpy_" + full if shadowed else full
    _loading.append(full)
    try:
        module = _import_mpy(name, data, rel.endswith("/__init__.py"))
    finally:
        _loading.remove(full)
    space = module.__dict__
    space["__file__"] = path
    if rel.endswith("/__init__.py"):
        space["__path__"] = path[:-12]
    if shadowed:
        del sys.modules[name]
        space["__name__"] = full
        for value in space.values():
            if isinstance(value, type) and getattr(value, "__module__", None) == name:
                value.__module__ = full
        sys.modules[full] = module


def _import_mpy(name, data, package):
    """Module `name` (registered in sys.modules) run from the .mpy bytes `data` by MicroPython's
    importer, which finds them in `_mem`: through sys.path, or the parent package's `__path__`."""
    vfs = _native("vfs")
    parts = name.split(".")
    where = "/" + "/".join(parts)
    key = where + "/__init__.mpy" if package else where + ".mpy"
    parent = sys.modules[".".join(parts[:-1])] if len(parts) > 1 else None
    saved = parent.__path__ if parent is not None else None
    if _mem.depth == 0:
        vfs.mount(_mem, _MEM)
    _mem.depth += 1
    _mem.files[key] = data
    if package:
        _mem.dirs.add(where)
    if parent is None:
        sys.path.insert(0, _MEM)
    else:
        parent.__path__ = _MEM + "/" + "/".join(parts[:-1])
    try:
        _native(name)
        return sys.modules[name]
    finally:
        if parent is None:
            sys.path.remove(_MEM)
        else:
            parent.__path__ = saved
        _mem.files.pop(key, None)
        _mem.dirs.discard(where)
        _mem.depth -= 1
        if _mem.depth == 0:
            vfs.umount(_MEM)


def run(expr, ns):
    """Run a part of pycompat_lazy.py (`expr`: its header line and code, as pycompat's `get`
    has it) from the host's .mpy into the shared namespace `ns`; False if there is none.

    The host precompiles only parts that name nothing of other parts (sandbox/precompiled.py
    `closed_parts`): the .mpy's first line copies `ns` into the module's globals (with the
    `__name__` the part's classes see in `ns`: builtins'), and the part's names are copied into
    `ns` when it has run. (Only pycompat's own names of `ns` are needed, but with all of them the
    globals dict is a hash map, not an ordered one searched in order: `char_processing` 364 M
    fuel instead of 422 M.)"""
    where = sys.modules["_mpk_runtime"]._lib.get("mpy")
    first = expr[:expr.find("\n")].split()[0]
    try:
        data = _read(where + "/_mpk_part/" + first + ".mpy")
    except (OSError, TypeError):
        return False
    if data[:2] != _MPY_HEADER:
        return False
    builtins = _native("builtins")
    start = dict(ns)  # all of it: a globals dict of over 128 names is a hash map (new_dicts, ordered_growth)
    start["__name__"] = "builtins"
    name = "_mpk_part_" + first
    try:  # a part whose top level needs another part (the override, which getattr does not see)
        outer = _mpk_pcbase  # noqa: F821
    except NameError:
        outer = None
    builtins._mpk_pcbase = lambda: start
    try:
        module = _import_mpy(name, data, False)
    finally:
        if outer is None:
            del builtins._mpk_pcbase
        else:
            builtins._mpk_pcbase = outer
        sys.modules.pop(name, None)
    for key, value in module.__dict__.items():
        if not (key.startswith("__") and key.endswith("__")):
            ns[key] = value
    return True
