"""The `slot_spread` patch (wasm/patches/slot_spread.py): probes start at a scrambled slot, and
large tables place `str` keys by a hash of their bytes.

MicroPython's str hash has 16 bits: `colliding_blocks` finds, on the host, pairs of 3-letter
blocks that take the hash state to the same next state, so 2**k strings built from k such pairs
share one hash value. Inserting them into a table of more than `WIDE_MIN` slots must take linear
fuel (for 2n keys under 2.5 × the fuel of n keys); without the patch they all start at one slot
and every insertion compares with all the earlier ones (quadratic). Plain keys `'w%d' % i` show
the neighbouring-hash runs of small tables the same way. Fuel is deterministic. `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must
fail."""

from __future__ import annotations

import itertools
import string

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

QSTR_HASH_BITS = 16
PREFILL = 30_000  # keys: the table then has more than WIDE_MIN (32,768) slots
STEPS = 10  # 2**10 colliding strings, then 2**11


def colliding_blocks(steps: int) -> list[tuple[str, str]]:
    """`steps` pairs of 3-character blocks (letters, digits); every string made of one block of each pair, in order,
    has the same 16-bit MicroPython str hash (djb2 with xor, `qstr_compute_hash` in py/qstr.c)."""
    mask = (1 << QSTR_HASH_BITS) - 1
    state, pairs = 5381 & mask, []
    blocks = ["".join(t) for t in itertools.product(string.ascii_letters + string.digits, repeat=3)]
    for _ in range(steps):
        seen: dict[int, str] = {}
        for block in blocks:
            h = state
            for ch in block:
                h = ((h * 33) ^ ord(ch)) & mask
            if h in seen and h > 1:
                pairs.append((seen[h], block))
                state = h
                break
            seen[h] = block
    return pairs


FILL_CELL = """
pairs = %r
def strings(k):
    return ["".join(p[(i >> b) & 1] for b, p in enumerate(pairs[:k])) for i in range(1 << k)]
big = {}
for i in range(%d):
    big["w%%d" %% i] = i
bigset = set(big)
"""
COLLIDE_CELL = """
keys = strings(%d)
for s in keys:
    big[s] = 1
    bigset.add(s)
print(len(set(hash(s) for s in keys)), len(big), len(bigset), all(s in big and s in bigset for s in keys))
"""
WORDS = "d = {}\nfor i in range(%d):\n    d['w%%d' %% i] = i\nprint(len(d))"
SMALL = 12_000

# Large tables through the spread path behave as in CPython: membership, deletion (the deleted
# markers), re-insertion, update, equality of a qstr key and an equal built string.
DIFF_CELL = """
words = ["w%d" % i for i in range(40000)]
d = {w: i for i, w in enumerate(words)}
s = set(words)
for w in words[::3]:
    del d[w]
    s.discard(w)
print(len(d), len(s), "w3" in d, "w4" in d, "w" + "4" in s, d.get("w" + "40", -1), d.get("nope", -1))
for w in words[::6]:
    d[w] = -1
    s.add(w)
print(len(d), len(s), sum(d.values()) % 1000003, sorted(d)[:3], sorted(s)[-3:])
d2 = dict(d)
d2.update({"print": 1, "len": 2, "x" * 40: 3})
print(len(d2), d2["print"], d2["pr" + "int"], d2["x" * 40], d2 == d, {k: d2[k] for k in ("w1", "w2")})
print(len(s & set(d)), len(s - set(words[:1000])), len(s | {"a", "b"}), s >= {"w1", "w2"})
"""


# Keys equal across types (equal hashes, different objects) meet in hash tables of every size.
EQUAL_KEYS_CELL = """
from fractions import Fraction
for n in (10, 200, 40000):
    d = {i: i for i in range(n)}
    s = set(range(n))
    f = {float(i): i for i in range(n)}
    probes = [True, False, 1.0, 2.0, float(n - 1), Fraction(3, 1), -0.0, 0.5, n, n + 0.0]
    print(n, [p in d for p in probes], [p in s for p in probes], [d.get(p) for p in probes[:6]],
          [f.get(p) for p in (1, 2, True, n - 1, n)], len(s | {1.0, True, 2}), len(d))
t = {(1, 2): "a", (True, 2.0): "b"}
print(t, {(1, 2), (1.0, 2)}, {"a": 1} == {"a": 1.0}, {1, 2.0} == {1.0, 2})
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    fuel = []
    for n in (SMALL, 2 * SMALL):
        r = sb.run(WORDS % n)
        if r.error is not None:
            return [f"'w%d' keys: {r.error}"]
        fuel.append(r.fuel_used)
    if fuel[1] >= 2.5 * fuel[0]:
        problems.append(f"'w%d' keys: fuel for {2 * SMALL} is {fuel[1] / fuel[0]:.2f} × that for {SMALL}")
    fuel = []
    for steps in (STEPS, STEPS + 1):
        r = sb.run(FILL_CELL % (colliding_blocks(STEPS + 1), PREFILL))
        if r.error is not None:
            return problems + [f"prefill: {r.error}"]
        r = sb.run(COLLIDE_CELL % steps)
        want = f"1 {PREFILL + (1 << steps)} {PREFILL + (1 << steps)} True\n"
        if r.error is not None or r.stdout != want:
            problems.append(f"colliding strings: {r.stdout!r} {r.error}, expected {want!r}")
        fuel.append(r.fuel_used)
    if fuel[1] >= 2.5 * fuel[0]:
        problems.append(f"strings of one hash: fuel for {2 << STEPS} is {fuel[1] / fuel[0]:.2f} × "
                        f"that for {1 << STEPS}")
    return problems


def test_str_and_tuple_keys_fill_in_linear_fuel() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_large_str_tables_behave_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(DIFF_CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(DIFF_CELL)


def test_equal_keys_of_different_types_meet() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(EQUAL_KEYS_CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(EQUAL_KEYS_CELL)
