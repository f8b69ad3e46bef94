"""The `unhashable_lookups` patch (wasm/patches/unhashable_lookups.py): an unhashable key looked up
in an empty or string-keyed dict, or in a set that never held anything, raises CPython's
`TypeError: unhashable type: ...`, and so does hashing an instance of a class with
`__hash__ = None`.

`check` is the patched behaviour: `CELL` prints what host CPython prints (the build without the
patch answers `KeyError`, `False` or `None` for most of its lines, and "'NoneType' object is not
callable" for `__hash__ = None`), and a lookup of a str key in a str-keyed dict, of an int key in
an int-keyed dict and of an int key in a dict of interned-string keys each cost at most 10 fuel
more than on the build without the patch (fuel is deterministic; `LOOKUPS`).
`test_build_pipeline.py` runs `check` on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox

CELL = """
class NoHash:
    __hash__ = None
class EqOnly:
    def __eq__(self, other):
        return True
class Plain:
    pass
def attempt(label, f):
    try:
        print(label, f())
    except (TypeError, KeyError) as e:
        print(label, type(e).__name__, e)
keys = {"list": lambda: [1], "dict": lambda: {}, "bytearray": lambda: bytearray(b"a"),
        "nohash": NoHash, "eqonly": EqOnly}
for name, make in keys.items():
    empty, named, ints, big, no_set, used_set = {}, {"a": 1}, {1: 2}, {i: i for i in range(200)}, set(), {1}
    attempt(name + " getitem empty", lambda: empty[make()])
    attempt(name + " in empty", lambda: make() in empty)
    attempt(name + " get named", lambda: named.get(make()))
    attempt(name + " getitem named", lambda: named[make()])
    attempt(name + " in ints", lambda: make() in ints)
    attempt(name + " in big", lambda: make() in big)
    attempt(name + " display", lambda: {make(): 2})
    attempt(name + " store", lambda: empty.__setitem__(make(), 2))
    attempt(name + " setdefault", lambda: named.setdefault(make(), 2))
    attempt(name + " pop named", lambda: named.pop(make(), None))
    attempt(name + " pop empty default", lambda: {}.pop(make(), "default"))
    attempt(name + " in empty set", lambda: make() in no_set)
    attempt(name + " in set", lambda: make() in used_set)
    attempt(name + " discard empty set", lambda: no_set.discard(make()))
    attempt(name + " remove empty set", lambda: no_set.remove(make()))
    attempt(name + " add", lambda: no_set.add(make()))
    attempt(name + " frozenset", lambda: frozenset([make()]))
    attempt(name + " hash", lambda: hash(make()))
attempt("plain", lambda: {Plain(): 1} and Plain() in set() and Plain() in {})
attempt("tuple with list", lambda: (1, [2]) in {})
attempt("tuple with list in set", lambda: (1, [2]) in set())
attempt("ok keys", lambda: (1 in {}, "a" in {}, (1, 2) in {}, 1.5 in set(), None in {"a": 1}, b"x" in set()))
"""
N = 20_000
# Each loop's setup and the fuel one `k in d` step costs (loop included), measured on the build
# without the patch: 2,259, 1,092.5 and 1,119.2; with it 2,259, 1,092.4 and 1,124.1 (an int in a
# dict of interned-string keys passes the patch's heap-object test). Limits: the build without
# the patch plus 10.
LOOKUPS = {
    "str key in str-keyed dict": ("d = {'a%d' % i: i for i in range(10)}\nk = 'a' + '5'\n", 2_269),
    "int key in int-keyed dict": ("d = {i: i for i in range(10)}\nk = 5\n", 1_103),
    "int key in interned-str dict": ("d = {'a': 1, 'b': 2}\nk = 5\n", 1_130),
}
LOOP = "def f(n, d=d, k=k):\n    for i in range(n):\n        k in d\nf(%d)"


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = [f"unhashable keys: {line}" for line in lines_unlike_cpython(sb, CELL)]
    for name, (setup, limit) in LOOKUPS.items():
        sb.reset()
        first = sb.run(setup)
        once, twice = sb.run(LOOP % N), sb.run(LOOP % (2 * N))
        if first.error is not None or once.error is not None or twice.error is not None:
            problems.append(f"{name}: {first.error or once.error or twice.error}")
        elif (twice.fuel_used - once.fuel_used) / N >= limit:
            problems.append(f"{name}: {(twice.fuel_used - once.fuel_used) / N:.1f} fuel a step (limit {limit})")
    return problems


def test_unhashable_keys_raise_in_empty_maps_and_sets() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
