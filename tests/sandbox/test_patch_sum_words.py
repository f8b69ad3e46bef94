"""The `sum_words` patch (wasm/patches/sum_words.py): `sum` of ints below 2**63 accumulates in a
128-bit word pair of its own frame instead of making an int object per item.

Fuel is deterministic (measured after a collection, the list made in an earlier run): `sum` of
squares near 2·10⁷ (the running sum is past 2**62 from the start, upstream's mpz path for every
`+`) costs at most `MAX_ITEM` fuel an item (the numbers with and without the patch are beside it).
Every kind of item and start (small ints, word-sized and big ints of both signs, floats, bools,
int subclasses, objects with `__add__`/`__radd__`, results at the small-int and word boundaries,
generators raising midway, nested sums) prints as in CPython; a sum stopped by the fuel limit and
run again too (float sums are exact in binary, so CPython's compensated float sum since 3.12
gives the same). `check` is the patched behaviour; `test_build_pipeline.py` runs it on a build
without this patch, where it must fail."""

from __future__ import annotations

import dataclasses

from patch_builds import cpython, lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox

MAX_ITEM = 600  # `sum(xs)` of squares near 2·10⁷, an item: ~1,500 without the patch, ~360 with
ITEMS = "xs = [i * i for i in range(19_900_000, 19_900_000 + %d)]"

DIFF_CELL = """
class I(int):
    def __add__(self, other):
        return 'I+' + str(other)
    def __radd__(self, other):
        return 'I.radd(' + str(other) + ')'

class J(int):
    pass

class R:
    def __init__(self, v):
        self.v = v
    def __radd__(self, other):
        return R(('R', other, self.v))
    def __add__(self, other):
        return R(('R+', self.v, other))
    def __repr__(self):
        return 'R(%r)' % (self.v,)

def show(label, *args):
    try:
        v = sum(*args)
        print(label, type(v).__name__, repr(v))
    except Exception as e:
        print(label, 'raised', type(e).__name__, e)

edges = [0, 1, -1, 2 ** 30 - 1, 2 ** 30, -(2 ** 30), -(2 ** 30) - 1, 2 ** 31, 2 ** 62 - 1, 2 ** 62, 2 ** 63 - 1,
         2 ** 63, -(2 ** 63), -(2 ** 63) + 1, -(2 ** 63) - 1, 2 ** 64 - 1, 2 ** 64, 2 ** 64 + 1, 3 ** 50, -(3 ** 50)]
for a in edges:
    for b in edges:
        show('pair', [a, b])
        show('pair-start', [b], a)
        show('triple', [a, b, -a])
show('empty', [])
show('empty-start', [], 2 ** 70)
show('start-float', [1, 2, 3], 0.5)
show('floats', [0.125] * 10)
show('mixed', [1, 2.5, 2 ** 40, 3, 2 ** 41 - 1, 0.25])
show('int-then-float', [2 ** 40, 2 ** 41, -(2 ** 40), 1.0, 2 ** 40])
show('bools', [True, False, True, 2 ** 62, True])
show('bools-start', [True] * 5, True)
show('subclass', [1, J(5), 2 ** 62, J(2 ** 40)])
show('subclass-add', [1, 2, I(3), 4])
show('subclass-start', [1, 2], I(7))
show('radd', [1, 2 ** 62, R(1), 5])
show('radd-start', [1, 2], R(0))
show('str-start', ['a', 'b'], '')
show('list-start', [[1], [2]], [])
show('tuple', [(1,), (2,)], ())
show('bad', [1, 2, 'x'])
show('big-then-small', [2 ** 200, 1, 2, 3])
show('small-then-big', [1, 2, 3, 2 ** 200, -(2 ** 200), 4])
show('cancel', [2 ** 62, 2 ** 62, -(2 ** 62), -(2 ** 62)])
show('neg-run', [-(2 ** 62)] * 9)
show('pos-run', [2 ** 63 - 1] * 9)
show('range', range(-10 ** 6, 10 ** 6, 7))
show('squares', (i * i for i in range(3_000_000, 3_010_000)))
show('cubes', (i ** 3 for i in range(-2_000_000, 2_000_000, 997)))
show('nested', (sum(range(k * 1000, k * 1000 + 1000)) * 2 ** 40 for k in range(200)))

def boom(n):
    for i in range(n):
        yield i * 2 ** 40
    raise ValueError('midway at %d' % n)

for n in (0, 3, 5000):
    try:
        print(sum(boom(n)))
    except ValueError as e:
        print('caught', e)
print(sum(i * i for i in range(10 ** 5)))

def inner(n):
    for i in range(n):
        yield sum(j * 2 ** 50 for j in range(i))
print(sum(inner(300)), sum(inner(300), -(2 ** 100)))
acc = []
def trace(n):
    for i in range(n):
        acc.append(i)
        yield (2 ** 61) * (1 if i % 3 else -1)
print(sum(trace(1000)), len(acc))
def churn(n):
    junk = []
    for i in range(n):
        junk.append([i] * 40)
        if len(junk) > 200:
            junk = []
        k = i % 11
        yield 2 ** 70 + i if k == 3 else -(2 ** 70) if k == 4 else J(i) if k == 5 else i * i * 2 ** 20
print(sum(churn(30000)), sum(churn(30000), 2 ** 62), sum(churn(5000), J(1)))
print(sum(x for x in [5, 2 ** 63 - 1, 2 ** 63 - 1, 2 ** 63 - 1, 2 ** 63 - 1, -(2 ** 63) + 1]))
print(sum([2 ** 30 - 1, 1]) == 2 ** 30, sum([2 ** 30, -1]) == 2 ** 30 - 1, hash(sum([2 ** 62] * 4)) == hash(2 ** 64))
"""

STOPPED = "s = sum(i * i for i in range(10 ** 8))"
AFTER_STOP = "print(sum(i * i for i in range(3 * 10 ** 5)), sum([2 ** 40] * 7 + [1.5]), sum(range(10)))"


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    fuel = []
    for n in (10_000, 30_000):
        made = sb.run("import gc\n" + ITEMS % n + "\ngc.collect()")
        r = sb.run("s = sum(xs)")
        if made.error is not None or r.error is not None:
            return [f"timed runs: {made.error or r.error}"]
        fuel.append(r.fuel_used)
    item = (fuel[1] - fuel[0]) / 20_000
    if item > MAX_ITEM:
        problems.append(f"sum of squares near 2*10**7 costs {item:.0f} fuel an item")
    problems += lines_unlike_cpython(sb, DIFF_CELL)
    return problems


def test_int_sum_takes_less_fuel() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []


def test_sum_stopped_by_the_fuel_limit_runs_again() -> None:
    """A sum stopped by the fuel limit midway leaves nothing behind: the next sums are CPython's."""
    with Sandbox(dataclasses.replace(Limits(), fuel=2_000_000_000, wall_seconds=300.0)) as sb:
        r = sb.run(STOPPED)
        assert r.error is not None and r.error.ename == "FuelExhausted", r.error
        r = sb.run(AFTER_STOP)
        assert r.error is None, r.error
        assert r.stdout == cpython(AFTER_STOP)


def test_ulab_variant_gets_the_same_results() -> None:
    """The ulab build is patched the same way (its own sites): the same differential cell."""
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="ulab") as sb:
        assert lines_unlike_cpython(sb, DIFF_CELL) == []
