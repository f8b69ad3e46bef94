"""Issue 26's long tail (positional-only parameters, `%` formatting, file modes, method order,
float and complex arithmetic). Differential: the same cell on host CPython and in the sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_positional_only_parameters(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        def f(a, b=2, /, c=3, *, d=4):
            def g(x=a):
                return a + x + [a for a in range(2)][0]
            def h(a):
                return a
            names = locals()
            print(f"{a} {b!r}", sorted(k for k in names if k in 'abcd'))
            return g() + h(10) + b + c
        g = lambda a, /: a * 2
        def outer(n, /):
            def inc():
                nonlocal n
                n += 1
                return n
            return inc() + inc()
        def kw(a, /, **rest):
            return a, rest
        print(f(1), g(3), f(1, 2, c=5), outer(1), kw(1, a=2))
    """)


@pytest.mark.parametrize("call", ["f(a=1, b=2)", "f(1, b=2)", "g(a=1, b=2)", "P(1, 2).scale(k=3)"])
def test_positional_only_passed_by_keyword(sandbox: Sandbox, call: str) -> None:  # noqa: F811
    same(sandbox, f"""
        def f(a, /, b):
            return a + b
        def g(a, b, /):
            return a
        class P:
            def __init__(self, x, y, /):
                self.x, self.y = x, y
            def scale(self, k, /):
                return P(self.x * k, self.y * k)
        print(f(1, 2), f(1, b=3), g(1, 2), P(1, 2).scale(3).y)
        {call}
    """)
