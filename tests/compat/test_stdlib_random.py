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


def test_long_mixed_sequences_match_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    # Several blocks of 624 words, every consumer, odd and even word positions at block ends,
    # state saved and restored in the middle of a block.
    same(sandbox, """
        import random
        random.seed(2026)
        print(sum(random.random() for _ in range(1500)))
        print([random.getrandbits(k) for k in (1, 7, 16, 17, 29, 30, 31, 32, 33, 64, 100)])
        print(sum(random.randint(1, 6) for _ in range(2000)), random.randint(-10**12, 10**12))
        print([random.randrange(2**30 - 1) for _ in range(3)], [random.randrange(2**30 + 5) for _ in range(3)])
        print([random.randrange(3, 10**9, 7) for _ in range(5)], random.randint(7, 7))
        for n in (1, 2, 255, 256, 65535, 65536, 2**24 - 1, 2**24, 2**30 - 1, 2**30, 2**31):
            print(n, [random.randrange(n) for _ in range(3)])
        deck = list(range(3000))
        random.shuffle(deck)
        print(deck[:10], deck[-10:], sum(i * v for i, v in enumerate(deck)))
        print(''.join(random.choice('abcdefghij') for _ in range(700)))
        xs = [random.uniform(-1, 1) for _ in range(1000)]
        print(sum(xs), min(xs), max(xs))
        print(['%.12f' % random.gauss(0, 1) for _ in range(5)])
        while True:  # stop at the last word of a block, then draw across the boundary
            state = random.getstate()
            if state[1][-1] == 623:
                break
            random.getrandbits(8)
        print(random.random(), random.random(), random.getrandbits(40))
        random.setstate(state)
        print(random.random(), random.random(), random.getrandbits(40))
        for _ in range(5):  # positions 0 ... 4 after a restore in the middle of a block
            random.getrandbits(3)
            state = random.getstate()
            a = [random.random() for _ in range(700)]
            random.setstate(state)
            print(a == [random.random() for _ in range(700)], state[1][-1], a[-1])
        rng = random.Random(99)
        print(rng.sample(range(10**6), 10), rng.choices(range(50), k=10))
    """)


def test_random_cost_is_linear_and_small(sandbox: Sandbox) -> None:  # noqa: F811
    # Fuel (deterministic) per random() and per randint(): the generator makes no big ints, so
    # 40,000 calls cost twice 20,000 (within 5 %), and both calls stay under a fixed budget.
    def fuel(code: str) -> int:
        sandbox.reset()
        assert sandbox.run("import random\nrandom.seed(1)").error is None
        result = sandbox.run(code)
        assert result.error is None, result.error
        return result.fuel_used

    for call, budget in (("random.random()", 40_000), ("random.randint(1, 6)", 60_000)):
        one = fuel(f"for _ in range(20000):\n    {call}")
        two = fuel(f"for _ in range(40000):\n    {call}")
        assert 1.9 < two / one < 2.1, (call, one, two)
        assert one / 20000 < budget, (call, one / 20000)
