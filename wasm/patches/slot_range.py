"""slot range: a probe's start slot comes from the high bits of the scrambled hash, not from its
remainder; the ordered index hashes a small int without a call.

In MicroPython's terms (v1.29.0, `py/map.c`, as patched by `slot_spread` and `ordered_index`):
`mp_map_lookup`, `mp_set_lookup` and the ordered index (`$mpk_oi_start`) start probing at
`s % n`, where `s = $mpk_slot_hash(hash, key, n)` is the hash times the golden-ratio multiplier
modulo 2**32 (or a str's FNV hash times it) and `n` the table's slot count. The low bits of such
a product are poorly mixed, and `% n` of a wrapped product does not keep the even spacing the
multiplier gives consecutive hashes: sequential int keys collide in runs for some sizes (an
ordered index of 1,621 slots holding 1,000 ints probes ~27 slots a hit; 1.0-2.2 for the other
sizes; a set of 17 or 73 slots ~4). The patch starts at `(s * n) >> 32` (the product's high
word, computed in 64 bits): the same in `[0, n)` range, taken from the top bits of `s`, which
the multiplier mixes best; consecutive hashes land ~`0.618 n` slots apart, so sequential keys
never collide in a table under two thirds full (~1.0 probes a hit at every size). The start
still depends on the key's hash alone (and, for a `str`, on its bytes, as before), so keys that
are equal across types (`1`, `True`, `1.0`) still meet, and every insertion, lookup, deletion,
rehash and index rebuild uses the same statement, so they agree.

`$mpk_oi_hash(key)` (the ordered index's key hash) calls `mp_unary_op(MP_UNARY_OP_HASH, key)`,
which returns a small int itself; the patch returns a small int's value (`key >> 1`,
arithmetic) before that call: the same hash, without the call.

Sites, by shape: the remainder `(i32.rem_u (call $mpk_slot_hash ...) <slot count>)` at the two
probe starts (`wasm/patches/table_sites.py`, with `slot_spread` applied) and in the one function
`$mpk_oi_start` (with `ordered_index` applied), and the body of `$mpk_oi_hash`: `SITES` = 4 when
both patches were applied (2 without `ordered_index`, 2 without `slot_spread`: the index then
starts at the golden-ratio product itself, which the patch reduces the same way). Applied right
after `ordered_index`, before `gc_in_calls` hides calls as `call_ref`.

Test: `tests/sandbox/test_patch_slot_range.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches import table_sites
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "slot_range"
SITES = 4
TEST = "tests/sandbox/test_patch_slot_range.py::test_sequential_int_keys_probe_one_slot_at_every_size"
SLOT_HASH = "$mpk_slot_hash"
REM = "(i32.rem_u "
OI_START = re.compile(r" \(func \$mpk_oi_start \(param \$h i32\) \(param \$k i32\) \(param \$p i32\) \(result i32\) "
                      r"\(i32\.rem_u (?P<s>.*) \(local\.get \$p\)\)\)")
OI_HASH = re.compile(r" \(func \$mpk_oi_hash \(param \$k i32\) \(result i32\) (?P<body>\(if \(result i32\) .*)\)")


def high_word(scrambled: str, slots: str) -> str:
    """`(scrambled * slots) >> 32` in 64 bits, both unsigned: a value in `[0, slots)`."""
    return (f"(i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_u {scrambled}) (i64.extend_i32_u {slots})) "
            f"(i64.const 32)))")


def _table_starts(wat: str) -> tuple[str, int]:
    """The two probe starts of `mp_map_lookup` and `mp_set_lookup` reduced by the high word."""
    chunks, sites = table_sites.find(wat, "slot range", original_operand=False)
    for site in sites:
        start, end = site.operand
        at = start - len(REM)
        if site.flat[at:start] != REM or not site.flat.startswith(f"(call {SLOT_HASH} ", start):
            raise FetchError("slot range patch: a probe start is not `$mpk_slot_hash(...) % alloc`")
        rem_end = expression_end(site.flat, at)
        slots = site.flat[end + 1:rem_end - 1]
        chunks[site.chunk] = site.flat[:at] + high_word(site.flat[start:end], slots) + site.flat[rem_end:]
    return "".join(chunks), len(sites)


def _index_functions(wat: str) -> tuple[str, int]:
    """`$mpk_oi_start` reduced by the high word and `$mpk_oi_hash` with the small-int shortcut."""
    chunks = split_functions(wat)
    found = 0
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func $mpk_oi_start "):
            m = OI_START.fullmatch(normalise(chunk).rstrip())
            if m is None:
                raise FetchError("slot range patch: $mpk_oi_start is not a remainder by $p")
            chunks[i] = (" (func $mpk_oi_start (param $h i32) (param $k i32) (param $p i32) (result i32) "
                         f"{high_word(m.group('s'), '(local.get $p)')})\n")
            found += 1
        elif chunk.startswith(" (func $mpk_oi_hash "):
            m = OI_HASH.fullmatch(normalise(chunk).rstrip())
            if m is None:
                raise FetchError("slot range patch: $mpk_oi_hash has an unexpected shape")
            chunks[i] = (" (func $mpk_oi_hash (param $k i32) (result i32) "
                         "(if (i32.and (local.get $k) (i32.const 1)) "
                         "(then (return (i32.shr_s (local.get $k) (i32.const 1))))) "
                         f"{m.group('body')})\n")
            found += 1
    if found not in (0, 2):
        raise FetchError(f"slot range patch: expected $mpk_oi_start and $mpk_oi_hash, found {found} of them")
    return "".join(chunks), found


def apply(wat: str, target: Target) -> str:
    """Reduce the probe starts by the high word and shortcut the index's small-int hash;
    `FetchError` unless every site of the patches applied before is found exactly."""
    spread, index = SLOT_HASH in wat, "$mpk_oi_start" in wat
    if not (spread or index):
        raise FetchError("slot range patch: expected slot_spread or ordered_index applied before it")
    count = 0
    if spread:
        wat, n = _table_starts(wat)
        count += n
    if index:
        wat, n = _index_functions(wat)
        count += n
    if count != (2 if spread else 0) + (2 if index else 0):
        raise FetchError(f"slot range patch: expected {SITES} sites, found {count}")
    return wat
