"""The `small_int_ops` patch (wasm/patches/small_int_ops.py): the bytecode loop computes a binary
operation of two small ints itself instead of calling `mp_binary_op`.

`check` is the patched behaviour: `x = a + b`, `x = a < b`, `x = a * b % 7` on small ints and
`x = a is None` in a function's loop cost less than `MAX_FUEL` an operator beyond `x = a`
(measured: ~140-180 with the patch, ~265-390 on the build without it), and
the operator cell prints what host CPython prints: every operator the patch answers (and the ones
it leaves to `mp_binary_op`), plain and in-place, on values at and around the small-int limits
(±2**30, where results leave the small ints and become big ints), zero, signs, shifts by negative
and large counts, division and modulo by zero (the exception), bools and big ints as operands, and
the types of the results; and `is` / `is not` on objects of every kind. `test_build_pipeline.py`
runs `check` on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Sandbox

MAX_FUEL = 230  # per operator beyond `x = a` (its operand's load included): ~140-180, ~300-390 without the patch

OPERATORS_CELL = """
def show(*a):
    print(*a)
values = [0, 1, -1, 2, -2, 3, -3, 7, -7, 31, 32, -32, 33, 1000003, -1000003, 46340, -46341, 65536,
          2**30 - 1, -2**30, 2**30 - 2, -2**30 + 1, 2**15, -2**15, 2**29, -2**29]
def each(f):
    out = []
    for a in values:
        for b in values:
            try:
                r = f(a, b)
                out.append("%s:%s" % (type(r).__name__, r))
            except Exception as e:
                out.append(type(e).__name__)
    return out
ops = {
    "lt": lambda a, b: a < b, "gt": lambda a, b: a > b, "eq": lambda a, b: a == b,
    "le": lambda a, b: a <= b, "ge": lambda a, b: a >= b, "ne": lambda a, b: a != b,
    "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b, "and": lambda a, b: a & b,
    "rsh": lambda a, b: a >> b, "lsh": lambda a, b: a << (b % 40) if b >= 0 else a << b,
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "fdiv": lambda a, b: a // b, "mod": lambda a, b: a % b,
    "pow": lambda a, b: a ** (b % 5) if b >= 0 else 0,
}
for name, f in ops.items():
    results = each(f)
    for k in range(0, len(results), 100):
        show(name, k, " ".join(results[k:k + 100]))
def inplace(a, b):
    x = a; x += b; r = [x]
    x = a; x -= b; r.append(x)
    x = a; x *= b; r.append(x)
    x = a; x |= b; r.append(x)
    x = a; x ^= b; r.append(x)
    x = a; x &= b; r.append(x)
    if b >= 0:
        x = a; x >>= b; r.append(x)
    if b:
        x = a; x //= b; r.append(x)
        x = a; x %= b; r.append(x)
    return r
for a in values:
    show(a, [inplace(a, b) for b in values[:12]])
show(2**30 - 1 + 1, -2**30 - 1, (2**30 - 1) * 2, -2**30 // -1, -2**30 % -1, -2**30 * -1, 46341 * 46341)
show(True + 1, True < 2, 1 == True, False - 1, True * 3, True // 1, 5 % True, 7 >> True, 3 | True)
show(10**20 + 1, 1 + 10**20, 10**20 < 1, 1 < 10**20, 10**20 // 7, 7 % 10**20, -7 % 10**20)
show(1 + 2.5, 3 < 2.5, 7 // 2.0, 7 % -2.0, 1 == 1.0)
for bad in ("1 // 0", "1 % 0", "1 >> -1", "1 / 0", "1 + 'a'", "'a' < 1", "1 << -1"):
    try:
        eval(bad)
    except Exception as e:
        show(bad, type(e).__name__)
items = [None, True, False, 0, 1, -1, 255, 2**30 - 1, -2**30, (), "", [1], {}, print, int]
same = [[i is j, i is not j] for i in items for j in items]
show(sum(a for a, b in same), sum(b for a, b in same), [a for a, b in same[:60]])
lst = [1, 2]
alias = lst
show(lst is alias, lst is [1, 2], lst is not alias, None is None, [] is [], (lambda: None)() is None)
def find(xs, x):
    for i in range(len(xs)):
        if xs[i] is x:
            return i
    return None
show(find(items, print), find(items, int), find(items, None), find(items, 1), find(items, "zz") is None)
class N(int):
    pass
show(N(3) + 4, type(N(3) + 4).__name__, N(3) < 4)
total = 0
for i in range(2000):
    for j in range(0, 60, 7):
        total = (total + i * j + (i ^ j) - (i >> 2) + (j | 5) - (i & 3)) % 1000003
        if i - j > 1500 and total % 2 == 0 and i // 3 != j:
            total -= 1
show(total)
"""

LOOP = """
import gc
gc.collect()
gc.disable()
def f(a, b, n):
    for _ in range(n):
        x = %s
f(3, 4, %d)
gc.enable()
"""


def operator_fuel(sb: Sandbox, expr: str) -> float:
    """Fuel of one loop step of `x = <expr>` beyond one of `x = a` (3,000 steps less 1,000)."""
    steps = []
    for body in (expr, "a"):
        fuel = []
        for n in (1000, 3000):
            r = sb.run(LOOP % (body, n))
            assert r.error is None, r.error
            fuel.append(r.fuel_used)
        steps.append((fuel[1] - fuel[0]) / 2000)
    return steps[0] - steps[1]


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = differs_from_cpython(sb, OPERATORS_CELL, "small-int operators")
    sb.reset()
    for expr in ("a + b", "a < b", "a * b % 7", "a is None"):
        per = operator_fuel(sb, expr)
        if per >= MAX_FUEL * expr.count(" ") / 2:
            problems.append(f"`{expr}` (small ints) costs {per:.0f} fuel beyond `x = a`")
    return problems


def test_small_int_ops_are_inline_and_exact() -> None:
    with Sandbox() as sb:
        assert check(sb) == []
