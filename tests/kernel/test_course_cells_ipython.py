"""Cells of a course that pastes methods on their own (Think Python's ``%%add_method_to``),
against a real IPython kernel (ipykernel's ``python3``).

IPython removes the indentation of a cell whose first line is indented (its ``leading_indent``
clean-up), for a cell typed by the user and for ``get_ipython().run_cell``; a ``!cmd`` line in an
indented block is a call that runs only with its branch; a typographic quote
in code is CPython's "invalid character" SyntaxError. Each cell's status, error name and message
and stdout must be equal in both kernels; nothing is a hand-written expected output.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

IPYTHON_FILE = re.compile(r" \(\d+\.py, line \d+\)$")  # IPython's SyntaxError evalue suffix

HELPER = '''
from IPython.core.magic import register_cell_magic
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

@register_cell_magic
def add_method_to(args, cell):
    namespace = get_ipython().user_ns
    name = cell.split("def ", 1)[1].split("(", 1)[0].strip()
    get_ipython().run_cell(cell)
    setattr(namespace[args], name, namespace.pop(name))

@magic_arguments()
@argument('exception', help='Type of exception to catch')
@register_cell_magic
def expect(line, cell):
    args = parse_argstring(expect, line)
    exception = eval(args.exception)
    try:
        get_ipython().run_cell(cell)
    except exception as e:
        get_ipython().run_cell("%tb")

class Time:
    def __init__(self, hour, minute):
        self.hour, self.minute = hour, minute
'''

CELLS = [
    HELPER,
    "%%add_method_to Time\n\n    def to_minutes(self):\n        return self.hour * 60 + self.minute\n",
    "print(Time(1, 30).to_minutes())",
    "    def double(x):\n        return 2 * x\n\n    print(double(21))",
    "\n  x = 5\n  if x:\n      print('five')\n",
    "    y = 1\nprint(y)",  # a later line less indented than the first: IndentationError in both
    "get_ipython().run_cell('    z = 3\\n    print(z * 2)')",
    # a shell escape / magic in a branch that does not run (the file is there): nothing happens
    "import os\nopen('pg345.txt', 'w').close()\nif not os.path.exists('pg345.txt'):\n    !wget https://x.invalid/pg345.txt\n"
    "    %ls\nprint('done')",
    "‘Hello’",
    "x = 1\nprint(“x”)",
    "%%expect SyntaxError\n\n‘Hello’",  # run_cell's syntax errors in CPython's words
    "%%expect SyntaxError\n\n76trombones = 'big parade'",
    "%%expect IndentationError\nif True:\nprint(1)",
]


def _observe(kernel_tools: Any, reply: dict, outputs: list[dict]) -> tuple:
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    return (reply["content"]["status"], [(e["ename"], IPYTHON_FILE.sub("", e["evalue"])) for e in errors],
            kernel_tools.stdout_of(outputs))


def test_indented_cells_and_invalid_characters_as_ipython(kernel_tools: Any, tmp_path: Path) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, partial(_observe, kernel_tools), tmp_path=tmp_path)
    # the cells test what they say
    assert expected[2][2] == "90\n" and expected[8][1][0][0] == "SyntaxError" and expected[7][2] == "done\n"
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
