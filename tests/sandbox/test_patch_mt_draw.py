"""The `mt_draw` patch (wasm/patches/mt_draw.py): the guest `random`'s `random()` and `uniform()`
are class methods over MicroPython's `random.randrange` that draw CPython's doubles natively.

`test_native_draws_match_cpython` (the patch's test) runs one cell in the sandbox and in CPython:
seeded sequences mixing `random()`, `uniform()` of every operand kind (small ints, floats, mixed,
bools, big ints, Fractions, a TypeError before any draw), `randint`, `choice` and `randrange`
(native `_randbelow` below 2**30, Python's above), the batch consumers (`shuffle`,
`getrandbits`), `getstate`/`setstate`, several instances and subclasses; the outputs must be
equal. On the build without the patch `random()` is upstream's `randrange(cls)`, a TypeError.
`test_draws_cost_little_fuel` pins the fuel of a call."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

CELL = """
import random
from fractions import Fraction
random.seed(11)
out = [random.random() for _ in range(700)]
out += [random.uniform(-1, 1), random.uniform(0.5, 2.5), random.uniform(3, 1.5), random.uniform(-2.0, 7)]
out += [random.uniform(2, 2), random.uniform(-(2**29), 2**29), random.uniform(1e300, -1e300)]
out += [random.uniform(False, True), random.uniform(10**20, 10**20 + 5), random.uniform(0, 10**30)]
out += [random.uniform(Fraction(1, 3), 2), random.uniform(1, Fraction(7, 2))]
try:
    random.uniform('a', 1)
except TypeError:
    out.append('TypeError')
out.append(random.random())
for i in range(3000):
    k = i % 7
    if k == 0:
        out.append(random.randint(1, 6))
    elif k == 1:
        out.append(random.random())
    elif k == 2:
        out.append(random.choice('abcdefghij'))
    elif k == 3:
        out.append(random.uniform(0, 100))
    elif k == 4:
        out.append(random.getrandbits(40))
    elif k == 5:
        out += [random.randrange(10**6), random.randint(0, 2**29), random.randint(-5, 2**31),
                random.choice(range(1000)), random.randrange(3, 2**30, 7)]
    else:
        deck = list(range(10))
        random.shuffle(deck)
        b = bytearray(range(12))
        random.shuffle(b)
        out += [deck, list(b)]
st = random.getstate()
a = [random.random() for _ in range(5)]
random.setstate(st)
out.append(a == [random.random() for _ in range(5)])
r1, r2 = random.Random(5), random.Random('five')
for _ in range(400):
    out += [r1.random(), r2.uniform(-3, 3), r1.randint(0, 9), r2.random()]
out.append(random.Random.random(r1))
out.append(random.Random.uniform(r2, 1, 2))
class Quiet(random.Random):
    def random(self):
        return 0.25
class Bits(random.Random):
    pass
q, b = Quiet(3), Bits(3)
out += [q.random(), q.uniform(0, 8), q.randint(1, 6), b.random(), b.uniform(1, 2), b.randint(1, 6)]
class Super(random.Random):
    def random(self):
        return super().random() / 2
s = Super(4)
out += [s.random(), s.uniform(0, 1), '%.12f' % s.gauss(0, 1)]
random.seed(12)
out += ['%.12f' % random.gauss(0, 1) for _ in range(50)]  # libm's last bit may differ
print(out)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    result = sb.run(CELL)
    if result.error is not None:
        return [f"the cell failed: {result.error.ename}: {result.error.evalue}"]
    return [] if result.stdout == cpython(CELL) else ["the sequences differ from CPython's"]


def test_native_draws_match_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_misuse_raises_as_cpython_does() -> None:
    """Wrong argument counts are TypeErrors (with MicroPython's wording), and draw nothing."""
    cell = """
import random
random.seed(2)
errors = []
for call in (lambda: random.random(1), lambda: random.uniform(), lambda: random.uniform(1),
             lambda: random.uniform(1, 2, 3), lambda: random.Random(1).random(2)):
    try:
        call()
    except TypeError:
        errors.append('TypeError')
print(errors, random.random())
"""
    with Sandbox() as sb:
        result = sb.run(cell)
    assert result.error is None, result.error
    assert result.stdout == cpython(cell)


def test_draws_cost_little_fuel() -> None:
    """Fuel per call in a function's loop (the loop's own fuel subtracted), as written: with the
    patch `random.random()` ~1,430 (of which the attribute load ~360 and MicroPython's call of a
    built-in ~750), `uniform(-1, 1)` ~1,570, `r.random()` ~1,440 (main: a generator's resume and a
    Python `uniform`, ~1,640 and ~3,820). `uniform` now costs about what `random()` does."""
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert sb.run("import random\nrandom.seed(5)\nr = random.Random(3)").error is None

        def per_call(body: str, n: int = 20_000) -> float:
            assert sb.run(f"def f(n):\n    for _ in range(n):\n        {body}\n").error is None
            few, many = sb.run("f(1000)"), sb.run(f"f({n + 1000})")
            assert few.error is None and many.error is None, (few.error, many.error)
            return (many.fuel_used - few.fuel_used) / n

        loop = per_call("pass")
        costs = {body: per_call(body) - loop for body in ("random.random()", "random.uniform(-1, 1)",
                                                          "random.uniform(-1.0, 1.5)", "r.random()",
                                                          "random.randint(1, 6)", "random.choice('abc')")}
    limits = (1_550, 1_750, 1_800, 1_550, 6_000, 6_000)
    assert all(cost < limit for cost, limit in zip(costs.values(), limits, strict=True)), costs
