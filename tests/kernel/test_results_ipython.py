"""Cell results in IPython's display conventions, against a real IPython kernel.

The same cells run in order in a fresh ``python3`` (ipykernel) kernel and a fresh MicroPython
kernel; the ``text/plain`` of each ``execute_result`` (or its absence) must be equal, with
object addresses masked (``0x…``). Cells whose result this kernel cannot yet show as IPython
does are listed in ``docs/first-hour.md`` ("Results"), not here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

ADDRESS = re.compile(r" at 0x[0-9a-f]+")

CELLS = [
    "int", "str", "list", "dict", "type", "float",
    "class Room:\n    pass\nRoom",
    "Room()",
    "class Student:\n    def __init__(self, name):\n        self.name = name\nStudent",
    "s = Student('Ada')\ns",
    "def f(x):\n    return x\nf",
    "def g(a, b=2, *args, c, **kw):\n    pass\ng",
    "len", "print", "abs", "import math\nmath.sqrt", "import json\njson.dumps",
    "range(5)",
    "{'a': 1}.items()",
    "[1, 2][::-1]",
    "1 + 1;",
    "x = 5\nx;",
    "x = 5\nx  # no semicolon in a comment;",
    "x;  # a comment after the semicolon",
    "3.14", "0.1 + 0.2", "'text'", "b'bytes'", "None", "True", "1j",
    "{1, 2}", "{3, 1, 2}", "set()", "frozenset([1])",
    "Exception('x')", "ValueError('bad', 2)",
    "bytearray(b'ab')",
    "[1, 'a', None]",
    "list(range(100))",
    "{'languages': ['Python', 'C', 'Fortran'] * 5}",  # one key: dict order is issue 10 item 2
    "[[i * j for i in range(10)] for j in range(10)]",
    "tuple(range(40))",
    "'word ' * 30",
    # issue 26: lambdas, methods, iterator objects, NoneType, builtins of a module
    "lambda num: num * 2",
    "double = lambda a, b=1, *rest, key=None: a\ndouble",
    "zip([1], [2])", "map(str, [1])", "filter(None, [])", "enumerate([])", "(x for x in [1])",
    "def gen():\n    yield 1\ngen()",
    "type(None)",
    "class Sample:\n    def m(self, x: int = 3) -> int:\n        return x\nSample.m",
    "Sample().m",
    "Sample",
    "[Sample()]",
    "from collections import Counter\nCounter",
    "-1j", "79.9j", "[1j, -2j]",
]


def _results(kernel_tools: Any, name: str) -> list[str | None]:
    km, kc = kernel_tools.start_kernel(name)
    try:
        seen = []
        for code in CELLS:
            reply, outputs = kernel_tools.execute(kc, code)
            assert reply["content"]["status"] == "ok", (name, code, reply["content"])
            result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
            text = None if result is None else result["content"]["data"]["text/plain"]
            seen.append(None if text is None else ADDRESS.sub(" at 0x…", text))
        return seen
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_results_shown_as_ipython(kernel_tools: Any) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no python3 (ipykernel) kernelspec")
    expected = _results(kernel_tools, "python3")
    actual = _results(kernel_tools, kernel_tools.KERNEL)
    for code, want, got in zip(CELLS, expected, actual, strict=True):
        assert got == want, f"\n--- cell ---\n{code}\n--- IPython ---\n{want}\n--- mpwasm ---\n{got}"
