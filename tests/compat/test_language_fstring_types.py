"""`f"{type(x)}"` and `str(type(x))` show the class as CPython does (`<class '__main__.A'>`, `<class
'collections.Counter'>`), issue 26: the source pass writes them as `repr(type(x))`.
Differential: the same cell on the host CPython and in the sandbox."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_type_fields_in_fstrings(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        class MyFirstClass:
            def __init__(self, name):
                self.name = name
        my_instance = MyFirstClass("John Doe")
        from collections import Counter, OrderedDict
        counter = Counter([1, 2, 3, 1, 2, 4, 5, 6, 2])
        print(f"type: {type(my_instance)}, counter: {counter}")
        print(f"{type(None)}|{type(counter)!r}|{type([]).__name__}|{type(OrderedDict())!s}|{type(3.5)}")
        for value in [1, 'a', 2.5, [1], {'k': 1}, (1,), {1}, True, None, range(2)]:
            print(f"{value!r:>10} is {type(value)}")
        print("type: " + str(type(my_instance)), str(type(counter)), str(type(1)), [str(type(x)) for x in (None, 2.5)])
    """)


def test_rebound_type_is_left_alone(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        def type(x):
            return "mine"
        print(f"{type(3)}")
    """)
