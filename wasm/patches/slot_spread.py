"""slot spread: a dict's or set's probe starts at a scrambled slot; large tables place `str` keys
by a hash of their bytes.

In MicroPython's terms (v1.29.0, `py/map.c`, `mp_map_lookup` and `mp_set_lookup`): the probe
starts at `pos = hash % alloc`. A `str`'s hash has 16 bits (`MICROPY_QSTR_BYTES_IN_HASH`, shared
with the qstr pools whose hashes are precomputed in ROM, so `hash()` is not changed here) and
similar strings get neighbouring hashes: neighbouring start slots, runs that merge under linear
probing (5,000 keys `'w%d' % i`: 2.8 × the fuel of spread slots); and with only 65,536 values, a
table of 10**6 str keys holds ~15 keys per value, so every lookup compares ~15 strings and filling
it is quadratic (a dict of 113,783 words: > 120 s).

The patch computes the start from a new function `$mpk_slot_hash(hash, index, alloc)`:

- `str` keys (a qstr, or an object whose type is `mp_type_str`, `target.str_type`) when `alloc >=
  WIDE_MIN`: a 32-bit FNV-1a hash of the string's bytes (`qstr_str`/`qstr_len` in `py/qstr.c`
  for a qstr; `data`/`len` of `mp_obj_str_t` otherwise), so equal strings, interned or not, start
  at the same slot and different ones spread over the whole table. Small tables (module globals,
  attribute dicts) keep the cheap 16-bit hash;
- every other key (and `str` keys in smaller tables): `hash * 2654435761 mod 2**32` (the
  golden-ratio multiplier). This depends on the hash alone, so keys that are equal across types
  (`1`, `True`, `1.0`, a `Fraction` equal to 1) still meet. Consecutive hashes land
  `2654435761 % alloc` slots apart, an arithmetic progression modulo the table size, so sequential
  int keys still fill the table without collisions (only no longer in adjacent slots).

The result is then taken `% alloc` as before. The first probe and the restart after a rehash use
the same statement, and a rehash reinserts every key with the new `alloc`, so lookups,
insertions, deletions and rehashes agree. Every hashed map is built at run time (ROM maps are
ordered arrays, searched linearly), so no precomputed slot depends on the old start. Known
difference: an instance of a `str` subclass used as a key is not a `str` here (it takes the
multiplied 16-bit hash), so in a table of >= `WIDE_MIN` slots it does not find an equal plain
`str` key; MicroPython already fails `S('abc') in {'abc': 1}` at any size.

Sites, by shape (`wasm/patches/table_sites.py`): the `hash % alloc` at the top of the probe loop,
whose left operand is the local set from `mp_unary_op(6, index) >> 1`; exactly `SITES` = 2, one
with `alloc` at word 1 (`mp_map_t`) and one at word 0 (`mp_set_t`). `qstr_len` and `qstr_str` are
the one-argument functions that walk the qstr pools (`find_qstr`) and load the length byte
(`lengths[q]`) or the data pointer (`qstrs[q]`): exactly one of each.

Test: `tests/sandbox/test_patch_slot_spread.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches import table_sites
from wasm.patches.base import Target, normalise

NAME = "slot_spread"
SITES = 2
TEST = "tests/sandbox/test_patch_slot_spread.py::test_str_and_tuple_keys_fill_in_linear_fuel"
WIDE_MIN = 32768  # tables of at least this many slots hash str keys by their bytes
MULTIPLIER = 2654435761 - (1 << 32)  # the golden-ratio multiplier, as a signed 32-bit constant
FNV_BASIS = 2166136261 - (1 << 32)
FNV_PRIME = 16777619
HELPER = "$mpk_slot_hash"

# find_qstr's walk over the pools (`while (q < pool->total_prev_len) pool = pool->prev;`).
_WALK = (r"\(local\.set \$1 \(i32\.add \(i32\.const \d+\) \(i32\.const \d+\)\)\) "
         r"\(loop \$(?P<loop>\w+) \(br_if \$(?P=loop) "
         r"\(i32\.lt_u \(local\.get \$0\) \(local\.tee \$2 \(i32\.and \(i32\.load offset=4 \(local\.tee \$1 "
         r"\(i32\.load \(local\.get \$1\)\)\)\) \(i32\.const 2147483647\)\)\)\)\)\) ")
_HEAD = r" \(func \$(?P<f>\w+) \(param \$0 i32\) \(result i32\) \(local \$1 i32\) \(local \$2 i32\) "
QSTR_LEN = re.compile(_HEAD + _WALK + r"\(i32\.load8_u \(i32\.add \(i32\.load offset=20 \(local\.get \$1\)\) "
                      r"\(i32\.sub \(local\.get \$0\) \(local\.get \$2\)\)\)\)\)")
QSTR_STR = re.compile(_HEAD + _WALK + r"\(i32\.load offset=24 \(i32\.add \(local\.get \$1\) \(i32\.shl "
                      r"\(i32\.sub \(local\.get \$0\) \(local\.get \$2\)\) \(i32\.const 2\)\)\)\)\)")


def _helper(qstr_len: str, qstr_str: str, str_type: int) -> str:
    """`$mpk_slot_hash(hash, index, alloc)`: the value whose remainder by `alloc` is the start slot."""
    return (
        f" (func {HELPER} (param $0 i32) (param $1 i32) (param $2 i32) (result i32) (local $3 i32) (local $4 i32) "
        f"(block $plain "
        f"(br_if $plain (i32.lt_u (local.get $2) (i32.const {WIDE_MIN}))) "
        f"(block $bytes "
        f"(if (i32.eq (i32.and (local.get $1) (i32.const 7)) (i32.const 2)) (then "
        f"(local.set $3 (call ${qstr_str} (i32.shr_u (local.get $1) (i32.const 3)))) "
        f"(local.set $4 (i32.add (local.get $3) (call ${qstr_len} (i32.shr_u (local.get $1) (i32.const 3))))) "
        f"(br $bytes))) "
        f"(br_if $plain (i32.and (local.get $1) (i32.const 3))) "
        f"(br_if $plain (i32.ne (i32.load (local.get $1)) (i32.const {str_type}))) "
        f"(local.set $3 (i32.load offset=12 (local.get $1))) "
        f"(local.set $4 (i32.add (local.get $3) (i32.load offset=8 (local.get $1))))) "
        f"(local.set $0 (i32.const {FNV_BASIS})) "
        f"(block $done (loop $next "
        f"(br_if $done (i32.ge_u (local.get $3) (local.get $4))) "
        f"(local.set $0 (i32.mul (i32.xor (local.get $0) (i32.load8_u (local.get $3))) (i32.const {FNV_PRIME}))) "
        f"(local.set $3 (i32.add (local.get $3) (i32.const 1))) "
        f"(br $next)))) "
        f"(i32.mul (local.get $0) (i32.const {MULTIPLIER})))\n")


def _one(pattern: re.Pattern[str], chunks: list[str], what: str) -> str:
    found = [m.group("f") for c in chunks if c.startswith(" (func ") and "2147483647" in c and len(c) < 4000
             for m in [pattern.fullmatch(normalise(c).rstrip())] if m]
    if len(found) != 1:
        raise FetchError(f"slot spread patch: expected one {what} function, found {len(found)}")
    return found[0]


def apply(wat: str, target: Target) -> str:
    """Start both probes at `$mpk_slot_hash(...) % alloc`; `FetchError` unless every site is found."""
    chunks, sites = table_sites.find(wat, "slot spread", original_operand=True)
    if HELPER in wat:
        raise FetchError(f"slot spread patch: {HELPER} already exists")
    qstr_len = _one(QSTR_LEN, chunks, "qstr_len")
    qstr_str = _one(QSTR_STR, chunks, "qstr_str")
    for site in sites:
        start, end = site.operand
        call = f"(call {HELPER} {site.flat[start:end]} (local.get $1) {site.alloc()})"
        chunks[site.chunk] = site.flat[:start] + call + site.flat[end:]
    chunks[0] += _helper(qstr_len, qstr_str, target.str_type)
    return "".join(chunks)
