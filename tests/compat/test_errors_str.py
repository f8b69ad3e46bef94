"""`str(e)` inside user code: a caught built-in exception reads CPython's message.

The source pass starts an `except ... as e:` body with `e = _mpk_exc(e)` and the guest asks the
host for CPython's wording (the rules the traceback uses). Each cell runs on the host's CPython and
in the sandbox; printed text must be equal. No expected output is written by hand.
"""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox
from mpwasm_kernel.sandbox.cpython.transform import transform

CELLS = {
    "float_literal": """
        try:
            x = float("hello")
        except ValueError as e:
            print("ValueError:", e)
    """,
    "format_strings": """
        for template, args in (("%s and %s", ("tea",)), ("%s", (1, 2))):
            try:
                print(template % args)
            except TypeError as e:
                print("TypeError:", e)
        try:
            print("{0:d}".format("x"))
        except ValueError as e:
            print("ValueError:", e)
    """,
    "division": """
        try:
            print(10 / 0)
        except ZeroDivisionError as e:
            print("Error:", e)
        def ratio(a, b):
            return a / b
        try:
            ratio(1, 0)
        except ZeroDivisionError as err:
            print(f"caught {err!s} / {err.args}")
        try:
            7 % 0
        except ZeroDivisionError as e: print(e)
    """,
    "name_index_key": """
        try:
            print(undefined_variable)
        except NameError as e:
            print(e)
        try:
            [1, 2, 3][10]
        except IndexError as e:
            print(e)
        d = {"a": 1}
        try:
            d["b"]
        except KeyError as e:
            print("missing key", e, repr(e), type(e).__name__, e.args)
        try:
            d[3]
        except LookupError as e:
            print(e)
    """,
    "type_value": """
        for value in ["12", "twelve", "1.5"]:
            try:
                print(int(value))
            except ValueError as e:
                print("bad:", e)
        try:
            "age: " + 5
        except TypeError as e:
            message = str(e)
        print(message)
        try:
            1 + "a"
        except TypeError as e:
            print(e)
        try:
            None()
        except TypeError as e:
            print(e)
        try:
            [1, 2].index(5)
        except ValueError as e:
            print(e)
        try:
            import not_a_module
        except ImportError as e:
            print(e)
        try:
            t = (1, 2)
            t[0] = 5
        except TypeError as e:
            print(e)
        total = 0
        def add(x):
            total += x
        try:
            add(1)
        except NameError as e:
            print(e)
        try:
            add(2)
        except UnboundLocalError as e:
            print("unbound:", e)
    """,
    "exceptions_kept": """
        class MyError(ValueError):
            pass
        try:
            raise MyError("custom text")
        except ValueError as e:
            print(type(e).__name__, e)
        try:
            raise ValueError("my own message", 2)
        except ValueError as e:
            print(e, e.args)
        try:
            try:
                1 / 0
            except ZeroDivisionError as e:
                print("first", e)
                raise
        except ZeroDivisionError as again:
            print("again", again)
        errors = []
        for v in ["x", "2"]:
            try:
                int(v)
            except ValueError as exc:
                errors.append(exc)
        print(errors, repr(ValueError("x")), [KeyError("k")])
        for v in [0, 1]:
            try:
                print(10 / v)
            except ZeroDivisionError as err:
                if v == 0:
                    print("cannot divide:", err)
                message = str(err)
        print(message)
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_caught_message_as_cpython(sandbox: Sandbox, name: str) -> None:  # noqa: F811
    same(sandbox, CELLS[name])


def test_raise_by_name_keeps_the_caught_exception() -> None:
    """`raise e` (and a body that rebinds `e`) is left as written: the caught object is raised."""
    source = "try:\n    f()\nexcept ValueError as e:\n    log(e)\n    raise e\n"
    assert transform(source) == source
    rebinds = "try:\n    f()\nexcept ValueError as e:\n    print(e)\n    e = None\n"
    assert transform(rebinds) == rebinds
    assert "e = _mpk_exc(e); print(e)" in transform("try:\n    f()\nexcept ValueError as e:\n    print(e)\n")
