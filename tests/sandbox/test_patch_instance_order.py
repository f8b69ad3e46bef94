"""The `instance_order` patch (wasm/patches/instance_order.py): an instance's attributes keep
insertion order, so `vars(obj)` and `obj.__dict__` list them as CPython does.

`check` is the patched behaviour (a differential cell: host CPython and the sandbox print the same);
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import lines_unlike_cpython

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

# An instance that gets many attributes (past the 128 at which `ordered_growth` / `ordered_index`
# take over, the same growth step as for dicts, whose tests pin linear fill; here the fuel of
# `setattr` with new names is dominated by interning each name, `qstr_find_strn`'s scan of the
# qstr pools, on any build): every attribute is kept and found.
MANY = """
class Box:
    pass
b = Box()
for i in range(%d):
    setattr(b, "a%%d" %% i, i)
print(len(vars(b)), sum(getattr(b, "a%%d" %% i) for i in range(%d)), b.a0, hasattr(b, "a%%d" %% %d))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    return lines_unlike_cpython(sb, ORDER_CELL)


def test_instance_attributes_keep_insertion_order() -> None:
    with Sandbox() as sb:
        assert check(sb) == []


def test_many_attributes_are_all_kept() -> None:
    n = 2000
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(MANY % (n, n, n))
        assert r.error is None, r.error
        assert r.stdout.split() == [str(n), str(n * (n - 1) // 2), "0", "False"]
