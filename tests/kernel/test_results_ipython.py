"""Cell results in IPython's text (pretty-printed containers of `collections`, `object()`,
exceptions, big ranges) against a real IPython kernel (ipykernel's ``python3``).

The same cells run in a ``python3`` kernel and a MicroPython kernel; each cell's result text must
be equal once object addresses are masked. Nothing is a hand-written expected output.
"""

from __future__ import annotations

import re
from typing import Any

ADDRESS = re.compile(r"0x[0-9a-f]+")

CELLS = [
    "from collections import Counter, OrderedDict, defaultdict, deque\n"
    "s = 'How many times does each word show up in this sentence word times each each word'\n"
    "Counter(s.split())",
    "Counter('abracadabra')",
    "d = defaultdict(int)\nd['a'] += 1\nd",
    "dl = defaultdict(list)\nfor i in range(30):\n    dl[i % 3].append(i * 1000)\ndl",
    "deque(range(40), maxlen=35)",
    "OrderedDict(zip('abcdefghijklmnop', range(16)))",
    "object()",
    "ValueError('bad value')",
    "[KeyError('k'), ZeroDivisionError('division by zero')]",
    "range(10**10)",
    "def hello(name='Jose'):\n    def greet():\n        return 'hi'\n    def welcome(who, *, loud=False):\n"
    "        return 'welcome'\n    if name == 'Jose':\n        return greet\n    return welcome\nx = hello()\nx",
    "hello('Ann')",
    "x = 2.5\nx.is_integer",
    "(1 + 2j).conjugate",
    "'ab'.title",
    # built-ins without a signature are shown by name alone; `open` by its module
    "max",
    "iter",
    "open",
    "len",
    "dict.fromkeys",  # a built-in type's class method
    "int.from_bytes",
    "def countdown(n):\n    while n:\n        yield n\n        n -= 1\ncountdown",
]


def _observe(reply: dict, outputs: list[dict]) -> tuple[str, str | None]:
    result = next((m for m in outputs if m["msg_type"] == "execute_result"), None)
    text = None if result is None else ADDRESS.sub("0x…", result["content"]["data"]["text/plain"])
    return reply["content"]["status"], text


def test_results_as_ipython(kernel_tools: Any) -> None:
    expected, actual = kernel_tools.against_ipython(CELLS, _observe)
    assert all(status == "ok" for status, _ in expected)  # no cell fails in IPython
    assert "\n" in expected[0][1]  # the long Counter is pretty-printed over lines
    kernel_tools.assert_cells_equal(CELLS, expected, actual)
