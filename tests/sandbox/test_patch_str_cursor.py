"""The `str_cursor` patch (wasm/patches/str_cursor.py): `s[i]` on a str walks on from the last
position found in the same string instead of from its start.

An index loop over a non-ASCII text takes linear fuel (fuel is deterministic: 2n characters cost
under 2.5 × the fuel of n; walking from the start every time is quadratic), and indexing behaves as
in CPython (a differential cell: forwards, backwards, negative, out of range, slices, find with
bounds, many strings of the same length made and dropped). The cursor is dropped when memory is
restored (a rolled-back cell) or freed (a collection). `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

TEXT = "import gc\nt = ('Ça va? Übermäßig schön, the quick fox. ' * {n})"
LOOP = "gc.collect()\nk = 0\nfor i in range(len(t)):\n    k += t[i] == 'ö'\ngc.collect()"
UNITS = 150

INDEX_CELL = """
t = "Ça va? Übermäßig schön. ÿ€𝄞 end" * 7
n = len(t)
print(n, "".join(t[i] for i in range(n)) == t, "".join(t[i] for i in range(n - 1, -1, -1)) == t[::-1])
print([t[i] for i in range(0, n, 37)], [t[-i] for i in range(1, n, 41)])
print([t[i:i + 3] for i in range(0, n, 29)], t[n - 2:], t[n:], t[5:2], t[-3:], t[100:100 + 40])
for bad in (n, n + 5, -n - 1):
    try:
        t[bad]
    except IndexError as exc:
        print("IndexError", bad)
print(t.find("ö", 30), t.find("ö", 30, 60), t.rfind("€", 0, 100), t.count("a", 10, 150), t.startswith("Ü", 7))
words = []
for k in range(300):
    w = ("é" * (k % 5) + "abcde")[: 5 + k % 3] + str(k % 10)
    words.append("".join(w[j] for j in range(len(w))))
print(words[:12], len(set(words)))
a, b = "ÄÖÜäöü", "abcdef"
print([a[i] + b[i] for i in range(6)], [b[5 - i] + a[5 - i] for i in range(6)], a[3], b[3], a[2:5], b[1:4])
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    fuel = []
    for units in (UNITS, 2 * UNITS):
        # Collections before and after, and a run doing only those subtracted: a collection the
        # heap needs anyway costs as much as the live heap, not the loop.
        runs = [sb.run(TEXT.format(n=units)), sb.run("gc.collect()\ngc.collect()"), sb.run(LOOP)]
        errors = [r.error for r in runs if r.error is not None]
        if errors:
            return [f"index loop stopped: {errors[0]}"]
        fuel.append(runs[2].fuel_used - runs[1].fuel_used)
    if fuel[1] >= 2.5 * fuel[0]:
        problems.append(f"fuel for an index loop over {2 * UNITS * 42} characters is {fuel[1] / fuel[0]:.2f} × "
                        f"that over {UNITS * 42}")
    r = sb.run(INDEX_CELL)
    expected = cpython(INDEX_CELL)
    if r.error is not None or r.stdout != expected:
        problems.append(f"index cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_index_loops_take_linear_fuel() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_cursor_is_dropped_when_memory_is_restored_or_freed() -> None:
    """A rolled-back cell indexed a string; the next cell makes a string of the same byte length
    (where the first one was) and indexes it after the old cursor's index: the right character.
    The same after the first string was dropped and collected."""
    with Sandbox(Limits(wall_seconds=300, fuel=2_000_000_000)) as sb:
        r = sb.run("t = 'ü' * 1003\nc = t[901]\nwhile True:\n    pass")
        assert r.error is not None and r.error.ename == "FuelExhausted" and r.rolled_back
        r = sb.run("t = 'abcd' * 501 + 'ab'\nprint(t[1000], t[1001], t[1002], t[2005])")
        assert r.stdout == "a b c b\n", (r.stdout, r.error)
        r = sb.run("u = 'ß' * 1003\nc = u[901]\ndel u")
        assert r.error is None
        r = sb.run("import gc\ngc.collect()\nv = 'wxyz' * 501 + 'wx'\nprint(v[1000], v[1001], v[1003])")
        assert r.stdout == "w x z\n", (r.stdout, r.error)
