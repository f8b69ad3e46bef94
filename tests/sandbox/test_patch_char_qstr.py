"""The `char_qstr` patch (wasm/patches/char_qstr.py): every one-character string of a code point
below 256 is a qstr found without searching the pools (ROM characters in the ROM pools, the others
in a pool of static data the patch adds).

Iterating a text costs under `MAX_FUEL_PER_CHAR` per character whether its characters are ROM
qstrs (`' abc…'`), digits or Latin-1 letters (measured: ~390 for each, against ~3,500 for ROM
characters without the patch and ~1,000 for digits with only the ROM table), and every character
below 256 behaves as in CPython when made by indexing, iterating, slicing or `chr` (a differential
cell: equality with literals, dict and set keys, hashes, ordering, methods, `str()` and `repr()`).
`check` is the patched behaviour; `test_build_pipeline.py` runs it on a build without this
patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

CHARS = 20_000
MAX_FUEL_PER_CHAR = 600
TEXTS = {"ROM characters": "' abcdefhjlmnoprstuvwxy'", "digits": "'0123456789'",
         "Latin-1 letters": "'çàéèüöäßÇÜÿ\u00a0¿×'"}

CHAR_CELL = """
every = "".join(chr(i) for i in range(128))
made = [every[i] for i in range(128)] + [c for c in every]
literal = {"a": 1, " ": 2, "e": 3, "z": 4, "0": 5, "\\n": 6, "~": 7, "_": 8, ",": 9, "Q": 10}
print(sum(1 for c in made if c in literal), [literal.get(c) for c in "a e z0\\n~_,Q?"])
print([(c, ord(c), c.upper(), c.isalnum(), c == chr(ord(c))) for c in made[32:128:5]])
print(sorted(set("hello world, the quick brown fox; PACK my box!")), len(set(made)), "".join(made) == every * 2)
counts = {}
for c in "the quick brown fox jumps over the lazy dog " * 20:
    counts[c] = counts.get(c, 0) + 1
print(sorted(counts.items()), max(counts, key=counts.get), "a" + made[98] + "c", made[65] * 3)
"""

# Every code point below 256 (and a few above) made each way the interpreter makes one-character
# strings, against literals and each other: values, hashes, keys, order, repr.
LATIN_CELL = """
every = "".join(chr(i) for i in range(256)) + "€中😀"
ways = [[every[i] for i in range(len(every))], list(every), [every[i:i + 1] for i in range(len(every))],
        [chr(ord(c)) for c in every], [str(c) for c in every], [c for c in every.encode().decode()]]
print(all(w == ways[0] for w in ways), [len(c) for c in ways[0]] == [1] * len(every))
print(all(hash(a) == hash(b) for w in ways for a, b in zip(w, ways[0])), len(set(ways[0] + ways[2])))
keys = {c: i for i, c in enumerate(ways[1])}
print(all(keys[c] == i for w in ways for i, c in enumerate(w)), keys["é"], keys["0"], keys["ÿ"], keys["\\x00"])
print(sorted("schön Übermäßig, ça va? 0123 €".replace(" ", "")), ways[0][200:210], repr(every[161:173]))
digits = "".join(str(d) for d in range(10)) * 3
print(sum(int(c) for c in digits), [c for c in digits if c in "2468"][:6], digits.index("7"), "7" in digits)
text = "Übermäßig schön, Ça va? ÿ é ü ß × ÷ ¿ 2024"
counts = {}
for c in text:
    counts[c] = counts.get(c, 0) + 1
print(sorted(counts.items()), [c for c in text if c > "z"], [ord(c) for c in text[:12]])
print(text.split("ß"), "é" + "ü" * 3, ("ä" * 2).count("ä"), "ÿ" < "é", max(text), min(text[:5]), text[::-1])
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    for what, text in TEXTS.items():
        runs = [sb.run(f"import gc\nt = {text} * ({CHARS} // len({text}))"), sb.run("gc.collect()\ngc.collect()"),
                sb.run("gc.collect()\nfor c in t:\n    pass\ngc.collect()"), sb.run("print(len(t))")]
        errors = [r.error for r in runs if r.error is not None]
        if errors:
            return [f"iteration stopped: {errors[0]}"]
        per_char = (runs[2].fuel_used - runs[1].fuel_used) / int(runs[3].stdout)
        if per_char >= MAX_FUEL_PER_CHAR:
            problems.append(f"iterating a text of {what} costs {per_char:.0f} fuel per character")
    for cell in (CHAR_CELL, LATIN_CELL):
        r = sb.run(cell)
        expected = cpython(cell)
        if r.error is not None or r.stdout != expected:
            problems.append(f"char cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_one_character_strings_are_found_at_once() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
