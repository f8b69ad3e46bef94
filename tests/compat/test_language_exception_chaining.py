"""`raise X from Y` as CPython runs it (issue 26): no "exception chaining not supported" warning
on stderr, `e.__cause__` and `e.__suppress_context__` read back (`e.__context__` for a raise in
`except ... as name:`), CPython's TypeError for a cause that is no exception; `Class.__mro__`.
The source pass writes the statement as `raise __import__('_mpk_chain').cause(X, Y)` (guest
`lib/_mpk_chain.py`). Differential: the same cell on the host CPython and in the sandbox (stderr
too, for the warning)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from mpwasm_kernel import Sandbox

CELLS = {
    "context_of_from_none": """
        def load(d, k):
            try:
                return d[k]
            except KeyError as missing:
                raise LookupError("no " + k) from None
        try:
            load({}, "x")
        except LookupError as e:
            print(e.__cause__, e.__suppress_context__, repr(e.__context__))
    """,
    "uncaught_from": """
        try:
            raise ValueError("inner")
        except ValueError as e:
            raise RuntimeError("outer") from e
    """,
    "cause_read_back": """
        try:
            try:
                1 / 0
            except ZeroDivisionError as e:
                raise ValueError("wrapped") from e
        except ValueError as e:
            print(repr(e), repr(e.__cause__), e.__suppress_context__, e.__context__ is e.__cause__,
                  type(e.__context__).__name__)
    """,
    "from_none_in_function": """
        class AppError(Exception):
            pass
        def load(k):
            try:
                return {}[k]
            except KeyError as err:
                raise AppError(f"no {k}") from None
        try:
            load("x")
        except AppError as e:
            print(e, e.__cause__, e.__suppress_context__, type(e.__cause__))
    """,
    "classes_as_cause": """
        try:
            raise ValueError from KeyError
        except ValueError as e:
            print(repr(e), repr(e.__cause__))
    """,
    "bad_cause": """
        try:
            raise ValueError("a") from 5
        except TypeError as e:
            print("TypeError", e)
    """,
    "no_cause": """
        try:
            raise ValueError("plain")
        except ValueError as e:
            print(e.__cause__, e.__suppress_context__)
    """,
    "class_mro": """
        class A: pass
        class B(A): pass
        class C(B, A): pass
        print(C.__mro__, [k.__name__ for k in C.__mro__], int.__mro__, bool.__mro__)
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_chained_exception_like_cpython(same_output: Callable[[str], str], name: str) -> None:
    same_output(CELLS[name])


def test_no_chaining_warning(sandbox: Sandbox) -> None:
    """CPython writes nothing on stderr for `raise X from Y`; MicroPython warned there."""
    sandbox.reset()
    result = sandbox.run(textwrap.dedent(CELLS["cause_read_back"]))
    assert result.error is None and "ZeroDivisionError" in result.stdout and result.stderr == ""
