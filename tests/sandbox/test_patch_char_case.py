"""The `char_case` patch (wasm/patches/char_case.py): `.lower()`/`.upper()` of a one-character
ASCII str returns the interned character instead of allocating two new objects.

`check` is the patched behaviour: `ch.lower()` in a character loop costs less than
`MAX_FUEL_PER_CALL` (the allocating path costs ~630 fuel a call more). `test_build_pipeline.py`
runs it on a build without this patch, where it must fail. The differential cell compares case
method results with host CPython, also for bytes, str subclasses, empty and longer strings and
non-ASCII text whose case this build and CPython map alike."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

CALLS = 20_000
MAX_FUEL_PER_CALL = 1_200  # measured: ~920 patched, ~1,550 without (~1,390 for 'é' and digits)

# Same cell, host CPython vs the sandbox. Non-ASCII letters are left out of case changes (this
# build maps the case of ASCII letters only; README "Differences from CPython").
CASE_CELL = """
every = "".join(chr(i) for i in range(128))
low = [c.lower() for c in every]
up = [c.upper() for c in every]
print(low == list(every.lower()), up == list(every.upper()), "".join(low), "".join(up))
print([hash(c.lower()) == hash(c) for c in "abc?1 "], {c.upper(): 1 for c in "aAbB"}, sorted(set(low[60:100])))
print("A".lower() + "b".upper(), ("A".lower() * 3).upper(), "".lower(), "".upper(), "Ab".lower(), "aB".upper())
print(b"A".lower(), b"a".upper(), type(b"A".lower()), bytes([65]).lower() == b"a", b"".upper())
class S(str):
    pass
s = S("A")
print(s.lower(), type(s.lower()) is str, S("b").upper(), S("Ab").lower())
mixed = "x€y中ü!"
print([c.lower() for c in mixed if ord(c) < 128], [c.upper() for c in "€中!9"], mixed[1].lower() == mixed[1])
low1 = "éüßçàÿ€中😀×÷¿0a"
print([c.lower() for c in low1], [c.upper() for c in "€中😀×÷¿"], [c.lower() == c for c in low1],
      [hash(c.lower()) == hash(c) for c in low1], {c.lower(): 1 for c in low1} == {c: 1 for c in low1})
print("ab".lower(), "éé".lower(), "€1".upper(), "1a".upper(), "xy".upper(), "ü".lower() + "€".upper())
counts = {}
for ch in "The Quick Brown Fox Jumps Over The Lazy Dog" * 3:
    k = ch.lower()
    counts[k] = counts.get(k, 0) + 1
print(sorted(counts.items()), "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate("alternating caps")))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    sb.run("import gc\ndef f(t):\n    for ch in t:\n        ch.lower()\n        ch.lower()\n"
           "def g(t):\n    for ch in t:\n        pass\n")
    for text in ("'The Quick Brown Fox, ok?'", "'Ça va? Übermäßig schön, 2024 é€'"):
        sb.run(f"t = {text} * ({CALLS} // len({text}))\nn = len(t)\ngc.collect()")
        base = sb.run("g(t)")
        loop = sb.run("f(t)")
        if base.error is not None or loop.error is not None:
            return [f"character loop stopped: {base.error or loop.error}"]
        per_call = (loop.fuel_used - base.fuel_used) / (int(sb.run("print(n)").stdout) * 2)
        if per_call >= MAX_FUEL_PER_CALL:
            problems.append(f"ch.lower() costs {per_call:.0f} fuel per call in {text}")
    return problems


def test_one_character_case_is_not_allocated() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_case_methods_behave_like_cpython() -> None:
    with Sandbox() as sb:
        r = sb.run(CASE_CELL)
    assert r.error is None, r.error
    assert r.stdout == cpython(CASE_CELL)
