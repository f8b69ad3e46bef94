"""alloc hint: multi-block allocations no longer rescan the blocks allocated since the last
one-block allocation, and the free-block hint never passes a free block.

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
   `end_block + 1`. Allocation only removes free blocks, so it cannot break the statement; every
   function that frees blocks outside a collection (`gc_free`, `gc_realloc`) sets `pair_area = 0`
   on entry, and `gc_collect_end` does when it resets the hints after the sweep. The globals live
   outside linear memory, which the host restores on its own (rollback, `Sandbox.reset`), so the
   bound is also recorded with the area's hint and `gc_alloc_amount` (only grows between
   collections) after the allocation that set it, and is used only while both are unchanged:
   any other allocation, or a restored memory, makes the search start at the hint as upstream.
   The one-block search is upstream's.

Both walks pass only blocks the search itself crossed, so a cell's allocations cost linear work;
after a free the next multi-block search starts from the hint as upstream does. Which blocks are
allocated is unchanged except that a search no longer visits blocks it cannot use.

Sites, by shape: in `gc_alloc`, the tail after `found:` (`start_block = end_block - n_free + 1`,
the block skipped when `n_free != 1` that stores the area into `gc_last_free_area` and
`(end_block + 1) >> 2` into the hint, then the `gc_last_used_block` update at `offset=32`):
exactly `SITES` = 1; its two multi-block search starts (the hint load followed by the
`gc_alloc_table_byte_len` test, the table load and `n_free = 0`): exactly `SEARCHES` = 2; the
functions lowering the hint after a free (`block / 4 < hint`): exactly `FREERS` = 2 (`gc_free`,
`gc_realloc`); the hint-reset loop of `gc_collect_end` and gc_alloc's
`gc_alloc_amount += n_blocks`: exactly 1 each. Area fields (with
`MICROPY_GC_SPLIT_HEAP`): `gc_alloc_table_start` at 4, `gc_alloc_table_byte_len` at 8,
`gc_last_free_atb_index` at 28.

Test: `tests/sandbox/test_patch_alloc_hint.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

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
ATB = 4  # offsetof(mp_state_mem_area_t, gc_alloc_table_start)
ATB_LEN = 8  # offsetof(mp_state_mem_area_t, gc_alloc_table_byte_len)
PAIR_AREA = "$mpk_pair_area"
PAIR_BLOCK = "$mpk_pair_block"
STAMP = "$mpk_pair_amount"
SKIP_FROM = "$mpk_skip_from"
SKIP_TO = "$mpk_skip_to"
SKIP_LEN = "$mpk_skip_len"
FIT_AREA = "$mpk_fit_area"
FIT_START = "$mpk_fit_start"
FIT_SET = "$mpk_fit_set"
# The size memos: one per class of request sizes (`n` blocks up to the bound, the last class
# unbounded), each (area, block, len): "in area, every free run that starts below block is shorter
# than len blocks".
CLASSES = (4, 32, None)
SLOTS = [(f"$mpk_fit{k}_area", f"$mpk_fit{k}_block", f"$mpk_fit{k}_len") for k in range(len(CLASSES))]
GLOBALS = " ".join(f"(global {g} (mut i32) (i32.const 0))" for g in (
    PAIR_AREA, PAIR_BLOCK, STAMP, SKIP_FROM, SKIP_TO, SKIP_LEN, *(x for slot in SLOTS for x in slot)))
# `MP_STATE_MEM(gc_alloc_amount) += n_blocks` (MICROPY_GC_ALLOC_THRESHOLD) in gc_alloc's tail.
AMOUNT = re.compile(r"\(i32\.store offset=(?P<o>\d+) \(i32\.const (?P<c>\d+)\) \(i32\.add \(i32\.load offset=(?P=o) "
                    r"\(i32\.const (?P=c)\)\) \(local\.get \$(?P<n>\d+)\)\)\)")
GLOBAL_LINE = re.compile(r"(?m)^ \(global \$\S+ (?:\(mut i32\)|i32) \(i32\.const -?\d+\)\)$")
# The multi-block search's per-area start: `i = area->gc_last_free_atb_index` followed by the
# `i < gc_alloc_table_byte_len` test, `atb = area->gc_alloc_table_start` and `n_free = 0`.
SEARCH_START = re.compile(
    r"\(i32\.load offset=28 \(local\.get \$(?P<a>\d+)\)\)(?=\) \(local\.tee \$\d+ \(i32\.load offset=8 "
    r"\(local\.get \$(?P=a)\)\)\)\)\) \(local\.set \$\d+ \(i32\.load offset=4 \(local\.get \$(?P=a)\)\)\) "
    r"\(local\.set \$\d+ \(i32\.const 0\)\))")
SEARCHES = 2  # before and after the collection that a failed search triggers
# `if (block / BLOCKS_PER_ATB < area->gc_last_free_atb_index) area->gc_last_free_atb_index = ...`
# in the functions that free blocks outside a collection (gc_free, gc_realloc).
LOWERS_HINT = re.compile(
    r"\(i32\.(?:ge_u|lt_u) \(local\.tee \$\d+ \(i32\.shr_u \(local\.get \$\d+\) \(i32\.const [26]\)\)\) "
    r"\(i32\.load offset=28 \(local\.get \$(?P<a>\d+)\)\)\)\)")
FREERS = 2
# gc_collect_end: `for (area ...) area->gc_last_free_atb_index = 0;` after the sweep.
RESET = re.compile(r"\(loop \$(?P<l>\w+) \(i32\.store offset=28 \(local\.get \$(?P<a>\d+)\) \(i32\.const 0\)\) "
                   r"\(br_if \$(?P=l) \(local\.tee \$(?P=a) \(i32\.load \(local\.get \$(?P=a)\)\)\)\)\)")
INVALIDATE = " ".join(f"(global.set {g} (i32.const 0))" for g in (PAIR_AREA, SKIP_FROM, *(t[0] for t in SLOTS)))
# The multi-block search's first area: `area = MP_STATE_MEM(gc_last_free_area)` right before the
# per-area loop whose start SEARCH_START matches (the one-block search's loop has no `n_free = 0`).
AREA_START = re.compile(
    r"\(local\.tee \$(?P<a>\d+) (?P<load>\(i32\.load offset=(?P<o>\d+) \(i32\.const (?P<c>\d+)\)\))\)"
    r"(?=\)+ \(loop \$\w+ \(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.ge_u \(local\.tee \$\d+ "
    r"\(i32\.load offset=28 \(local\.get \$(?P=a)\)\)\) \(local\.tee \$\d+ \(i32\.load offset=8 "
    r"\(local\.get \$(?P=a)\)\)\)\)\) \(local\.set \$\d+ \(i32\.load offset=4 \(local\.get \$(?P=a)\)\)\) "
    r"\(local\.set \$\d+ \(i32\.const 0\)\))")


def _fit_area(amount: str) -> str:
    """`$mpk_fit_area(start, n)`: the area where a search for `n` blocks that starts at `start`
    (`gc_last_free_area`) can begin. The skip memo says "a search from SKIP_FROM for SKIP_LEN or
    more blocks finds no run before area SKIP_TO"; it is used only while the stamp is current and
    SKIP_TO is reached from `start` along `next` (so a stale memo never leads outside the areas)."""
    return (f" (func {FIT_AREA} (param $0 i32) (param $1 i32) (result i32) (local $2 i32) "
            f"(if (i32.and (i32.and (i32.eq (global.get {SKIP_FROM}) (local.get $0)) "
            f"(i32.ne (local.get $0) (i32.const 0))) (i32.and (i32.ge_u (local.get $1) (global.get {SKIP_LEN})) "
            f"(i32.eq (global.get {STAMP}) {amount}))) "
            f"(then (local.set $2 (local.get $0)) (block $mpk_fit_done (loop $mpk_fit_walk "
            f"(br_if $mpk_fit_done (i32.eqz (local.get $2))) "
            f"(if (i32.eq (local.get $2) (global.get {SKIP_TO})) (then (return (local.get $2)))) "
            f"(local.set $2 (i32.load (local.get $2))) (br $mpk_fit_walk))))) (local.get $0))\n")


def _walk(area: str, cursor: str, limit: str, after: str, tag: str) -> str:
    """Set `area`'s hint to its first free block in [hint, `limit`), or to `after` if none."""
    b = f"(local.get ${cursor})"
    kind = (f"(i32.and (i32.shr_u (i32.load8_u (i32.add (i32.load offset={ATB} (local.get ${area})) "
            f"(i32.shr_u {b} (i32.const 2)))) (i32.and (i32.shl {b} (i32.const 1)) (i32.const 6))) (i32.const 3))")
    return (f"(local.set ${cursor} (i32.shl (i32.load offset={HINT} (local.get ${area})) (i32.const 2))) "
            f"(block $mpk_hint_done{tag} (loop $mpk_hint_walk{tag} "
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
    def use(slot):
        a, b, ln = slot
        return (f"(if (i32.and (i32.eq (global.get {a}) (local.get $0)) (i32.ge_u (local.get $1) (global.get {ln}))) "
                f"(then (local.set $3 (i32.shr_u (global.get {b}) (i32.const 2)))))")

    def put(slot):
        a, b, ln = slot
        return f"(global.set {a} (local.get $0)) (global.set {b} (local.get $2)) (global.set {ln} (local.get $1))"
    return (f" (func {FIT_START} (param $0 i32) (param $1 i32) (param $2 i32) (result i32) (local $3 i32) "
            f"(if (i32.eq (global.get {STAMP}) {amount}) (then {_by_class('(local.get $1)', use)})) "
            f"(select (local.get $3) (local.get $2) (i32.gt_u (local.get $3) (local.get $2))))\n"
            f" (func {FIT_SET} (param $0 i32) (param $1 i32) (param $2 i32) {_by_class('(local.get $1)', put)})\n")


def _valid(area: str, amount: str) -> str:
    """The pair bound applies to `area`'s memory as it is now: same area, and the stamp equal to
    the allocation count (every allocation carries it forward; a restored memory fails this)."""
    return f"(i32.and (i32.eq (global.get {PAIR_AREA}) {area}) (i32.eq (global.get {STAMP}) {amount}))"


def _pairs(m: re.Match, cursor: str) -> str:
    """Advance PAIR_BLOCK in the found area past every block without a free right neighbour."""
    area, start, end = (m.group(k) for k in ("area", "start", "end"))
    c = f"(local.get ${cursor})"

    def free(block: str) -> str:
        return (f"(i32.eqz (i32.and (i32.shr_u (i32.load8_u (i32.add (i32.load offset={ATB} (local.get ${area})) "
                f"(i32.shr_u {block} (i32.const 2)))) (i32.and (i32.shl {block} (i32.const 1)) (i32.const 6))) "
                f"(i32.const 3)))")
    return (f"(if (i32.eq (global.get {PAIR_AREA}) (local.get ${area})) "
            f"(then (local.set ${cursor} (i32.sub (global.get {PAIR_BLOCK}) (i32.const 1)))) "
            f"(else (global.set {PAIR_AREA} (local.get ${area})) "
            f"(local.set ${cursor} (i32.shl (i32.load offset={HINT} (local.get ${area})) (i32.const 2))))) "
            f"(block $mpk_pair_done (loop $mpk_pair_walk "
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
            # The skip memo: kept when this search used it and found its run in SKIP_TO (what it
            # says still holds, for SKIP_LEN); else "from this start, no run of n before this area".
            f"(if (i32.eqz (i32.and (i32.and (i32.eq (global.get {SKIP_FROM}) {s}) "
            f"(i32.eq (global.get {SKIP_TO}) (local.get ${area}))) (i32.ge_u (local.get ${nblocks}) "
            f"(global.get {SKIP_LEN})))) (then (global.set {SKIP_FROM} {s}) "
            f"(global.set {SKIP_TO} (local.get ${area})) (global.set {SKIP_LEN} (local.get ${nblocks})))) "
            f"(call {FIT_SET} (local.get ${area}) (local.get ${nblocks}) (i32.add (local.get ${end}) (i32.const 1))) "
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
    head = f" (local ${cursor} i32) (local ${other} i32)"
    body = body[:last.end()] + head + body[last.end():]
    body, n = AREA_START.subn(lambda a: f"(local.tee ${a.group('a')} (call {FIT_AREA} {a.group('load')} "
                                        f"(local.get ${nblocks})))", body)
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
    freers = [k for k, c in enumerate(chunks)
              if k != i and c.startswith(" (func ") and LOWERS_HINT.search(normalise(c))]
    if len(freers) != FREERS:
        raise FetchError(f"alloc hint patch: expected {FREERS} functions lowering the hint, found {len(freers)}")
    for k in freers:
        chunks[k] = _at_entry(normalise(chunks[k]), INVALIDATE)
    resets = [(k, normalise(c)) for k, c in enumerate(chunks) if c.startswith(" (func ") and "(i32.const 0)" in c]
    resets = [(k, f, r) for k, f in resets for r in RESET.finditer(f)]
    if len(resets) != 1:
        raise FetchError(f"alloc hint patch: expected 1 collection-end hint reset, found {len(resets)}")
    k, f, r = resets[0]
    chunks[k] = f[:r.start()] + INVALIDATE + " " + f[r.start():]
    globals_at = list(GLOBAL_LINE.finditer(chunks[0]))
    if not globals_at or PAIR_AREA in wat:
        raise FetchError("alloc hint patch: expected i32 globals, and names not yet in use")
    end = globals_at[-1].end()  # after the module's own globals: their indices stay as they are
    chunks[0] = chunks[0][:end] + "\n " + GLOBALS + chunks[0][end:] + _fit_area(amount) + _fit_memos(amount)
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


def _at_entry(flat: str, code: str) -> str:
    """One function's text (normalised) with `code` as its first statement."""
    head = re.match(r" \(func \$\w+(?: \((?:type|param|result|local) [^()]*\))*", flat)
    return flat[:head.end()] + " " + code + flat[head.end():]
