"""alloc hint: multi-block allocations no longer rescan the blocks allocated since the last
one-block allocation, nor holes too small for them, and the free-block hint never passes a free
block.

In MicroPython's terms (v1.29.0, `py/gc.c`): `gc_alloc` searches each heap area for `n_blocks`
free blocks from the area's `gc_last_free_atb_index` ("no free block before this ATB byte") and
moves that hint only when `n_free == 1`. This build never collects inside a call, so each
allocation of 2+ blocks (a 3-tuple, a small dict, an instance: 17 bytes or more) rescans every
block allocated since: `[(i, i, i) for i in range(n)]` is quadratic (n = 80,000: 35 s). A second
cause keeps it quadratic even with a better hint: a single free block left in a hole (an odd-sized
hole after a list's storage moved) stops the hint for good, since one-block allocations are what
would fill it.

The patch, in C terms:

1. After a multi-block allocation (after upstream's `if (n_free == 1) {...}`), each area searched
   before the found one and the found one get `hint = first free block at or after hint` (walking
   ATB entries; in the found area up to the run, else `hint = (end_block + 1) / 4`). Only used
   blocks are passed, so the hint keeps its meaning.
2. Two new globals, `pair_area` and `pair_block`, hold "in `pair_area` no two adjacent blocks
   below `pair_block` are both free". A multi-block search in that area starts at
   `max(hint, (pair_block - 1) / 4)`: any run of 2+ free blocks starts at `pair_block - 1` or
   later. After a multi-block allocation the found area's `pair_block` is advanced by walking from
   it (or from the hint, when the area changes) to the first free pair before the run, else to
   `end_block + 1`.
3. Memos, one set per class of request sizes (2-4, 5-32, 33+ blocks). A size memo "(area, block,
   len): in area no free run of `len` or more blocks starts below block": after a multi-block
   allocation of `n` blocks ending at `end_block`, its class records (area, end_block + 1, n) (the
   search found the first run of `n` at or after its start; a memo of the same area with a smaller
   `len` is kept, and the new fact goes into the class's second, "latest" memo instead), and a
   search for `n` at least a memo's `len` in that area starts at `max(that, block / 4)` (the larger
   of the two memos that apply). Requests that grow (`s += t` builds each string a little longer
   than the last) so start past the previous one, not where the class's first memo was made. A skip
   memo "(from, to, slen): no run of `slen` or more blocks in the areas from `from` up to `to`",
   recorded by the same allocation from the area its search started at (kept when it says more);
   a search for `n >= slen` that starts at, or steps to, one of those areas goes on at `to` (the
   range is walked from `from` along `next` each time: a stale memo never leads outside the heap). So
   allocations of one size that alternate with one-block allocations (a list object and its items:
   `[[0] * 64 for ...]`) no longer rescan holes too small for them, in their area or in full areas
   before it (after a collection, live data with scattered holes).

4. A gap memo "(atb, lo, hi): in the area whose allocation table is at atb, every block in
   [lo, hi) is in use", made by a free below the hint: before it every block below `4 * hint`
   was in use, so after freeing the run that starts at `block` the blocks from the first HEAD
   after `block` (found by walking the run's TAIL or already FREE entries) up to `4 * hint` are
   still in use. The hint walk and the pair walk (point 1, 2) jump from inside [lo, hi) to `hi`,
   and `alloc_words`' search step does the same (with `n_free = 0`: block `hi - 1` is in use).
   A temporary freed below the hint each step (a namedtuple's `__new__` argument buffer,
   `tuple(a_list)`'s items buffer) is refilled by the next step, and every allocation after it
   walked every block used since: 1,600 → 3,200 namedtuples cost 0.94 → 3.7 G fuel; now the
   walks and the search jump over them.

Allocation only removes free blocks, so it cannot break any of these statements. A free outside
a collection (`gc_free`, `gc_realloc`, where they lower the area's hint) lowers them just enough:
a new pair starts at the freed block - 1 or later, a new run of `len` at the freed block - len + 1
or later (a longer free run before it already started at or above the memo's block), a skip
memo that skips the freed block's area is dropped, and so is a gap memo that holds the freed block
(an object's blocks are all inside [lo, hi) or all outside: lo is a HEAD, and no object below lo
reaches it). `gc_collect_end` clears them when it resets
the hints after the sweep. The globals live outside linear memory, which the host restores on its
own (rollback, `Sandbox.reset`), so they carry a stamp: the value `gc_alloc_amount` (only grows
between collections) had when they were last updated; every allocation carries the stamp forward
with the count, and a stamp that differs from the count (a restored memory) clears them. The
one-block search is upstream's.

Both walks pass 32 blocks (one 64-bit load of 8 table bytes) at a time where their cursor starts a
table byte and the 32 lie inside the walk: the hint walk passes 32 blocks with no FREE entry, the
pair walk 32 with no two adjacent FREE entries and the last one not FREE (no pair starts at any of
them); where each walk stops is unchanged. Both walks pass only blocks the search itself crossed,
so a cell's allocations cost linear work;
after a free the next multi-block search starts from the hint as upstream does. Which blocks are
allocated is unchanged (first fit): a search only skips blocks where no fitting run starts.

Sites, by shape: in `gc_alloc`, the tail after `found:` (`start_block = end_block - n_free + 1`,
the block skipped when `n_free != 1` that stores the area into `gc_last_free_area` and
`(end_block + 1) >> 2` into the hint, then the `gc_last_used_block` update at `offset=32`):
exactly `SITES` = 1; its two multi-block search starts (the hint load followed by the
`gc_alloc_table_byte_len` test, the table load and `n_free = 0`): exactly `SEARCHES` = 2; the
functions lowering the hint after a free (`block / 4 < hint`): exactly `FREERS` = 2 (`gc_free`,
`gc_realloc`), with `FREE_SITES` = 3 such tests (gc_realloc's shrink and its inlined gc_free);
the hint-reset loop of `gc_collect_end` and gc_alloc's `gc_alloc_amount += n_blocks`: exactly 1
each; the first area of the two multi-block searches (`area = gc_last_free_area` before a loop
whose start the search-start shape matches): exactly 2. Area fields (with
`MICROPY_GC_SPLIT_HEAP`): `gc_alloc_table_start` at 4, `gc_alloc_table_byte_len` at 8,
`gc_last_free_atb_index` at 28.

Test: `tests/sandbox/test_patch_alloc_hint.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import (
    GLOBAL_LINE,
    LOW_BITS,
    LOWERS_HINT,
    TABLE_START,
    Target,
    collection_end,
    entry_bits,
    entry_kind,
    expression_end,
    freeing_functions,
    normalise,
    split_functions,
    table_byte,
    table_word,
)

NAME = "alloc_hint"
SITES = 1
TEST = "tests/sandbox/test_patch_alloc_hint.py::test_multi_block_allocations_take_linear_fuel"

# In normalised Binaryen text (no spaces before closing parentheses).
SITE = re.compile(
    r"\(local\.set \$(?P<start>\d+) \(i32\.add \(local\.tee \$\d+ \(i32\.sub \(local\.get \$(?P<end>\d+)\) "
    r"\(local\.get \$(?P<nfree>\d+)\)\)\) \(i32\.const 1\)\)\) "
    r"(?P<single>\(block \$(?P<label>\w+) "
    r"\(br_if \$(?P=label) \(i32\.ne \(local\.get \$(?P=nfree)\) \(i32\.const 1\)\)\) "
    r"\(i32\.store offset=(?P<loff>\d+) \(i32\.const (?P<laddr>\d+)\) \(local\.get \$(?P<area>\d+)\)\) "
    r"\(i32\.store \(local\.get \$\d+\) \(i32\.shr_u \(i32\.add \(local\.get \$(?P=end)\) \(i32\.const 1\)\) "
    r"\(i32\.const 2\)\)\)\)) "
    r"(?=\(i32\.store offset=32 \(local\.get \$(?P=area)\) \(select )")
HINT = 28  # offsetof(mp_state_mem_area_t, gc_last_free_atb_index) with MICROPY_GC_SPLIT_HEAP
ATB = TABLE_START  # offsetof(mp_state_mem_area_t, gc_alloc_table_start)
ATB_LEN = 8  # offsetof(mp_state_mem_area_t, gc_alloc_table_byte_len)
PAIR_AREA = "$mpk_pair_area"
PAIR_BLOCK = "$mpk_pair_block"
STAMP = "$mpk_pair_amount"
FIT_AREA = "$mpk_fit_area"
FIT_START = "$mpk_fit_start"
FIT_SET = "$mpk_fit_set"
FIT_FREE = "$mpk_fit_free"
# The memos, one set per class of request sizes (`n` blocks up to the bound, the last class
# unbounded): (area, block, len) "in area every free run that starts below block is shorter than
# len blocks", and (from, to, slen) "a search for slen or more blocks that starts at area from
# finds no run before area to".
CLASSES = (4, 32, None)
# The walks pass 32 blocks (8 table bytes, one 64-bit load) at a time where they can.
WORD = "$mpk_hint_w"
LAST_FREE = 1 << 62  # entry 31's bit in a free-entry mask
SLOTS = [tuple(f"$mpk_fit{k}_{f}" for f in ("area", "block", "len", "from", "to", "slen")) for k in range(len(CLASSES))]
# A second size memo per class, (area, block, len) of the latest allocation that did not replace
# the first one (same area, longer than the first memo's len): requests that grow (a string built
# by `s += t`) start past the previous one instead of where the first memo of their class was made.
LATEST = [tuple(f"$mpk_fit{k}_{f}" for f in ("larea", "lblock", "llen")) for k in range(len(CLASSES))]
# The gap memo (atb, lo, hi): "in the area whose allocation table starts at atb, every block in
# [lo, hi) is in use" (see `_fit_free`; atb 0: none). Read by the walks below and, when this
# patch is applied, by `alloc_words`' search step (the names are part of that contract).
GAP_ATB, GAP_LO, GAP_HI = "$mpk_gap_atb", "$mpk_gap_lo", "$mpk_gap_hi"
GAP_OK = "$mpk_gap_ok"
GLOBALS = " ".join(f"(global {g} (mut i32) (i32.const 0))" for g in (
    GAP_ATB, GAP_LO, GAP_HI, PAIR_AREA, PAIR_BLOCK, STAMP, *(x for slot in SLOTS for x in slot),
    *(x for slot in LATEST for x in slot)))
# `MP_STATE_MEM(gc_alloc_amount) += n_blocks` (MICROPY_GC_ALLOC_THRESHOLD) in gc_alloc's tail.
AMOUNT = re.compile(r"\(i32\.store offset=(?P<o>\d+) \(i32\.const (?P<c>\d+)\) \(i32\.add \(i32\.load offset=(?P=o) "
                    r"\(i32\.const (?P=c)\)\) \(local\.get \$(?P<n>\d+)\)\)\)")
# The multi-block search's per-area start: `i = area->gc_last_free_atb_index` followed by the
# `i < gc_alloc_table_byte_len` test, `atb = area->gc_alloc_table_start` and `n_free = 0`.
SEARCH_START = re.compile(
    r"\(i32\.load offset=28 \(local\.get \$(?P<a>\d+)\)\)(?=\) \(local\.tee \$\d+ \(i32\.load offset=8 "
    r"\(local\.get \$(?P=a)\)\)\)\)\) \(local\.set \$\d+ \(i32\.load offset=4 \(local\.get \$(?P=a)\)\)\) "
    r"\(local\.set \$\d+ \(i32\.const 0\)\))")
SEARCHES = 2  # before and after the collection that a failed search triggers
FREE_SITES = 3  # gc_free's, and gc_realloc's (its shrink, and the gc_free inlined after a move)
FIT_FREE = "$mpk_fit_free"
INVALIDATE = " ".join(f"(global.set {g} (i32.const 0))" for g in (
    GAP_ATB, PAIR_AREA, *(x for t in SLOTS for x in (t[0], t[3])), *(t[0] for t in LATEST)))
# The multi-block search's first area: `area = MP_STATE_MEM(gc_last_free_area)` right before the
# per-area loop whose start SEARCH_START matches (the one-block search's loop has no `n_free = 0`).
AREA_START = re.compile(
    r"\(local\.tee \$(?P<a>\d+) (?P<load>\(i32\.load offset=(?P<o>\d+) \(i32\.const (?P<c>\d+)\)\))\)"
    r"(?=\)+ \(loop \$\w+ \(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.ge_u \(local\.tee \$\d+ "
    r"\(i32\.load offset=28 \(local\.get \$(?P=a)\)\)\) \(local\.tee \$\d+ \(i32\.load offset=8 "
    r"\(local\.get \$(?P=a)\)\)\)\)\) \(local\.set \$\d+ \(i32\.load offset=4 \(local\.get \$(?P=a)\)\)\) "
    r"\(local\.set \$\d+ \(i32\.const 0\)\))")


def _fit_area(amount: str) -> str:
    """`$mpk_fit_area(area, n)`: the area a search for `n` blocks can go on with instead of
    `area`: the skip memo's `to` when `area` is one of the areas it skips (walked from `from`
    along `next`, so a stale memo never leads outside the heap), else `area`. Used only while
    the stamp is current."""
    def use(slot):
        fr, to, slen = slot[3:]
        return (f"(if (i32.ge_u (local.get $1) (global.get {slen})) "
                f"(then (local.set $2 (global.get {fr})) (local.set $3 (global.get {to}))))")
    return (f" (func {FIT_AREA} (param $0 i32) (param $1 i32) (result i32) (local $2 i32) (local $3 i32) "
            f"(if (i32.and (i32.ne (local.get $0) (i32.const 0)) (i32.eq (global.get {STAMP}) {amount})) "
            f"(then {_by_class('(local.get $1)', use)})) "
            f"(block $mpk_fit_done (loop $mpk_fit_walk "
            f"(br_if $mpk_fit_done (i32.eqz (local.get $2))) "
            f"(br_if $mpk_fit_done (i32.eq (local.get $2) (local.get $3))) "
            f"(if (i32.eq (local.get $2) (local.get $0)) (then (return (local.get $3)))) "
            f"(local.set $2 (i32.load (local.get $2))) (br $mpk_fit_walk))) (local.get $0))\n")


def _gap_jump(atb: str, cursor: str) -> str:
    """`cursor = hi` when the gap memo is for the table `atb` and `lo <= cursor < hi` (the blocks
    from the cursor to `hi` are in use: neither a free block nor a free pair starts there). Used in
    `_update` only, after the stamp check that clears the memos of a restored memory."""
    c = f"(local.get ${cursor})"
    return (f"(if (i32.and (i32.eq (global.get {GAP_ATB}) {atb}) (i32.and (i32.ge_s {c} (global.get {GAP_LO})) "
            f"(i32.lt_s {c} (global.get {GAP_HI})))) (then (local.set ${cursor} (global.get {GAP_HI})))) ")


def _walk(area: str, cursor: str, limit: str, after: str, tag: str) -> str:
    """Set `area`'s hint to its first free block in [hint, `limit`), or to `after` if none."""
    b = f"(local.get ${cursor})"
    kind = entry_kind(f"(local.get ${area})", b)
    used = entry_bits("i64", "or", f"(local.tee {WORD} {table_word('i64', table_byte(f'(local.get ${area})', b))})",
                      f"(local.get {WORD})")
    return (f"(local.set ${cursor} (i32.shl (i32.load offset={HINT} (local.get ${area})) (i32.const 2))) "
            f"(block $mpk_hint_done{tag} (loop $mpk_hint_walk{tag} "
            + _gap_jump(f"(i32.load offset={ATB} (local.get ${area}))", cursor) +
            # 32 used blocks (no entry FREE) at a time while the cursor starts a table byte
            f"(if (i32.and (i32.eqz (i32.and {b} (i32.const 3))) (i32.le_u (i32.add {b} (i32.const 32)) {limit})) "
            f"(then (if (i64.eq {used} "
            f"(i64.const {LOW_BITS['i64']})) "
            f"(then (local.set ${cursor} (i32.add {b} (i32.const 32))) (br $mpk_hint_walk{tag}))))) "
            f"(br_if $mpk_hint_done{tag} (i32.ge_u {b} {limit})) "
            f"(br_if $mpk_hint_done{tag} (i32.eqz {kind})) "
            f"(local.set ${cursor} (i32.add {b} (i32.const 1))) (br $mpk_hint_walk{tag}))) "
            f"(if (i32.ge_u {b} {limit}) (then (local.set ${cursor} {after}))) "
            f"(i32.store offset={HINT} (local.get ${area}) (i32.shr_u {b} (i32.const 2)))")


def _by_class(n: str, action) -> str:
    """`action(slot)` for the size memo of `n`'s class (an if-chain over CLASSES)."""
    code = action(SLOTS[-1])
    for bound, slot in reversed(list(zip(CLASSES[:-1], SLOTS[:-1], strict=True))):
        code = f"(if (i32.le_u {n} (i32.const {bound})) (then {action(slot)}) (else {code}))"
    return code


def _fit_memos(amount: str) -> str:
    """`$mpk_fit_start(area, n, start)`: `start` (an ATB index) raised to where the size memo of
    `n`'s class lets a search for `n` blocks in `area` begin; `$mpk_fit_set(area, n, block)` records
    "in area no free run of n or more blocks starts below block" (after an allocation of n blocks
    ending at block - 1: the search found the first such run at or after its start)."""
    def use_one(a, b, ln):
        return (f"(if (i32.and (i32.eq (global.get {a}) (local.get $0)) (i32.ge_u (local.get $1) (global.get {ln}))) "
                f"(then (if (i32.gt_u (i32.shr_u (global.get {b}) (i32.const 2)) (local.get $3)) "
                f"(then (local.set $3 (i32.shr_u (global.get {b}) (i32.const 2)))))))")

    def use(slot):
        return use_one(*slot[:3]) + " " + use_one(*LATEST[SLOTS.index(slot)])

    def put(slot):
        a, b, ln, fr, to, slen = slot
        la, lb, lln = LATEST[SLOTS.index(slot)]
        return (f"(if (i32.eqz (i32.and (i32.eq (global.get {a}) (local.get $0)) (i32.lt_u (global.get {ln}) "
                f"(local.get $1)))) (then (global.set {a} (local.get $0)) (global.set {b} (local.get $2)) "
                f"(global.set {ln} (local.get $1))) "
                f"(else (global.set {la} (local.get $0)) (global.set {lb} (local.get $2)) "
                f"(global.set {lln} (local.get $1)))) "
                f"(if (i32.eqz (i32.and (i32.and (i32.eq (global.get {fr}) (local.get $3)) (i32.eq (global.get {to}) "
                f"(local.get $0))) (i32.ge_u (local.get $1) (global.get {slen})))) "
                f"(then (global.set {fr} (local.get $3)) (global.set {to} (local.get $0)) "
                f"(global.set {slen} (local.get $1))))")
    return (f" (func {FIT_START} (param $0 i32) (param $1 i32) (param $2 i32) (result i32) (local $3 i32) "
            f"(if (i32.eq (global.get {STAMP}) {amount}) (then {_by_class('(local.get $1)', use)})) "
            f"(select (local.get $3) (local.get $2) (i32.gt_u (local.get $3) (local.get $2))))\n"
            f" (func {FIT_SET} (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) "
            f"{_by_class('(local.get $1)', put)})\n")


def _valid(area: str, amount: str) -> str:
    """The pair bound applies to `area`'s memory as it is now: same area, and the stamp equal to
    the allocation count (every allocation carries it forward; a restored memory fails this)."""
    return f"(i32.and (i32.eq (global.get {PAIR_AREA}) {area}) (i32.eq (global.get {STAMP}) {amount}))"


def _pairs(m: re.Match, cursor: str) -> str:
    """Advance PAIR_BLOCK in the found area past every block without a free right neighbour."""
    area, start, end = (m.group(k) for k in ("area", "start", "end"))
    c = f"(local.get ${cursor})"
    used = entry_bits("i64", "or", f"(local.tee {WORD} {table_word('i64', table_byte(f'(local.get ${area})', c))})",
                      f"(local.get {WORD})")

    def free(block: str) -> str:
        return f"(i32.eqz {entry_kind(f'(local.get ${area})', block)})"
    return (f"(if (i32.eq (global.get {PAIR_AREA}) (local.get ${area})) "
            f"(then (local.set ${cursor} (i32.sub (global.get {PAIR_BLOCK}) (i32.const 1)))) "
            f"(else (global.set {PAIR_AREA} (local.get ${area})) "
            f"(local.set ${cursor} (i32.shl (i32.load offset={HINT} (local.get ${area})) (i32.const 2))))) "
            f"(block $mpk_pair_done (loop $mpk_pair_walk "
            + _gap_jump(f"(i32.load offset={ATB} (local.get ${area}))", cursor) +
            # 32 blocks at a time while the cursor starts a table byte: no two adjacent FREE entries
            # among them, and the last one not FREE (so no pair starts at any of the 32)
            f"(if (i32.and (i32.eqz (i32.and {c} (i32.const 3))) (i32.lt_s (i32.add {c} (i32.const 32)) "
            f"(local.get ${start}))) "
            f"(then (local.set {WORD} (i64.xor {used} "
            f"(i64.const {LOW_BITS['i64']}))) "
            f"(if (i64.eqz (i64.or (i64.and (local.get {WORD}) (i64.shr_u (local.get {WORD}) (i64.const 2))) "
            f"(i64.and (local.get {WORD}) (i64.const {LAST_FREE})))) "
            f"(then (local.set ${cursor} (i32.add {c} (i32.const 32))) (br $mpk_pair_walk))))) "
            f"(br_if $mpk_pair_done (i32.ge_s {c} (i32.sub (local.get ${start}) (i32.const 1)))) "
            f"(br_if $mpk_pair_done (i32.and {free(c)} {free(f'(i32.add {c} (i32.const 1))')})) "
            f"(local.set ${cursor} (i32.add {c} (i32.const 1))) (br $mpk_pair_walk))) "
            f"(global.set {PAIR_BLOCK} (if (result i32) (i32.lt_s {c} (i32.sub (local.get ${start}) (i32.const 1))) "
            f"(then (i32.add {c} (i32.const 1))) (else (i32.add (local.get ${end}) (i32.const 1)))))")


def _update(m: re.Match, cursor: str, other: str, amount: str, nblocks: str) -> str:
    """The code added after upstream's one-block hint update (Binaryen text, one line): the areas
    searched before the found one (from `gc_last_free_area` along `next`), then the found one."""
    area, start, end, nfree = (m.group(k) for k in ("area", "start", "end", "nfree"))
    blocks = f"(i32.shl (i32.load offset={ATB_LEN} (local.get ${other})) (i32.const 2))"
    first = f"(i32.load offset={m.group('loff')} (i32.const {m.group('laddr')}))"
    s = f"(local.get ${other})"
    return (f"(if (i32.ne (local.get ${nfree}) (i32.const 1)) (then "
            f"(if (i32.ne (global.get {STAMP}) {amount}) (then {INVALIDATE} (global.set {STAMP} {amount}))) "
            f"(local.set ${other} {first}) "
            # The memos of n's class (see `_fit_memos`), from the search that started at `s`.
            f"(call {FIT_SET} (local.get ${area}) (local.get ${nblocks}) "
            f"(i32.add (local.get ${end}) (i32.const 1)) {s}) "
            f"(block $mpk_hint_areas_done (loop $mpk_hint_areas "
            f"(br_if $mpk_hint_areas_done (i32.eqz (local.get ${other}))) "
            f"(br_if $mpk_hint_areas_done (i32.eq (local.get ${other}) (local.get ${area}))) "
            + _walk(other, cursor, blocks, blocks, "_o") +
            f" (local.set ${other} (i32.load (local.get ${other}))) (br $mpk_hint_areas))) "
            + _walk(area, cursor, f"(local.get ${start})", f"(i32.add (local.get ${end}) (i32.const 1))", "")
            + " " + _pairs(m, cursor) + "))")


def apply(wat: str, target: Target) -> str:
    """Add the multi-block hint update to `gc_alloc`; `FetchError` unless exactly one site."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "i32.load8_u" in chunk and "offset=32" in chunk:
            flat = normalise(chunk)
            found += [(i, flat, m) for m in SITE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"alloc hint patch: expected {SITES} gc_alloc hint update, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m = found[0]
    if f"(i32.load offset={HINT} (local.get ${m.group('area')}))" not in flat:
        raise FetchError("alloc hint patch: gc_alloc's search does not read the hint at the expected offset")
    if "$mpk_hint_" in flat:
        raise FetchError("alloc hint patch: labels already in use")
    decls = [int(n) for n in re.findall(r"\(local \$(\d+) i32\)", flat)]
    params = [int(n) for n in re.findall(r"\(param \$(\d+) i32\)", flat)]
    cursor, other = str(max(decls + params) + 1), str(max(decls + params) + 2)
    last = list(re.finditer(r"\(local \$\d+ i32\)", flat))[-1]
    counts = list(AMOUNT.finditer(flat))
    if len(counts) != 1:
        raise FetchError(f"alloc hint patch: expected 1 gc_alloc_amount update in gc_alloc, found {len(counts)}")
    amount = f"(i32.load offset={counts[0].group('o')} (i32.const {counts[0].group('c')}))"
    nblocks = counts[0].group("n")
    body = flat[:m.end("single")] + " " + _update(m, cursor, other, amount, nblocks) + flat[m.end("single"):]
    head = f" (local ${cursor} i32) (local ${other} i32) (local {WORD} i64)"
    body = body[:last.end()] + head + body[last.end():]
    body, n = _area_steps(body, nblocks)
    if n != SEARCHES:
        raise FetchError(f"alloc hint patch: expected {SEARCHES} multi-block search first areas, found {n}")
    carry = f"(if (i32.ne (global.get {STAMP}) {amount}) (then {INVALIDATE})) " \
            f"(global.set {STAMP} (i32.add {amount} (local.get ${nblocks}))) "
    if body.count(counts[0].group(0)) != 1:
        raise FetchError("alloc hint patch: expected the gc_alloc_amount update once in gc_alloc")
    body = body.replace(counts[0].group(0), carry + counts[0].group(0))
    body, n = SEARCH_START.subn(lambda s: _search_start(s, amount, nblocks), body)
    if n != SEARCHES:
        raise FetchError(f"alloc hint patch: expected {SEARCHES} multi-block search starts, found {n}")
    chunks[i] = body
    sites = 0
    for k in freeing_functions(chunks, "alloc hint", skip=i):
        chunks[k], n = re.subn(r"\(block \$(?P<l>\w+) \(br_if \$(?P=l) " + LOWERS_HINT.pattern, _freed,
                               normalise(chunks[k]))
        sites += n
    if sites != FREE_SITES:
        raise FetchError(f"alloc hint patch: expected {FREE_SITES} hint-lowering frees, found {sites}")
    k, f, r = collection_end(chunks, "alloc hint")
    chunks[k] = f[:r.start()] + INVALIDATE + " " + f[r.start():]
    globals_at = list(GLOBAL_LINE.finditer(chunks[0]))
    if not globals_at or PAIR_AREA in wat:
        raise FetchError("alloc hint patch: expected i32 globals, and names not yet in use")
    end = globals_at[-1].end()  # after the module's own globals: their indices stay as they are
    helpers = _fit_area(amount) + _fit_memos(amount) + _fit_free() + _gap_ok(amount)
    chunks[0] = chunks[0][:end] + "\n " + GLOBALS + chunks[0][end:] + helpers
    return "".join(chunks)


def _search_start(m: re.Match, amount: str, nblocks: str) -> str:
    """`max(hint, (PAIR_BLOCK - 1) / 4)` in the area PAIR_AREA names, the hint elsewhere; then
    raised by the size memo of the request's class (`$mpk_fit_start`)."""
    hint, area = m.group(0), f"(local.get ${m.group('a')})"
    pair = f"(i32.shr_u (i32.sub (global.get {PAIR_BLOCK}) (i32.const 1)) (i32.const 2))"
    return (f"(call {FIT_START} {area} (local.get ${nblocks}) "
            f"(if (result i32) (i32.and (i32.and {_valid(area, amount)} "
            f"(i32.ne (global.get {PAIR_BLOCK}) (i32.const 0))) (i32.gt_u {pair} {hint})) "
            f"(then {pair}) (else {hint})))")


def _area_steps(body: str, nblocks: str) -> tuple[str, int]:
    """Both multi-block searches with their first area, and each next area, passed through
    `$mpk_fit_area`; the number of searches changed."""
    out, pos, count = [], 0, 0
    for a in AREA_START.finditer(body):
        loop = body.index("(loop ", a.end())
        end = expression_end(body, loop)
        step = f"(local.tee ${a.group('a')} (i32.load (local.get ${a.group('a')})))"
        if body.count(step, loop, end) != 1:
            raise FetchError("alloc hint patch: expected one next-area step in each multi-block search")
        fit = f"(local.tee ${a.group('a')} (call {FIT_AREA} {{}} (local.get ${nblocks})))"
        out += [body[pos:a.start()], fit.format(a.group("load")), body[a.end():loop],
                body[loop:end].replace(step, fit.format(f"(i32.load (local.get ${a.group('a')}))"))]
        pos, count = end, count + 1
    return "".join(out) + body[pos:], count


def _freed(m: re.Match) -> str:
    """`$mpk_fit_free(area, first freed block)` before a free lowers the area's hint."""
    tee = re.search(r"\(local\.tee \$\d+ \(i32\.shr_u \(local\.get \$(\d+)\) \(i32\.const ([26])\)\)\)", m.group(0))
    block = f"(local.get ${tee.group(1)})"  # a block index (>> 2: its ATB byte), or a pool offset (>> 6)
    if tee.group(2) == "6":
        block = f"(i32.shr_u {block} (i32.const 4))"
    return f"(call {FIT_FREE} (local.get ${m.group('a')}) {block}) {m.group(0)}"


def _fit_free() -> str:
    """`$mpk_fit_free(area, block)`: blocks from `block` on were freed in `area`. Each statement is
    lowered just enough to stay true: a new pair starts at `block - 1` or later, a new run of
    `len` blocks at `block - len + 1` or later (a longer free run before `block` already started
    at or above the memo's block); the skip memo is dropped if `area` is one it skips."""
    def lower(slot):
        a, b, ln = slot[:3]
        low = (f"(select (i32.sub (local.get $1) (i32.sub (global.get {ln}) (i32.const 1))) (i32.const 0) "
               f"(i32.ge_u (local.get $1) (global.get {ln})))")
        return (f"(if (i32.eq (global.get {a}) (local.get $0)) (then (local.set $2 {low}) "
                f"(if (i32.gt_u (global.get {b}) (local.get $2)) (then (global.set {b} (local.get $2))))))")
    def skip(k, slot):
        fr, to = slot[3:5]
        return (f"(if (i32.ne (global.get {to}) (local.get $0)) (then (local.set $2 (global.get {fr})) "
                f"(block $mpk_free_done{k} (loop $mpk_free_walk{k} (br_if $mpk_free_done{k} (i32.eqz (local.get $2))) "
                f"(br_if $mpk_free_done{k} (i32.eq (local.get $2) (global.get {to}))) "
                f"(if (i32.eq (local.get $2) (local.get $0)) (then (global.set {fr} (i32.const 0)) "
                f"(br $mpk_free_done{k}))) (local.set $2 (i32.load (local.get $2))) (br $mpk_free_walk{k})))))")
    pair = "(select (local.get $1) (i32.const 1) (i32.gt_u (local.get $1) (i32.const 1)))"
    atb = f"(i32.load offset={ATB} (local.get $0))"
    hi = f"(i32.shl (i32.load offset={HINT} (local.get $0)) (i32.const 2))"
    kind = (f"(i32.and (i32.shr_u (i32.load8_u (i32.add {atb} (i32.shr_u (local.get $2) (i32.const 2)))) "
            f"(i32.and (i32.shl (local.get $2) (i32.const 1)) (i32.const 6))) (i32.const 3))")
    gap = (f"(if (i32.and (i32.eq (global.get {GAP_ATB}) {atb}) (i32.and "
           f"(i32.ge_u (local.get $1) (global.get {GAP_LO})) (i32.lt_u (local.get $1) (global.get {GAP_HI})))) "
           f"(then (global.set {GAP_ATB} (i32.const 0)))) "
           f"(if (i32.lt_u (local.get $1) {hi}) (then (local.set $2 (i32.add (local.get $1) (i32.const 1))) "
           f"(block $mpk_gap_done (loop $mpk_gap_walk (br_if $mpk_gap_done (i32.ge_u (local.get $2) {hi})) "
           f"(br_if $mpk_gap_done (i32.and {kind} (i32.const 1))) "
           f"(local.set $2 (i32.add (local.get $2) (i32.const 1))) (br $mpk_gap_walk))) "
           f"(if (i32.lt_u (local.get $2) {hi}) (then (global.set {GAP_ATB} {atb}) "
           f"(global.set {GAP_LO} (local.get $2)) (global.set {GAP_HI} {hi}))))) ")
    return (f" (func {FIT_FREE} (param $0 i32) (param $1 i32) (local $2 i32) " + gap +
            f"(if (i32.and (i32.eq (global.get {PAIR_AREA}) (local.get $0)) "
            f"(i32.gt_u (global.get {PAIR_BLOCK}) {pair})) "
            f"(then (global.set {PAIR_BLOCK} {pair}))) "
            + " ".join(lower(slot) for slot in [*SLOTS, *LATEST])
            + " " + " ".join(skip(k, slot) for k, slot in enumerate(SLOTS)) + ")\n")


def _gap_ok(amount: str) -> str:
    """`$mpk_gap_ok()`: the gap memo applies to memory as it is now (the stamp equals the
    allocation count; a restored memory fails this), for a search that reads it before gc_alloc's
    stamp check."""
    return f" (func {GAP_OK} (result i32) (i32.eq (global.get {STAMP}) {amount}))\n"
