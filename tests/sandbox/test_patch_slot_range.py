"""The `slot_range` patch (wasm/patches/slot_range.py): probes start at the high word of the
scrambled hash, so sequential int keys find their slot at the first probe at every table size.

Fuel is deterministic. A dict of 1,000 sequential ints has an ordered index of 1,621 slots, where
the remainder of the wrapped golden-ratio product puts keys in long runs (~27 probes a hit,
~1,800 fuel a lookup); with the patch a lookup there costs what it costs in a dict of 10,000
(where the remainder happens to spread well). Sets of 11 and 48 ints (17 and 73 slots) show the
same for MicroPython's own hash table. The differential cell mixes keys that are equal across
types and deletions, so every start slot must agree. `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import lines_unlike_cpython

from mpwasm_kernel import Limits, Sandbox

# Per-lookup fuel: the loop with lookups less the same loop without (each in a function).
LOOKUPS = """
def fill(n):
    return %s
def looked(t, n, reps):
    c = 0
    for r in range(reps):
        for i in range(n):
            c += i in t
    return c
def plain(t, n, reps):
    c = 0
    for r in range(reps):
        for i in range(n):
            c += i > -1
    return c
"""
DICT, SET = "{i: i for i in range(n)}", "set(range(n))"
# (kind, size, size to compare with): the first size is one the remainder spreads badly
CASES = (("dict", 1000, 10000), ("set", 11, 1000), ("set", 48, 1000))
STEPS = 20000
MAX_RATIO = 1.3

DIFF_CELL = """
from fractions import Fraction
for n in (11, 48, 200, 1000, 5000):
    d, s = {}, set()
    for i in range(n):
        d[i] = i
        s.add(i * 3)
    print(n, sum(i in d for i in range(-5, n + 5)), sum(i in s for i in range(-5, 3 * n)))
    print(d.get(1.0), d.get(True), Fraction(2, 1) in d, 2.0 in s, 3.0 in s, (0.5 in d), s.__contains__(-0.0))
    for i in range(0, n, 3):
        del d[i]
        s.discard(i * 3)
    d[1.0] = "one"
    d[True] = "true"
    s.add(6.0)
    print(len(d), len(s), list(d)[:4], list(d)[-4:], d.get(1), sorted(s)[:4], 6 in s)
    d2 = {(i, -i): i for i in range(n)}
    print(sum(d2[(i, -i)] for i in range(n)), (1, 1) in d2, list(d2)[-2:])
    w = {"k%d" % i: i for i in range(n)}
    print(sum(w["k%d" % i] for i in range(0, n, 7)), "k-1" in w)
"""


def _per_lookup(sb: Sandbox, kind: str, n: int) -> float | str:
    sb.reset()
    r = sb.run((LOOKUPS % (DICT if kind == "dict" else SET)) + f"t = fill({n})")
    if r.error is not None:
        return str(r.error)
    reps = max(1, STEPS // n)
    fuel = []
    for fn in ("looked", "plain"):
        r = sb.run(f"{fn}(t, {n}, {reps})")
        if r.error is not None:
            return str(r.error)
        fuel.append(r.fuel_used)
    return (fuel[0] - fuel[1]) / (reps * n)


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = lines_unlike_cpython(sb, DIFF_CELL)
    for kind, n, other in CASES:
        bad, good = _per_lookup(sb, kind, n), _per_lookup(sb, kind, other)
        if isinstance(bad, str) or isinstance(good, str):
            problems.append(f"{kind} lookups stopped: {bad} / {good}")
        elif bad > MAX_RATIO * good:
            problems.append(f"{kind} of {n} ints: {bad:.0f} fuel a lookup, {good:.0f} in one of {other}")
    return problems


def test_sequential_int_keys_probe_one_slot_at_every_size() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
