"""The `char_qstr` patch (wasm/patches/char_qstr.py): one-character ASCII strings that are in the
firmware's qstr pools are found without searching every pool.

Iterating a text of such characters costs under 1,500 fuel per character (the search through the
run-time pools, the ROM bisection and the unsorted static pool cost ~3,500), and every ASCII
character behaves as in CPython when made by indexing or iterating (a differential cell: equality
with literals, dict and set keys, ordering, methods). `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

CHARS = 20_000
MAX_FUEL_PER_CHAR = 1_500

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


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    runs = [sb.run(f"import gc\nt = ' abcdefhjlmnoprstuvwxy' * {CHARS // 22}"), sb.run("gc.collect()\ngc.collect()"),
            sb.run("gc.collect()\nfor c in t:\n    pass\ngc.collect()")]
    errors = [r.error for r in runs if r.error is not None]
    if errors:
        return [f"iteration stopped: {errors[0]}"]
    per_char = (runs[2].fuel_used - runs[1].fuel_used) / (CHARS // 22 * 22)
    if per_char >= MAX_FUEL_PER_CHAR:
        problems.append(f"iterating a text of ROM characters costs {per_char:.0f} fuel per character")
    r = sb.run(CHAR_CELL)
    expected = cpython(CHAR_CELL)
    if r.error is not None or r.stdout != expected:
        problems.append(f"char cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_one_character_strings_are_found_at_once() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
