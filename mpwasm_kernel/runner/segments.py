"""A cell split into the pieces that run in order: Python, line magics, a cell magic; help requests.

A cell is split into segments (`split_cell`): plain Python, line magics (``%name args``, ``!cmd``)
and a cell magic (``%%name args`` on the first line, the rest is its body). ``obj?`` and friends
are recognised as help requests (`parse_help_request`). Parsing only: nothing here runs code.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Literal

from ..sandbox.cell import SPLIT_MAX_CHARS

__all__ = ["Segment", "UsageError", "automagic_line", "parse_help_request", "split_cell", "trailing_help_request"]


class UsageError(Exception):
    """A magic was used wrongly or is not available; shown in the cell as ``UsageError``."""


@dataclass(frozen=True)
class Segment:
    """One piece of a cell, in execution order.

    ``kind`` is ``"python"`` (``source`` is padded with newlines so line numbers match the cell),
    ``"line"`` (``name`` without ``%``, or ``"!"`` for a shell escape; ``args``) or ``"cell"``
    (``name``, ``args`` from the first line, ``source`` is the padded body).
    """

    kind: Literal["python", "line", "cell"]
    source: str = ""
    name: str = ""
    args: str = ""
    lineno: int = 1


_HELP_MAX_CHARS = 4096
_HELP_RE = re.compile(r"^\s*(?P<pre>\?{1,2})?(?P<name>%{0,2}[A-Za-z_][\w.]*)(?P<post>\?{1,2})?\s*$")


_AUTOMAGIC_RE = re.compile(r"^(?P<name>[\w.]+)(?P<rest>.*)$", re.DOTALL)


def automagic_line(code: str) -> Segment | None:
    """A one-line cell that IPython's automagic could run as a line magic: ``pwd``, ``cd data``,
    ``ls``: the first word and the rest of the line, as a ``line`` segment (the caller checks that
    the word is a line magic and that no variable shadows it).

    As IPython: only a cell of one line (IPython prefilters single-line cells only), a word that is
    not dotted, and not followed by ``=`` or ``,`` (IPython's assignment check: ``ls = 1``,
    ``cd, x = ...``, also ``cd == 1``, stay Python).
    """
    if len(code) > _HELP_MAX_CHARS or len(code.strip().splitlines()) != 1:
        return None
    lines = code.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip())
    match = _AUTOMAGIC_RE.match(lines[index].strip())
    if match is None or "." in match["name"] or not match["name"].isidentifier():
        return None
    rest = match["rest"].strip()
    if rest[:1] in ("=", ","):
        return None
    return Segment("line", name=match["name"], args=rest, lineno=index + 1)


def parse_help_request(code: str) -> tuple[str, int] | None:
    """Recognise ``obj?``, ``obj??``, ``?obj`` and ``??obj`` (also ``%magic?``) as a whole cell.

    Returns ``(name, detail_level)`` (detail 1 for ``??``) or None when the cell is not a help
    request. The object name may be dotted.
    """
    if len(code) > _HELP_MAX_CHARS:  # a help request is one name: long cells are not, skip them cheaply
        return None
    match = _HELP_RE.match(code)
    if not match or not (match["pre"] or match["post"]):
        return None
    marks = max(len(match["pre"] or ""), len(match["post"] or ""))
    return match["name"], marks - 1


def trailing_help_request(code: str) -> tuple[str, str, int] | None:
    """A cell of several lines whose last one is ``obj?`` / ``obj??`` (not indented): IPython's
    help-end transformer makes that line a help call that runs after the lines before it (and
    the cell shows no result). ``(the code before it, name, detail_level)``, else None."""
    if len(code) > SPLIT_MAX_CHARS:
        return None
    lines = code.rstrip().splitlines(keepends=True)
    if len(lines) < 2 or lines[-1][:1] in (" ", "\t"):
        return None
    match = _HELP_RE.match(lines[-1])
    if match is None or not match["post"] or match["pre"]:
        return None
    return "".join(lines[:-1]), match["name"], len(match["post"]) - 1


def _is_escape_line(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("%") or (stripped.startswith("!") and not stripped.startswith("!="))


def _split_magic(text: str) -> tuple[str, str]:
    """``"time x = 1"`` → ``("time", "x = 1")``."""
    name, _, args = text.strip().partition(" ")
    return name, args.strip()


def _escape_as_call(line: str) -> str:
    """An escape line inside an indented block as IPython writes it in Python: ``!cmd`` →
    ``get_ipython().system('cmd')``, ``%name args`` → ``get_ipython().run_line_magic('name', 'args')``
    (it runs only if that branch runs: ``if not exists(f): !wget ...``)."""
    body = line.rstrip("\r\n")
    indent = body[: len(body) - len(body.lstrip())]
    text = body.strip()
    if text.startswith("!"):
        call = f"get_ipython().system({text[1:].strip()!r})"
    else:
        name, args = _split_magic(text.lstrip("%"))
        call = f"get_ipython().run_line_magic({name!r}, {args!r})"
    return indent + call + line[len(body):]


def split_cell(code: str) -> list[Segment]:
    """Split a cell into Python and magic segments, keeping the cell's line numbers.

    A first (non-blank) line starting with ``%%`` makes the whole cell a cell magic. Otherwise
    lines starting with ``%`` or ``!`` are line magics, but only when the cell is not already valid
    Python (a ``%`` line can be the continuation of an expression). A magic line inside an
    indented block becomes the call IPython makes of it (`_escape_as_call`): it runs in the guest,
    where only magics registered by guest code exist and a shell command says there is no shell.

    A cell longer than `SPLIT_MAX_CHARS` (sandbox/cell.py) is not parsed on the host at all: CPython's
    parser runs outside the sandbox's limits (a multi-megabyte cell would cost seconds of host CPU
    and a lot of memory). Such a cell is one plain Python segment, except that a leading ``%%``
    cell magic still applies; ``%``/``!`` lines in it are not special (the guest then reports them
    as a SyntaxError).
    """
    lines = code.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [Segment("python", code)]
    if lines[first].lstrip().startswith("%%"):
        name, args = _split_magic(lines[first].lstrip()[2:])
        body = "\n" * (first + 1) + "".join(lines[first + 1 :])
        return [Segment("cell", body, name=name, args=args, lineno=first + 1)]
    if len(code) > SPLIT_MAX_CHARS or not any(_is_escape_line(line) for line in lines):
        return [Segment("python", code)]
    try:
        ast.parse(code)
    except Exception:  # SyntaxError, or MemoryError/RecursionError from deeply nested text
        pass
    else:
        return [Segment("python", code)]

    lines = [_escape_as_call(line) if line[:1] in (" ", "\t") and _is_escape_line(line) else line
             for line in lines]
    segments: list[Segment] = []
    chunk_start = 0
    chunk: list[str] = []

    def flush() -> None:
        if any(part.strip() for part in chunk):
            segments.append(Segment("python", "\n" * chunk_start + "".join(chunk), lineno=chunk_start + 1))

    for index, line in enumerate(lines):
        if not _is_escape_line(line):
            chunk.append(line)
            continue
        flush()
        chunk, chunk_start = [], index + 1
        text = line.strip()
        if text.startswith("!"):
            segments.append(Segment("line", name="!", args=text[1:].strip(), lineno=index + 1))
        else:
            name, args = _split_magic(text.lstrip("%"))
            segments.append(Segment("line", name=name, args=args, lineno=index + 1))
    flush()
    return segments
