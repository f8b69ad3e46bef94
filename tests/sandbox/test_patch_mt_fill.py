"""The `mt_fill` patch (wasm/patches/mt_fill.py): MicroPython's `random.randrange(st, words,
doubles)` with three arrays of the guest `random`'s shapes draws CPython's MT19937 natively.

`check` is the patched behaviour: for several states (fresh seeds, indices inside and at the end
of the 624 words), skips (none, within the block, across several twists) and counts (0, 1, odd,
across twists), the state after the skip, the words, `word >> 2` and the doubles equal what the
host's CPython `random.Random` gives for the same state. On the build without the patch the call
raises a TypeError (`test_build_pipeline.py` proves it). Other shapes keep MicroPython's own
`randrange`; the generator's cost per word is pinned so a slower native path shows."""

from __future__ import annotations

import random

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

N = 624
ST = 1252
# (seed, words drawn before, skip, count, cap)
CASES = [(1, 0, 0, 64, 64), (2, 3, 5, 101, 128), (3, 620, 700, 1500, 1600), (4, 624, 1300, 1, 4),
         (5, 10, 0, 0, 2), (6, 0, 624, 1250, 1300), (7, 623, 1, 2, 2)]

SETUP = f"""
import array
_path = __import__("_mpk_runtime").sys.path
_saved = _path[:]
_path[:] = []
_mp_random = __import__("random")
_path[:] = _saved
def fill(words, index, skip, count, cap):
    st = array.array("I", bytes(4 * {ST}))
    for i in range({N}):
        st[i] = words[i]
    st[{N}] = index
    st[1250] = skip
    st[1251] = count
    w = array.array("I", bytes(8 * cap))
    d = array.array("d", bytes(8 * cap))
    result = _mp_random.randrange(st, w, d)
    return result, list(st[:{N + 1}]), list(w[:count]), list(w[cap:cap + count]), list(d[:count])
"""


def expected(seed: int, before: int, skip: int, count: int) -> tuple:
    """CPython's state after `skip` words, the next `count` words, `>> 2`, and the doubles from
    words (2j, 2j + 1) then (2j + 1, 2j + 2), as the host's generator gives them."""
    gen = random.Random(seed)
    if before:
        gen.getrandbits(32 * before)
    start = gen.getstate()[1]
    if skip:
        gen.getrandbits(32 * skip)
    state = list(gen.getstate()[1])
    words = [gen.getrandbits(32) for _ in range(count + 1)]
    doubles = [((words[i] >> 5) * 67108864.0 + (words[i + 1] >> 6)) * (1.0 / 9007199254740992.0)
               for i in range(0, count, 2)]
    doubles += [((words[i] >> 5) * 67108864.0 + (words[i + 1] >> 6)) * (1.0 / 9007199254740992.0)
                for i in range(1, count, 2)]
    return list(start), state, words[:count], [w >> 2 for w in words[:count]], doubles


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    r = sb.run(SETUP)
    if r.error is not None:
        return [f"setup failed: {r.error}"]
    for seed, before, skip, count, cap in CASES:
        start, state, words, w30, doubles = expected(seed, before, skip, count)
        r = sb.run(f"x = fill({start[:N]!r}, {start[N]}, {skip}, {count}, {cap})\n"
                   f"print(x[0], x[1] == {state!r}, x[2] == {words!r}, x[3] == {w30!r}, x[4] == {doubles!r})")
        if r.error is not None:
            problems.append(f"case {seed}: {r.error}")
        elif r.stdout.split() != ["None", "True", "True", "True", "True"]:
            problems.append(f"case {seed}: {r.stdout.strip()} (state, words, >> 2, doubles equal?)")
    return problems


def test_native_fill_matches_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_other_arguments_keep_micropythons_randrange() -> None:
    """Arrays of other shapes (wrong typecode, length, count beyond the buffers, a memoryview)
    are MicroPython's randrange's TypeError; ints are its own generator's draw."""
    cell = SETUP + """
st = array.array("I", bytes(4 * 1252))
st[624] = 624
st[1251] = 5
good_w, good_d = array.array("I", bytes(40)), array.array("d", bytes(40))
bad = [(array.array("I", bytes(4 * 1251)), good_w, good_d), (array.array("i", bytes(4 * 1252)), good_w, good_d),
       (st, array.array("I", bytes(36)), good_d), (st, array.array("I", bytes(32)), good_d),
       (st, good_w, array.array("d", bytes(32))), (st, good_w, array.array("f", bytes(40))),
       (st, memoryview(good_w), good_d), (st, good_w, bytearray(40))]
out = []
for args in bad:
    try:
        _mp_random.randrange(*args)
        out.append("accepted")
    except TypeError:
        out.append("TypeError")
st[624] = 625
try:
    _mp_random.randrange(st, good_w, good_d)
except TypeError:
    out.append("index")
st[624] = 624
st[1250] = (1 << 20) + 1
try:
    _mp_random.randrange(st, good_w, good_d)
except TypeError:
    out.append("skip")
print(out, 0 <= _mp_random.randrange(10) < 10, 3 <= _mp_random.randrange(3, 9) < 9,
      good_w == array.array("I", bytes(40)))
"""
    with Sandbox() as sb:
        r = sb.run(cell)
    assert r.error is None, r.error
    assert r.stdout.split("]")[0].count("TypeError") == 8
    assert "'index', 'skip'" in r.stdout and r.stdout.rstrip().endswith("True True True")


def test_words_cost_little_fuel() -> None:
    """A whole batch of 8,192 words (each also as `>> 2` and a double) costs well under 200 fuel a
    word: the native call alone, its arrays made before."""
    with Sandbox() as sb:
        sb.run(SETUP + f"st = array.array('I', bytes(4 * {ST}))\nst[{N}] = {N}\n"
               "w = array.array('I', bytes(8 * 8192))\nd = array.array('d', bytes(8 * 8192))\n")
        base = sb.run("st[1251] = 1\n_mp_random.randrange(st, w, d)")
        full = sb.run("st[1251] = 8192\n_mp_random.randrange(st, w, d)")
    assert base.error is None and full.error is None, (base.error, full.error)
    per_word = (full.fuel_used - base.fuel_used) / 8191
    assert per_word < 200, per_word


def test_cell_is_the_same_in_cpython() -> None:
    """The expectation is CPython's own: the reference formula of the doubles is `random()`."""
    cell = "import random\ng = random.Random(9)\nh = random.Random(9)\na = g.random()\n" \
           "w = [h.getrandbits(32) for _ in range(2)]\n" \
           "print(a == ((w[0] >> 5) * 67108864.0 + (w[1] >> 6)) * (1.0 / 9007199254740992.0))"
    assert cpython(cell).strip() == "True"
