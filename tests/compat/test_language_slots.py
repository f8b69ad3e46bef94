"""`__slots__`: MicroPython ignores it; the source pass gives a class body's `__slots__ = ...` the
guest's `_mpk_slots.setattr`, which refuses other attribute names as CPython does. Differential:
host CPython vs sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

CELLS = [
    """
    class P:
        __slots__ = ("x", "y")
        def __init__(self, x, y):
            self.x = x; self.y = y
    p = P(1, 2)
    print(p.x, p.y, P.__slots__)
    p.x = 5
    print(p.x)
    try:
        p.z = 3
    except AttributeError as e:
        print("AE", e)
    """,
    """
    class P:
        __slots__ = "x"
    p = P(); p.x = 1; print(p.x)
    p.y = 2
    """,
    """
    class Base:
        pass
    class P(Base):
        __slots__ = ("x",)
    p = P(); p.x = 1; p.other = 2; print(p.x, p.other)
    """,
    """
    class A:
        __slots__ = ("a",)
    class B(A):
        __slots__ = ("b",)
    b = B(); b.a = 1; b.b = 2; print(b.a, b.b)
    try:
        b.c = 3
    except AttributeError as e:
        print(e)
    """,
    """
    class P:
        __slots__ = ["name", "__dict__"]
    p = P(); p.name = 1; p.more = 2; print(p.name, p.more)
    """,
    """
    class Point:
        "A point."
        __slots__ = ("x", "y")

        def __init__(self, x=0, y=0):
            self.x = x
            self.y = y

        def __repr__(self):
            return f"Point({self.x}, {self.y})"
    pt = Point(1, 2)
    print(pt)
    pt.z = 5
    """,
    """
    class P:
        __slots__ = ("x",)
        y = 5
    p = P()
    try:
        p.y = 3
    except AttributeError as e:
        print(e)
    """,
    """
    class P:
        __slots__ = ("x",)
    try:
        print(P().x)
    except AttributeError as e:
        print(e)
    """,
    # no __dict__ on an instance whose whole class order declares __slots__ (without "__dict__")
    """
    class P:
        __slots__ = ("x",)
    class Q(P):
        __slots__ = ("y",)
    class Open(P):
        pass
    class WithDict:
        __slots__ = ("a", "__dict__")
    p, q, o, w = P(), Q(), Open(), WithDict()
    for obj in (p, q, o, w):
        try:
            print(type(obj).__name__, obj.__dict__)
        except AttributeError as e:
            print("AttributeError", e)
    o.z = 1; w.b = 2
    print(o.__dict__, w.__dict__, type(P.__dict__).__name__ in ("dict", "mappingproxy"))
    print(vars(o), vars(w))
    try:
        vars(q)
    except TypeError as e:
        print("TypeError", e)
    """,
    """
    class Point:
        __slots__ = ("x", "y")
        def __init__(self, x, y):
            self.x, self.y = x, y
    pt = Point(1, 2)
    pt.__dict__["z"] = 3
    """,
]


@pytest.mark.parametrize("cell", CELLS, ids=[f"cell{i}" for i in range(len(CELLS))])
def test_slots(sandbox: Sandbox, cell: str) -> None:  # noqa: F811
    same(sandbox, cell)
