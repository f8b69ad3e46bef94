"""alloc words: `gc_alloc` searches the allocation table 32 blocks at a time and marks a new
object's tail blocks a table byte at a time.

In MicroPython's terms (v1.29.0, `py/gc.c`, `gc_alloc`):

1. The search for a run of `n_blocks` free blocks (`n_blocks` >= 2 in this build's code: the
   one-block search is a separate loop) reads one allocation-table byte (4 blocks) per step and
   tests each 2-bit entry: `if (ATB_k_IS_FREE(a)) { if (++n_free >= n_blocks) goto found; } else
   n_free = 0;` — ~8 instructions a block. Building a long string (`s += t`) or a big byte array
   walks the long objects allocated since the search start, the tail blocks of every string made
   so far: ~3.7 fuel per byte allocated.
2. Marking the new object's tail blocks (`for (bl = start_block + 1; bl <= end_block; bl++)
   ATB_FREE_TO_TAIL(area, bl);`) is one table read-modify-write per block.

The patch, in C terms:

1. In both multi-block searches (before and after the collection that a failed search
   triggers), after each step's `++i` and before its `i != len` test (so the first byte a search
   reads is tested as upstream does), while byte `i` and the 7 after it lie inside the table
   (`i + 8 < gc_alloc_table_byte_len`, so the per-byte step still reads byte `i` and the loop
   exits where it did), the 8 bytes (32 entries, in block order from the low bits of a
   little-endian 64-bit load) are tested as one word: `used` has bit `2k` set when entry `k` is
   not FREE; `low` = the free entries before the first used one (32 when all are free). If
   `n_free + low < n_blocks` (the run that reaches the word does not complete in it) and
   `free_count - low < n_blocks` (no run that starts in the word after its first used entry is
   long enough), no run of `n_blocks` ends in these 32 blocks: `n_free` becomes `n_free + 32`
   (all free) or the free entries after the last used one, and `i += 8`. Otherwise the per-byte
   step runs, unchanged, and finds the run where upstream finds it. So the search passes used
   and free table words at ~1 instruction a block; the first run found is upstream's (first fit
   is unchanged) and so is `n_free` at every byte the per-byte step reads.
2. Before each tail-marking step, when the block `bl` starts a table byte and the run goes on to
   that byte's last block (`bl % 4 == 0`, `bl + 3 <= end_block`), every whole byte up to
   `end_block` is set to 0xAA (4 TAIL entries) with one `memory.fill`, and `bl` moves past them;
   the per-block step marks the rest. The blocks were FREE (0b00 each: the search found them so),
   so `byte | (AT_TAIL << shift)` for its 4 entries is 0xAA: the table is the same as upstream's.

3. With `alloc_hint` applied (its gap memo, see `wasm/patches/alloc_hint.py` point 4): in the
   same place, when the memo is for this area's table, `lo <= 4 * i < hi`, `hi / 4 <
   gc_alloc_table_byte_len` and the memo is current (`$mpk_gap_ok`), first `i = hi / 4` and
   `n_free = 0`: the blocks from `4 * i` to `hi - 1` are all in use, so no run ends among them
   and none reaches block `hi`. Without `alloc_hint` the step has no such jump.

4. The one-block search (upstream's loop for `n_blocks == 1`, from the area's
   `gc_last_free_atb_index`, before and after a collection) gets the same jump (3) and passes 8
   table bytes at a time while all their 32 entries are in use (and `i + 8 <
   gc_alloc_table_byte_len`): it stops at the first free block as before. A one-block
   allocation right after a refilled hole (a call's argument buffer, then the list iterator of
   `tuple(a_list)`) no longer walks, a byte at a time, every block allocated since.

Sites, by shape, in `gc_alloc` (the function that has both searches and the tail loop): the
multi-block search loop (a step that starts `prev = 0`, loads the table byte `a` at
`atb + i`, tests `a & 3` and `++n_free >= n_blocks`, ..., the last entry's `a > 63` test, and
ends `if (++i != len) continue`): exactly `SEARCHES` = 2; the tail-marking loop
(`bl = start - 1 + 2`, test `bl > end_block`, store8 of `byte | 2 << ((bl * 2) & 6)`): exactly
`TAILS` = 1; the one-block search loop (a step whose entry-0 test on `a & 3` sets the found
flag and leaves, ..., entry 3's `a >= 64` test, then `if (++i != len) continue`): exactly
`ONES` = 2. `SITES` = 5. Area field (with `MICROPY_GC_SPLIT_HEAP`): `gc_alloc_table_start` at 4.

Test: `tests/sandbox/test_patch_alloc_words.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import (
    LOW_BITS,
    Target,
    entry_bits,
    functions_matching,
    split_functions,
    table_byte,
    table_word,
    word_steps,
)

NAME = "alloc_words"
SEARCHES = 2
TAILS = 1
SITES = SEARCHES + TAILS + 2  # + ONES
TEST = "tests/sandbox/test_patch_alloc_words.py::test_large_allocations_take_little_fuel"
TAIL_BYTE = 0xAA  # 4 entries of AT_TAIL (2)

# One step of the multi-block search (normalised Binaryen text): `prev = 0`, the byte `a` loaded
# from `atb + i`, entry 0's test and `++n_free >= n_blocks` (found), ...
SEARCH = re.compile(
    r"\(loop \$(?P<loop>\w+) (?P<head>\(local\.set \$(?P<prev>\d+) \(i32\.const 0\)\) \(block \$(?P<b0>\w+) "
    r"\(br_if \$(?P=b0) \(i32\.and \(local\.tee \$(?P<byte>\d+) \(i32\.load8_u "
    r"\(i32\.add \(local\.get \$(?P<atb>\d+)\) "
    r"\(local\.get \$(?P<i>\d+)\)\)\)\) \(i32\.const 3\)\)\) "
    r"\(br_if \$\w+ \(i32\.ge_u \(local\.tee \$(?P=prev) \(i32\.add \(local\.get \$(?P<nfree>\d+)\) "
    r"\(i32\.const 1\)\)\) "
    r"\(local\.get \$(?P<n>\d+)\)\)\)\) )")
# ... and its end: entry 3's test (`a > 63`), leaving `n_free` in the same local, then
# `if (++i != len) continue`.
SEARCH_END = (r"\(local\.set \${nfree} \(i32\.const 0\)\) \(block \$(?P<b3>\w+) \(br_if \$(?P=b3) \(i32\.gt_u "
              r"\(local\.get \${byte}\) \(i32\.const 63\)\)\) \(br_if \$(?P=b3) \(i32\.lt_u \(local\.tee \${nfree} "
              r"\(i32\.add \(local\.get \$\d+\) \(i32\.const 1\)\)\) \(local\.get \${n}\)\)\) "
              r"\(local\.set \${prev} \(local\.get \${nfree}\)\) \(br \$\w+\)\) "
              r"(?P<next>\(br_if \${loop} \(i32\.ne \(local\.tee \${i} \(i32\.add \(local\.get \${i}\) "
              r"\(i32\.const 1\)\)\) \(local\.get \$(?P<len>\d+)\)\)\))\)")
# The tail-marking loop: `bl = (start_block - 1) + 2; if (bl <= end_block) do { ATB_FREE_TO_TAIL }
# while (++bl <= end_block)`.
TAIL = re.compile(
    r"\(block \$(?P<block>\w+) \(br_if \$(?P=block) \(i32\.gt_u \(local\.tee \$(?P<bl>\d+) \(i32\.add "
    r"\(local\.get \$(?P=bl)\) \(i32\.const 2\)\)\) \(local\.get \$(?P<end>\d+)\)\)\) "
    r"\(loop \$(?P<loop>\w+) \(i32\.store8 \(local\.tee \$(?P<t>\d+) \(i32\.add \(i32\.load offset=4 "
    r"\(local\.get \$(?P<area>\d+)\)\) \(i32\.shr_u \(local\.get \$(?P=bl)\) \(i32\.const 2\)\)\)\) "
    r"\(i32\.or \(i32\.load8_u \(local\.get \$(?P=t)\)\) \(i32\.shl \(i32\.const 2\) \(i32\.and \(i32\.shl "
    r"\(local\.get \$(?P=bl)\) \(i32\.const 1\)\) \(i32\.const 6\)\)\)\)\) "
    r"\(br_if \$(?P=loop) \(i32\.le_u \(local\.tee \$(?P=bl) \(i32\.add \(local\.get \$(?P=bl)\) \(i32\.const 1\)\)\) "
    r"\(local\.get \$(?P=end)\)\)\)\)\)")
# alloc_hint's gap memo and its check (see `wasm/patches/alloc_hint.py`), used when present.
GAP_ATB, GAP_LO, GAP_HI, GAP_OK = "$mpk_gap_atb", "$mpk_gap_lo", "$mpk_gap_hi", "$mpk_gap_ok"
# One step of the one-block search: the byte `a` at `atb + i`, entry 0's test (FREE: found), ...
ONE = re.compile(
    r"\(loop \$(?P<loop>\w+) (?P<head>\(block \$(?P<b0>\w+) \(br_if \$(?P=b0) \(i32\.and \(local\.tee "
    r"\$(?P<byte>\d+) \(i32\.load8_u \(i32\.add \(local\.get \$(?P<atb>\d+)\) \(local\.get \$(?P<i>\d+)\)\)\)\) "
    r"\(i32\.const 3\)\)\) \(local\.set \$\d+ \(i32\.const 1\)\) \(br \$\w+\)\) )")
# ... and its end: entry 3's test (`a >= 64`: not FREE), then `if (++i != len) continue`.
ONE_END = (r"\(block \$(?P<b3>\w+) \(br_if \$(?P=b3) \(i32\.ge_u \(local\.get \${byte}\) \(i32\.const 64\)\)\) "
           r"\(local\.set \$\d+ \(i32\.const 1\)\) \(br \$\w+\)\) "
           r"(?P<next>\(br_if \${loop} \(i32\.ne \(local\.tee \${i} \(i32\.add \(local\.get \${i}\) "
           r"\(i32\.const 1\)\)\) \(local\.get \$(?P<len>\d+)\)\)\))\)")
ONES = 2
LOCALS = " (local $mpk_aw_w i64) (local $mpk_aw_low i32) (local $mpk_aw_n i32)"


def _gap(g: dict[str, str]) -> str:
    """The jump over alloc_hint's gap memo in search loop `g`'s word step (module, point 3)."""
    i, length = (f"(local.get ${g[x]})" for x in ("i", "len"))
    block = f"(i32.shl {i} (i32.const 2))"
    return (f"(if (i32.eq (global.get {GAP_ATB}) (local.get ${g['atb']})) "
            f"(then (if (i32.and (i32.and (i32.ge_u {block} (global.get {GAP_LO})) "
            f"(i32.lt_u {block} (global.get {GAP_HI}))) "
            f"(i32.lt_u (i32.shr_u (global.get {GAP_HI}) (i32.const 2)) {length})) "
            f"(then (if (call {GAP_OK}) (then (local.set ${g['i']} (i32.shr_u (global.get {GAP_HI}) (i32.const 2))) "
            + (f"(local.set ${g['nfree']} (i32.const 0))" if "nfree" in g else "") + ")))))) ")


def _next(g: dict[str, str], step: str) -> str:
    """The end of search step `g` (`if (++i != len) continue`) with the word step `step` between
    the increment and the test: the first byte a search reads is tested as upstream does, the
    word step runs from the second on (it leaves `i < len` when it was)."""
    i = f"(local.get ${g['i']})"
    return (f"(local.set ${g['i']} (i32.add {i} (i32.const 1))) {step}"
            f"(br_if ${g['loop']} (i32.ne {i} (local.get ${g['len']})))")


def _one(g: dict[str, str], k: int, gap: bool) -> str:
    """The word step of one-block search loop `g`, run after each `++i` (module, point 4)."""
    i, length = (f"(local.get ${g[x]})" for x in ("i", "len"))
    slow = f"mpk_aw_one_slow{k}"
    used = entry_bits("i64", "or", f"(local.tee $mpk_aw_w {_word(g)})", "(local.get $mpk_aw_w)")
    return word_steps(slow, f"mpk_aw_one{k}", (_gap(g) if gap else "") +
                      f"(br_if ${slow} (i32.ge_u (i32.add {i} (i32.const 8)) {length})) "
                      f"(br_if ${slow} (i64.ne {used} (i64.const {LOW_BITS['i64']}))) "
                      f"(local.set ${g['i']} (i32.add {i} (i32.const 8))) (br $mpk_aw_one{k})")


def _words(g: dict[str, str], k: int, gap: bool) -> str:
    """The word step of search loop `g`, run after each `++i` (see the module, points 1 and 3)."""
    i, nfree, n, length = (f"(local.get ${g[x]})" for x in ("i", "nfree", "n", "len"))
    w, low = "(local.get $mpk_aw_w)", "(local.get $mpk_aw_low)"
    slow = f"mpk_aw_slow{k}"
    used = entry_bits("i64", "or", f"(local.tee $mpk_aw_w {_word(g)})", w)
    return word_steps(slow, f"mpk_aw_words{k}", (_gap(g) if gap else "") +
                      f"(br_if ${slow} (i32.ge_u (i32.add {i} (i32.const 8)) {length})) "
                      f"(local.set $mpk_aw_w {used}) "
                      f"(local.set $mpk_aw_low (i32.shr_u (i32.wrap_i64 (i64.ctz {w})) (i32.const 1))) "
                      f"(br_if ${slow} (i32.ge_u (i32.add {nfree} {low}) {n})) "
                      f"(br_if ${slow} (i32.ge_u (i32.sub (i32.wrap_i64 (i64.popcnt (i64.xor {w} "
                      f"(i64.const {LOW_BITS['i64']})))) {low}) {n})) "
                      f"(local.set ${g['nfree']} (select (i32.add {nfree} (i32.const 32)) "
                      f"(i32.shr_u (i32.wrap_i64 (i64.clz {w})) (i32.const 1)) (i64.eqz {w}))) "
                      f"(local.set ${g['i']} (i32.add {i} (i32.const 8))) (br $mpk_aw_words{k})")


def _word(g: dict[str, str]) -> str:
    """The 8 table bytes (32 entries) at byte `i` of search loop `g`'s table."""
    return table_word("i64", f"(i32.add (local.get ${g['atb']}) (local.get ${g['i']}))")


def _tails(m: re.Match) -> str:
    """The tail loop of `m` with the whole-byte fill before each per-block step (module, point 2)."""
    g = m.groupdict()
    bl, end, area = (f"(local.get ${g[x]})" for x in ("bl", "end", "area"))
    fill = (f"(if (i32.and (i32.eqz (i32.and {bl} (i32.const 3))) (i32.le_u (i32.add {bl} (i32.const 3)) {end})) "
            f"(then (local.set $mpk_aw_n (i32.shr_u (i32.sub (i32.add {end} (i32.const 1)) {bl}) (i32.const 2))) "
            f"(memory.fill {table_byte(area, bl)} "
            f"(i32.const {TAIL_BYTE}) (local.get $mpk_aw_n)) "
            f"(br_if ${g['block']} (i32.gt_u (local.tee ${g['bl']} (i32.add {bl} (i32.shl (local.get $mpk_aw_n) "
            f"(i32.const 2)))) {end}))))")
    text = m.group(0)
    return text.replace(f"(loop ${g['loop']} ", f"(loop ${g['loop']} {fill} ", 1)


def apply(wat: str, target: Target) -> str:
    """Both searches with their word step and the tail loop with its byte fill; `FetchError`
    unless each is found exactly as expected, all in one function."""
    chunks = split_functions(wat)
    found = functions_matching(chunks, ("i32.load8_u", "offset=32"), SEARCH, TAIL)
    if len(found) != 1 or len(found[0][2][0]) != SEARCHES or len(found[0][2][1]) != TAILS:
        counts = [(len(s), len(t)) for _, _, (s, t) in found]
        raise FetchError(f"alloc words patch: expected {SEARCHES} searches and {TAILS} tail loop in one "
                         f"function (gc_alloc), found {counts}")
    k, flat, (searches, (tail,)) = found[0]
    if "$mpk_aw_" in flat:
        raise FetchError("alloc words patch: gc_alloc already has the patch's names")
    out, pos = [], 0
    for j, m in enumerate(searches):
        g = m.groupdict()
        end = re.compile(SEARCH_END.format(**g)).search(flat, m.end())
        if end is None:
            raise FetchError("alloc words patch: a search step does not end with entry 3's test and `++i != len`")
        g["len"] = end.group("len")
        if f"(loop ${g['loop']} " in flat[m.end():end.start()]:
            raise FetchError("alloc words patch: a nested loop in a search step")
        out += [flat[pos:end.start("next")], _next(g, _words(g, j, GAP_ATB in wat))]
        pos = end.end("next")
    body = "".join(out) + flat[pos:]
    ones = list(ONE.finditer(body))
    if len(ones) != ONES:
        raise FetchError(f"alloc words patch: expected {ONES} one-block searches in gc_alloc, found {len(ones)}")
    out, pos = [], 0
    for j, m in enumerate(ones):
        g = m.groupdict()
        end = re.compile(ONE_END.format(**g)).search(body, m.end())
        if end is None or f"(loop ${g['loop']} " in body[m.end():end.start()]:
            raise FetchError("alloc words patch: a one-block search step does not end with `++i != len`")
        g["len"] = end.group("len")
        out += [body[pos:end.start("next")], _next(g, _one(g, j, GAP_ATB in wat))]
        pos = end.end("next")
    body = "".join(out) + body[pos:]
    if body.count(tail.group(0)) != 1:
        raise FetchError("alloc words patch: expected the tail loop once in gc_alloc")
    body = body.replace(tail.group(0), _tails(tail))
    locals_ = list(re.finditer(r"\(local \$\w+ \w+\)", body))
    if not locals_:
        raise FetchError("alloc words patch: expected gc_alloc to declare locals")
    at = locals_[-1].end()
    chunks[k] = body[:at] + LOCALS + body[at:]
    return "".join(chunks)
