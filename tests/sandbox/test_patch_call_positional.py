"""The `call_positional` patch (wasm/patches/call_positional.py): a function called with exactly its
positional parameters (no keywords, no `*args`/`**kwargs`/keyword-only parameters, no closure
cells) has its frame set up without `mp_setup_code_state`'s general argument binding.

`check` is the patched behaviour: a call `f(1, 2)` of `def f2(a, b): pass` (passed to the looping
function as `f`: no name lookup) costs less than `MAX_FUEL` beyond an empty loop step (measured:
~818 with the patch, ~894 on the build without it), and the calls cell prints what host CPython
prints: every call shape (the fast one with 0-7 parameters and with many locals, so a two-byte
signature; 8 parameters or 80 locals, a longer one; one default (a shared list) used and not,
more defaults, keywords, `*args`, `**kwargs`, keyword-only parameters, closures and `nonlocal`,
generators, methods, `__init__`, static and class methods, lambdas, recursion), the TypeError
of too few or too many arguments, an exception raised in the callee (its type and arguments; its
traceback's frames and line numbers, against CPython's traceback of the same cell) and a
RecursionError caught and recovered from. `test_build_pipeline.py` runs `check` on a build
without this patch, where it must fail."""

from __future__ import annotations

import traceback

from patch_builds import differs_from_cpython

from mpwasm_kernel import Sandbox

MAX_FUEL = 860  # per `f(1, 2)` call (f a local) beyond an empty loop step: ~818 with the patch, ~894 without

CALLS_CELL = '''
import sys
def show(*a):
    print(*a)
def f0(): return "f0"
def f1(a): return a
def f2(a, b): return (a, b)
def f5(a, b, c, d, e): return [e, d, c, b, a]
def f7(a, b, c, d, e, f, g): return [g, f, e, d, c, b, a]
def f8(a, b, c, d, e, f, g, h): return [h, g, f, e, d, c, b, a]
exec("def huge(a, b):\\n" + "".join("    v%d = a + %d\\n" % (i, i) for i in range(80)) + "    return [v79, v3, b]\\n")
def many(a, b, c):
    x0 = a; x1 = b; x2 = c; x3 = x0 + x1; x4 = x3 * x2; x5 = x4 - x0; x6 = x5 // 2; x7 = x6 % 7
    x8 = [x0, x1]; x9 = (x2,); x10 = x8 + list(x9); x11 = len(x10); x12 = x11 + x7; x13 = str(x12)
    x14 = x13 * 2; x15 = x14 + "!"; x16 = x15.upper(); x17 = [x16] * 2; x18 = x17[0]; x19 = x18
    return (x0, x3, x7, x10, x13, x19, a, b, c)
def defaults(a, b=2, c=[]):
    c.append(a)
    return (a, b, len(c))
def one_default(a, acc=[]):
    acc.append(a)
    return acc
def none_default(a, b, c=None):
    return (a, b, c)
def kwonly(a, *, k=5, m):
    return (a, k, m)
def star(a, *rest):
    return (a, rest)
def starstar(a, **kw):
    return (a, sorted(kw.items()))
def both(*args, **kw):
    return (args, sorted(kw.items()))
def unassigned(a, b):
    if a:
        c = b
    try:
        return c
    except NameError as e:
        return "unbound"
def outer(a):
    b = a * 2
    def inner(c):
        return a + b + c
    return inner
def counter(start):
    n = start
    def step(by):
        nonlocal n
        n += by
        return n
    return step
def closes_over_param(x):
    return lambda: x
def gen(a, b):
    yield a
    yield b
    yield a + b
def gen_default(a, b=10):
    for i in range(a):
        yield i * b
class C:
    count = 0
    def __init__(self, v):
        self.v = v
        C.count += 1
    def get(self):
        return self.v
    def add(self, w, z=0):
        return self.v + w + z
    @staticmethod
    def st(a, b):
        return a - b
    @classmethod
    def cm(cls, a):
        return (cls.__name__, a)
class D(C):
    def __init__(self, v, extra):
        super().__init__(v)
        self.extra = extra
    def get(self):
        return (super().get(), self.extra)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
show(f0(), f1(1), f2(1, 2), f5(1, 2, 3, 4, 5), many(3, 4, 5), f7(*"abcdefg"), f8(*"abcdefgh"))
show(f7(1, 2, 3, 4, 5, 6, 7), f8(1, 2, 3, 4, 5, 6, 7, 8), huge(1, 2), huge(b=3, a=4))
show(defaults(1), defaults(1, 3), defaults(1, b=4), defaults(b=5, a=6), defaults(7, 8, []))
show(one_default(1), one_default(2), one_default(3, []), one_default(4), none_default(1, 2),
     none_default(1, 2, 3), none_default(1, c=5, b=2), one_default.__name__)
show(kwonly(1, m=2), kwonly(1, k=3, m=4), kwonly(m=0, a=9))
show(star(1), star(1, 2, 3), starstar(1), starstar(1, x=2, y=3), both(), both(1, 2, q=3))
show(f2(*[1, 2]), f2(**{"a": 3, "b": 4}), f2(1, b=2), f5(*range(5)), f1(a=[1]))
show(unassigned(1, 2), unassigned(0, 2))
show(outer(1)(10), outer(2)(20), closes_over_param(7)(), [closes_over_param(i)() for i in range(3)])
step = counter(10)
show(step(1), step(5), step(-3))
show(list(gen(1, 2)), list(gen_default(3)), list(gen_default(3, 2)), next(gen(5, 6)))
g = gen(1, 2)
show(next(g), next(g), next(g), next(g, "done"))
c = C(4)
d = D(5, "x")
show(c.get(), c.add(1), c.add(1, 2), c.add(w=3), C.st(5, 3), C.cm(1), d.get(), d.add(1), C.count)
show((lambda: 1)(), (lambda a, b: a * b)(3, 4), (lambda a, b=2: a + b)(1), list(map(f1, [1, 2])))
show(fib(20), depth(400), sorted([3, 1, 2], key=lambda v: -v))
for call in (lambda: f2(1), lambda: f2(1, 2, 3), lambda: f0(1), lambda: f1(), lambda: f1(1, a=2),
             lambda: f1(b=1), lambda: kwonly(1), lambda: defaults(), lambda: C.st(1), lambda: gen(1),
             lambda: many(1, 2), lambda: f7(1, 2, 3, 4, 5, 6), lambda: f8(1), lambda: huge(1, 2, 3),
             lambda: none_default(1), lambda: none_default(1, 2, 3, 4), lambda: one_default()):
    try:
        call()
        show("no error")
    except TypeError:
        show("TypeError")
def raises(a, b):
    x = a + 1
    return b[x]
def middle(a):
    return raises(a, [1, 2])
try:
    middle(5)
except IndexError as e:
    show("IndexError", e.args)
def deep(n):
    return deep(n + 1)
try:
    deep(0)
except RecursionError:
    show("RecursionError")
show(depth(100), f2("after", "recursion"))
'''

RAISES_CELL = """def raises(a, b):
    x = a + 1
    return b[x]
def middle(a):
    return raises(a, [1, 2])
middle(5)
"""


def cpython_traceback(cell: str) -> list[str]:
    """The traceback host CPython prints for `cell` (named <cell>) without its source lines: the
    header, each frame's file, line and function, the exception."""
    try:
        exec(compile(cell, "<cell>", "exec"), {"__name__": "__main__"})
    except Exception as e:  # noqa: BLE001 - the cell's own exception is the reference
        text = "".join(traceback.format_exception(e)).splitlines()
    else:
        raise AssertionError("the cell raised nothing on CPython")
    lines = [line for line in text if not line.startswith("    ")]
    return [lines[0], *lines[2:]]  # without this module's `exec` frame


LOOP = """
import gc
def f2(a, b):
    pass
def run(n, f):
    for _ in range(n):
        %s
gc.collect()
gc.disable()
run(%d, f2)
gc.enable()
"""


def call_fuel(sb: Sandbox, body: str) -> float:
    """Fuel of one loop step running `body` beyond an empty one (3,000 steps less 1,000)."""
    steps = []
    for text in (body, "pass"):
        fuel = []
        for n in (1000, 3000):
            r = sb.run(LOOP % (text, n))
            assert r.error is None, r.error
            fuel.append(r.fuel_used)
        steps.append((fuel[1] - fuel[0]) / 2000)
    return steps[0] - steps[1]


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = differs_from_cpython(sb, CALLS_CELL, "calls")
    sb.reset()
    r = sb.run(RAISES_CELL)
    if r.error is None or [line for line in r.error.traceback if not line.startswith("    ")] != \
            cpython_traceback(RAISES_CELL):
        problems.append(f"an exception in a callee: {r.error and r.error.traceback}")
    sb.reset()
    per = call_fuel(sb, "f(1, 2)")
    if per >= MAX_FUEL:
        problems.append(f"`f(1, 2)` (f2 in a local) costs {per:.0f} fuel beyond an empty loop step")
    return problems


def test_positional_calls_are_cheaper_and_unchanged() -> None:
    with Sandbox() as sb:
        assert check(sb) == []
