"""The `gen_yield_from` patch (wasm/patches/gen_yield_from.py): a generator suspended in
`yield from` over an array, bytearray or memoryview iterator resumes without the bytecode loop.

`check` is the patched behaviour: `next()` of such a generator (its bound `__next__`, as the
guest `random`'s `random()` is) costs less than `MAX_FUEL_OVER_ITERATOR` more than `next()` of the
bare memoryview iterator it delegates to, with collection off while measuring (each call makes
a float: a collection falling into one loop and not the other moves the difference by hundreds of
fuel). Patched: ~120 more on the installed builds, ~90 on unoptimised ones; without the patch ~515
more. On the build without the patch
it fails (`test_build_pipeline.py`). The differential cell runs generators that
delegate to arrays, bytearrays, memoryviews, lists and other generators through exhaustion,
`send`, `throw`, `close`, return values, exceptions and nesting, side by side with CPython."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

CALLS = 20_000
MAX_FUEL_OVER_ITERATOR = 250

DIFF_CELL = """
import array
def over(it):
    got = yield from it
    yield ('done', got)
def twice(a, b):
    yield from a
    yield from b
    return 'end'
d = array.array('d', [0.5 * i for i in range(7)])
print(list(over(memoryview(d))), list(over(d)), list(over(bytearray(b'xyz'))), list(over(array.array('i', [1, -2]))))
print(list(over(memoryview(d)[2:5])), list(over(array.array('I'))), list(over([1, 2])), list(over(iter('ab'))))
print(list(twice(memoryview(d), twice(bytearray(b'ab'), [3]))), list(over(twice(d, d))))
g = over(memoryview(d))
print(next(g), g.send(None), next(g))
try:
    g.send(5)
except AttributeError as e:
    print('send to array iterator', type(e).__name__)
g = over(memoryview(d))
next(g)
try:
    g.throw(ValueError('x'))
except ValueError as e:
    print('thrown', e)
print(list(g))
g = over(memoryview(d))
print(next(g), g.close(), list(g))
def guarded(it):
    try:
        yield from it
    except KeyError:
        yield 'caught'
    finally:
        print('finally')
g = guarded(bytearray(b'hi'))
print(next(g), g.throw(KeyError('k')), list(g))
g = guarded(memoryview(d))
print([next(g) for _ in range(7)], list(g))
b = bytearray(b'abcdef')
g = over(b)
print(next(g), next(g))
b[2] = 90
print(next(g), list(g))
def mutate():
    a = array.array('i', [1, 2, 3])
    it = over(a)
    out = [next(it)]
    a.append(4)
    out += list(it)
    return out
print(mutate())
def gen_of_gen():
    yield from over(memoryview(d))
print(list(gen_of_gen()))
g = over(memoryview(d))
try:
    g.send(1)
except TypeError as e:
    print('not started', type(e).__name__)
print([x for x in over(memoryview(bytes(range(5))))])
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    r = sb.run("import array, gc\nd = array.array('d', bytes(8 * 40000))\ndef g(v):\n    yield from v\n"
               "def f(nx, n):\n    for _ in range(n):\n        nx()\n")
    if r.error is not None:
        return [f"setup failed: {r.error}"]
    cost = {}
    for name, make in (("generator", "g(memoryview(d)).__next__"), ("iterator", "iter(memoryview(d)).__next__")):
        sb.run("gc.collect()\ngc.disable()")
        few = sb.run(f"nx = {make}\nf(nx, 1000)")
        many = sb.run(f"nx = {make}\nf(nx, {CALLS + 1000})")
        sb.run("gc.enable()\ngc.collect()")
        if few.error is not None or many.error is not None:
            return [f"loop stopped: {few.error or many.error}"]
        cost[name] = (many.fuel_used - few.fuel_used) / CALLS
    extra = cost["generator"] - cost["iterator"]
    return [f"next() of a yield-from generator costs {extra:.0f} fuel more than its iterator's"] \
        if extra >= MAX_FUEL_OVER_ITERATOR else []


def test_yield_from_an_array_resumes_cheaply() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_generators_delegating_behave_like_cpython() -> None:
    with Sandbox() as sb:
        r = sb.run(DIFF_CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(DIFF_CELL)
