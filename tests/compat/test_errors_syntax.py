"""Syntax errors as CPython 3.11 under IPython reports them: type (IndentationError, TabError),
message, line (issue 26). Differential: the host compiles the cell as IPython does (codeop's
flags) and the sandbox runs it; MicroPython alone says "invalid syntax" for all of these."""

from __future__ import annotations

import codeop
import textwrap

import pytest

from mpwasm_kernel import Sandbox

FLAGS = codeop.PyCF_DONT_IMPLY_DEDENT | codeop.PyCF_ALLOW_INCOMPLETE_INPUT

CELLS = [
    'print "hello"',
    's = "abc',
    "print((1, 2)",
    "def myfunc(*a, **k):\n    pass\nmyfunc(fruit='cherries', juice='orange', 'eggs', 'spam')",  # MicroPython: <module>
    "print((1, 2)\nx = 3",
    "def f():\nreturn 1",
    "if True:\n    x = 1\n      y = 2",
    "for i in range(3)\n    print(i)",
    "x = = 2",
    "while True print(1)",
    "def f(x):\n\tif x:\n        return 1",
    "x = [1, 2\ny = 3\n",
    "class A\n    pass",
    "print('a' 'b' c)",
    "return 5",
    "a = 1\nb = 2 +\nc = 3",
    "def f(a, a):\n    pass",  # MicroPython: "argument name reused", in the frame of f
    "x = 1\nclass C:\n    def m(self, b, *, b=1):\n        pass",
    "def f():\n    nonlocal y",  # MicroPython: in f
]


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


def cpython(cell: str) -> tuple[str, str, int]:
    try:
        compile(cell, "<cell>", "exec", FLAGS, dont_inherit=True)
    except SyntaxError as exc:
        return type(exc).__name__, exc.msg, exc.lineno or 0
    raise AssertionError("CPython compiled the cell")


@pytest.mark.parametrize("cell", CELLS)
def test_syntax_error_as_cpython(cell: str, sandbox: Sandbox) -> None:
    cell = textwrap.dedent(cell)
    sandbox.reset()
    error = sandbox.run(cell).error
    assert error is not None
    assert (error.ename, error.evalue, error.frames[-1][1]) == cpython(cell)
    assert error.traceback[-1] == f"{error.ename}: {error.evalue}"


def test_syntax_only_micropython_rejects_keeps_its_error(sandbox: Sandbox) -> None:
    """A cell CPython compiles but MicroPython cannot keep MicroPython's report (nothing to map)."""
    sandbox.reset()
    cell = "try:\n    pass\nexcept* ValueError:\n    pass"  # CPython 3.11 accepts except*, this build does not
    error = sandbox.run(cell).error
    assert error is not None and error.ename == "SyntaxError"
    compile(cell, "<cell>", "exec", FLAGS, dont_inherit=True)
