"""enum and typing: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_enum(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from enum import Enum, IntEnum, auto, unique

        class Color(Enum):
            RED = 1
            GREEN = 2
            BLUE = 3

        print(Color.RED, repr(Color.GREEN), Color.BLUE.name, Color.BLUE.value)
        print(list(Color), len(Color), Color(2), Color['RED'], Color.RED in Color)
        print(Color.RED == Color.RED, Color.RED == 1, Color.RED is Color(1))
        for c in Color:
            print(c.name, c.value)
        try:
            Color(7)
        except ValueError as e:
            print(e)

        class Weekday(Enum):
            MON = auto()
            TUE = auto()
            WED = auto()
        print(list(Weekday), Weekday.TUE.value)

        class Priority(IntEnum):
            LOW = 1
            HIGH = 3
        print(Priority.HIGH > Priority.LOW, Priority.LOW + 1, Priority.HIGH == 3, sorted([Priority.HIGH, Priority.LOW]))
        print(Priority(3), repr(Priority.LOW))

        class Status(Enum):
            ACTIVE = 'active'
            INACTIVE = 'inactive'
            def describe(self):
                return self.name.lower() + '!'
        print(Status('active'), Status.ACTIVE.describe(), Status.INACTIVE.value)
        print(sorted(Color.__members__))
    """)
