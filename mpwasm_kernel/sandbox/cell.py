"""Split a cell into the statements to execute and a trailing expression to display.

MicroPython has no `ast`, so the split happens on the host with CPython's parser. Both parts
keep the cell's line numbers: the expression is prefixed with backslash-continued empty lines
(MicroPython's "eval" mode rejects leading blank lines) so an error in it reports the cell's line.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass

from .cpython.tstrings import parse

#: Larger cells skip the host-side split (CPython's `ast`, outside the guest's limits): body only.
SPLIT_MAX_CHARS = 1 << 17


def leading_indent(source: str) -> str:
    """IPython's ``leading_indent`` clean-up (`textwrap.dedent`): the indentation common to every
    line is removed (a method pasted on its own, a ``%%magic`` body copied from a class), and
    lines of only spaces become empty, as IPython runs a cell. Line numbers stay."""
    if not source[:1].isspace() and "\n " not in source and "\n\t" not in source:
        return source
    return textwrap.dedent(source)


@dataclass(frozen=True)
class SplitCell:
    body: str
    expr: str  # "" when the cell does not end in an expression statement


def split_cell(source: str) -> SplitCell:
    """Return the body and trailing expression of `source`.

    Source that CPython cannot parse (MicroPython-only syntax, or a real syntax error) is
    returned whole as the body, so MicroPython reports its own `SyntaxError`; t-strings, which
    CPython 3.11 cannot parse, are parsed through `cpython.tstrings.parse`.
    """
    try:
        tree = parse(source)  # t-strings too (cpython/tstrings.py)
    except Exception:  # SyntaxError, but also MemoryError/RecursionError on deeply nested text
        return SplitCell(source, "")
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return SplitCell(source, "")
    last = tree.body[-1]
    if last.end_lineno is None or last.end_col_offset is None:
        return SplitCell(source, "")
    lines = source.splitlines(keepends=True)
    start_line, start_col = last.lineno - 1, last.col_offset
    end_line, end_col = last.end_lineno - 1, last.end_col_offset
    # Offsets are in UTF-8 bytes; slice the encoded lines.
    encoded = [line.encode("utf-8", "surrogatepass") for line in lines]
    head = b"".join(encoded[:start_line]) + encoded[start_line][:start_col]
    if start_line == end_line:
        expr = encoded[start_line][start_col:end_col]
    else:
        expr = encoded[start_line][start_col:] + b"".join(encoded[start_line + 1:end_line]) + \
            encoded[end_line][:end_col]
    body = head.decode("utf-8", "surrogatepass")
    if not body.strip():
        body = ""
    padding = "\\\n" * start_line
    return SplitCell(body, padding + expr.decode("utf-8", "surrogatepass"))
