"""The `str_search` patch (wasm/patches/str_search.py): the byte searches of `split(sep)`,
`replace`, `find`/`index`/`rfind`, `count`, `partition`/`rpartition` and `in` compare the first
byte inline and call `memcmp` only where it matches.

`check` is the patched behaviour: `text.split(',')` of 20-byte fields and `s.replace('ITEM',
'it')` of a 16-byte string (the compute `strings` workload's shapes) cost less than their
`MAX_*` fuel beyond the loop. `test_build_pipeline.py` runs it on a build without this patch,
where it must fail. The differential cell compares every patched search with host CPython:
empty, one-byte and longer needles, needles at the start, the end, overlapping and absent,
non-ASCII text and needles (multi-byte characters sharing first bytes), `maxsplit` / `count`
arguments, bytes and bytearray. (`t.replace('', x)` of non-ASCII text inserts `x` between the
bytes of each character in this build, with or without the patch: left out.)"""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

FIELDS = 20_000
# Fuel beyond the loop: split ~2,210 a field and replace ~2,410 a call patched, ~2,480 and ~2,680
# without the patch (a call of `memcmp` at each of the ~20 positions).
MAX_SPLIT_PER_FIELD = 2_350
MAX_REPLACE = 2_550

SEARCH_CELL = r"""
texts = ["", "a", "aaa", "abcabcabc", "item-12:84,item-13:91,,x,", "ITEM-7:49", "é,ü,中文,x€y,€€", "a\x00b\x00",
         "xxITEMxxITEM", "ITEMITEM", "mississippi", "中文中文中", "\u20ac\u20ad\u20ac"]
needles = ["", "a", ",", "ITEM", "ss", "issi", "中", "文中", "€", "\u20ad", "\x00", "abcabcabcd", "x"]
for t in texts:
    for n in needles:
        row = [t.find(n), t.rfind(n), t.count(n), n in t,
               t.replace(n, "<>") if n else t.replace(n, "|", 3) if t.isascii() else None,
               t.partition(n) if n else None, t.rpartition(n) if n else None,
               t.split(n) if n else None, t.split(n, 1) if n else None, t.rsplit(n, 1) if n else None,
               t.startswith(n), t.endswith(n), t.replace(n, "", 1) if n else None]
        try:
            row.append(t.index(n))
        except ValueError:
            row.append("ValueError")
        print(repr(t), repr(n), row)
b = b"key=1;key=22;;k=3"
print(b.split(b";"), b.replace(b"key", b"K"), b.find(b"=2"), b.count(b"k"), b"22" in b, b.rfind(b";"))
print(bytearray(b"a,b,,c").split(b","), b.partition(b";;"), b.rpartition(b"="))
text = ",".join("IT-%d:%d" % (i, i * 7) for i in range(300))
fields = text.split(",")
print(len(fields), fields[:3], fields[-2:], sum(len(f) for f in fields), text.count(":"), text.find("299:"))
print([("item-%d:%d" % (i, i * 7)).upper().replace("ITEM", "it") for i in range(0, 3000, 397)])
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    sb.run("import gc\n"
           f"text = ','.join('IT-%d:%d' % (i * 1000, i * 7000) for i in range({FIELDS}))\n"
           "def split(n, t):\n    for i in range(n):\n        x = t.split(',')\n"
           "def replace(n, u):\n    for i in range(n):\n        x = u.replace('ITEM', 'it')\n"
           "def loop(n, u):\n    for i in range(n):\n        x = u\n")
    sb.run("gc.collect()")
    runs = {}
    u = "'ITEM-12345:86415'"
    for name, call in (("split", "split(2, text)"), ("split0", "split(0, text)"),
                       ("replace", f"replace({FIELDS}, {u})"), ("loop", f"loop({FIELDS}, {u})")):
        r = sb.run(call)
        if r.error is not None:
            return [f"{name} stopped: {r.error}"]
        runs[name] = r.fuel_used
    split = (runs["split"] - runs["split0"]) / (2 * FIELDS)
    replace = (runs["replace"] - runs["loop"]) / FIELDS
    problems = []
    if split >= MAX_SPLIT_PER_FIELD:
        problems.append(f"split(',') costs {split:.0f} fuel a field")
    if replace >= MAX_REPLACE:
        problems.append(f"replace('ITEM', 'it') costs {replace:.0f} fuel a call")
    return problems


def test_searches_use_less_fuel() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_searches_like_cpython() -> None:
    with Sandbox() as sb:
        assert differs_from_cpython(sb, SEARCH_CELL, "searches") == []
