"""The `builtins_hashed` patch (wasm/patches/builtins_hashed.py): the dict of overridden builtins is
a hash map, so a builtin name that is not overridden no longer scans every override.

`check` is the patched behaviour: loading a builtin name (`len`) in a function loop costs less
than `MAX_EXTRA_FUEL` more than loading a global (measured: ~800 more without the patch, the scan
of the ~90 names the guest runtime overrides), and the name-lookup cell prints what host CPython
prints: locals, globals and builtins in that order, a global shadowing a builtin and deleted
again, overrides stored into and deleted from `builtins` (enough of them to grow the table
several times), names that collide in the table's 16-bit hash, class bodies, instance and class
attributes, and dict keys that are equal but not the same str object. `test_build_pipeline.py`
runs `check` on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import differs_from_cpython, fuel_after

from mpwasm_kernel import Sandbox

N = 20_000
LOOP = "def f(n):\n    for i in range(n):\n        {name}\n        {name}\nf({n})"
MAX_EXTRA_FUEL = 550  # per load of `len` over a load of a global: measured ~370 patched, ~800 without

LOOKUP_CELL = """
import builtins
def show(*a):
    print(*a)
g = 1
def f(x):
    return len(x), g
show(f("abc"))
len = lambda x: -1
show(f("abc"), len("ab"))
del len
show(f("abc"), len("ab"))
orig = builtins.len
builtins.len = lambda x: 42
show(f("abc"))
def h():
    len = lambda x: 7
    return len("q")
show(h(), f("abc"))
builtins.len = orig
show(f("abc"))
names = ["zq_%d" % i for i in range(300)]
for i, name in enumerate(names):
    setattr(builtins, name, i * 3)
show(eval("zq_0"), eval("zq_299"), eval("zq_150 + zq_7"))
for name in names[::2]:
    delattr(builtins, name)
present = []
for name in names[:20]:
    try:
        present.append(eval(name))
    except NameError as e:
        present.append("missing")
show(present, eval("zq_299"))
for name in names[1::2]:
    delattr(builtins, name)
try:
    eval("zq_1")
except NameError:
    show("zq_1 gone")
builtins.zq_again = "back"
show(eval("zq_again"), f("x"))
del builtins.zq_again
try:
    undefined_name_xyz
except NameError:
    show("NameError")
class C:
    len = 5
    size = len + 1
    t = type
    def m(self):
        return len("abcd"), self.len, C.len
c = C()
c.len = 9
show(C.size, C.t is type, c.m(), C().m())
del c.len
show(c.m())
k1 = "".join(["ke", "y"])
k2 = "k" + "ey"
d = {k1: 1}
d[k2] += 1
show(d, k1 is k2, d["key"], {"a" + "b": 1}.get("".join("ab")))
h1 = [chr(65 + i) + chr(66 + j) for i in range(20) for j in range(20)]
dd = {}
for i, k in enumerate(h1):
    dd[k] = i
for k in h1[::3]:
    del dd[k]
show(len(dd), sum(dd.values()), [dd.get(k, -1) for k in h1[:8]], "BA" in dd, "AB" in dd)
ns = {}
exec("x = 1\\ndef q():\\n    return x, len('ab')\\nr = q()", ns)
show(ns["r"])
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = differs_from_cpython(sb, LOOKUP_CELL, "name lookups")
    setup = "g = 1\n"
    per = {}
    for name in ("g", "len"):
        one = fuel_after(sb, setup, LOOP.format(name=name, n=N))
        two = fuel_after(sb, setup, LOOP.format(name=name, n=2 * N))
        per[name] = (two - one) / (2 * N)
    extra = per["len"] - per["g"]
    if extra >= MAX_EXTRA_FUEL:
        problems.append(f"a builtin name costs {extra:.0f} fuel more than a global")
    return problems


def test_builtin_names_cost_little_more_than_globals() -> None:
    with Sandbox() as sb:
        assert check(sb) == []
