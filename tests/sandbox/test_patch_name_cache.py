"""The `name_cache` patch (wasm/patches/name_cache.py): the bytecode loop answers a module-level
name (and a function's global) from MicroPython's map lookup cache without the call chain.

`check` is the patched behaviour: a module-level `a = b` (one `LOAD_NAME`, one `STORE_NAME`)
costs less than `MAX_FUEL` a step beyond the loop (measured: ~365 without the patch), and the
name cell prints what host CPython prints: names loaded, stored, deleted and stored again at
module level, through `globals()`, `exec`/`eval` with one dict and with separate globals and
locals, class bodies (locals other than the globals), `global` statements in functions, names
shadowing builtins and deleted again, a function's globals changed from outside (a dict given
to `exec`), and a globals dict that grows past the size where it becomes a hash map
while its names are in use. `test_build_pipeline.py` runs `check` on a build without this
patch, where it must fail."""

from __future__ import annotations

from patch_builds import differs_from_cpython, fuel_after

from mpwasm_kernel import Sandbox

N = 20_000
LOOP = "for i in range({n}):\n    a = b\n"
BASE = "for i in range({n}):\n    pass\n"
MAX_FUEL = 280  # per `a = b` at module level, beyond the loop: ~365 without the patch

NAMES_CELL = """
import sys
def show(*a):
    print(*a)
x = 1
y = x + 1
x = y * 10
show(x, y)
del x
try:
    x
except NameError:
    show("x deleted")
x = 5
show(x)
g = globals()
g["x"] = 7
show(x)
del g["x"]
try:
    show(x)
except NameError:
    show("x deleted through globals()")
g["x"] = 8
show(x)
total = 0
for i in range(50):
    total += i
    if i == 20:
        del total
        total = 1000
show(total)
len = lambda s: -1
show(len("abc"))
del len
show(len("abc"))
def f():
    global x, fresh
    x = x + 1
    fresh = "made in f"
    return x
show(f(), x, fresh)
def reader():
    return x, y
show(reader())
y = 99
show(reader())
class C:
    x = "class x"
    z = x + "!"
    w = y
show(C.x, C.z, C.w, x)
ns = {"q": 1}
exec("q = q + 1\\nr = q * 2", ns)
show(ns["q"], ns["r"])
loc = {}
exec("a1 = x\\nx2 = a1 + 1\\nx = 'shadow'", {"x": 3}, loc)
show(sorted(loc.items()), x)
show(eval("x + y"), eval("x + 1", {"x": 41}))
mod = sys.modules[__name__] if __name__ in sys.modules else None
def get_counter():
    return counter
counter = 0
for i in range(30):
    counter = counter + 1
    if i % 7 == 0:
        g["counter"] = counter * 2
show(counter, get_counter())
md = {}
exec("v = 1\\ndef rv():\\n    return v", md)
rv = md["rv"]
show(rv())
md["v"] = 2
show(rv())
del md["v"]
try:
    rv()
except NameError:
    show("v deleted from the function's globals")
md["v"] = 3
show(rv())
for k in range(200):
    g["name_%d" % k] = k
    if k % 40 == 0:
        show(k, x, y, counter, g["name_%d" % k])
show(name_0, name_199, x, y, counter)
for k in range(0, 200, 2):
    del g["name_%d" % k]
show(name_1, name_199, "name_0" in g, x)
x = "end"
show(x, f.__name__)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = differs_from_cpython(sb, NAMES_CELL, "module-level names")
    setup = "b = 1\n"
    per = (fuel_after(sb, setup, LOOP.format(n=N)) - fuel_after(sb, setup, BASE.format(n=N))) / N
    if per >= MAX_FUEL:
        problems.append(f"a module-level `a = b` costs {per:.0f} fuel")
    return problems


def test_module_level_names_are_cheap() -> None:
    with Sandbox() as sb:
        assert check(sb) == []
