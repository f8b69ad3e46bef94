"""dataclasses: differential tests (host CPython vs the sandbox, annotations recorded as by the host pass)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_basic_dataclass(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from dataclasses import dataclass, field, asdict, astuple, replace, fields

        @dataclass
        class Student:
            name: str
            age: int
            grades: list = field(default_factory=list)
            school: str = "MIT"

        s = Student("Ana", 20)
        s.grades.append(90)
        print(s)
        print(s == Student("Ana", 20, [90]), s != Student("Bo", 20))
        print(asdict(s) == {'name': 'Ana', 'age': 20, 'grades': [90], 'school': 'MIT'}, astuple(s))
        print(replace(s, age=21), [f.name for f in fields(s)])
        try:
            Student("Ana")
        except TypeError as e:
            print(e)
        try:
            hash(s)
        except TypeError as e:
            print(e)
    """, annotations=True)


def test_frozen_order_post_init(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from dataclasses import dataclass, field, FrozenInstanceError

        @dataclass(frozen=True)
        class Point:
            x: float
            y: float = 0.0

        p = Point(1.5)
        print(p, hash(p) == hash(Point(1.5, 0.0)))
        try:
            p.x = 3
        except FrozenInstanceError as e:
            print('frozen:', e)

        @dataclass(order=True)
        class Card:
            rank: int
            suit: str = field(compare=False, repr=False)

        cards = [Card(10, 'h'), Card(2, 's'), Card(7, 'd')]
        print(sorted(cards), Card(3, 'a') < Card(4, 'b'), Card(3, 'a') == Card(3, 'b'))

        @dataclass
        class Rect:
            w: int
            h: int
            area: int = field(init=False)
            def __post_init__(self):
                self.area = self.w * self.h

        print(Rect(3, 4))

        @dataclass
        class Base:
            a: int = 1

        @dataclass
        class Child(Base):
            b: int = 2

        print(Child(), Child(5, 6))
    """, annotations=True)
