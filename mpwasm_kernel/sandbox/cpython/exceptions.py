"""Host-side renaming of guest errors to the exception CPython would have raised.

MicroPython raises `RuntimeError('maximum recursion depth exceeded')` from C, where CPython
raises `RecursionError`; the guest defines `RecursionError` (a `RuntimeError` subclass) but
cannot change what the C code raises, so an uncaught one is renamed here. For the OSError
subclasses the guest raises, MicroPython's traceback printer writes its own errno text; the last
traceback line is replaced by the exception's `str()`, as CPython prints it.
"""

from __future__ import annotations

from ..errors import GuestError

RECURSION_MESSAGE = "maximum recursion depth exceeded"
_OS_ERRORS = frozenset({"FileNotFoundError", "FileExistsError", "IsADirectoryError", "NotADirectoryError",
                        "PermissionError"})


def as_cpython(error: GuestError | None) -> GuestError | None:
    """Return `error` with CPython's exception name and final traceback line, where they differ."""
    if error is None:
        return None
    ename, evalue = error.ename, error.evalue
    if ename == "RuntimeError" and evalue == RECURSION_MESSAGE:
        ename = "RecursionError"
    elif ename not in _OS_ERRORS:
        return error
    traceback = list(error.traceback)
    if traceback and traceback[-1].startswith(error.ename):
        traceback[-1] = f"{ename}: {evalue}"
    return GuestError(ename, evalue, traceback)
