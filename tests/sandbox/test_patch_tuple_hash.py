"""The `tuple_hash` patch (wasm/patches/tuple_hash.py): a tuple's hash mixes its items in order.

Filling a dict with grid keys `(i, j)` takes linear fuel (fuel is deterministic: for 2n keys under
2.5 × the fuel of n keys; with the additive hash every key with the same `i + j` collides and the
fill is quadratic), and tuples behave as keys as in CPython (a differential cell). `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must
fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

GRID = "d = {}\nfor i in range(%d):\n    for j in range(100):\n        d[(i, j)] = i * j\nprint(len(d))"
ROWS = 40

# Printed: what CPython guarantees (equal tuples hash equally; order matters for a pair of ints),
# never a hash value itself (MicroPython's int and str hashes differ from CPython's).
TUPLE_CELL = """
from collections import namedtuple
P = namedtuple("P", "x y")
pairs = [((1, 2), (1, 2.0)), ((True, 0), (1, False)), (("a", (1, 2)), ("a", (1, 2))), (P(3, 4), (3, 4)),
         ((-1,), (-1,)), ((-1, -2), (-1, -2)), ((), ())]
print([hash(a) == hash(b) for a, b in pairs], [a == b for a, b in pairs])
print(hash((1, 2)) != hash((2, 1)), hash((0, 1, 2)) != hash((2, 1, 0)), hash((1, 1)) != hash((2, 0)))
d = {(-1,): "m1", (-2,): "m2", (-1, -2): "a", (-2, -1): "b", (1, 2): "c", (2, 1): "d", (): "e"}
d[(1.0, 2)] = "c2"
print(len(d), d[(-1,)], d[(-2,)], d[(-2, -1)], d[(1, 2)], d[()], sorted(d.items()))
memo = {}
for r in range(60):
    for c in range(60):
        memo[(r, c)] = 1 if r == 0 or c == 0 else memo[(r - 1, c)] + memo[(r, c - 1)]
print(len(memo), memo[(59, 59)] % 1000003, (30, 30) in memo, (60, 0) in memo)
s = {(i % 7, i % 11) for i in range(500)}
print(len(s), sorted(s)[:5], (6, 10) in s, (7, 0) in s)
del memo[(5, 5)]
print(len(memo), (5, 5) in memo, memo.get((5, 6), 0) > 0)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    small, large = (sb.run(GRID % rows) for rows in (ROWS, 2 * ROWS))
    if small.error is not None or large.error is not None:
        problems.append(f"grid fill stopped: {small.error or large.error}")
    elif large.fuel_used >= 2.5 * small.fuel_used:
        ratio = large.fuel_used / small.fuel_used
        problems.append(f"fuel for {2 * ROWS * 100} grid keys is {ratio:.2f} × that for {ROWS * 100}")
    r = sb.run(TUPLE_CELL)
    expected = cpython(TUPLE_CELL)
    if r.error is not None or r.stdout != expected:
        problems.append(f"tuple cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_tuple_keys_fill_in_linear_fuel_and_hash_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
