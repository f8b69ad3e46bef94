"""gc words: the collector passes allocation-table words with nothing to do for it in one step.

In MicroPython's terms (v1.29.0, `py/gc.c`, both loops inlined into `gc_collect_end`):

1. `gc_deal_with_stack_overflow`: when marking overflows the 64-entry mark stack
   (`MICROPY_ALLOC_GC_STACK_SIZE`), every block of every area is visited, one at a time, to mark
   the subtrees of the blocks marked so far, and again while it overflows. Here that happens at
   every collection (the boot's live data nests deeper than 64): one pass over an 8 MiB heap cost
   ~19 M fuel, most of a collection (`gc.collect()` of an idle sandbox: 20 M), and a quarter of
   `s += str(i)`'s fuel for 10⁴ steps (24 collections, 1-2 passes each).
2. `gc_sweep_free_blocks`: every block up to each area's `gc_last_used_block` is visited, one at
   a time: the 2-bit entry is read and switched on (FREE: nothing; HEAD: free it and set
   `free_tail`; TAIL: free it when `free_tail`, else it is in use; MARK: back to HEAD, clear
   `free_tail`).

The patch adds, at the top of each loop's step, a word-at-a-time path for a block that starts an
aligned allocation-table word (16 blocks, all inside the loop's range):

1. rescan: a word with no entry MARK (`w & (w >> 1) & 0x55555555` is 0) has no subtree to mark:
   its 16 blocks are passed (an entry becomes MARK only inside the subtree marking, which the word
   path never runs: the word is read when the scan reaches it, as block by block);
2. sweep: a word of 0 (16 FREE blocks) changes nothing; a word of 0xAAAAAAAA (16 TAIL blocks)
   becomes 0 when `free_tail` is set (which stays set), and otherwise makes the word's last block
   `last_used_block` (`free_tail` stays clear) — what the per-block switch does 16 times.

Any other word goes through the per-block code, unchanged; each loop exits where it did (past the
area's table, or past `gc_last_used_block`, which these loops do not change). Which blocks are
marked and freed, and every table entry, are the same as before: only the number of steps
changes. Free runs, unmarked objects and the bodies of large objects are passed at a fraction of
an instruction a block.

Sites, by shape, in the function that has both loops: the rescan loop (the kind test `!= 3` on the
block's entry before the inlined `gc_mark_subtree`, the table length reloaded after it, the loop
test `block < len * 4`) and the sweep loop (its `br_table` over the entry's kind with targets
FREE, HEAD, TAIL, MARK, the `free_tail` test, the mask store, and the loop test against
`offset=32`, the area's `gc_last_used_block`): exactly `SITES` = 2.

Test: `tests/sandbox/test_patch_gc_words.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import (
    Target,
    entry_bits,
    expression_end,
    functions_matching,
    split_functions,
    table_byte,
    table_word,
    word_steps,
)

NAME = "gc_words"
SITES = 2
TEST = "tests/sandbox/test_patch_gc_words.py::test_a_collection_of_large_garbage_costs_little"
ALL_TAILS = -1431655766  # 0xAAAAAAAA as a signed i32: 16 entries of AT_TAIL (2)

# The start of gc_deal_with_stack_overflow's loop over an area's blocks (normalised Binaryen text),
# after the table length was teed into `len` and the block set to 0.
RESCAN = re.compile(
    r"\(local\.tee \$(?P<len>\d+) \(i32\.load offset=8 \(local\.get \$(?P<area>\d+)\)\)\) "
    r"\(i32\.const 1073741823\)\)\)\) \(local\.set \$(?P<block>\d+) \(i32\.const 0\)\) "
    r"\(loop \$(?P<loop>\w+) (?P<head>\(local\.set \$\d+ \(i32\.const 0\)\) "
    r"\(local\.set \$\d+ \(local\.get \$(?P=block)\)\) \(local\.set \$\d+ \(local\.get \$(?P=area)\)\) "
    r"\(block \$(?P<skip>\w+) \(br_if \$(?P=skip) \(i32\.ne \(i32\.and \(i32\.shr_u \(i32\.load8_u \(i32\.add "
    r"\(local\.tee \$\d+ \(i32\.load offset=4 \(local\.get \$(?P=area)\)\)\) "
    r"\(i32\.shr_u \(local\.get \$(?P=block)\) \(i32\.const 2\)\)\)\) "
    r"\(i32\.and \(i32\.shl \(local\.get \$(?P=block)\) \(i32\.const 1\)\) \(i32\.const 6\)\)\) "
    r"\(i32\.const 3\)\) \(i32\.const 3\)\)\) )")
# ... and its end: the length reloaded after the subtree marking, then the loop test.
RESCAN_END = (r"\(local\.set \${len} \(i32\.load offset=8 \(local\.get \${area}\)\)\)\) "
              r"\(br_if \${loop} \(i32\.lt_u \(local\.tee \${block} \(i32\.add \(local\.get \${block}\) "
              r"\(i32\.const 1\)\)\) \(i32\.shl \(local\.get \${len}\) \(i32\.const 2\)\)\)\)\)")

# The whole sweep loop of gc_sweep_free_blocks, in normalised Binaryen text.
SITE = re.compile(
    r"\(loop \$(?P<loop>\w+) (?P<body>\(local\.set \$(?P<mask>\d+) \(i32\.const 3\)\) "
    r"\(block \$(?P<b0>\w+) \(block \$(?P<b1>\w+) \(block \$(?P<b3>\w+) \(block \$(?P<b2>\w+) "
    r"\(br_table \$(?P=b0) \$(?P=b1) \$(?P=b2) \$(?P=b3) \$(?P=b0) "
    r"\(local\.tee \$(?P<kind>\d+) \(i32\.and \(i32\.shr_u \(local\.tee \$(?P<byte>\d+) \(i32\.load8_u "
    r"\(local\.tee \$(?P<addr>\d+) \(i32\.add \(i32\.load offset=4 \(local\.get \$(?P<area>\d+)\)\) "
    r"\(i32\.shr_u \(local\.get \$(?P<block>\d+)\) \(i32\.const 2\)\)\)\)\)\) "
    r"\(local\.tee \$(?P<shift>\d+) \(i32\.and \(i32\.shl \(local\.get \$(?P=block)\) \(i32\.const 1\)\) "
    r"\(i32\.const 6\)\)\)\) \(i32\.const 3\)\)\)\)\) "
    r"\(local\.set \$(?P=kind) \(i32\.const 1\)\) \(br_if \$(?P=b1) \(local\.get \$(?P<tail>\d+)\)\) "
    r"\(local\.set \$(?P=tail) \(i32\.const 0\)\) \(local\.set \$(?P<last>\d+) \(local\.get \$(?P=block)\)\) "
    r"\(br \$(?P=b0)\)\) "
    r"\(local\.set \$(?P=kind) \(i32\.const 0\)\) \(local\.set \$(?P=mask) \(i32\.const 2\)\) "
    r"\(local\.set \$(?P=last) \(local\.get \$(?P=block)\)\)\) "
    r"\(i32\.store8 \(local\.get \$(?P=addr)\) \(i32\.and \(local\.get \$(?P=byte)\) "
    r"\(i32\.xor \(i32\.shl \(local\.get \$(?P=mask)\) \(local\.get \$(?P=shift)\)\) \(i32\.const -1\)\)\)\) "
    r"\(local\.set \$(?P=tail) \(local\.get \$(?P=kind)\)\)\) "
    r"\(br_if \$(?P=loop) \(i32\.le_u \(local\.tee \$(?P=block) \(i32\.add \(local\.get \$(?P=block)\) "
    r"\(i32\.const 1\)\)\) \(i32\.load offset=32 \(local\.get \$(?P=area)\)\)\)\))\)")


def _word_start(slow: str, block: str, past: int, limit: str) -> str:
    """The steps' guards: leave to `slow` unless `block` starts a table word (16 blocks) and
    `block + past` is not above `limit` (the loop's range)."""
    return (f"(br_if ${slow} (i32.and {block} (i32.const 15))) "
            f"(br_if ${slow} (i32.gt_u (i32.add {block} (i32.const {past})) {limit})) ")


def _rescan_words(m: re.Match) -> str:
    """The word path for the rescan loop of `m` (see the module): passes words without a MARK."""
    g = m.groupdict()
    block, area = f"(local.get ${g['block']})", f"(local.get ${g['area']})"
    total = f"(i32.shl (local.get ${g['len']}) (i32.const 2))"
    word = "(local.get $mpk_gc_w)"
    return word_steps("mpk_rescan_slow", "mpk_rescan_words", _word_start("mpk_rescan_slow", block, 16, total) +
                      f"(local.set $mpk_gc_w {table_word('i32', table_byte(area, block))}) "
                      f"(br_if $mpk_rescan_slow {entry_bits('i32', 'and', word, word)}) "
                      f"(br_if $mpk_rescan_words (i32.lt_u (local.tee ${g['block']} (i32.add {block} (i32.const 16))) "
                      f"{total})) (br $mpk_rescan_done)")


def _words(m: re.Match) -> str:
    """The sweep loop of `m` with the word path before each per-block step (see the module)."""
    g = m.groupdict()
    block, area, tail = (f"(local.get ${g[k]})" for k in ("block", "area", "tail"))
    used = f"(i32.load offset=32 {area})"
    word = "(local.get $mpk_gc_w)"
    fast = word_steps("mpk_sweep_slow", "mpk_gc_words", _word_start("mpk_sweep_slow", block, 15, used) +
                      f"(local.set $mpk_gc_w {table_word('i32', f'(local.tee $mpk_gc_a {table_byte(area, block)})')}) "
                      f"(if {word} (then (br_if $mpk_sweep_slow (i32.ne {word} (i32.const {ALL_TAILS}))) "
                      f"(if {tail} (then (i32.store align=1 (local.get $mpk_gc_a) (i32.const 0))) "
                      f"(else (local.set ${g['last']} (i32.add {block} (i32.const 15))))))) "
                      f"(br_if $mpk_gc_words (i32.le_u (local.tee ${g['block']} (i32.add {block} (i32.const 16))) "
                      f"{used})) (br $mpk_sweep_done)")
    return f"(block $mpk_sweep_done (loop ${g['loop']} {fast}{g['body']}))"


def apply(wat: str, target: Target) -> str:
    """Both loops with their word paths; `FetchError` unless each is found exactly once, both in
    one function."""
    chunks = split_functions(wat)
    found = functions_matching(chunks, ("br_table", "offset=32"), SITE, RESCAN)
    sites = sum(len(s) + len(r) for _, _, (s, r) in found)
    if len(found) != 1 or len(found[0][2][0]) != 1 or len(found[0][2][1]) != 1:
        raise FetchError(f"gc words patch: expected {SITES} loops (a sweep and a rescan) in one function, "
                         f"found {sites} in {len(found)}")
    i, flat, ((sweep,), (rescan,)) = found[0]
    if "$mpk_gc_" in flat:
        raise FetchError("gc words patch: the collector's function already has the patch's names")
    loop_at = flat.index("(loop ", rescan.start("loop") - len("(loop $"))
    loop_end = expression_end(flat, loop_at)
    g = rescan.groupdict()
    end = re.compile(RESCAN_END.format(**g) + "$")
    if not end.search(flat[:loop_end]) or not loop_end <= sweep.start():
        raise FetchError("gc words patch: expected the rescan loop to end with its length reload and test")
    locals_ = list(re.finditer(r"\(local \$\w+ \w+\)", flat[:loop_at]))
    if not locals_:
        raise FetchError("gc words patch: expected the collector's function to declare locals")
    at = locals_[-1].end()
    rescan_loop = (f"(block $mpk_rescan_done (loop ${g['loop']} {_rescan_words(rescan)}"
                   f"{flat[rescan.start('head'):loop_end]})")
    chunks[i] = (flat[:at] + " (local $mpk_gc_w i32) (local $mpk_gc_a i32)" + flat[at:loop_at] + rescan_loop
                 + flat[loop_end:sweep.start()] + _words(sweep) + flat[sweep.end():])
    return "".join(chunks)
