"""The `index_grow` patch (wasm/patches/index_grow.py): a dict that only grew rebuilds its
ordered index with two allocations instead of three, so one collection fewer per rebuild.

Fuel is deterministic. Filling a dict of 200,000 int keys costs, per key, the fuel of the same
loop storing into a preallocated list plus the dict's own work; with collections disabled (their
cost depends on the collector's configuration, which the patch tests' builds vary) that extra is
under `MAX_EXTRA` fuel a key with the patch (~550 measured; ~680-700 without it: the array of
hashes, filled and read per position, and each rebuild's allocations made three times).
The differential cell grows dicts through many rebuilds
between copies, deletions, `popitem` and re-insertions, so both rebuild paths run and must keep
CPython's order and contents. `check` is the patched behaviour; `test_build_pipeline.py` runs it
on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox

FILL = """
import gc
def fill(n):
    d = {}
    for i in range(n):
        d[i] = i
    return len(d)
def listed(n):
    l = [None] * n
    for i in range(n):
        l[i] = i
    return len(l)
"""
N = 200_000
MAX_EXTRA = 620

DIFF_CELL = """
def digest(d):
    ks = list(d)
    tally = sum(k if isinstance(k, int) else len(str(k)) for k in ks[::7]) % 1000003
    return len(d), ks[:3], ks[-3:], ks[len(ks) // 2] if ks else None, tally
d = {}
copies = []
for i in range(20000):
    d[i * 3 % 20011] = i
    if i in (200, 1000, 5000):
        copies.append(d.copy())
    if i == 7000:
        for k in list(d)[::5]:
            del d[k]
    if i == 9000:
        for _ in range(100):
            d.popitem()
    if i % 4001 == 0:
        d.pop(i * 3 % 20011, None)
        d[i * 3 % 20011] = -i
print(digest(d), d.get(3), d.get(-1))
for c in copies:
    for i in range(3000):
        c[("c", i)] = i
    c[0] = "zero"
    print(digest(c), c[("c", 2999)], 0 in c, (c.get(1), c.get(("c", 5))))
e = dict(d)
for i in range(30000):
    e[str(i)] = i
print(digest(e), e["29999"], len([k for k in e if isinstance(k, int)]))
t = {}
for i in range(600):
    t[1.0 * i] = i
for i in range(600):
    t[i] = -i
t[True] = "t"
print(digest(t), t[1], t[599.0], 600 in t)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = lines_unlike_cpython(sb, DIFF_CELL)
    sb.reset()
    fuel = []
    for call in (FILL, f"gc.disable()\nfill({N})", f"gc.disable()\nlisted({N})"):
        r = sb.run(call)
        if r.error is not None:
            return problems + [f"fill stopped: {r.error}"]
        fuel.append(r.fuel_used)
    extra = (fuel[1] - fuel[2]) / N
    if extra >= MAX_EXTRA:
        problems.append(f"a dict of {N} int keys: {extra:.0f} fuel a key more than a list")
    return problems


def test_growing_dicts_rebuild_with_two_allocations() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
