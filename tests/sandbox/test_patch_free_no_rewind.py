"""The `free_no_rewind` patch (wasm/patches/free_no_rewind.py): a block freed between collections
no longer sends the allocator's search back to it.

Creating instances through a Python `__new__` called with arguments (namedtuples: the guest's
`collections.namedtuple` builds its tuple in `__new__`) frees a one-block argument buffer per call,
and `tuple(a_list)` frees its items buffer. Unpatched, each call's buffer refilled the same hole
and the next allocation scanned every block used since it: 1,600 → 3,200 calls of `C(i, 2)` cost
18.9 M → 56.6 M fuel (3.0×), `tuple(L)` 26 M → 91 M. Fuel is exact: the pins compare n with 2n
steps (linear: at most 2.3×). `check` is the patched behaviour; `test_build_pipeline.py` runs it on
a build without the patch. Differential: the same programs print what CPython prints.
"""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Sandbox

SETUP = ("from collections import namedtuple\nP = namedtuple('P', 'x y')\n"
         "class C:\n    def __new__(cls, a, b):\n        return object.__new__(cls)\n"
         "L = [1, 2, 3]\n")
N = 1600
LOOPS = {"__new__ with arguments": "C(i, 2)", "tuple of a list": "tuple(L)", "namedtuple": "P(i, 2)"}


def _fuel(sb: Sandbox, body: str, n: int) -> int:
    sb.reset()
    assert sb.run(SETUP).error is None
    result = sb.run(f"for i in range({n}):\n    {body}\n")
    assert result.error is None, result.error
    return result.fuel_used


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb`'s interpreter (empty: the patch works)."""
    problems = []
    for name, body in LOOPS.items():
        once, twice = _fuel(sb, body, N), _fuel(sb, body, 2 * N)
        if twice > 2.3 * once:
            problems.append(f"{name}: {N} steps {once:,} fuel, {2 * N} steps {twice:,} (not linear)")
    return problems


def test_new_with_arguments_is_linear() -> None:
    with Sandbox() as sb:
        assert check(sb) == []


def test_new_with_arguments_is_linear_when_the_hole_is_refilled() -> None:
    """The control: another one-block allocation per step fills the hole (linear either way)."""
    with Sandbox() as sb:
        once, twice = _fuel(sb, "C(i, 2); x = [i]", N), _fuel(sb, "C(i, 2); x = [i]", 2 * N)
    assert twice <= 2.3 * once


PROGRAM = """
from collections import namedtuple
P = namedtuple('P', 'x y')
class C:
    def __new__(cls, a, b):
        o = object.__new__(cls)
        o.v = (a, b)
        return o
acc, keep = 0, []
for i in range(20_000):
    p = P(i, -i)
    t = tuple([i, i + 1, str(i)])
    c = C(i, t)
    acc += p.x + p.y + len(t[2]) + c.v[0]
    if i % 997 == 0:
        keep.append((p, t, c.v))
print(acc, len(keep), keep[-1][0], keep[3][1], keep[5][2][1])
"""


def test_freed_blocks_are_reused_after_a_collection() -> None:
    """Many frees between collections, objects kept across them: CPython's output."""
    with Sandbox() as sb:
        r = sb.run(PROGRAM)
    assert r.error is None and r.stdout == cpython(PROGRAM), (r.stdout, r.error)
