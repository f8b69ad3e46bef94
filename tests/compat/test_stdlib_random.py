"""random: the same numbers as CPython for the same seed (differential)."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


@pytest.mark.parametrize("seed", [0, 1, 42, 12345, 2**32 + 7, -5, 2**70 + 3, 3.5])
def test_seeded_sequence_matches_cpython(sandbox: Sandbox, seed: object) -> None:  # noqa: F811
    same(sandbox, f"""
        import random
        random.seed({seed!r})
        print([random.random() for _ in range(3)])
        print([random.randint(1, 6) for _ in range(10)])
        print(random.randrange(0, 100, 5), random.randrange(10), random.getrandbits(70), random.getrandbits(5))
        print(random.choice('abcdefg'), random.uniform(1, 10))
        deck = list(range(20))
        random.shuffle(deck)
        print(deck)
        print(random.sample(range(100), 5), random.sample(range(10000), 8), random.sample('abcdef', 3))
        print(random.choices('abc', k=5), random.choices([1, 2, 3], weights=[1, 5, 10], k=6))
        # libm (log, cos, exp) of MicroPython may differ from glibc in the last bit: 12 digits
        values = [random.gauss(0, 1), random.gauss(10, 2), random.normalvariate(0, 1), random.expovariate(2),
                  random.triangular(0, 10, 3), random.gammavariate(2.0, 1.5), random.betavariate(2, 3)]
        print(['%.12f' % v for v in values])
        print(random.sample(['a', 'b'], k=4, counts=[2, 3]))
    """)


def test_state_and_instances(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import random
        rng = random.Random(7)
        a = [rng.random() for _ in range(3)]
        state = rng.getstate()
        b = rng.randint(0, 1000)
        rng.setstate(state)
        print(a, b == rng.randint(0, 1000))
        random.seed(2024)
        print(random.randint(1, 100))
        try:
            random.choice([])
        except IndexError as e:
            print(e)
        try:
            random.sample(range(3), 5)
        except ValueError as e:
            print(e)
    """)


def test_bisect(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import bisect
        grades = [60, 70, 80, 90]
        print([ 'FDCBA'[bisect.bisect(grades, s)] for s in [33, 99, 77, 70, 89, 90, 100]])
        a = [1, 3, 5]
        bisect.insort(a, 4); bisect.insort_left(a, 3)
        print(a, bisect.bisect_left(a, 3), bisect.bisect_right(a, 3))
    """)
