"""The `dict_iter_size` patch (wasm/patches/dict_iter_size.py): changing a dict's size while
iterating over it raises CPython's `RuntimeError: dictionary changed size during iteration`.

Differential cells (the same code on host CPython and in the sandbox, outputs equal): deleting,
adding, `pop`, `popitem`, `clear`, `update` and `setdefault` of a new key inside `for k in d`,
`.keys()`, `.values()` and `.items()` loops, on dicts of 3 entries (linear ordered map), of 40
int keys and 200 str keys (with a hash index), of 300 qstr-like keys; which keys were visited and
what the dict holds afterwards; the error's type and message. The allowed cases keep working:
assigning to existing keys, a size change followed by `break`, an iterator made after the
change, a change then a restore of the size between steps (CPython does not see it either),
`dict(d)`/`list(d)` copies. `check` is the patched behaviour; `test_build_pipeline.py` runs it on
a build without this patch, where it must fail.

Sets likewise ("Set changed size during iteration"): `add`, `discard`, `remove`, `pop`, `clear`,
`update`, `|=`, `-=` in a `for x in s` loop of 3, 50 and 300 elements; adding an element already
there, discarding a missing one, an add and a discard in one step (no error in CPython), `break`,
an iterator made before the change; frozensets and set operations that iterate internally."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

MUTATION_CELL = """
def sizes():
    yield "small", {i: i for i in range(3)}
    yield "ints40", {i * 7: i for i in range(40)}
    yield "strs200", {"k%d" % i: i for i in range(200)}
    d = {}
    for i in range(300):
        d["name_%d" % i] = i
    yield "names300", d

def views(d):
    return {"iter": lambda: d, "keys": d.keys, "values": d.values, "items": d.items}

MUTATIONS = {
    "del": lambda d, k: d.__delitem__(k),
    "add": lambda d, k: d.__setitem__(("new", len(d)), 0),
    "pop": lambda d, k: d.pop(k),
    "popitem": lambda d, k: d.popitem(),
    "clear": lambda d, k: d.clear(),
    "update": lambda d, k: d.update({("u", len(d)): 1}),
    "setdefault": lambda d, k: d.setdefault(("s", len(d)), 2),
}

for size_name, _ in sizes():
    for mname, mutate in MUTATIONS.items():
        for vname in ("iter", "keys", "values", "items"):
            d = dict(next(s for s in sizes() if s[0] == size_name)[1])
            keys = list(d)
            seen = 0
            try:
                for x in views(d)[vname]():
                    seen += 1
                    if seen > 1000:
                        print("runaway")
                        break
                    mutate(d, keys[seen - 1])
                print(size_name, mname, vname, "no error", seen, len(d))
            except RuntimeError as e:
                print(size_name, mname, vname, "RuntimeError", e, seen, len(d))
"""

ALLOWED_CELL = """
def make(n):
    return {i * 3: str(i) for i in range(n)}

for n in (3, 40, 300):
    d = make(n)
    for k in d:
        d[k] = d[k] + "!"
    for k, v in d.items():
        d[k] = v + "?"
    for v in d.values():
        pass
    print(n, len(d), sorted(d.items())[:3], list(d)[-2:])
    d = make(n)
    for k in d:
        del d[k]
        break
    print(n, len(d), list(d)[:3])
    d = make(n)
    it = iter(d)
    first = next(it)
    d[first] = "again"
    print(n, next(it), list(it)[-1:])
    d = make(n)
    for k in list(d):
        if k % 2:
            del d[k]
    print(n, len(d))
    d = make(n)
    for k in d:
        d["tmp"] = 1
        del d["tmp"]
    print(n, len(d), list(d)[-1:])
    d = make(n)
    e = dict(d)
    for k in d:
        e[k + 1] = 0
    print(n, len(e), len(d))
    d = make(n)
    it = iter(d.items())
    d[-1] = "x"
    try:
        print(n, next(it))
    except RuntimeError as exc:
        print(n, "RuntimeError", exc)
"""

SET_CELL = """
def make(n):
    return set(range(0, 3 * n, 3))

def ior(s, x):
    s |= {-x - 1}

def isub(s, x):
    s -= {x}

MUTATIONS = {
    "add": lambda s, x: s.add(-x - 1),
    "discard": lambda s, x: s.discard(x),
    "remove": lambda s, x: s.remove(x),
    "pop": lambda s, x: s.pop(),
    "clear": lambda s, x: s.clear(),
    "update": lambda s, x: s.update({-x - 1, -x - 2}),
    "ior": ior,
    "isub": isub,
    "add_existing": lambda s, x: s.add(x),
    "discard_missing": lambda s, x: s.discard(-1),
    "add_then_discard": lambda s, x: (s.add(-5), s.discard(-5)),
}

for n in (3, 50, 300):
    for mname, mutate in MUTATIONS.items():
        s = make(n)
        seen = 0
        try:
            for x in s:
                seen += 1
                if seen > 5000:
                    print("runaway")
                    break
                mutate(s, x)
            print(n, mname, "no error", seen, len(s))
        except (RuntimeError, KeyError) as e:
            print(n, mname, type(e).__name__, e, seen, len(s))
    s = make(n)
    for x in s:
        s.add(-1)
        break
    it = iter(s)
    s.add(-2)
    try:
        next(it)
    except RuntimeError as e:
        print(n, "made before", e)
    f = frozenset(make(n))
    print(n, sum(1 for _ in f), sorted(make(n) | {1}) == sorted(list(make(n)) + [1]), make(n) <= make(n + 1))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from CPython on `sb` (empty: the patch works)."""
    problems = []
    for name, cell in (("mutation", MUTATION_CELL), ("allowed", ALLOWED_CELL), ("set", SET_CELL)):
        sb.reset()
        r = sb.run(cell)
        expected = cpython(cell)
        if r.error is not None or r.stdout != expected:
            got = r.stdout.splitlines()
            want = expected.splitlines()
            diff = [(a, b) for a, b in zip(got, want, strict=False) if a != b][:3]
            problems.append(f"{name} cell: {r.error}; first differences (sandbox, CPython): {diff}; "
                            f"lines {len(got)} vs {len(want)}")
    return problems


def test_dict_size_change_raises() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
