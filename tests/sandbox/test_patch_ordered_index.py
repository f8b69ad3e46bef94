"""The `ordered_index` patch (wasm/patches/ordered_index.py): dicts, OrderedDicts and instance
attributes keep insertion order past 128 entries, with O(1) average lookups and linear fill.

`check` is the patched behaviour (a differential cell: host CPython and the sandbox print the same,
and fuel grows linearly); `test_build_pipeline.py` runs it on a build without this patch, where it
must fail."""

from __future__ import annotations

from patch_builds import lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox

# Large dicts of every kind of key, mutated in every way a dict can be; each line a summary that
# depends on the order.
ORDER_CELL = """
import json
from collections import OrderedDict
def digest(d):
    ks = list(d)
    return (len(d), ks[:3], ks[-3:], ks[len(ks) // 2] if ks else None, ks[::97])
kinds = {
    "int": [(i * 7919) % 1000 for i in range(1000)],
    "str": ["w%d" % ((i * 31) % 500) for i in range(500)],
    "tuple": [(i % 17, -i) for i in range(400)],
    "float": [i / 3 for i in range(300, 0, -1)],
    "mixed": [x for i in range(150) for x in (i, str(i), (i,), i + 0.5)],
}
for name, keys in kinds.items():
    d = {}
    for i, k in enumerate(keys):
        d[k] = i
    print(name, digest(d))
    for k in keys[::3]:
        del d[k]
    for k in keys[::9]:
        d[k] = -1
    print(name, "del+add", digest(d), list(d.items())[-2:])
    pops = [d.popitem() for _ in range(20)]
    print(name, "popitem", pops[:3], digest(d))
    c = d.copy()
    c[keys[0]] = "c"
    d["new"] = 1
    del c[keys[1]]
    print(name, "copy", digest(c), digest(d), digest(dict(c)), c == dict(c))
    print(name, "comp", digest({k: v for k, v in d.items() if v != -1}))
words = ("the quick brown fox " * 3 + " ".join("w%d" % (i * 13 % 301) for i in range(600))).split()
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(list(counts.items())[:5], list(counts)[-5:], sorted(counts.items(), key=lambda kv: -kv[1])[:8])
print(json.dumps({"k%d" % (i * 37 % 200): i for i in range(200)})[:200])
print(list(json.loads(json.dumps({str(999 - i): i for i in range(300)})))[:5])
def f(**kw):
    return list(kw)[-5:], len(kw)
print(f(**{"a%d" % (299 - i): i for i in range(300)}))
o = OrderedDict()
for i in range(400):
    o[str(399 - i)] = i
o.move_to_end("399")
del o["200"]
print(list(o)[:3], list(o)[-3:], o.popitem(), list(o)[-1])
g = {}
exec("\\n".join("v%d = %d" % (i * 7 % 211, i) for i in range(211)), g)
print([k for k in g if k.startswith("v")][:5], [k for k in g if k.startswith("v")][-5:])
class Bag:
    pass
b = Bag()
for i in range(300):
    setattr(b, "a%d" % (299 - i), i)
del b.a150
b.a150 = 0
print(list(vars(b))[:3], list(vars(b))[-3:], b.a0, len(vars(b)))
d = {}
for i in range(1000):
    d[i] = i
while len(d) > 1:
    d.popitem()
    d[len(d) * 1000] = 0
    d.popitem()
print(d)
"""

FILL = "d = {}\nfor i in range(%d):\n    d['k' + str(i)] = i\nprint(len(d))"
LOOKUP = "hits = 0\nfor i in range(20000):\n    hits += ('k' + str(i * 7 %% %d)) in d\nprint(hits)"
N = 3000


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = lines_unlike_cpython(sb, ORDER_CELL)
    if problems and problems[0].startswith("error: "):
        return problems
    fills, lookups = [], []
    for n in (N, 4 * N):
        sb.reset()
        fills.append(sb.run(FILL % n))
        lookups.append(sb.run(LOOKUP % n))
    if any(r.error is not None for r in fills + lookups):
        problems.append(f"fill or lookups stopped: {[r.error for r in fills + lookups]}")
    else:
        if fills[1].fuel_used >= 5 * fills[0].fuel_used:
            problems.append(f"fill of {4 * N} keys: {fills[1].fuel_used / fills[0].fuel_used:.2f} × {N} keys")
        if lookups[1].fuel_used >= 1.3 * lookups[0].fuel_used:
            problems.append(f"lookups in {4 * N} keys: {lookups[1].fuel_used / lookups[0].fuel_used:.2f} × in {N}")
    return problems


def test_large_dicts_keep_insertion_order() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
