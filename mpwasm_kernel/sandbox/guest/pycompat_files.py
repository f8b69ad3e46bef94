# Guest side, compiled on first use only: files opened for writing only. A part of the lazily compiled
# CPython shims: the host appends this file to pycompat_lazy.py (PYCOMPAT_LAZY in
# guest_layout.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - `sys` is provided by the shims' namespace

# @part oneway
# MicroPython's native file opened for writing raises OSError EBADF on read(), readline(),
# readlines() and iteration; CPython raises io.UnsupportedOperation ("not readable" for a text
# file, "read" for a binary one), which `except io.UnsupportedOperation` catches. The builtin
# open() (pycompat.py) wraps a file opened "w", "a" or "x" (without "+") in a `OneWay`: `write` is
# the native bound method itself (set on the instance, so a write in a loop costs what it cost),
# the reads raise, and every other attribute (close, seek, tell, flush, ...) is the native file's.
# print(file=...) unwraps it (`_mpk_raw`): MicroPython's print writes to native streams only.
# Files opened "rb" are wrapped in an `InOnly` (CPython's BufferedReader): read, readinto, seek
# and tell are the native bound methods, write raises io.UnsupportedOperation("write").
class OneWay:
    _binary = False  # True in BufferedWriter

    def __init__(self, f, name, mode):
        self.write = f.write  # first: the instance's attributes are searched in order
        self._mpk_raw, self.name, self.mode = f, name, mode

    def _refuse(self, *args):
        io = get("module")(sys.modules.get("io") or __import__("io"))  # with UnsupportedOperation
        raise io.UnsupportedOperation("read" if self._binary else "not readable")

    read = readline = readlines = readinto = __iter__ = __next__ = _refuse

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def readable(self):
        return False

    def writable(self):
        return True

    def __getattr__(self, name):
        return getattr(self._mpk_raw, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._mpk_raw.close()

    def __repr__(self):
        if self._binary:
            return "<_io.BufferedWriter name=%r>" % (self.name,)
        return "<_io.TextIOWrapper name=%r mode=%r encoding='UTF-8'>" % (self.name, self.mode)


# Named as CPython's classes are (type(f).__name__, print(type(f))); not top-level names of this
# part: the "open" part's read-only TextIOWrapper shares the shims' namespace.
_kinds = {key: type(name, (OneWay,), {"__module__": "_io", "__qualname__": name, "_binary": key == "b"})
          for key, name in (("b", "BufferedWriter"), ("t", "TextIOWrapper"))}


def oneway(f, name, mode):
    """`f`, a native file opened "w", "a" or "x" (without "+"), or "rb", wrapped; with `f` None,
    mode "x" (exclusive creation, which MicroPython's open() lacks, pycompat.py opens the file
    "w"): CPython's FileExistsError when `name` exists."""
    if f is None:
        return _exclusive(name)
    if "r" in mode:
        return InOnly(f, name, mode)
    return _kinds["b" if "b" in mode else "t"](f, name, mode)


def _unsupported(text):
    io = get("module")(sys.modules.get("io") or __import__("io"))  # with UnsupportedOperation
    return io.UnsupportedOperation(text)


class InOnly(OneWay):
    """A native file opened "rb": CPython's BufferedReader (write raises "write")."""

    def __init__(self, f, name, mode):
        self.read, self.readinto, self.seek, self.tell = f.read, f.readinto, f.seek, f.tell
        self._mpk_raw, self.name, self.mode = f, name, mode

    def write(self, *args):
        raise _unsupported("write")

    writelines = write

    def readable(self):
        return True

    def writable(self):
        return False

    def readline(self, *args):
        return self._mpk_raw.readline(*args)

    def readlines(self, *args):
        return self._mpk_raw.readlines(*args)

    def __iter__(self):
        return iter(self._mpk_raw)

    def __next__(self):
        return next(self._mpk_raw)

    def __repr__(self):
        return "<_io.BufferedReader name=%r>" % (self.name,)


InOnly = type("BufferedReader", (InOnly,), {"__module__": "_io", "__qualname__": "BufferedReader"})



def _exclusive(file):
    import os

    try:
        os.stat(file)
    except OSError:
        return
    err = FileExistsError(17, "File exists")
    err.filename = file
    raise err
