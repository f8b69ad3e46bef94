"""Course magics built with `IPython.core.magic_arguments`, `get_ipython().run_cell` and automagic
of guest-registered magics, against a real IPython kernel (ipykernel's ``python3``).

The same cells run in a ``python3`` kernel and a MicroPython kernel. Each cell's status, error
name and message, stdout and error text (``%xmode Minimal``: the last line only) must be equal
once IPython's colours are removed. Nothing is a hand-written expected output.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;]*m")
IPYTHON_FILE = re.compile(r" \(\d+\.py, line \d+\)$")  # IPython's SyntaxError evalue suffix
CELL_NAME = re.compile(r"Cell In\[\d+\], line")  # IPython numbers its cells; the kernel's may differ

HELPER = '''
from IPython.core.magic import register_cell_magic, register_line_magic
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
import contextlib, io

@magic_arguments()
@argument("exception", help="Type of exception to catch")
@register_cell_magic
def expect(line, cell):
    args = parse_argstring(expect, line)
    exception = eval(args.exception)
    try:
        get_ipython().run_cell(cell)
    except exception as e:
        get_ipython().run_cell("%tb")

@magic_arguments()
@argument("-n", "--count", type=int, default=1, help="times")
@argument("--loud", action="store_true")
@argument("words", nargs="*")
@register_line_magic
def say(line):
    args = parse_argstring(say, line)
    text = " ".join(args.words) * args.count
    print(text.upper() if args.loud else text, args.count, args.loud)

with contextlib.redirect_stdout(io.StringIO()):
    get_ipython().run_cell("%xmode Minimal")
'''

CELLS = [
    HELPER,
    "%%expect ZeroDivisionError\nx = 1\n1/0",
    "print(x)",
    "%%expect NameError\nprint(undefined_name)",
    "%%expect TypeError\n'a' + 1",
    "%say -n 2 --loud hi 'there you'",
    "say hello world",  # the function `say` shadows the magic: Python (a SyntaxError), as in IPython
    "%say -n x",  # a bad value: UsageError
    "%say --nope",
    "get_ipython().run_cell('y = 6 * 7')\nprint(y)",
    "def _shout(line):\n    print(line.upper())\nget_ipython().register_magic_function(_shout, 'line', 'shout')",
    "shout hello there",  # automagic of a guest-registered magic (no variable `shout`)
    "shout = 1\nprint(shout)",
    "shout + 1",
    "int('x')",  # an error after %xmode Minimal: the last line only
    "name = input('Your name? ')",  # no stdin in these requests: IPython's StdinNotImplementedError
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    stderr = "".join(m["content"]["text"] for m in outputs
                     if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    return (reply["content"]["status"], [(e["ename"], IPYTHON_FILE.sub("", e["evalue"])) for e in errors],
            kernel_tools.stdout_of(outputs), ANSI.sub("", stderr),
            [CELL_NAME.sub("Cell, line", ANSI.sub("", "\n".join(e["traceback"])))
             for e in errors if e["ename"] != "UsageError"])


def test_course_magics_as_ipython(kernel_tools: Any) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools))
    assert expected[1][1] == [("ZeroDivisionError", "division by zero")]  # the cells test what they say
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
