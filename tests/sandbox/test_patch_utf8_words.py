"""The `utf8_words` patch (wasm/patches/utf8_words.py): `len()` of a str counts its characters 8
bytes a step, and a new str made by `mp_obj_new_str` (a `split` piece, a slice) is checked as UTF-8
8 ASCII bytes a step.

`check` is the patched behaviour: `len(s)` of a 3,200-byte ASCII string and `s.split('Z')` of it
(one piece: a copy, checked) cost less than their `MAX_*` fuel a byte. `test_build_pipeline.py`
runs it on a build without this patch, where it must fail. The differential cell compares with host
CPython the lengths, indexing, slicing, splitting and `find` positions of ASCII and non-ASCII
strings of every length around the word size (continuation bytes at every position in a word,
characters crossing word boundaries), and the `UnicodeError` for invalid UTF-8 made from bytes
(not for an encoded surrogate, which this build accepts with or without the patch)."""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

BYTES = 3_200
REPS = 2_000
# Fuel a byte: `len` ~3.5 patched, ~14 without; the split's copy ~26 patched, ~51 without (the
# separator scan, the UTF-8 check of the piece, the copy).
MAX_LEN_PER_BYTE = 7
MAX_SPLIT_PER_BYTE = 38

UTF8_CELL = r"""
pieces = ["a", "é", "中", "😀", "ab", "x€", "\u00ff\u0100", "Zz"]
texts = [""]
for n in range(1, 26):
    for p in pieces:
        texts.append((p * n)[:n] if len(p) == 1 else p * (n // 2) + "q" * (n % 2))
texts += ["abcdefg" + "é", "abcdefgh" + "é" * 3 + "ijklmnop", "é" + "a" * 17 + "中" + "b" * 8,
          "The Quick Brown Fox, ok? Übermäßig schön. " * 5, "😀" * 9 + "a" * 9]
for t in texts:
    n = len(t)
    print(n, len(t.encode()), t[n // 2:] if n else "", t[-1:], t[1:-1], t[::3], t.find("a"), t.rfind("é"),
          t.find("中", 3), t.index(t[-1]) if n else -1, [len(w) for w in (t + ",x," + t).split(",")],
          [len(w) for w in t.split()], t[7:9], t[8:17], len(t[3:]), t.upper() == t.upper()[:],
          str(t.encode(), "utf-8") == t)
for bad in (b"\xff", b"abcdefgh\x80", b"abcdefghij\xc3", b"\xe4\xb8", b"abcdefgh" * 3 + b"\xf8abc", b"abcdefgh\xc3("):
    try:
        print(repr(str(bad, "utf-8")))
    except UnicodeError:
        print("UnicodeError")
long = "a" * 1000 + "é" * 1000
print(len(long), len(long[500:1500]), ("é" * 33)[31:], len(str(b"x" * 4099, "utf-8")))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    sb.run("import gc\n"
           f"s = 'item-12345:86415' * {BYTES // 16}\n"
           "def count(n, s):\n    for i in range(n):\n        x = len(s)\n"
           "def split(n, s):\n    for i in range(n):\n        x = s.split('Z')\n")
    sb.run("gc.collect()")
    runs = {}
    for name, call in (("count", f"count({REPS}, s)"), ("count1", f"count({REPS}, 'i')"),
                       ("split", f"split({REPS}, s)"), ("split1", f"split({REPS}, 'i')")):
        r = sb.run(call)
        if r.error is not None:
            return [f"{name} stopped: {r.error}"]
        runs[name] = r.fuel_used
    per_byte = {kind: (runs[kind] - runs[kind + "1"]) / (REPS * (BYTES - 1)) for kind in ("count", "split")}
    problems = []
    if per_byte["count"] >= MAX_LEN_PER_BYTE:
        problems.append(f"len(s) costs {per_byte['count']:.1f} fuel a byte")
    if per_byte["split"] >= MAX_SPLIT_PER_BYTE:
        problems.append(f"s.split('Z') costs {per_byte['split']:.1f} fuel a byte")
    return problems


def test_len_and_split_pass_words() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_lengths_and_pieces_like_cpython() -> None:
    with Sandbox() as sb:
        assert differs_from_cpython(sb, UTF8_CELL, "lengths and pieces") == []
