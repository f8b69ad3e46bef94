"""`zip(..., strict=...)`: MicroPython's zip takes no keyword arguments; the source pass sends a
call with `strict=` to the guest's `_mpk_zip.zip`. Differential: host CPython vs sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_zip_strict_equal_lengths(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        print(list(zip([1, 2], [3, 4], strict=True)))
        print(dict(zip(["a", "b"], [1, 2], strict=True)), list(zip(strict=True)))
        for a, b in zip("ab", "cd", strict=False):
            print(a, b)
    """)


@pytest.mark.parametrize("args", ["[1, 2], [3]", "[1], [3, 4], 'ab'", "[1, 2], [3, 4], 'a'", "'abc', 'ab', 'abc'"])
def test_zip_strict_length_errors(sandbox: Sandbox, args: str) -> None:  # noqa: F811
    same(sandbox, f"""
        seen = []
        try:
            for pair in zip({args}, strict=True):
                seen.append(pair)
        except ValueError as e:
            print(seen, e)
    """)


def test_zip_strict_uncaught(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        print(list(zip(range(3), "ab", strict=True)))
    """)


def test_zip_rebound_is_left_alone(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        def zip(*a, strict=False):
            return ("mine", strict)
        print(zip([1], strict=True))
    """)
