"""Parse cells that use t-strings (`t"..."`, PEP 750) with the host's CPython 3.11 parser.

The interpreter (MicroPython 1.29) runs t-strings; CPython before 3.14 cannot parse them, so
the host's cell split and source pass would treat the whole cell as unparseable (no `Out[...]`,
no rewrites). `parse(source)` parses `source` as it is and, only if that fails and the source
has t-string prefixes, parses a *masked* copy in which each t-string prefix is replaced by the
f-string prefix of the same length (`t` → `f`, `tr` → `fr`, ...). Positions are unchanged,
so nodes' offsets index the original text; a t-string appears in the tree as a `JoinedStr`.

What is lost: nothing inside a t-string is rewritten (the source pass never descends into
f-strings either); a t-string using syntax 3.11's f-strings reject (the same quote nested,
backslashes or comments in a replacement field) still fails to parse, and the cell then runs
unsplit and unrewritten, as before.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

_PREFIXES = frozenset({"t", "tr", "rt"})
_PREFIX_TEXT = re.compile(r"(?<![\w'\"])(?:[tT][rR]?|[rR][tT])['\"]")


def may_have_tstrings(source: str) -> bool:
    """A quick check: is there a `t` / `tr` / `rt` right before a quote, not inside a word?"""
    return _PREFIX_TEXT.search(source) is not None


def parse(source: str) -> ast.Module:
    """`ast.parse(source)`, falling back to the t-string mask; raises SyntaxError like it."""
    try:
        return ast.parse(source)
    except SyntaxError:
        masked = mask(source)
        if masked is None:
            raise
        return ast.parse(masked)


def mask(source: str) -> str | None:
    """`source` with t-string prefixes turned into f-string prefixes; None if it has none."""
    if not may_have_tstrings(source):
        return None
    lines = io.StringIO(source).readlines()  # the lines tokenize sees (split at \n only)
    edits: list[tuple[int, int]] = []  # (line index, column) of each prefix's `t`
    previous = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING and previous is not None and previous.type == tokenize.NAME \
                    and previous.end == tok.start and previous.string.lower() in _PREFIXES:
                row, col = previous.start
                edits.append((row - 1, col + previous.string.lower().index("t")))
            previous = tok
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    if not edits:
        return None
    for row, col in edits:
        line = lines[row]
        lines[row] = line[:col] + ("F" if line[col] == "T" else "f") + line[col + 1:]
    return "".join(lines)
