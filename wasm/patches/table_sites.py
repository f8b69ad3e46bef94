"""The probe start of MicroPython's two hash tables, shared by the `slot_spread` and `table_load` patches.

`mp_map_lookup` and `mp_set_lookup` (`py/map.c`, v1.29.0) both compute `hash` once and then, at
the top of the loop that restarts after a rehash, `pos = start_pos = hash % alloc`. In Binaryen
text that loop starts with `avail_slot = NULL` and the remainder:

    (loop $L (local.set $avail (i32.const 0)) (local.set $pos (local.tee $start
        (i32.rem_u (local.get $hash) (local.tee $alloc (i32.load offset=4 (local.get $0)))))) ...

(`alloc` is word 1 of an `mp_map_t`, after the bit fields and `used`; word 0 of an `mp_set_t`).
`hash` is set from `mp_unary_op(MP_UNARY_OP_HASH, index) >> 1` in the same function (for a map,
or from `qstr_hash` for a qstr key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wasm.errors import FetchError
from wasm.patches.base import expression_end, normalise, split_functions

LOOP_START = re.compile(
    r"\(loop \$\w+ \(local\.set \$\d+ \(i32\.const 0\)\) \(local\.set \$\d+ \(local\.tee \$\d+ \(i32\.rem_u ")
ALLOC = re.compile(r" \(local\.tee \$\d+ \(i32\.load(?P<offset> offset=4)? \(local\.get \$0\)\)\)\)")
HASH_SET = r"\(local\.set \${h} \(i32\.shr_s \(call \$\d+ \(i32\.const 6\) \(local\.get \$1\)\) \(i32\.const 1\)\)\)"


@dataclass
class TableSite:
    """One probe start: the function chunk, the loop's offset, the hash operand's span, the table kind."""

    chunk: int
    flat: str
    loop: int  # offset of "(loop"
    operand: tuple[int, int]  # span of the remainder's first operand
    is_map: bool  # alloc at offset 4 (mp_map_t); otherwise at 0 (mp_set_t)

    def used(self) -> str:
        """The table's `used` count as an expression on `$0`."""
        return "(i32.shr_u (i32.load (local.get $0)) (i32.const 3))" if self.is_map else \
            "(i32.load offset=4 (local.get $0))"

    def alloc(self) -> str:
        return "(i32.load offset=4 (local.get $0))" if self.is_map else "(i32.load (local.get $0))"


def find(wat: str, patch: str, original_operand: bool) -> tuple[list[str], list[TableSite]]:
    """The module's function chunks and its two probe starts (one map, one set), else `FetchError`.

    With `original_operand`, the remainder's first operand must still be the plain `hash` local set
    from the hash call."""
    chunks = split_functions(wat)
    sites = []
    for i, chunk in enumerate(chunks):
        if not (chunk.startswith(" (func ") and "i32.rem_u" in chunk and "(i32.const 6)" in chunk):
            continue
        flat = normalise(chunk)
        for m in LOOP_START.finditer(flat):
            end = expression_end(flat, m.end())
            alloc = ALLOC.match(flat, end)
            if alloc is None:
                continue
            operand = flat[m.end():end]
            if original_operand:
                h = re.fullmatch(r"\(local\.get \$(\d+)\)", operand)
                if h is None or not re.search(HASH_SET.format(h=h.group(1)), flat):
                    continue
            sites.append(TableSite(i, flat, m.start(), (m.end(), end), alloc.group("offset") is not None))
    if len(sites) != 2 or {s.is_map for s in sites} != {True, False} or sites[0].chunk == sites[1].chunk:
        raise FetchError(f"{patch} patch: expected the probe start of mp_map_lookup and of mp_set_lookup, "
                         f"found {len(sites)} (a different upstream build?)")
    return chunks, sites
