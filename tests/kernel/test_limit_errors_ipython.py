"""Limit errors in IPython's traceback layout, against a real IPython kernel (ipykernel's ``python3``).

A limit stop is shown like any other error: IPython's header line (``OutputLimitExceeded
Traceback (most recent call last)``), each frame where a soft stop landed with its source lines,
the message last, in every ``%xmode``. The MicroPython kernel runs first (an output limit of 100
bytes stops a printing loop softly, a low fuel limit stops a loop hard); the IPython kernel then
raises exceptions of the same names with the same messages from the same source: a ``print``
that raises at the same line, and a plain ``raise`` for the hard stop. IPython's extra frames
(the raising ``print``, the ``raise`` line) are removed before comparing, because the sandbox
stops the code where it is (and a hard stop has no frame to show); ANSI colours are removed, as
in `test_tracebacks_ipython.py` (IPython also highlights the code itself).
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LOOP = "def f(n):\n    for i in range(n):\n        print(i)\nx = 1\nf(10**6)"
#: The MicroPython kernel's cells; cells 1, 2 and 9 differ in IPython (see `_ipython_cells`).
CELLS = ["pass", "%limits output_bytes=100", LOOP, "%xmode Plain", LOOP, "%xmode Minimal", LOOP,
         "%xmode Context", "%limits reset\n%limits fuel=20000000", "x = 2\nwhile True:\n    pass", "x"]
#: (cell index, cell count of IPython's extra frame) for each compared error.
COMPARED = {2: 2, 4: 2, 6: 2, 9: 10}

_IPYTHON_SETUP = '''import builtins
class OutputLimitExceeded(Exception):
    pass
class FuelExhausted(Exception):
    pass
_real_print = builtins.print
def _limited_print(*args, **kw):
    if args and args[0] == 3:
        raise OutputLimitExceeded({output!r})
    _real_print(*args, **kw)
builtins.print = _limited_print
'''


def _ipython_cells(messages: dict[int, str]) -> list[str]:
    cells = list(CELLS)
    cells[0] = "%colors Linux"  # IPython's default theme
    cells[1] = _IPYTHON_SETUP.format(output=messages[2])
    cells[8] = "pass"
    cells[9] = f"raise FuelExhausted({messages[9]!r})"
    return cells


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> Any:
    """The cell's error, else its result text."""
    error = kernel_tools.error_of(outputs)
    result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
    return error if error is not None else result and result["content"]["data"]["text/plain"]


def _shown(error: dict, hidden_cell: int | None = None) -> tuple[str, str, list[str]]:
    entries = [ANSI.sub("", entry) for entry in error["traceback"]]
    if hidden_cell is not None:
        entries = [e for e in entries if f"Cell In[{hidden_cell}]" not in e]
    return error["ename"], error["evalue"], entries


def test_limit_errors_laid_out_as_ipython(kernel_tools: Any) -> None:
    kernel_tools.skip_without_ipykernel()
    observe = partial(_observe, kernel_tools)
    actual = kernel_tools.run_cells(kernel_tools.KERNEL, CELLS, observe)
    assert actual[2]["ename"] == "OutputLimitExceeded" and actual[9]["ename"] == "FuelExhausted"
    assert actual[10] == "1"  # the output stop kept what the cell did; the fuel stop rolled back
    expected = kernel_tools.run_cells("python3", _ipython_cells({2: actual[2]["evalue"], 9: actual[9]["evalue"]}),
                                      observe)
    assert expected[10] == "1"
    for index, hidden in COMPARED.items():
        want, got = _shown(expected[index], hidden), _shown(actual[index])
        shown = f"\n--- cell {index} ---\n--- IPython ---\n" + "\n".join(want[2]) + "\n--- mpwasm ---\n" + \
            "\n".join(got[2])
        assert got == want, shown
    # in words a student reads: the limit by name, what was kept or rolled back, no jargon
    for index, words in ((2, "kept what it did"), (9, "rolled back")):
        evalue = actual[index]["evalue"]
        assert words in evalue and "request" not in evalue, evalue
    assert "output_bytes=100" in actual[2]["evalue"] and "fuel=20000000" in actual[9]["evalue"]
