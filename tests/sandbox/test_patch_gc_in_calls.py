"""The `gc_in_calls` patch (wasm/patches/gc_in_calls.py): garbage is reclaimed while a cell runs.

Each program below makes far more garbage than the memory limit (48 MiB of linear memory for the
whole interpreter) while its live data stays small: at top level, inside functions, methods,
generators and comprehensions, and in callbacks from builtins. Unpatched, collection waited for
the cell's end and these stopped with `MemoryLimitExceeded`; now each prints CPython's output.
`check` is the patched behaviour; `test_build_pipeline.py` runs it on a build without the patch.
These tests run when the patch is in `PATCHES` (then the installed build has it).
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest
from patch_builds import cpython

from mpwasm_kernel.sandbox import Limits, Sandbox

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from wasm.patches import PATCHES  # noqa: E402

pytestmark = pytest.mark.skipif("gc_in_calls" not in {p.NAME for p in PATCHES},
                                reason="the gc_in_calls patch is not applied in this build")

MiB = 1 << 20
LIMITS = Limits(memory_bytes=48 * MiB, wall_seconds=300.0)

PROGRAMS = {
    "top-level float loop": "t = 0.0\nfor i in range(3_000_000):\n    t += i * 0.5\nprint(t)",
    "function float loop": "def sim(n):\n    x, v = 0.0, 1.0\n    for i in range(n):\n        v -= 9.81 * 0.001\n"
                           "        x += v * 0.001\n    return round(x, 6)\nprint(sim(3_000_000))",
    "string building": "s = ''\nfor i in range(10_000):\n    s += str(i)\nprint(len(s), s[-20:])",
    "generator": "def squares(n):\n    for i in range(n):\n        yield str(i * i)\n"
                 "print(sum(len(s) for s in squares(1_500_000)))",
    "comprehensions": "total = 0\nfor k in range(40):\n    rows = [(i, str(i), [i]) for i in range(20_000)]\n"
                      "    total += len({r[0]: r for r in rows if r[0] % 3}) + len({r[1] for r in rows[:500]})\n"
                      "print(total)",
    "sorted with key": "data = [str(i) for i in range(5_000)]\nacc = 0\nfor k in range(120):\n"
                       "    out = sorted(data, key=lambda s: (s[::-1], len(s), [k]))\n"
                       "    acc += len(out[k])\nprint(acc)",
    "methods and callbacks": "class P:\n    def __init__(self):\n        self.hist = []\n"
                             "    def step(self, i):\n        pt = (i * 0.5, str(i), [i, i])\n"
                             "        if i % 100_000 == 0:\n            self.hist.append(pt[1])\n        return pt[0]\n"
                             "p = P()\nprint(sum(map(p.step, range(1_000_000))), p.hist,\n"
                             "      min(range(300_000), key=lambda i: (str(-i), i * 1.5)))",
    "exceptions then allocation": "bad = 0\nfor i in range(20_000):\n    try:\n        int('x' + str(i))\n"
                                  "    except ValueError:\n        bad += 1\n    try:\n        1.5 / (i % 3 - i % 3)\n"
                                  "    except ZeroDivisionError:\n        bad += 1\n"
                                  "t = 0.0\nfor i in range(3_000_000):\n    t += i * 0.25\nprint(bad, t)",
}


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb`'s interpreter (empty: the patch works)."""
    sb.limits = LIMITS
    problems = []
    for name in ("function float loop", "string building"):
        sb.reset()
        r = sb.run(PROGRAMS[name])
        if r.error is not None or r.stdout != cpython(PROGRAMS[name]):
            problems.append(f"{name}: {r.stdout!r} {r.error}")
    return problems


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(LIMITS) as sb:
        yield sb


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_garbage_is_reclaimed_during_a_cell(sandbox: Sandbox, name: str) -> None:
    sandbox.reset()
    r = sandbox.run(PROGRAMS[name])
    assert r.error is None, r.error
    assert r.stdout == cpython(PROGRAMS[name])
    assert sandbox.memory_size <= 48 * MiB


def test_state_survives_collections_between_and_during_cells(sandbox: Sandbox) -> None:
    sandbox.reset()
    cells = [
        "keep = {str(i): [i, (i, str(i))] for i in range(5000)}\nfns = [lambda x, i=i: x + i for i in range(100)]",
        "junk = 0\nfor i in range(2_000_000):\n    junk += len((str(i), i * 1.0))\n"
        "print(junk, sum(f(1) for f in fns), keep['4999'])",
        "print(sum(v[0] for v in keep.values()), keep['17'][1], sorted(keep)[:3])",
    ]
    ns: dict = {}
    for cell in cells:
        r = sandbox.run(cell)
        assert r.error is None, r.error
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(cell, ns)
        assert r.stdout == buf.getvalue()


WIDE = "x = [[0] * 64 for i in range(%d)]\nprint(len(x), sum(map(len, x)))"


def test_wide_lists_of_containers_take_linear_fuel(sandbox: Sandbox) -> None:
    """A growing heap of live containers is collected at each doubling, not at every allocation,
    and allocation after a collection does not rescan the holes it left: 2n rows cost at most
    2.5 × the fuel of n (past the first 8 MiB heap area, with in-call collections)."""
    sandbox.limits = Limits(memory_bytes=1 << 30, wall_seconds=600.0)
    fuel = []
    for n in (50_000, 100_000):
        sandbox.reset()
        r = sandbox.run(WIDE % n)
        assert r.error is None and r.stdout == f"{n} {64 * n}\n", (r.stdout, r.error)
        fuel.append(r.fuel_used)
    sandbox.limits = LIMITS
    assert fuel[1] < 2.5 * fuel[0], fuel


BUILD = "s = ''\nfor i in range(3000):\n    s += str(i)\nprint(len(s), s[-12:])"


def test_collections_during_string_building_cost_little(sandbox: Sandbox) -> None:
    """`s += str(i)` with collections as the heap fills takes at most 1.5 × the fuel of the same
    loop with collection disabled (the heap then only grows). Each new string is a little longer
    than the last; after a collection the search for its blocks starts past the previous one
    (alloc_hint's latest size memo) instead of rescanning every string allocated since the
    collection (5.4 × before), and the policy counts the free blocks from the allocation tables
    instead of `gc_info`'s block-by-block walk after every in-call collection."""
    fuel = []
    for prefix in ("", "import gc\ngc.disable()\n"):
        sandbox.reset()
        r = sandbox.run(prefix + BUILD)
        assert r.error is None and r.stdout == cpython(BUILD), (r.stdout, r.error)
        fuel.append(r.fuel_used)
    assert fuel[0] < 1.5 * fuel[1], fuel


SMALL = "t = [str(i) for i in range(1000)]"


def test_small_runs_beside_a_large_live_heap_do_not_collect(sandbox: Sandbox) -> None:
    """After a cell leaves ~22 MiB of live data in a 48 MiB memory limit (the heap cannot double
    any more), small runs that allocate a little cost what they cost beside an empty heap (at
    most 2 × each): the collection that found the heap full added a smaller area (an eighth of
    the heap) instead of leaving every later run to find the heap full and collect it again."""
    sandbox.reset()
    before = [sandbox.run(SMALL).fuel_used for _ in range(2)][-1]
    r = sandbox.run("x = [[i] for i in range(600_000)]\nprint(len(x), x[-1])")
    assert r.error is None and r.stdout == "600000 [599999]\n", (r.stdout, r.error)
    sandbox.run(SMALL)
    after = [sandbox.run(SMALL).fuel_used for _ in range(5)]
    assert max(after) < 2 * before, (before, after)


BIG_SUM = "t = 0\nfor i in range(2_000_000):\n    t += i * i\nprint(t)"


def test_collections_deferred_by_the_guard_are_retried(sandbox: Sandbox) -> None:
    """Big-integer arithmetic allocates mostly inside functions that may hold an i64 value across
    a collecting call, where a collection is deferred. It is retried at the next allocation
    outside them. Measured on the build with the same policy but without the retry (each heap
    that filled there was grown instead): this sum reached 130 MiB and stopped with
    `MemoryLimitExceeded` at 256 MiB (the 3-try policy of an earlier build did not show it, so
    whether it does depends on where the heap fills). A heap that fills during a deferral gets a
    small area, not a doubled one: with doubling the merged build reached 66.6 MiB here, now 16 MiB.
    Here the heap stays at its first areas."""
    sandbox.limits = Limits(memory_bytes=256 * MiB, wall_seconds=300.0)
    sandbox.reset()
    r = sandbox.run(BIG_SUM)
    sandbox.limits = LIMITS
    assert r.error is None and r.stdout == cpython(BIG_SUM), (r.stdout, r.error)
    assert sandbox.memory_size <= 48 * MiB
