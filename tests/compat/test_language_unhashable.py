"""Unhashable keys raise CPython's `TypeError: unhashable type: '...'` in every dict and set, empty or
small, string-keyed or not (the `unhashable_lookups` interpreter patch, with `ordered_growth`'s key
hash), and instances of a class with `__hash__ = None` (a dataclass with `eq=True` too) or
`__eq__` without `__hash__` are unhashable. Differential: host CPython vs sandbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "lookups": """
        def attempt(label, f):
            try:
                print(label, f())
            except (TypeError, KeyError) as e:
                print(label, type(e).__name__, e)
        d = {}
        attempt("getitem", lambda: d[[1]])
        attempt("in", lambda: [1] in d)
        attempt("get", lambda: d.get([1]))
        attempt("display", lambda: {[1]: 2})
        attempt("store", lambda: d.__setitem__([1], 2))
        s = set()
        attempt("in set", lambda: [1] in s)
        attempt("set discard", lambda: s.discard({}))
        attempt("frozenset in", lambda: bytearray(b"x") in frozenset())
        words = {"a": 1, "b": 2}
        attempt("str-keyed", lambda: words[["a"]])
        attempt("str-keyed get", lambda: words.get({"a": 1}, "default"))
        big = {i: i for i in range(300)}
        attempt("big", lambda: [1] in big)
        bigset = set(range(300))
        attempt("big set", lambda: [1] in bigset)
        attempt("pop empty", lambda: {}.pop([1], "default"))
        attempt("tuple holding a list", lambda: (1, [2]) in {})
        print(d, s, len(words))
    """,
    "classes": """
        class Unhashable:
            __hash__ = None
        class EqOnly:
            def __init__(self, v):
                self.v = v
            def __eq__(self, other):
                return self.v == other.v
        class Both(EqOnly):
            def __hash__(self):
                return hash(self.v)
        for make in (Unhashable, lambda: EqOnly(1), lambda: Both(1)):
            obj = make()
            for label, f in (("hash", lambda: hash(obj) == hash(obj)), ("in {}", lambda: obj in {}),
                             ("in set()", lambda: obj in set()), ("add", lambda: {obj})):
                try:
                    print(type(obj).__name__, label, bool(f()))
                except TypeError as e:
                    print(type(obj).__name__, label, "TypeError", e)
        print(Unhashable.__hash__, Both(2) in {Both(2)})
    """,
    "dataclasses": """
        from dataclasses import dataclass
        @dataclass
        class Point:
            x: int
        @dataclass(frozen=True)
        class Frozen:
            x: int
        for value in (Point(1), Frozen(1)):
            try:
                print(hash(value) == hash(value), value in {value}, value in set())
            except TypeError as e:
                print("TypeError", e)
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_unhashable_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)
