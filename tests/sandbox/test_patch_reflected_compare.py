"""The `reflected_compare` patch (wasm/patches/reflected_compare.py): `a < b` tries `b > a`.

Differential cells (the same code on host CPython and in the sandbox, outputs equal): user classes
that define only `__lt__` or only `__gt__` compared with ints, floats and each other on either side;
`NotImplemented` from both sides (TypeError naming the original operator and types); `max`,
`min` and `sorted` of such objects; numbers against numbers and strings unchanged; numpy arrays
with a scalar on the left. `check` is the patched behaviour; `test_build_pipeline.py` runs it on a
build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

CLASSES_CELL = """
class OnlyGt:
    def __init__(self, v): self.v = v
    def __gt__(self, other):
        return self.v > (other.v if isinstance(other, OnlyGt) else other)
    def __repr__(self): return f"OnlyGt({self.v})"

class OnlyLt:
    def __init__(self, v): self.v = v
    def __lt__(self, other):
        return self.v < (other.v if isinstance(other, OnlyLt) else other)
    def __repr__(self): return f"OnlyLt({self.v})"

class OnlyGe:
    def __init__(self, v): self.v = v
    def __ge__(self, other): return self.v >= other
    def __le__(self, other): return self.v <= other

class Refuses:
    def __lt__(self, other): return NotImplemented
    def __gt__(self, other): return NotImplemented

class Counts:
    calls = []
    def __gt__(self, other):
        Counts.calls.append(("gt", other))
        return NotImplemented

g, l, e = OnlyGt(3), OnlyLt(3), OnlyGe(3)
print(5 < g, 1 < g, 2.5 < g, 3.5 < g)
print(5 > l, 1 > l, 2.5 > l, 3 > l)
print(3 <= e, 4 <= e, 3 >= e, 2 >= e, 2.0 <= e)
print(OnlyGt(1) < OnlyGt(2), OnlyLt(2) > OnlyLt(1), OnlyLt(1) > OnlyLt(2))
print(max([OnlyGt(2), OnlyGt(7), OnlyGt(4)]), min([OnlyGt(2), OnlyGt(7), OnlyGt(4)]))
print(sorted([OnlyGt(5), OnlyGt(1), OnlyGt(3)]), sorted([OnlyLt(5), OnlyLt(1), OnlyLt(3)], reverse=True))
print(max(OnlyLt(1), OnlyLt(9)), min(OnlyLt(4), OnlyLt(2)))
for a, b in [(1, Refuses()), (Refuses(), 1), (Refuses(), Refuses()), (1.5, "x"), ("x", 2), (None, 1),
             (g, 5), (l, 1), (1, e), (e, e), ([1], (1,)), (1, Counts())]:
    for name, op in [("<", lambda x, y: x < y), (">", lambda x, y: x > y),
                     ("<=", lambda x, y: x <= y), (">=", lambda x, y: x >= y)]:
        try:
            print(name, op(a, b))
        except TypeError as err:
            print(name, "TypeError", type(a).__name__, type(b).__name__)
print(len(Counts.calls) > 0, all(t == "gt" for t, _ in Counts.calls))
print(1 < 2, 2.5 > 1, 1 <= 1.0, "a" < "b", (1, 2) < (1, 3), [1] >= [1], 3 < 2 < 1, 1 < 2.5 < 3)
print(1 == OnlyGt(1), OnlyGt(1) != 1)
"""

ARRAY_CELL = """
import numpy as np
x = np.array([1.0, 4.0, 6.0, 9.0])
print(5 < x, 5 > x, 4 <= x, 4.0 >= x)
print((5 < x) * (x < 7.5), x[3 < x])
print(np.sum(2 < x), repr(1 < np.arange(4)))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from CPython on `sb` (empty: the patch works)."""
    problems = []
    for name, cell in (("classes", CLASSES_CELL), ("arrays", ARRAY_CELL)):
        r = sb.run(cell)
        expected = cpython(cell)
        if r.error is not None or r.stdout != expected:
            problems.append(f"{name} cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_comparisons_reflect_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_unsupported_comparison_names_the_original_operator() -> None:
    """After both sides refuse, the error is the one of the comparison as written."""
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run("class A: pass\nclass B: pass\nA() < B()")
    assert r.error is not None and r.error.ename == "TypeError"
    try:
        eval("A() < B()", {"A": type("A", (), {}), "B": type("B", (), {})})
    except TypeError as err:
        assert r.error.evalue == str(err)
