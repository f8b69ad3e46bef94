"""Errors as CPython shows them: the same cell on the host's CPython and in the sandbox.

For each cell the uncaught exception's type name and message must be equal (what the user sees:
`RunResult.error`), and the traceback must list the same frames with the same source line under
each (CPython's own `traceback` module renders the expected text; its 3.11+ caret lines are
dropped, MicroPython has no column information). No expected output is written by hand.
"""

from __future__ import annotations

import errno
import linecache
import os
import re
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpwasm_kernel.sandbox import Sandbox
from mpwasm_kernel.sandbox.limits import Limits

# Teaching-style cells ending in an error whose CPython message MicroPython can match.
CELLS = [
    "dogs = ['beagle', 'boxer']\ndogs.index('poodle')",
    "int(float('inf'))",
    "price = float('12,50')",
    "if float('abc') > 1:\n    pass",
    "big = float('nan')\nint(big)",
    "'%s and %s' % ('tea',)",
    "'%s' % (1, 2)",
    "'{0:d}'.format('x')",
    "'{:d}'.format(2.5)",
    "int(None)",
    "answer = None\ntotal = int(answer) + 1",
    "float([1])",
    "nums = [1]\nnums[1] = 3",
    "nums = [1]\ndel nums[5]",
    "[3, 1, 2].index(7)",
    "t = (7, 3)\ndivmod(t)",
    "import math\nmath.pow(2)",
    "import math\nmath.sqrt('123')",
    "float('123.0', 2)",
    "fruit = 'banana'\nfruit[1.5]",
    "{[1, 2]: 'list key'}",
    "hash([1])",
    "print(total)",
    "age = 30\nprint('Age: ' + age)",
    "count = 1\ncount + 'a'",
    "scores = [90, 85]\nscores[5]",
    "point = (1, 2)\npoint[2]",
    "word = 'abc'\nword[10]",
    "ages = {'ann': 30}\nages['bob']",
    "ages = {1: 'one'}\nages[2]",
    "1 / 0",
    "total = 10\ncount = 0\naverage = total / count",
    "7 // 0",
    "7 % 0",
    "int('abc')",
    "int('3.5')",
    "value = None\nvalue.upper()",
    "n = 5\nn.append(1)",
    "'abc'.foo()",
    "len(5)",
    "[].pop()",
    "{}.popitem()",
    "items = [1]\nitems.remove(5)",
    "import no_such_module_here",
    "def area(w, h):\n    return w * h\narea(1, 2, 3)",
    "def greet(name):\n    return 'hi ' + name\ngreet('a', 'b')",
    "def f(a):\n    pass\nf(b=1)",
    "None()",
    "x = 10\nx()",
    "a, b = [1, 2, 3]",
    "sum(['a', 'b'])",
    "'abc' * 'd'",
    "[1] * 2.5",
    "[1] + 'a'",
    "(1,) + [2]",
    "1 < 'a'",
    "abs('x')",
    "-'x'",
    "iter(5)",
    "count = 0\ndef increment():\n    count = count + 1\n    return count\nincrement()",
    "def f():\n    total += 1\n    return total\nf()",
    "def rev(original):\n    stripped = original.strip()\n    reversed = ''.join(reversed(stripped))\n"
    "    return reversed\nrev(' ab ')",
    "s = 'hello'\nnext(s)",
    "list(5)",
    "raise ValueError('bad value')",
    "assert 1 == 2",
    "assert False, 'message'",
    "d = {}\nd[[1]] = 2",
    "{[1, 2]}",
    "word = 'abc'\nword[1] = 'x'",
    "t = (1, 2)\nt[0] = 5",
    "chr(-1)",
    "import math\nmath.sqrt(-1)",
    "[1, 2, 3][::0]",
    "max([])",
    "min([])",
    "int('12', 50)",
    "class Room:\n    pass\nRoom().size",
    "class Room:\n    pass\nRoom.size",
    "def outer():\n    return inner()\n\ndef inner():\n    return 1 / 0\n\nouter()",
    "def fact(n):\n    if n == 0:\n        return 1 // n\n    return n * fact(n - 1)\nfact(3)",
    "numbers = [1, 2, 3]\nfor i in range(4):\n    print(numbers[i])",
    "total = 0\nfor x in ['1', 2]:\n    total += x",
    "def area(width, height):\n    return width * height\narea(3)",
    "def area(width, height):\n    return width * height\narea()",
    "def greet(name, greeting='Hello'):\n    return greeting + name\ngreet()",
    "def greet(name, greeting='Hello'):\n    return greeting + name\ngreet('a', 'b', 'c')",
    "class Dog:\n    def __init__(self, name):\n        self.name = name\nDog()",
    "class Dog:\n    def bark(self):\n        return 'woof'\nDog().bark('loud')",
    "name, age, city = ['Ada', 36]",
    "pairs = [(1, 2), (3,)]\nfor a, b in pairs:\n    print(a + b)",
    "'{} {}'.format(1)",
    "x = 5\nprint('value: {} {} {}'.format(x, x))",
    "print('{0} and {2}'.format('a', 'b'))",
    "print('{a} {} {}'.format(1, a=2))",
    "round('x')",
    "r = round('3.14159', 2)",
    "t = (1, 2)\nt[5]",
    "'%d' % 'x'",
    "name = 'Bob'\nprint('Age: %d' % name)",
    "print('%5.2d items' % 'x')",
    "print('hex %x' % 'a')",
    "print('%s is %d years' % ('Ann', 'ten'))",
    "print('%i' % [1])",
    "print('%.2f' % 'x')",
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(Limits(wall_seconds=30.0)) as sb:
        yield sb


def _without_carets(lines: list[str]) -> list[str]:
    return [line for line in lines if not re.fullmatch(r"\s*[~^]+\s*", line)]


def cpython(code: str, filename: str) -> tuple[str, str, list[str]]:
    """(type name, message, traceback lines) of the cell's exception under the host CPython."""
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            exec(compile(code, filename, "exec"), {"__name__": "__main__"})  # noqa: S102 - cells written here
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)[1:]  # drop this function's frame
        text = ["Traceback (most recent call last):"]
        text += "".join(traceback.format_list(frames)).rstrip("\n").split("\n")
        text += "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n").split("\n")
        return type(exc).__name__, str(exc), _without_carets(text)
    finally:
        linecache.cache.pop(filename, None)
    raise AssertionError(f"the cell raised nothing on CPython: {code!r}")


@pytest.mark.parametrize("code", CELLS)
def test_error_message_and_traceback_as_cpython(sandbox: Sandbox, code: str, capsys: pytest.CaptureFixture) -> None:
    filename = "<cell-1>"
    ename, evalue, lines = cpython(code, filename)
    capsys.readouterr()
    sandbox.reset()
    result = sandbox.run(code, filename=filename)
    assert result.error is not None
    assert (result.error.ename, result.error.evalue) == (ename, evalue)
    assert result.error.traceback == lines


def test_source_line_of_a_function_defined_in_an_earlier_cell(sandbox: Sandbox) -> None:
    first = "def half(n):\n    return n / 0\n"
    second = "x = 4\nhalf(x)"
    sandbox.reset()
    sandbox.run(first, filename="<cell-1>")
    result = sandbox.run(second, filename="<cell-2>")
    namespace: dict = {"__name__": "__main__"}
    linecache.cache["<cell-1>"] = (len(first), None, first.splitlines(True), "<cell-1>")
    linecache.cache["<cell-2>"] = (len(second), None, second.splitlines(True), "<cell-2>")
    try:
        exec(compile(first, "<cell-1>", "exec"), namespace)  # noqa: S102
        try:
            exec(compile(second, "<cell-2>", "exec"), namespace)  # noqa: S102
        except ZeroDivisionError as exc:
            frames = traceback.extract_tb(exc.__traceback__)[1:]
            expected = ["Traceback (most recent call last):"]
            expected += "".join(traceback.format_list(frames)).rstrip("\n").split("\n")
            expected += "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n").split("\n")
    finally:
        linecache.cache.pop("<cell-1>", None)
        linecache.cache.pop("<cell-2>", None)
    assert result.error is not None
    assert result.error.traceback == _without_carets(expected)


def test_read_only_mount_error_says_read_only_file_system(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("x")
    with Sandbox(mounts={"/data": tmp_path}) as sb:
        result = sb.run("open('/data/data.txt', 'w')")
    assert result.error is not None
    assert result.error.evalue.startswith(str(OSError(errno.EROFS, os.strerror(errno.EROFS)))), result.error.evalue
