"""str search: a byte search compares the first byte inline before calling `memcmp`.

In MicroPython's terms (v1.29.0): the substring searches step through the text one byte at a
time and call libc's `memcmp(p, needle, n)` at every position, testing only whether it is 0:
`find_subbytes` (`py/objstr.c`; used by `find`/`index`/`rfind` and `partition`, and inlined
in `replace` and in the `in` operator), the separator loop of
`mp_obj_str_split` (`s.split(sep)`), `str_count`, the backward loop of a backward search
(`str_rpartition`'s shape), and two name scans outside `objstr.c` that test the same way. In the
module each call costs a call, musl's size and alignment tests and a byte loop, though at nearly
every position the first bytes already differ (`text.split(',')` over 20-byte fields: ~19 calls a
field).

Each such call now first tests `n != 0` and the first bytes: when `n` is 0 the result is 0 (what
`memcmp` returns), when the first bytes differ it is 1, otherwise `memcmp` is called as before.
Only zero versus non-zero changes meaning at these sites, and that is the same in every case
(`memcmp(a, b, n) != 0` exactly when `n > 0` and `a[0] != b[0]` or the call is non-zero); the
first bytes are read only when `n > 0`, where `memcmp` reads them too. The code added makes no
new call and allocates nothing; the patch runs before `gc_in_calls`, whose call graph then sees
the same calls of `memcmp` (a leaf) as before.

Sites, by shape, in normalised Binaryen text, `$M` being `memcmp` (the three-parameter function
starting with musl's `n < 4` and `(l | r) & 3` tests, exactly one):

1. `(br_if $L (call $M (local.get a) (local.get b) (local.get n)))`: the result is the branch
   condition (split, count, rpartition and the two name scans: 5);
2. `(loop $label (local.set $r (call $M (local.tee $p (i32.add …)) (local.get b) (local.get n)))`
   as the first statement of the loop, where every later read of `$r` before it is set again is a
   `br_if` condition or under `i32.eqz` (`find_subbytes` and its copies inlined in `str_replace`
   and in `mp_obj_str_binary_op`'s `in`: 3; in the C source each is `memcmp(...) == 0`).

Exactly `SITES` = 8 in each variant.

Test: `tests/sandbox/test_patch_str_search.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "str_search"
SITES = 8
TEST = "tests/sandbox/test_patch_str_search.py::test_searches_use_less_fuel"

MEMCMP = re.compile(
    r" \(func \$(\w+) \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\) "
    r"\(local \$3 i32\) \(local \$4 i32\) \(block \$block2 \(block \$block1 \(block \$block "
    r"\(br_if \$block \(i32\.lt_u \(local\.get \$2\) \(i32\.const 4\)\)\) "
    r"\(br_if \$block1 \(i32\.and \(i32\.or \(local\.get \$1\) \(local\.get \$0\)\) \(i32\.const 3\)\)\)")
GET = r"\(local\.get \$(\d+)\)"
TEE_ADD = r"\(local\.tee \$(?P<p>\d+) (?P<e>\(i32\.add " + GET + r" (?:" + GET + \
    r"|\(local\.tee \$\d+ " + GET + r"\))\))\)"


def _guard(m: str, a: str, b: str, n: str) -> str:
    """`memcmp(a, b, n)` as a zero / non-zero value: 0 when `n` is 0, 1 when the first bytes
    differ, else the call (`a`, `b`, `n` are local reads)."""
    call = f"(call ${m} {a} {b} {n})"
    return (f"(if (result i32) {n} (then (if (result i32) (i32.eq (i32.load8_u {a}) (i32.load8_u {b})) "
            f"(then {call}) (else (i32.const 1)))) (else (i32.const 0)))")


def _zero_tested_after(flat: str, start: int, r: str) -> bool:
    """Is every read of local `$r` after `start`, up to its next write, a branch condition or
    under `i32.eqz`?"""
    rest = flat[start:]
    write = re.search(rf"\(local\.(?:set|tee) \${r} ", rest)
    span = rest[:write.start()] if write else rest
    reads = len(re.findall(rf"\(local\.get \${r}\)", span))
    tested = len(re.findall(rf"(?:\(br_if \$\w+ |\(i32\.eqz )\(local\.get \${r}\)", span))
    return reads == tested


def apply(wat: str, target: Target) -> str:
    """Guard every zero-tested `memcmp` call in a search loop (`SITES`); `FetchError` unless exact."""
    chunks = split_functions(wat)
    memcmps = [m.group(1) for c in chunks if c.startswith(" (func ") and (m := MEMCMP.match(normalise(c)))]
    if len(memcmps) != 1:
        raise FetchError(f"str search patch: expected one memcmp, found {len(memcmps)}")
    m = memcmps[0]
    branch = re.compile(rf"\(br_if (\$\w+) \(call \${m} {GET} {GET} {GET}\)\)")
    looped = re.compile(rf"\(loop (\$\w+) \(local\.set \$(?P<r>\d+) \(call \${m} {TEE_ADD} {GET} {GET}\)\)")
    count = 0
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or f"(call ${m}" not in chunk:
            continue
        flat = normalise(chunk)
        out, pos = [], 0
        for site in sorted([*branch.finditer(flat), *looped.finditer(flat)], key=lambda s: s.start()):
            if site.re is looped and not _zero_tested_after(flat, site.end(), site.group("r")):
                continue
            out.append(flat[pos:site.start()])
            if site.re is branch:
                a, b, n = (f"(local.get ${site.group(k)})" for k in (2, 3, 4))
                out.append(f"(br_if {site.group(1)} {_guard(m, a, b, n)})")
            else:
                p = site.group("p")
                b, n = (f"(local.get ${g})" for g in site.groups()[-2:])
                out.append(f"(loop {site.group(1)} (local.set ${p} {site.group('e')}) "
                           f"(local.set ${site.group('r')} {_guard(m, f'(local.get ${p})', b, n)})")
            pos = site.end()
            count += 1
        if pos:
            chunks[i] = "".join(out) + flat[pos:]
    if count != SITES:
        raise FetchError(f"str search patch: expected {SITES} zero-tested memcmp calls in search loops, "
                         f"found {count} (a different upstream build?)")
    return "".join(chunks)
