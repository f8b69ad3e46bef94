"""The `small_index` patch (wasm/patches/small_index.py): a dict of int, str, tuple or mixed keys
gets its hash index from 32 entries (not 128), and key comparisons reject unequal small ints,
interned strings and tuples without the generic equality call.

`check` is the patched behaviour: a lookup of a fresh `(row, col)` or run-time str key in a dict
of 100 entries costs less than `MAX_FUEL_LOOKUP` (without the patch ~8.5-9.2k fuel: a linear scan
calling `mp_obj_equal` on each entry it passes), filling dicts of 160 tuple keys costs at most
`MAX_FILL_RATIO` times as much a key as dicts of 40 (linear; quadratic without), and a differential cell prints
what host CPython prints for dicts and sets of every kind of key at sizes around both thresholds:
insertion order, deletion and re-insertion, `popitem`, copies, keys equal across types
(`1 == 1.0 == True`, tuples of them), NaN keys, user `__hash__`/`__eq__`, unhashable keys.
`test_build_pipeline.py` runs `check` on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox

N = 4_000
# Per lookup: the loop with the lookup less the same loop without it, over N iterations.
LOOKUP = """
def f(n, d=d, keys=keys):
    for i in range(n):
        k = keys[i %% 100]
        %s
f(%d)
"""
SETUPS = {
    "tuple": "keys = [(i // 10, i % 10) for i in range(100)]\nd = {(i // 10, i % 10): i for i in range(100)}\n",
    "str": "keys = ['k' + str(i) for i in range(100)]\nd = {'k' + str(i): i for i in range(100)}\n",
}
MAX_FUEL_LOOKUP = 2_000  # measured: tuple ~960, str ~880 patched; ~9,200 and ~8,500 without
FILL = ("def f():\n    for _ in range(%d):\n        d = {}\n        for i in range(%d):\n"
        "            d[(i, -i)] = i\nf()\n")
MAX_FILL_RATIO = 1.3  # as many keys in all; measured 0.69x patched, 1.81x without

CELL = """
kinds = {
    "int": lambda i: i * 3 - 7,
    "str": lambda i: "k" + str(i),
    "tuple": lambda i: (i // 4, i % 4),
    "mixed": lambda i: [i, str(i), (i,), i + 0.5, (i, "x"), -i * 1.0][i % 6],
    "float": lambda i: i / 4,
}
for name, f in kinds.items():
    for n in (0, 1, 5, 8, 9, 16, 17, 31, 32, 33, 37, 127, 130):
        d = {}
        for i in range(n):
            d[f(i)] = i
        hits = sum(d[f(i)] for i in range(n))
        miss = [f(i) in d for i in range(n, n + 3)] + [d.get(f(-5), "none")]
        s = set()
        for i in range(n):
            s.add(f(i))
        ins = sum(f(i) in s for i in range(n + 3))
        for i in range(0, n, 3):
            del d[f(i)]
            s.discard(f(i))
        for i in range(0, n, 6):
            d[f(i)] = -i
        pops = [d.popitem() for _ in range(min(3, len(d)))]
        c = d.copy()
        c[f(999)] = 1
        del c[next(iter(c))]
        d.update({f(i): "u" for i in range(n, n + 4)})
        e = dict(d)
        e.setdefault(f(1), "sd")
        print(name, n, hits, miss, ins, list(d.items()), pops, list(c.items())[-3:], len(s),
              sorted(map(repr, s))[:3], e == d, list(e)[-2:], d.pop(f(n), "p"), len(d))
for n in (12, 40):
    d = {}
    for i in range(n):
        d[i] = i
    d[1.0] = "float"
    d[True] = "bool"
    d[0.0] = "zero"
    print(d, d[1], 2.0 in d, list(d), d.get(11.0))
    t = {(i, i): i for i in range(n)}
    print(t[(1.0, True)], t.get((2, 2.0)), (3, 3.5) in t, t[(False, 0.0)])
mix = {1: "a", "1": "b", (1,): "c", 1.5: "d", None: "e", b"1": "f", frozenset([1]): "g", 2 ** 70: "h", -1: "i",
       0: "j", (1, (2, "x")): "k"}
print(mix[1.0], mix[(True,)], mix[2 ** 70], mix[-1.0], mix[False], mix[b"1"], mix[frozenset({1})],
      mix[(1, (2, "x"))], mix.get((1, (2, "y"))), list(mix)[-3:])
nan = float("nan")
z = {i: i for i in range(10)}
z[nan] = "nan"
z[(nan, 1)] = "tnan"
print(z[nan], nan in z, float("nan") in z, z.get((nan, 1)), (float("nan"), 1) in z, len(z))
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return self.v % 3
    def __eq__(self, other):
        return isinstance(other, K) and self.v == other.v
    def __repr__(self):
        return "K(%d)" % self.v
u = {K(i): i for i in range(10)}
u[(K(3), 1)] = "t"
print(u[K(4)], K(11) in u, u[(K(3), 1)], (K(2), 1) in u, list(u)[:4], {K(1), K(1), K(4)} == {K(4), K(1)})
for n in (3, 33, 130):
    d = {i: i for i in range(n)}
    for label, op in (("get", lambda: d[[1]]), ("in", lambda: [1] in d), ("dget", lambda: d.get({})),
                      ("set", lambda: d.__setitem__([1], 2)), ("pop", lambda: d.pop([1])),
                      ("tuple", lambda: d[(1, [2])]), ("setin", lambda: [1] in set(range(n)))):
        try:
            print(n, label, op())
        except TypeError as e:
            print(n, label, "TypeError", e)
print(sorted({(i % 4, i % 3) for i in range(30)}), {"a" + str(i % 5) for i in range(20)} == {"a0", "a1", "a4"})
"""


def per_lookup(sb: Sandbox, setup: str) -> float:
    """Fuel of one `d[k]` in the 100-entry dict `setup` makes (the loop without it subtracted)."""
    sb.reset()
    r = sb.run(setup)
    assert r.error is None, r.error
    runs = [sb.run(LOOKUP % (body, N)) for body in ("d[k]", "k")]
    for r in runs:
        assert r.error is None, r.error
    return (runs[0].fuel_used - runs[1].fuel_used) / N


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    for name, setup in SETUPS.items():
        fuel = per_lookup(sb, setup)
        if fuel >= MAX_FUEL_LOOKUP:
            problems.append(f"{name} key in a dict of 100: {fuel:.0f} fuel a lookup (limit {MAX_FUEL_LOOKUP})")
    sb.reset()
    small, large = (sb.run(FILL % (480 // n, n)) for n in (40, 160))
    if small.error is not None or large.error is not None:
        problems.append(f"fill: {small.error or large.error}")
    elif large.fuel_used >= MAX_FILL_RATIO * small.fuel_used:
        ratio = large.fuel_used / small.fuel_used
        problems.append(f"dicts of 160 tuple keys: {ratio:.2f}x the fuel a key of dicts of 40")
    sb.reset()
    return problems + lines_unlike_cpython(sb, CELL)


def test_small_dicts_of_tuple_keys_are_cheap_and_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
