"""Error messages in IPython's layout and colours, per ``%xmode``.

The sandbox gives each guest error its frames (``GuestError.frames``) and keeps the source of
every cell (`SourceRegistry`); this module lays them out as IPython 8/9 does in Jupyter:

- ``Context`` (default) and ``Verbose``: a red rule, ``ZeroDivisionError  Traceback (most recent
  call last)``, then per frame ``Cell In[3], line 2, in f(x)`` and up to 4 lines before / 3
  after the failing line (within the function), the failing line marked ``---->``;
- ``Plain``: ``Traceback (most recent call last):`` with one source line per frame;
- ``Minimal``: only ``ZeroDivisionError: division by zero``.

``Verbose`` is accepted and shows what ``Context`` shows (MicroPython keeps no frame locals).
Colours are IPython's ANSI codes for its default theme; the code itself is not highlighted.
A recursion's repeated frame is shown three times, then (``Context``) IPython 8's
``[... skipping similar frames: f at line 2 (N times)]``; IPython 9 prints every frame.
Limit stops (``TimeLimitExceeded``, ``FuelExhausted``, ...) take the same layout: the frames where
a soft stop landed (the guest reported them), or only the header and the message for a hard stop
(no frame to show). Other errors without frames (host failures) keep their text.
"""

from __future__ import annotations

import re

from ..sandbox.cpython.syntax import CPythonSyntaxError, cpython_syntax_error
from ..sandbox.cpython.tracebacks import SourceRegistry, frame_scope, parse_frames
from ..sandbox.errors import LIMIT_ERRORS, GuestError

XMODES = ("Plain", "Context", "Verbose", "Minimal")  # IPython's order (%xmode cycles through it)
CONTEXT_BEFORE = 4
CONTEXT_AFTER = 3
RULE_WIDTH = 75
TITLE = "Traceback (most recent call last)"

RED, GREEN, CYAN, BLUE, MAGENTA, LIGHT_GREEN, RESET = (
    "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[34m", "\x1b[35m", "\x1b[92m", "\x1b[39m"
)
_CELL_RE = re.compile(r"<cell-(\d+)>")


def _paint(color: str, text: str) -> str:
    return f"{color}{text}{RESET}"


def _location(filename: str, lineno: int) -> tuple[str, str]:
    """("Cell", "In[3], line 2") for a cell, ("File", "/path.py:2") for a file."""
    match = _CELL_RE.fullmatch(filename)
    if match:
        return "Cell", f"In[{match[1]}], line {lineno}"
    return "File", f"{filename}:{lineno}"


def _numbered(lineno: int, text: str, current: bool) -> str:
    number = str(lineno)
    if current:
        arrow = "-" * max(7 - len(number) - 2, 0) + "> "
        return f"{_paint(GREEN, arrow)}{_paint(GREEN, number)} {text}"
    return f"{_paint(GREEN, number.rjust(7))} {text}"


def _context_frame(registry: SourceRegistry, frame: tuple[str, int, str]) -> str:
    filename, lineno, name = frame
    kind, where = _location(filename, lineno)
    if kind == "Cell":
        head = f"{_paint(CYAN, 'Cell')}{_paint(CYAN, ' ')}{_paint(GREEN, where.split(',')[0])}" \
               f"{_paint(GREEN, ',' + where.split(',', 1)[1])}"
    else:
        head = f"{_paint(CYAN, 'File')}{_paint(CYAN, ' ')}{_paint(GREEN, where)}"
    scope = frame_scope(registry, filename, lineno, name)
    if name and not name.startswith("<"):
        signature = scope.signature if scope is not None and scope.signature else "(...)"
        head += f", in {_paint(CYAN, name)}{_paint(BLUE, signature)}"
    lines = registry.lines(filename)
    body = []
    if lines is not None and scope is not None and 1 <= lineno <= len(lines):
        first = max(scope.first, lineno - CONTEXT_BEFORE, 1)
        last = min(scope.last, lineno + CONTEXT_AFTER, len(lines))
        body = [_numbered(n, lines[n - 1], n == lineno) for n in range(first, last + 1)]
    return "\n".join([head, *body]) + "\n"


def _plain_frame(registry: SourceRegistry, frame: tuple[str, int, str], first: bool) -> str:
    filename, lineno, name = frame
    kind, where = _location(filename, lineno)
    where_text = f"{kind} {_paint(LIGHT_GREEN, where)}" if first else \
        f"{_paint(CYAN, '  ')}{_paint(CYAN, kind)}{_paint(CYAN, ' ')}{_paint(GREEN, where)}"
    if first:
        where_text = "  " + where_text
    if name and not name.startswith("<"):
        where_text += f"{_paint(CYAN, ' in ')}{_paint(MAGENTA, name)}"
    text = registry.line(filename, lineno)
    if text is None or not text.strip():
        return where_text + "\n"
    code = f"    {text.strip()}" if first else f"{_paint(RED, '    ')}{_paint(RED, text.strip())}"
    return f"{where_text}\n{code}\n"


_REPEATED_RE = re.compile(r"  \[Previous line repeated (\d+) more times\]")


def _repeats(traceback: tuple[str, ...] | list[str]) -> dict[int, int]:
    """Frame index -> how many more times it repeated, from the CPython-style text (the sandbox
    keeps a recursion's first three frames and writes CPython's "[Previous line repeated N more
    times]" after them)."""
    found: dict[int, int] = {}
    index = -1
    for line in traceback:
        if line.startswith('  File "'):
            index += 1
        elif (match := _REPEATED_RE.fullmatch(line.rstrip())) and index >= 0:
            found[index] = int(match[1])
    return found


def _exception_line(ename: str, evalue: str, plain_colon: bool) -> str:
    if not evalue:
        return _paint(RED, ename)
    colon = ":" if plain_colon else _paint(RED, ":")
    return f"{_paint(RED, ename)}{colon} {evalue}"


def _syntax_error(registry: SourceRegistry, filename: str) -> CPythonSyntaxError | None:
    lines = registry.lines(filename)
    return cpython_syntax_error("\n".join(lines), filename) if lines is not None else None


def render(error: GuestError, registry: SourceRegistry, mode: str = "Context") -> list[str]:
    """The ``traceback`` list of a Jupyter ``error`` message for ``error`` in ``%xmode`` ``mode``."""
    frames = list(error.frames)
    limit = error.ename in LIMIT_ERRORS
    if limit and not frames:  # a soft stop carries the guest's frames as text
        frames = [frame for frame in parse_frames(list(error.traceback)) if not frame[0].startswith("<mpk:")]
    if not frames and not limit:
        return list(error.traceback)
    syntax = error.ename in ("SyntaxError", "IndentationError", "TabError") and bool(frames) and not frames[-1][2]
    if mode == "Minimal" and not syntax:  # IPython shows a syntax error's place in every mode
        return [_exception_line(error.ename, error.evalue, False) + "\n"]
    if mode == "Plain" and not frames:  # a hard stop: nothing but its message
        return [_exception_line(error.ename, error.evalue, False) + "\n"]
    if mode == "Plain" or syntax:
        out = [] if syntax else [f"Traceback {_paint(CYAN, '(most recent call last)')}:\n"]
        out += [_plain_frame(registry, frame, index == 0 or syntax) for index, frame in enumerate(frames)]
        found = _syntax_error(registry, frames[-1][0]) if syntax else None
        if found is not None and found.lineno == frames[-1][1] and out and out[-1].count("\n") == 2:
            out[-1] += " " * (4 + found.column) + "^"  # IPython's one ^ at CPython's offset
        out.append(_exception_line(error.ename, error.evalue, False) + "\n")
        return out
    padding = " " * max(RULE_WIDTH - len(error.ename) - len(TITLE), 1)
    out = [_paint(RED, "-" * RULE_WIDTH), f"{_paint(RED, error.ename)}{padding}{TITLE}"]
    repeats = _repeats(error.traceback) if len(frames) == len(error.frames) else {}
    for index, frame in enumerate(frames):
        out.append(_context_frame(registry, frame))
        if index in repeats:  # recursion: the rest of the run as IPython 8 collapses it
            out.append(f"    {_paint(RED, '[... skipping similar frames: ')}{frame[2]} at line {frame[1]} "
                       f"({repeats[index]} times){_paint(RED, ']')}\n")
    out.append(_exception_line(error.ename, error.evalue, True))
    return out
