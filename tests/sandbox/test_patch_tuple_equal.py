"""The `tuple_equal` patch (wasm/patches/tuple_equal.py): `tuple == tuple` of small ints is compared
without the generic dispatch, and sequences compare items identity first, as CPython does.

`check` is the patched behaviour: a dict lookup with a freshly built `(row, col)` key, and `==` of
two distinct equal pairs, each cost less than their `MAX_FUEL_*` (fuel is deterministic; the
generic path costs several hundred fuel more per comparison), and a differential cell gives host
CPython's output: mixed and nested items, `1 == 1.0 == True` across tuples, big ints, NaN items
that are the same object (equal in a tuple, as in CPython; upstream said not equal), `__eq__`
called exactly when CPython calls it and its exceptions propagating. `test_build_pipeline.py`
runs `check` on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

N = 20_000
SETUP = "memo = {(r, c): r * c for r in range(100) for c in range(100)}\n"
# Per iteration of each loop (the difference between N and 2N iterations, over N).
LOOPS = {
    "loop": "def f(n, m=memo, r=5, c=7):\n    for i in range(n):\n        pass\nf(%d)",
    "lookup": "def f(n, m=memo, r=5, c=7):\n    for i in range(n):\n        m[(r, c)]\nf(%d)",
    "equal": "def f(n, a=(5, 7), r=5, c=7):\n    for i in range(n):\n        a == (r, c)\nf(%d)",
}
MAX_FUEL_LOOKUP = 1_750  # measured: ~1,535 patched, ~1,890-1,960 without
MAX_FUEL_EQUAL = 1_150  # measured: ~870 patched, ~1,470 without

EQUAL_CELL = """
from collections import namedtuple
P = namedtuple("P", "x y")
def mk(*items):
    return tuple(items)
big = 2 ** 70
print(mk(1, "a", 2.5, None, b"x", (1, 2)) == (1, "a", 2.5, None, b"x", (1, 2)), mk(1, "a") == mk(1, "b"))
print(((1, 2), (3, (4, 5))) == mk(mk(1, 2), mk(3, mk(4, 5))), ((1, 2), (3, (4, 5))) == mk(mk(1, 2), mk(3, mk(4, 6))))
print(mk(1, 2) == (1.0, 2), mk(True, 0) == (1, False), mk(1, 1.0, True) == (True, 1, 1.0))
print(mk(1) != mk(2), mk(0) == mk(False))
print({mk(1, 2): "a"}[(1.0, 2)], {mk(True,): 1}[(1,)], mk(big, 1) == mk(2 ** 70, 1))
print(mk(10 ** 20 // 10 ** 10) == (10 ** 10,))
print(mk(big - big + 5) == (5,), mk(5) == mk(big - big + 5), mk(-1, -2) == mk(-1, -2))
print(mk(2 ** 30, -2 ** 30) == (2 ** 30, -2 ** 30))
print(mk(1, 2) != mk(1, 2), mk(1, 2) != mk(1, 3), mk(1, 2) == [1, 2], P(1, 2) == mk(1, 2), mk(1, 2) == P(1, 2))
print(mk() == (), mk(1) == mk(1, 2))
print(mk(1, 2) < mk(1, 3), mk(1, "a") < mk(1, "b"), mk(1, 2) <= mk(1, 2), mk(2) > mk(1, 9))
print(sorted([mk(2, "b"), mk(1, "z"), mk(2, "a")]))
print(mk(3, 4) in [mk(1, 2), mk(3, 4)], [mk(1, 2)].index(mk(1, 2)), [mk(1, 2), mk(1, 2), mk(2, 1)].count(mk(1, 2)))
nan = float("nan")
print(mk(nan) == mk(nan), mk(nan, 1) == mk(nan, 1), [nan] == [nan], mk(float("nan")) == mk(float("nan")), nan == nan)
print(mk(nan, 2) < mk(nan, 3), mk(nan) != mk(nan), mk(nan) in {mk(nan): 1}, mk(nan, 1.5) == mk(nan, 1.5))
print(mk(mk(nan)) == mk(mk(nan)))
calls = []
class E:
    def __init__(self, name):
        self.name = name
    def __eq__(self, other):
        calls.append((self.name, getattr(other, "name", other)))
        return True
    def __hash__(self):
        return 1
e1, e2 = E("e1"), E("e2")
print(mk(e1) == mk(e2), mk(e1) == mk(e1), mk(e1, 1) == mk(e1, 2), mk(1, e1) == mk(1, e2), calls)
del calls[:]
print(mk(e1) != mk(e2), mk(e2) in {mk(e1): 1}, {mk(e1): "v"}[mk(e1)], calls)
class R:
    def __eq__(self, other):
        raise ValueError("no eq")
    def __hash__(self):
        return 7
r1, r2 = R(), R()
for label, f in (("eq", lambda: mk(1, r1) == mk(1, r2)), ("ne", lambda: mk(r1) != mk(r2)),
                 ("lt", lambda: mk(r1, 1) < mk(r2, 2)), ("key", lambda: {mk(r1): 1}[mk(r2)]),
                 ("same", lambda: mk(r1) == mk(r1)), ("list", lambda: [r1] == [r2])):
    try:
        print(label, f())
    except ValueError as e:
        print(label, type(e).__name__, e)
memo = {}
for r in range(40):
    for c in range(40):
        memo[(r, c)] = 1 if r == 0 or c == 0 else (memo[(r - 1, c)] + memo[(r, c - 1)]) % 1000003
print(len(memo), memo[(39, 39)], (39, 40) in memo, memo.get((-1, 0)), sum(memo[(r, r)] for r in range(40)) % 997)
"""


def fuel_per_iteration(sb: Sandbox) -> dict[str, float]:
    """Fuel per iteration of each of `LOOPS`, the empty loop's subtracted."""
    per = {}
    for name, loop in LOOPS.items():
        once, twice = sb.run(loop % N), sb.run(loop % (2 * N))
        if once.error is not None or twice.error is not None:
            raise AssertionError(f"{name}: {once.error or twice.error}")
        per[name] = (twice.fuel_used - once.fuel_used) / N
    return {name: value - per["loop"] for name, value in per.items() if name != "loop"}


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    r = sb.run(SETUP)
    if r.error is not None:
        return [f"setup: {r.error}"]
    per = fuel_per_iteration(sb)
    if per["lookup"] >= MAX_FUEL_LOOKUP:
        problems.append(f"m[(r, c)] costs {per['lookup']:.0f} fuel (limit {MAX_FUEL_LOOKUP})")
    if per["equal"] >= MAX_FUEL_EQUAL:
        problems.append(f"a == (r, c) costs {per['equal']:.0f} fuel (limit {MAX_FUEL_EQUAL})")
    return problems + differs_from_cpython(sb, EQUAL_CELL, "equality cell")


def test_tuple_equality_is_cheap_and_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
