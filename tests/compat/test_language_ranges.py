"""Ranges past the machine word and range equality: host CPython vs the sandbox.

MicroPython's range holds machine words (2**31-1 in this build) and compares ranges by identity.
The source pass sends range() calls whose arguments may be big (a big literal, `**`, `maxsize`)
to a guest range that computes with Python ints, and `==`/`!=` written with a range() call on one
side to a comparison of the sequences. No expected output is written by hand.
"""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_big_ranges(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import sys
        r = range(10**10)
        print(r, len(r), r[-1], r[5:10], 10**9 in r, r.index(12345), len(range(0, 10**12, 7)))
        print(range(sys.maxsize)[-1], list(range(2**40, 2**40 + 3)), list(reversed(range(0, 2**33, 2**31))))
        print(r[::-1][:2], r[::-2][0], bool(range(2**40, 0)), range(10**10, 0, -3)[1:4])
        print(hash(range(2**33)) == hash(range(2**33)), list(range(10**12, 10**12 + 10, 4)), range(2**31).count(7))
        for i in range(2**40, 2**40 + 2):
            print(i)
        print(range(3 ** 2), sum(range(10 ** 3)))
        try:
            range(10**10).index(-1)
        except ValueError as e:
            print("ValueError", e)
        try:
            range(10**10)[10**10]
        except IndexError as e:
            print("IndexError", e)
    """)


def test_range_equality(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        print(range(5) == range(5), range(0) == range(2, 2), range(1, 10, 3) == range(1, 11, 3), range(3) != range(4))
        x = range(5)
        print(x == range(0, 5, 1), range(2**35) == range(2**35), range(0, 3, 2) == range(0, 4, 2), x == [0, 1, 2])
        print(range(1, 2, 5) == range(1, 2, 7), range(10**10) != range(10**10 + 1))
    """)


def test_range_variables_equality(sandbox: Sandbox) -> None:  # noqa: F811
    """`r1 == r2` between names the cell binds to ranges compares the sequences (issue 26)."""
    same(sandbox, """
        r1 = range(0, 10, 2)
        r2 = range(0, 9, 2)
        r3 = range(0, 5)
        print(r1 == r2, r1 != r2, r1 == r3, r2 == [0, 2, 4, 6, 8], r3 == 5)
        r3 = [0, 1]
        print(r3 == [0, 1], r1 == r1)
    """)
