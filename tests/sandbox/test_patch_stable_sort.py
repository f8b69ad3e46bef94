"""The `stable_sort` patch (wasm/patches/stable_sort.py): `list.sort` is a stable merge sort.

Fuel is deterministic: sorting sorted, reversed, organ-pipe and few-valued input of 2n items costs
under 3 × the fuel of n items (measured: 1.1-2.3 ×; the quicksort it replaces, whose pivot is the
last item, costs 4 × there: quadratic), random input too (n log n: 2.2 ×). A differential cell
against CPython checks stability (also with `reverse=True`), that keys are computed once per item,
that only `<` is used (never `==`), and that an exception from a comparison or a key function
leaves the list with its items. `check` is the patched behaviour; `test_build_pipeline.py` runs it
on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

N = 4000
INPUTS = {
    "sorted": "list(range({n}))",
    "reversed": "list(range({n}, 0, -1))",
    "organ pipe": "list(range({h})) + list(range({h}, 0, -1))",
    "few values": "[i % 3 for i in range({n})]",
    "random": "[(i * 7919) % 10007 for i in range({n})]",
}

STABILITY_CELL = """
import random
random.seed(5)
recs = [(random.randint(0, 9), i) for i in range(3000)]
print(sorted(recs, key=lambda r: r[0])[:12], sorted(recs, key=lambda r: r[0], reverse=True)[:12])
words = ['bb', 'a', 'ccc', 'dd', 'e', 'ff', 'g', 'hhh'] * 50
words.sort(key=len)
print(words[:10], words[-5:])
words.sort(key=len, reverse=True)
print(words[:10], words[-5:])
zeros = [0.0, -0.0, 0, False, -0.0, 0.0, 1, True, 1.0]
print([repr(x) for x in sorted(zeros)], [repr(x) for x in sorted(zeros, reverse=True)])
done = [2, 2.0, 1, 1.0, True, 0.0, False]
print([repr(x) for x in sorted(done, reverse=True)], [repr(x) for x in sorted(done[::-1])])
calls = []
def key(x):
    calls.append(x)
    return -x
xs = [5, 3, 9, 1, 7, 3, 5]
xs.sort(key=key)
print(xs, calls)
print(sorted([3], key=key), calls[-1])

class Lt:
    eqs = 0
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v < other.v
    def __eq__(self, other):
        Lt.eqs += 1
        return self.v == other.v
items = [Lt(v) for v in [3, 1, 2, 1, 3, 0] * 20]
items.sort()
print([o.v for o in items][:12], Lt.eqs)

class Boom:
    n = 0
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        Boom.n += 1
        if Boom.n == 40:
            raise ValueError("boom")
        return self.v < other.v
orig = [Boom(v) for v in range(60, 0, -1)] + [Boom(v) for v in range(30)]
xs = orig[:]
try:
    xs.sort()
except ValueError as e:
    print("raised", e)
print(len(xs), sorted(map(id, xs)) == sorted(map(id, orig)))
def bad_key(x):
    if x == 4:
        raise KeyError(x)
    return x
ys = [9, 4, 1]
try:
    ys.sort(key=bad_key)
except KeyError as e:
    print("key raised", e, ys)
try:
    sorted([1, 'a', 2])
except TypeError:
    print("TypeError")
"""


def _sort_fuel(sb: Sandbox, expr: str, n: int) -> int:
    made = sb.run("xs = " + expr.format(n=n, h=n // 2))
    assert made.error is None, made.error
    # a collected heap first: what earlier runs left (and whether a run was long enough to end
    # with the host's collection) must not decide when the measured runs collect
    assert sb.run("import gc\ngc.collect()").error is None
    # the cell's fixed costs (the collection after it, which scans the heap) cancel out; none
    # during the sort (a collection there would cost more than sorting a run of small ints)
    base = sb.run("import gc\ngc.disable()\nys = xs[:]\nzs = xs[:]\ngc.enable()")
    result = sb.run("import gc\ngc.disable()\nys = xs[:]\nys.sort()\nzs = sorted(xs, reverse=True)\ngc.enable()")
    assert base.error is None and result.error is None, (base.error, result.error)
    return max(1, result.fuel_used - base.fuel_used)


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    warm = sb.run("import gc\nsorted([2, 1], key=abs)")  # loads the guest's sorting code once
    if warm.error is not None:
        problems.append(f"sorted() failed: {warm.error}")
    for name, expr in INPUTS.items():
        small, large = _sort_fuel(sb, expr, N), _sort_fuel(sb, expr, 2 * N)
        if large >= 3 * small:
            problems.append(f"{name}: sorting {2 * N} items costs {large / small:.2f} × the fuel of {N}")
    r = sb.run(STABILITY_CELL)
    expected = cpython(STABILITY_CELL)
    if r.error is not None or r.stdout != expected:
        problems.append(f"stability cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_sort_is_stable_and_linear_on_runs() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


KINDS_CELL = """
import random
random.seed(8)
fs = [random.random() for _ in range(3000)] + [0.5] * 40 + [-0.0, 0.0, -0.0, 0.0] * 10 + [float('inf'), -1e300]
zs = [0.0, -0.0] * 20
ints = [random.randint(-50, 50) for _ in range(3000)] + [2**30 - 1, -2**30]
big = [random.randint(-2**40, 2**40) for _ in range(500)]
print(sorted(fs)[:8], sorted(fs)[-3:], sorted(fs, reverse=True)[:5])
print([repr(x) for x in sorted(zs)], [repr(x) for x in sorted(zs, reverse=True)])
print(sorted(ints)[:10], sorted(ints, reverse=True)[:10], sorted(big)[:4])
recs = [(random.randint(0, 20), i) for i in range(2000)]
print(sorted(recs, key=lambda r: r[0])[:10], sorted(recs, key=lambda r: r[0] * 0.5, reverse=True)[:10])
print(sorted(ints, key=lambda v: -v)[:10], sorted(fs, key=abs)[:6], sorted(ints + [0.5, 1.5])[2990:3010])
"""


def test_lists_of_floats_or_small_ints_merge_without_the_type_checks() -> None:
    # Keys all small ints or all exact floats are merged with the comparison inlined (the same
    # `<` as `$mpk_sort_less` computes for them): the same order as CPython's, stable (also
    # with reverse=True), and less fuel than the same floats with one int among them (the
    # general comparison): measured 0.6-0.7 × for 20,000 shuffled floats.
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(KINDS_CELL)
        assert r.error is None, r.error
        assert r.stdout == cpython(KINDS_CELL)
        assert sb.run("sorted([2, 1], key=abs)").error is None  # the guest's sorting code, loaded
        # each measured twice, alternately, the lesser kept: the first sorts grow the heap
        expr = "[((i * 7919) % 10007) * 0.5 for i in range({n})]"
        fuel = [_sort_fuel(sb, expr + tail, 20000) for _ in range(2) for tail in ("", " + [0]")]
        floats, mixed = min(fuel[0::2]), min(fuel[1::2])
        assert floats < 0.8 * mixed, (floats, mixed)


TUPLES_CELL = """
import random
random.seed(11)
pairs = [(random.randint(-5, 5), random.randint(-2**30, 2**30 - 1)) for _ in range(2000)]
print(sorted(pairs)[:6], sorted(pairs, reverse=True)[:6])
lens = [(1,), (), (1, 2), (1, 2, 3), (0, 9), (1, 2, 2), (-1,), (1, 2, 3, 0), ()] * 5
print(sorted(lens), sorted(lens, reverse=True)[:6])
mixed = [(1, 'b'), (1, 'a'), (0, 'z'), (1, 2**40), (1, 2**40 + 1), (0, 2.5), (0, 1.5), (2,)]
print(sorted(mixed[:3] + mixed[7:]), sorted(mixed[3:]), sorted([(True, 1), (1, 0), (0, 5), (False, 9)]))
nested = [((i % 3, -i), i % 2) for i in range(30)]
print(sorted(nested)[:8])
recs = [(i % 7, i) for i in range(300)]
print(sorted(recs, key=lambda r: (r[0], -r[1]))[:6])
courses = ['math', 'cs', 'bio', 'art']
rows = [(courses[(i * 7) % 4], -((i * 37) % 11), 'n' + str(i % 13)) for i in range(600)]
print(sorted(rows)[:5], sorted(rows, reverse=True)[:5])
texts = [('ma' + 'th', 2), ('math', 1), ('math', 3), ('é' + str(3), 0), ('e3', 0), ('é3', -1), ('', 5), ('a', 'b'),
         ('a', 'a' + ''), ('ab', 1), ('a', 2)]
print(sorted(texts[:7] + texts[9:]), sorted(texts[7:9]), sorted([('x' * 3, 1), ('xx' + 'x', 0), ('xxx', 2)]))
try:
    sorted([(1, 2), (1, 'x')])
except TypeError:
    print('TypeError')
"""


def test_tuples_of_small_ints_compare_without_the_dispatch() -> None:
    # Two exact tuples whose items up to the first difference are small ints or strs are compared
    # in `$mpk_sort_less` (the same word is the same item, `i32.lt_s` or the strs' bytes decide, a
    # tie by length), anything else in that prefix by `mp_binary_op`: the same order as CPython's
    # (interned and heap strs of equal text alike), and less fuel than the same
    # pairs with a float second item, which take the general comparison (measured 0.34 ×
    # for 20,000 pairs; the compute workload's `pairs.sort()` of 10^5 pairs 851 -> 313 M fuel).
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(TUPLES_CELL)
        assert r.error is None, r.error
        assert r.stdout == cpython(TUPLES_CELL)
        assert sb.run("sorted([2, 1], key=abs)").error is None  # the guest's sorting code, loaded
        ints = "[((i * 7919) % 100, i) for i in range({n})]"
        floats = "[((i * 7919) % 100, i + 0.5) for i in range({n})]"
        fuel = [_sort_fuel(sb, expr, 20000) for _ in range(2) for expr in (ints, floats)]
        small, general = min(fuel[0::2]), min(fuel[1::2])
        assert small < 0.6 * general, (small, general)
        # heap strs first (as in records sorted by a key tuple) against the same text as bytes
        # (not a str: the general comparison); measured 0.19 ×
        texts = "[('k' + str((i * 7919) % 50), i) for i in range({n})]"
        data = "[(b'k' + bytes(str((i * 7919) % 50), 'ascii'), i) for i in range({n})]"
        fuel = [_sort_fuel(sb, expr, 20000) for _ in range(2) for expr in (texts, data)]
        inline, general = min(fuel[0::2]), min(fuel[1::2])
        assert inline < 0.6 * general, (inline, general)
