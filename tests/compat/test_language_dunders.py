"""Operator methods of built-in values (`(5).__add__(3)`, `int.__mul__`): host CPython vs the sandbox.

MicroPython's built-in types have no `__add__` and friends; loads of those names go through the
guest's `_mpk_ga`. No expected output is written by hand.
"""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_operator_methods_of_builtin_values(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        print((5).__add__(3), int.__mul__(2, 4), (5).__add__(2.5), (2.5).__add__(1), float.__truediv__(1.0, 4))
        print((5).__radd__(1), (7).__mod__(3), (3).__lt__(4), (3).__eq__(3.0), (-3).__abs__(), (3).__neg__())
        print("ab".__len__(), [1, 2].__contains__(2), "abc".__getitem__(1), "ab".__add__("c"), "a".__eq__(1))
        print((5).__bool__(), (0).__bool__(), True.__add__(1), (2.5).__int__(), (7).__float__(), (7).__sub__(True))
        x = [3, 1]
        print(x.__len__(), {1: 2}.__getitem__(1), (1, 2).__contains__(3), str.__len__("abcd"), (3).__pow__(2))
        add = int.__add__
        print(add(1, 2), list(map(int.__mul__, [1, 2], [3, 4])), sorted([3, 1, 2], key=(-1).__mul__))
        class V:
            def __init__(self, v):
                self.v = v
            def __add__(self, o):
                return V(self.v + o.v)
        print(V(1).__add__(V(2)).v)
        try:
            (5).__len__()
        except AttributeError as e:
            print("AttributeError", e)
    """)
