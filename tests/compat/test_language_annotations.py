"""Class annotations recorded by the host source pass: `@dataclass`, `typing.NamedTuple` and
friends see the annotated fields as in CPython (MicroPython compiles `x: int` to nothing).
Each cell runs on the host's CPython and in the sandbox; outputs must be equal."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpwasm_kernel.sandbox.cpython.transform import transform

CELLS = {
    "dataclass_fields": """
        from dataclasses import dataclass, field, asdict, astuple, fields
        @dataclass
        class Point:
            \"\"\"A point in the plane.\"\"\"
            x: int
            y: float = 0.0
            tags: list = field(default_factory=list)
        p = Point(1)
        print(p, p == Point(1, 0.0), p == Point(2))
        print(asdict(Point(3, 4.5, ["a"])), astuple(p))
        print([f.name for f in fields(Point)])
    """,
    "dataclass_order_frozen": """
        from dataclasses import dataclass, FrozenInstanceError
        @dataclass(order=True, frozen=True)
        class Student:
            name: str
            grade: int = 0
        roster = [Student("Bo", 2), Student("Al", 3), Student("Al", 1)]
        print(sorted(roster))
        try:
            roster[0].grade = 5
        except FrozenInstanceError as e:
            print("frozen", type(e).__name__)
    """,
    "dataclass_methods_and_post_init": """
        from dataclasses import dataclass
        @dataclass
        class Account:
            owner: str
            balance: float = 0.0
            def deposit(self, amount):
                self.balance += amount
                return self.balance
            def __post_init__(self):
                self.owner = self.owner.title()
        a = Account("ada lovelace")
        a.deposit(10.5)
        print(a)
    """,
    "named_tuple_class_syntax": """
        from typing import NamedTuple
        class Employee(NamedTuple):
            name: str
            id: int = 3
        e = Employee("Guido")
        print(e, e.name, e.id, e._asdict())
    """,
}


@pytest.mark.parametrize("cell", CELLS.values(), ids=CELLS.keys())
def test_annotated_classes_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)


def test_annotations_keep_every_line() -> None:
    source = ("class A:\n    x: int\n    def f(self):\n        return 1\n"
              "class B:\n    def g(self): pass\n    y: str = ''\n")
    out = transform(source)
    assert out.count("\n") == source.count("\n")
    assert "__annotations__ = [('x', 'int')]; x: int" in out
    assert ":\n    def g(self): pass\n" in out  # a compound first statement is left alone
