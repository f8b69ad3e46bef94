"""The `alloc_hint` patch (wasm/patches/alloc_hint.py): after a multi-block allocation `gc_alloc`
moves its free-block hint to the first free block, so a cell's allocations of 2+ blocks no longer
rescan everything allocated before them.

Building a list of 3-tuples (two blocks each) takes linear fuel (fuel is deterministic: for 2n
tuples under 2.5 × the fuel of n; without the patch every tuple rescans the blocks of the tuples
before it, ~4×). The hint never passes a free block: cells that allocate objects of many sizes,
free some of them (list and dict growth free their old storage, reassignments leave garbage that
the collection between cells frees) and check every kept object against its expected content
print what CPython prints, and every object lands at the address the unpatched allocator gives it
(the patch changes where the search starts, never which blocks it picks). `check` is the patched
behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

import contextlib
import io

from patch_builds import build_without, sandbox_on

from mpwasm_kernel import Limits, Sandbox

RECORDS = "x = [(i, i, i) for i in range(%d)]\nprint(len(x), x[-1])\ndel x"
N = 10000

# Cells run one after the other in one sandbox (the host collects between cells); objects of cell
# 1 are kept in globals and checked again after later cells allocated into the freed holes.
CELLS = [
    """
keep = []
def make(k):
    m = k % 9
    if m == 0:
        return tuple(range(k % 13))
    if m == 1:
        return [k] * (k % 17)
    if m == 2:
        return {str(j): j * k for j in range(k % 11)}
    if m == 3:
        return "s%d" % k * (k % 5 + 1)
    if m == 4:
        return bytearray(k % 70)
    if m == 5:
        return (k, -k, str(k))
    if m == 6:
        return {j for j in range(k % 23)}
    if m == 7:
        return [(k, j) for j in range(k % 4)]
    return k * 10 ** (k % 30)
for k in range(3000):
    o = make(k)
    if k % 3:
        keep.append(o)
    tmp = [make(k + 1), make(k + 2)]
    grow = []
    for j in range(k % 40):
        grow.append((j, j + 1, j + 2))
print(len(keep), all(o == make(k) for k, o in zip((k for k in range(3000) if k % 3), keep)))
""",
    """
d = {}
for i in range(4000):
    d[i] = (i, str(i), [i] * (i % 6))
    if i % 5 == 0:
        d.pop(i // 2, None)
rows = []
for i in range(2000):
    rows.append({"id": i, "name": "n%d" % i, "tags": ("a", "b", i)})
    if i % 7 == 0:
        rows = rows[:]
class P:
    def __init__(self, a, b):
        self.a, self.b, self.c = a, b, a + b
ps = [P(i, -i) for i in range(3000)]
print(len(d), sum(len(v[2]) for v in d.values()), sorted(d)[:5], len(rows), rows[1234],
      sum(p.c for p in ps), ps[-1].a)
""",
    """
print(len(keep), all(o == make(k) for k, o in zip((k for k in range(3000) if k % 3), keep)))
print(len(d), d[3999], rows[-1], sum(p.a for p in ps))
big = [(i, i, i) for i in range(5000)]
mixed = []
for i in range(5000):
    mixed.append((i,) * (i % 12))
    mixed.append(str(i) * (i % 9))
print(sum(t[0] for t in big), sum(len(m) for m in mixed), mixed[-2], mixed[-1][:12])
""",
]
# Addresses (relative to the first tuple) of objects of many sizes while lists grow and move,
# over two cells with the host's collection between them.
PLACEMENT = """
out = []
keep = []
for r in range(300):
    a = [r] * (r % 37)
    b = (r, r, r)
    a.extend(range(r % 50))
    t = (r,) * (r % 9 + 1)
    d = {i: i for i in range(r % 12)}
    s = "x" * (r % 40) + str(r)
    keep.append((a, b, t, d, s))
    out.append((id(b), id(t), id(d), id(a)))
print([tuple(x - out[0][0] for x in o) for o in out])
"""


# Temporaries freed below the hint every step (a namedtuple's `__new__` argument buffer,
# `tuple(a_list)`'s items buffer, a list's storage moved as it grows), between allocations of
# many sizes: where each object lands (the gap memo only skips blocks in use).
REFILLS = """
from collections import namedtuple
P = namedtuple('P', 'a b')
L = [1, 2, 3]
out = []
keep = []
for r in range(600):
    p = P(r, 2)
    t = tuple(L)
    g = [r] * (r % 9)
    g.extend(range(r % 13))
    s = 'z' * (r % 50)
    if r % 3:
        keep.append((p, g))
    out.append((id(p), id(t), id(g), id(s)))
print([tuple(x - out[0][0] for x in o) for o in out])
"""


def cpython(cells: list[str]) -> list[str]:
    env: dict = {"__name__": "__main__"}
    out = []
    for cell in cells:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(cell, env)
        out.append(buf.getvalue())
    return out


# A temporary freed below the hint every step and refilled by the next step (see REFILLS): each
# later allocation used to rescan every block used since (1,600 → 3,200 namedtuples: 0.94 → 3.7 G
# fuel); the gap memo passes them.
REFILL_LOOPS = [
    ("from collections import namedtuple\nP = namedtuple('P', 'a b')", "for i in range(%d):\n    p = P(i, 2)"),
    ("L = [1, 2, 3]", "for i in range(%d):\n    t = tuple(L)"),
]


def refill_fuel(sb: Sandbox, setup: str, body: str) -> int:
    sb.reset()
    assert sb.run(setup).error is None
    r = sb.run(body)
    assert r.error is None, r.error
    return r.fuel_used


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    small, large = (sb.run(RECORDS % n) for n in (N, 2 * N))
    if small.error is not None or large.error is not None:
        problems.append(f"record lists stopped: {small.error or large.error}")
    elif large.fuel_used >= 2.5 * small.fuel_used:
        ratio = large.fuel_used / small.fuel_used
        problems.append(f"fuel for {2 * N} 3-tuples is {ratio:.2f} × the fuel for {N} (not linear)")
    for setup, body in REFILL_LOOPS:
        once, twice = (refill_fuel(sb, setup, body % n) for n in (1600, 3200))
        if twice > 2.3 * once:
            problems.append(f"{body % 3200!r}: {twice / once:.1f} × the fuel of half the steps (not linear)")
    for cell, expected in zip(CELLS, cpython(CELLS), strict=True):
        r = sb.run(cell)
        if r.error is not None or r.stdout != expected:
            problems.append(f"cell differs from CPython: {r.stdout!r} != {expected!r} ({r.error})")
    return problems


# Rows of one multi-block size beside a heap full of small holes (the garbage of a collected cell,
# kept floats interleaved): each row is a one-block list object and 16 blocks of items, or one
# 17-block tuple, past the first heap area.
HOLES = "keep = []\njunk = []\nfor i in range(100_000):\n    keep.append(i * 1.5)\n    junk.append(i * 2.5)\ndel junk"
ROWS = {"lists": "x = [[0] * 64 for i in range(%d)]\nprint(len(x), len(x[-1]))\ndel x",
        "tuples": "x = [(0,) * 64 for i in range(%d)]\nprint(len(x), len(x[-1]))\ndel x"}


def wide_rows_fuel(sb: Sandbox, kind: str, n: int) -> int:
    sb.reset()
    for cell in (HOLES, "import gc\ngc.collect()"):
        assert sb.run(cell).error is None
    r = sb.run(ROWS[kind] % n)
    assert r.error is None and r.stdout == f"{n} 64\n", (r.stdout, r.error)
    return r.fuel_used


def check_wide_rows(sb: Sandbox) -> list[str]:
    """Rows of one size cost the same fuel each, holes or no holes, in one area or several."""
    problems = []
    for kind in ROWS:
        small, large = wide_rows_fuel(sb, kind, 20_000), wide_rows_fuel(sb, kind, 40_000)
        if large >= 2.5 * small:
            problems.append(f"{kind}: fuel for 40,000 rows is {large / small:.1f} × the fuel for 20,000")
    return problems


def test_wide_rows_beside_small_holes_take_linear_fuel() -> None:
    with Sandbox(Limits(wall_seconds=600, memory_bytes=1 << 30)) as sb:
        assert check_wide_rows(sb) == []


def test_multi_block_allocations_take_linear_fuel() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []



def test_objects_land_where_the_unpatched_allocator_puts_them() -> None:
    """First fit is unchanged: the same program places every object at the same address with and
    without this patch (both run the same way). `build_without("alloc_hint")` also leaves out
    `gc_in_calls` (patch_builds.HEAVY), so it is compared with the build of every patch but
    `gc_in_calls`: the two differ by this patch only. Each run after the first starts from a
    collected heap: the host collects after a long run (guarded.py, `SETTLE_FUEL`), which one
    build's run may reach and the other's not (the patch changes the fuel of a run)."""
    outputs = []
    for wasm in (build_without("gc_in_calls"), build_without("alloc_hint")):
        with sandbox_on(wasm, limits=Limits(wall_seconds=300)) as sb:
            runs = []
            for cell in (PLACEMENT, PLACEMENT, REFILLS):
                if runs:
                    assert sb.run("import gc\ngc.collect()").error is None
                runs.append(sb.run(cell))
        assert all(r.error is None for r in runs), [r.error for r in runs]
        outputs.append([r.stdout for r in runs])
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0]) > 1000 and len(outputs[0][2]) > 1000
