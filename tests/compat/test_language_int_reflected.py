"""A cell's `int` subclass on the right of an int operator (`7 + v`), `float(v)` and `"%f" % v`
(issue 26): the source pass bases such classes on the guest's `_mpk_intsub.int`; `bytes(x)` of a
name or call reads `__bytes__` and an int subclass's value (guest `_mpk_bytes`). Differential:
the same cell on the host CPython and in the sandbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "reflected_operators": """
        class Meters(int):
            pass
        v = Meters(3)
        for f in (lambda: 7 + v, lambda: 7 - v, lambda: 7 * v, lambda: 7 ** v, lambda: 7 // v, lambda: 7 % v,
                  lambda: 7 / v, lambda: 7 << v, lambda: 7 >> v, lambda: 7 & v, lambda: 7 | v, lambda: 7 ^ v,
                  lambda: 2.5 + v, lambda: 2.5 * v, lambda: True + v, lambda: v + 7, lambda: v * 'ab'):
            r = f()
            print(r, type(r).__name__)
        print(float(v), "%f" % v, "%.1f" % v, Meters.__bases__, isinstance(v, int), v == 3, {v: 1}[3])
    """,
    "own_methods_win": """
        class Money(int):
            def __radd__(self, other):
                return Money(int(self) + other)
            def __repr__(self):
                return "Money(%d)" % int(self)
        m = Money(5)
        print(repr(10 + m), repr(m + 1), sum([m, m]))
    """,
    "subclass_of_subclass": """
        class A(int):
            pass
        class B(A):
            def __str__(self):
                return "B!"
        b = B(4)
        print(10 - b, 3 * b, b, float(b))
    """,
    "bytes_of_objects": """
        class Packet:
            def __bytes__(self):
                return b"\\x01\\x02"
        class Size(int):
            pass
        p, n, items, text, raw = Packet(), Size(3), [65, 66], "hi", bytearray(b"ok")
        print(bytes(p), bytes(n), bytes(items), bytes(raw), bytes(len(text)), bytes(True) if False else "")
        for bad in (text, 2.5):
            try:
                bytes(bad)
            except TypeError:
                print("TypeError")
        class Wrong:
            def __bytes__(self):
                return "no"
        try:
            bytes(Wrong())
        except TypeError as e:
            print("TypeError", e)
    """,
    "unsupported_stays_an_error": """
        class C(int):
            pass
        try:
            print("x" + C(1))
        except TypeError:
            print("TypeError")
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_int_subclass_on_the_right(same_output: Callable[[str], str], name: str) -> None:
    out = same_output(CELLS[name])
    assert "\x00" not in out, out
