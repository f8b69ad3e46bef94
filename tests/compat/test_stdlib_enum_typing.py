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


def test_enum_with_a_data_type_mixin(sandbox: Sandbox) -> None:  # noqa: F811
    """`class Color(str, Enum)`: members are str values shown as Enum members (issue 26: the
    member's str part was never built and printed as `<function>`)."""
    same(sandbox, """
        from enum import Enum
        class Color(str, Enum):
            RED = "red"
            GREEN = "green"
        print(Color.RED, repr(Color.RED), Color.RED.value, Color("red").name, Color.RED == "red", isinstance(Color.RED, str), f"{Color.GREEN}", Color.RED.upper())
        class Num(int, Enum):
            ONE = 1
            TWO = 2
        print(Num.ONE, repr(Num.TWO), Num.ONE + 1, Num(2).name, Num.ONE == 1, Num.TWO > Num.ONE)
    """)


def test_typing_annotations_and_reprs(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from typing import List, Dict, Optional, Union, Tuple, Callable, Any, TypeVar, Generic, Iterable, cast

        def average(values: List[float]) -> float:
            return sum(values) / len(values)

        def lookup(table: Dict[str, int], key: str) -> Optional[int]:
            return table.get(key)

        print(average([1.0, 2.0, 4.5]), lookup({'a': 1}, 'a'), lookup({}, 'b'))
        print(List[int], Dict[str, List[int]], Optional[str], Union[int, str], Tuple[int, ...])
        print(Callable[[int, str], bool], Any, Union[int, None], Optional[List[int]])
        T = TypeVar('T')
        print(T, cast(int, '3'))

        class Stack(Generic[T]):
            def __init__(self) -> None:
                self.items: List[T] = []
            def push(self, item: T) -> None:
                self.items.append(item)
            def pop(self) -> T:
                return self.items.pop()

        s = Stack()
        s.push(1); s.push(2)
        print(s.pop(), s.items)
    """)


def test_typing_namedtuple_typeddict(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from typing import NamedTuple, TypedDict

        class Employee(NamedTuple):
            name: str
            dept: str = 'eng'
            def badge(self):
                return self.name.upper() + '-' + self.dept

        e = Employee('ann')
        print(e, e.badge(), e._replace(dept='ops'), Employee._fields)

        class Movie(TypedDict):
            title: str
            year: int

        m = Movie(title='Up', year=2009)
        print(m['title'], m['year'], isinstance(m, dict))
    """, annotations=True)
