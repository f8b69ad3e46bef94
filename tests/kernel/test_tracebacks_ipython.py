"""Error layout in the kernel against a real IPython kernel (ipykernel's ``python3``).

The same cells run, in the same order, in a fresh ``python3`` kernel and a fresh MicroPython
kernel; the ``error`` messages must have the same ``ename``, ``evalue`` and — ANSI colour codes
removed — the same traceback text, in each ``%xmode``. IPython also highlights the code itself,
which this kernel does not; with the colour codes removed the text is the same.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SYNTAX_FILE = re.compile(r" \(\d+\.py, line \d+\)$")

SESSION = [
    "def f(x):\n    y = x + 1\n    return y / 0\n",
    "a = 1\nf(a)",
    "scores = [90, 85]\nfor i in range(3):\n    print(scores[i])",
    "def outer():\n    return inner()\n\ndef inner():\n    return {}['key']\n",
    "outer()",
    "\n".join(f"a{i} = {i}" for i in range(1, 8)) + "\nb = a1 / 0\n" + "\n".join(f"c{i} = {i}" for i in range(1, 5)),
    "x = 1\n\n\nundefined_thing",
    # issue 26: CPython's syntax-error wording, type, line and caret
    'print "hi"', 's = "abc', "print((1, 2)", "def g():\nreturn 1", "if True:\n    x = 1\n      y = 2",
    "for i in range(3)\n  print(i)",
    "%xmode Plain",
    "a = 1\nf(a)",
    "outer()",
    "%xmode Minimal",
    "f(1)",
    "%xmode Context",
    "print('a' + 1)",
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple[str, str, str] | None:
    error = kernel_tools.error_of(outputs)
    if error is None:
        return None
    text = ANSI.sub("", "\n".join(error["traceback"]))
    # IPython's SyntaxError evalue names its temporary file: "msg (357452326.py, line 1)"
    return error["ename"], SYNTAX_FILE.sub("", error["evalue"]), text


def test_errors_laid_out_as_ipython(kernel_tools: Any) -> None:
    # one cell first in each kernel (IPython's default colour theme there), so the cells' numbers match
    expected, actual = kernel_tools.against_ipython(["pass", *SESSION], partial(_observe, kernel_tools),
                                                    ipython_cells=["%colors Linux", *SESSION])
    for code, want, got in zip(SESSION, expected[1:], actual[1:], strict=True):
        shown = f"\n--- cell ---\n{code}\n--- IPython ---\n{want and want[2]}\n--- mpwasm ---\n{got and got[2]}"
        assert got == want, shown


SKIP_LINE = re.compile(r"\n    \[\.\.\. skipping similar frames: f at line 2 \((\d+) times\)\]\n")


def test_recursion_collapsed_around_ipythons_frames(kernel_tools: Any) -> None:
    # IPython 9 prints every one of the ~1000 repeated frames, IPython 8 collapsed them; this
    # kernel shows IPython's text for the outermost frame and the first three repeated ones, then
    # IPython 8's "[... skipping similar frames: ...]" line, then IPython's exception line
    cells = ["pass", "def f(n):\n    return f(n + 1)\nf(0)"]
    expected, actual = kernel_tools.against_ipython(cells, partial(_observe, kernel_tools),
                                                    ipython_cells=["%colors Linux", *cells[1:]])
    (want_name, want_value, want), (got_name, got_value, got) = expected[1], actual[1]
    assert (got_name, got_value) == (want_name, want_value) == ("RecursionError", "maximum recursion depth exceeded")
    skip = SKIP_LINE.search(got)
    assert skip is not None and int(skip[1]) > 900, got
    head, tail = got[:skip.start()], got[skip.end():]
    assert want.startswith(head + "\n") and want.endswith(tail) and want.count("return f(n + 1)") > 900
