"""CPython 3.11's wording for a syntax error the guest reported.

MicroPython says `SyntaxError: invalid syntax` for nearly every mistake and has no
`IndentationError`. When the guest reports a syntax error for a source the host also has, the
host compiles that source with its own CPython (with IPython's compile flags) and, if CPython
rejects it too, reports CPython's error instead: its type (`SyntaxError`, `IndentationError`,
`TabError`), message ("Missing parentheses in call to 'print'. Did you mean print(...)?",
"unterminated string literal (detected at line 1)", "expected ':'"), line and caret (`^` under the columns
CPython marks). A source CPython accepts (syntax MicroPython lacks) keeps MicroPython's error.
"""

from __future__ import annotations

import codeop
import traceback
import warnings
from dataclasses import dataclass

MAX_CHARS = 1 << 17
# IPython compiles cells as codeop.Compile does: an unclosed bracket at the end of a cell is
# "incomplete input" ("'(' was never closed" when more lines follow).
IPYTHON_FLAGS = codeop.PyCF_DONT_IMPLY_DEDENT | codeop.PyCF_ALLOW_INCOMPLETE_INPUT


@dataclass(frozen=True)
class CPythonSyntaxError:
    ename: str
    msg: str
    lineno: int
    caret: str | None  # "    ^^^^" under the stripped source line, as CPython prints it
    column: int  # where IPython puts its one ^: the offset in the stripped source line


def cpython_syntax_error(source: str, filename: str) -> CPythonSyntaxError | None:
    """CPython's syntax error for `source`, or None if CPython compiles it (or it is too long)."""
    if len(source) > MAX_CHARS or "\0" in source:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, filename, "exec", IPYTHON_FLAGS, dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError are subclasses
        return _describe(exc, source)
    except (ValueError, MemoryError, RecursionError, OverflowError):
        return None
    return None


def _describe(exc: SyntaxError, source: str) -> CPythonSyntaxError | None:
    """Type, message, line and the caret line of CPython's own report (format_exception_only)."""
    if not exc.msg:
        return None
    caret = None
    for text in traceback.format_exception_only(type(exc), exc):
        body = text.rstrip("\n")
        if body.strip() and set(body.strip()) == {"^"}:
            caret = body
    lines = source.splitlines()
    lineno = max(exc.lineno or 1, 1)
    line = lines[lineno - 1] if lineno <= len(lines) else ""
    column = max((exc.offset or 1) - 1 - (len(line) - len(line.lstrip())), 0)
    return CPythonSyntaxError(type(exc).__name__, exc.msg, lineno, caret, column)
