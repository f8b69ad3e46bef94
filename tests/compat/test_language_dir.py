"""`dir(x)` lists what CPython lists for standard modules and built-in types (issue 26:
`print(dir(math))` showed the library module's private helpers); `vars(x)` exists. Differential: the same cell on
the host CPython and in the sandbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest

CELLS = {
    "modules": """
        import math, bisect
        print(dir(math))
        print(dir(bisect))
    """,
    "builtin_values_and_types": """
        for value in ("x", [], {}, (), set(), 7, 2.5, True, 1j, b"x", str, list, dict):
            print(dir(value))
    """,
    "own_names_sorted": """
        class Point:
            def norm(self):
                return 0
        p = Point()
        p.y, p.x = 1, 2
        names = dir(p)
        print([n for n in names if not n.startswith("_")], names == sorted(names))
    """,
    # CPython lists object's attributes and the class's own __dict__/__doc__/__module__/__weakref__
    "plain_classes": """
        class Animal:
            kind = 'animal'
            def speak(self):
                return '...'
        class Dog(Animal):
            def __init__(self, name):
                self.name = name
            def fetch(self):
                pass
        class Point(object):
            pass
        print(dir(Dog('Rex')))
        print(dir(Dog))
        print(dir(Point()))
        print(dir(Animal) == dir(Point) + ['kind', 'speak'] or sorted(set(dir(Animal)) - set(dir(Point))))
    """,
    "vars": """
        class Stack:
            def __init__(self):
                self.items = []
        s = Stack()
        print(vars(s), vars(s) == s.__dict__)
        try:
            vars(5)
        except TypeError as e:
            print(e)
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_dir_as_cpython(same_output: Callable[[str], str], name: str) -> None:
    out = same_output(CELLS[name])
    assert "\x00" not in out, out
