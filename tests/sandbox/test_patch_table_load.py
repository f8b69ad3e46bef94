"""The `table_load` patch (wasm/patches/table_load.py): dicts and sets grow at two thirds full.

A dict or set of exactly 4,831 int keys (one of MicroPython's table sizes) is full without the
patch, so every lookup of a missing key probes all 4,831 slots; with it, 2,000 misses cost about
as much fuel as 2,000 hits (under 3 ×; fuel is deterministic). `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

SIZE = 4831  # an entry of hash_allocation_sizes in py/map.c
PROBE = """
t = %s
for i in range(%d):
    t%s
n = 0
for i in range(1, 2001):
    if %s in t:
        n += 1
print(n)
"""
KINDS = {"dict": ("{}", "[i] = i"), "set": ("set()", ".add(i)")}

# Tables that grow, shrink and grow again keep CPython's contents.
DIFF_CELL = """
d, s = {}, set()
for i in range(20000):
    d[i * 7] = i
    s.add(i * 7)
    if i % 3 == 0:
        d.pop(i * 7 // 2 * 2, None)
        s.discard(i * 5)
print(len(d), len(s), sum(d) % 1000003, sum(s) % 1000003, -7 in d, 140 in s, sorted(d)[:5], sorted(s)[-3:])
d.clear()
s.clear()
for i in range(5000):
    d[-i] = i
    s.add(-i)
print(len(d), len(s), d[-4999], min(s), 1 in d, 0 in s)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    for kind, (empty, add) in KINDS.items():
        hits = sb.run(PROBE % (empty, SIZE, add, "i"))
        misses = sb.run(PROBE % (empty, SIZE, add, "-i"))
        if hits.error is not None or misses.error is not None:
            problems.append(f"{kind} of {SIZE} ints: {hits.error or misses.error}")
        elif hits.stdout.strip() != "2000" or misses.stdout.strip() != "0":
            problems.append(f"{kind} of {SIZE} ints: {hits.stdout!r} {misses.stdout!r}")
        elif misses.fuel_used >= 3 * hits.fuel_used:
            problems.append(f"{kind} of {SIZE} ints: missing keys cost {misses.fuel_used / hits.fuel_used:.1f} × "
                            "the fuel of present ones")
    return problems


def test_missing_keys_in_a_filled_table_cost_like_hits() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_growing_and_shrinking_tables_behave_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(DIFF_CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(DIFF_CELL)
