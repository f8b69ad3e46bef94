"""Recursion as in CPython: 1000 frames, RecursionError, sys.get/setrecursionlimit; overflows of the
guest's C stack never escape the sandbox or its rollback."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from mpwasm_kernel import Limits, Sandbox

CELLS = {
    "factorial_500": """
        def factorial(n):
            if n <= 1:
                return 1
            return n * factorial(n - 1)
        print(len(str(factorial(500))), factorial(20))
    """,
    "sum_list_recursive": """
        def total(items):
            return 0 if not items else items[0] + total(items[1:])
        print(total(list(range(900))))
    """,
    "depth_990": """
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)
        print(depth(990))
    """,
    "method_recursion": """
        class Node:
            def __init__(self, value, nxt=None):
                self.value, self.nxt = value, nxt
            def length(self):
                return 1 if self.nxt is None else 1 + self.nxt.length()
        head = None
        for i in range(900):
            head = Node(i, head)
        print(head.length())
    """,
    "recursion_error_caught": """
        def forever(n):
            return forever(n + 1)
        try:
            forever(0)
        except RecursionError as e:
            print("caught:", e, isinstance(e, RuntimeError))
    """,
    "recursion_error_uncaught": """
        def forever(n):
            return forever(n + 1)
        forever(0)
    """,
    "limits": """
        import sys
        print(sys.getrecursionlimit())
        sys.setrecursionlimit(1500)
        print(sys.getrecursionlimit())
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)
        print(depth(1200))
    """,
    "issubclass": """
        print(issubclass(RecursionError, RuntimeError), RecursionError.__name__)
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_recursion_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


def test_lower_limit_stops_earlier(sandbox: Sandbox) -> None:
    sandbox.reset()
    r = sandbox.run("import sys\nsys.setrecursionlimit(100)\ndef d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\n"
                    "try:\n    d(500)\nexcept RecursionError:\n    print('stopped')\n"
                    "sys.setrecursionlimit(1000)\nd(500)")
    assert r.stdout == "stopped\n" and r.value == "500"


ADVERSARIAL = {
    "nested_list_compare": "a = []\nb = []\nfor i in range(200000):\n    a = [a]\n    b = [b]\nchanged = 1\na == b",
    "nested_tuple_hash": "t = ()\nfor i in range(200000):\n    t = (t,)\nchanged = 1\nhash(t)",
    "repr_recursion": "class R:\n    def __repr__(self):\n        return repr(self)\nchanged = 1\nrepr(R())",
    "huge_limit": "import sys\nsys.setrecursionlimit(10**6)\nchanged = 1\ndef f(n):\n    return f(n + 1)\nf(0)",
    "catch_and_recurse": "changed = 1\ndef f(n):\n    try:\n        return f(n + 1)\n"
                         "    except BaseException:\n        return f(n)\nf(0)",
    "nested_data_repr": "l = []\nfor i in range(200000):\n    l = [l]\nchanged = 1\nrepr(l)",
}


@pytest.fixture(scope="module")
def small() -> Iterator[Sandbox]:
    with Sandbox(Limits(wall_seconds=3.0, memory_bytes=96 << 20)) as sb:
        yield sb


@pytest.mark.parametrize("cell", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_overflow_is_contained(small: Sandbox, cell: str) -> None:
    """Deep recursion of every kind ends as a guest exception or a rolled-back stop; afterwards the
    interpreter works and still reaches 1000 frames."""
    sandbox = small
    sandbox.reset()
    r = sandbox.run(cell)
    assert r.error is not None
    assert r.error.ename in ("RecursionError", "RuntimeError", "MemoryError", "FuelExhausted", "TimeLimitExceeded",
                             "MemoryLimitExceeded", "SandboxFault")
    if r.rolled_back:
        assert sandbox.run("'changed' in globals()").value == "False"
    after = sandbox.run("def d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\nd(999)")
    assert after.error is None and after.value == "999"


def test_recursion_traceback_collapsed_as_cpython() -> None:
    """The traceback of unbounded recursion keeps the outermost frame and writes the repeated
    frame three times then "[Previous line repeated N more times]", as CPython's (issue 26). The
    repeat count differs (the depth is the C stack's), so it is masked; CPython's caret lines are
    dropped (MicroPython has no columns)."""
    import linecache
    import re
    import traceback as tb

    cell = "def f(n):\n    return f(n + 1)\n\nf(0)\n"
    linecache.cache["<cell>"] = (len(cell), None, cell.splitlines(True), "<cell>")
    try:
        exec(compile(cell, "<cell>", "exec"), {"__name__": "__main__"})
    except RecursionError as exc:
        expected = "".join(tb.format_exception(exc)).splitlines()
    expected = [line for line in expected if not re.fullmatch(r"\s*[\^~]+\s*", line)
                and 'File "<string>"' not in line and not line.strip().startswith("exec(")]
    expected = [line for line in expected if "test_language_recursion" not in line]
    with Sandbox() as sb:
        got = sb.run(cell).error
    assert got is not None
    mask = re.compile(r"repeated \d+ more")
    assert [mask.sub("repeated N more", line) for line in got.traceback] == \
        [mask.sub("repeated N more", line) for line in expected]
