"""The `instance_order` patch (wasm/patches/instance_order.py): an instance's attributes keep
insertion order, so `vars(obj)` and `obj.__dict__` list them as CPython does.

`check` is the patched behaviour (a differential cell: host CPython and the sandbox print the same);
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

# Attribute names whose hash order differs from their insertion order; set in __init__, later,
# by setattr, deleted and set again.
ORDER_CELL = """
class Student:
    def __init__(self, name, grade):
        self.name = name
        self.grade = grade
        self.zeta = 1
        self.alpha = 2
        self.courses = []

s = Student("ada", 90)
s.email = "ada@example.org"
for i in range(12):
    setattr(s, "f%d" % (11 - i), i)
print(list(vars(s)))
print(s.__dict__)
del s.zeta
s.zeta = 3
print(list(s.__dict__.items())[-3:], len(vars(s)))
print([k for k in vars(Student("bo", 1))])
"""

# An instance that gets many attributes: the map turns into a hash map at 128 (ordered_growth),
# so filling stays linear; every attribute is still found.
MANY = """
class Box:
    pass
b = Box()
for i in range(%d):
    setattr(b, "a%%d" %% i, i)
print(len(vars(b)), sum(getattr(b, "a%%d" %% i) for i in range(%d)))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    r = sb.run(ORDER_CELL)
    if r.error is not None:
        return [f"error: {r.error}"]
    want = cpython(ORDER_CELL).splitlines()
    got = r.stdout.splitlines()
    return [f"{g} (CPython: {w})" for g, w in zip(got, want, strict=False) if g != w] \
        or ([] if len(got) == len(want) else [f"output {r.stdout!r}"])


def test_instance_attributes_keep_insertion_order() -> None:
    with Sandbox() as sb:
        assert check(sb) == []


def test_many_attributes_fill_in_linear_fuel() -> None:
    n = 2000
    with Sandbox(Limits(wall_seconds=300)) as sb:
        small, large = (sb.run(MANY % (k, k)) for k in (n, 2 * n))
        assert small.error is None and large.error is None, (small.error, large.error)
        assert small.stdout.split() == [str(n), str(n * (n - 1) // 2)]
        assert large.stdout.split() == [str(2 * n), str(2 * n * (2 * n - 1) // 2)]
        assert large.fuel_used < 2.5 * small.fuel_used, large.fuel_used / small.fuel_used
