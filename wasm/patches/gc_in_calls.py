"""gc in calls: garbage is collected when an allocation needs room, also in the middle of a call.

In MicroPython's terms (v1.29.0, `ports/webassembly/main.c` with `MICROPY_GC_SPLIT_HEAP_AUTO`):
`gc_collect()` only set `gc_collect_pending`, and `gc_collect_top_level()` collected when the
external call depth returned to 0, because the collector cannot see pointers held in wasm locals.
A cell's garbage piled up until it ended. The patch makes `gc_collect()` collect at once, with
the Python stack (`gc_collect_start`, `py/gc.c`) and the shadow stack from the stack pointer to
`MP_STATE_THREAD(stack_top)` (+32 bytes for the outermost frame) as roots, whenever the
soundness condition below holds; otherwise it sets the pending flag as before.

Why the roots are complete — every heap pointer a suspended frame will use again is in scanned
memory:

- the pipeline runs `wasm-opt --flatten --spill-pointers` on the patched module (`AFTER_ASSEMBLE`,
  before the shim merge): after `--flatten` no value waits on the operand stack across a call,
  and SpillPointers stores every i32 local live across a call into the function's shadow-stack
  frame just before the call. The shim's `invoke_*` wrappers, merged later, only pass their
  arguments on to the callee;
- only calls that may reach a collection are spilled around: `gc_calls.py` reads the call graph
  from the text (indirect calls, imports and unknown names count as collecting) and hides every
  direct call of a function that never collects from SpillPointers (1,081 of 1,501 functions may
  collect; 2,028 of 6,041 direct calls are hidden). A suspended frame is always inside a
  collecting call, so its locals are in its frame;
- `spill_reuse.py` (`rewrite_assembled`, on the spilled text) drops spill stores that write the
  value the slot already holds on every path or a value the collector never marks, and stores
  loop-invariant locals once before the loop instead of at every call inside it; a frame left
  without stores is not allocated, and one that only some paths need is allocated on those paths,
  before their first store: at every collecting call the frame is allocated and still holds the
  current value of every local live across it;
- i64 values are not spilled. `i64_liveness.py` finds every function that may hold one across a
  collecting call (7 of 1,501 in `micropython.wasm`; 34 across any call); each counts its
  activations in the global
  `mpk_gc_guard` (+1 on entry, -1 on each return), and `gc_collect()` collects only when the guard
  is 0. An exception unwinding through such a function skips its decrement, so `nlr_push_tail`
  (`py/nlr.c`) stores the guard in the `nlr_buf_t`'s `ret_val` word (unused until a jump) and
  `nlr_jump` (`py/nlrsetjmp.c`) restores it from there before writing the exception: after the
  jump exactly the frames active at the push remain. `external_call_depth_inc` resets it to 0 when
  a call from the host starts at depth 0 (nothing below; after a trap the host restores memory);
- the analyses above read the module at this patch's place in the order; the pipeline re-runs
  them on the text with every patch applied (`check_patched`, `spill_check.py`): a later patch
  that makes a hidden call's callee collect, or holds an i64 across a collecting call in an
  unguarded function, fails the build naming the function and the call;
- f32/f64 values never hold pointers; globals hold none (only the stack pointer); the host holds
  guest objects only through the proxy table, a GC root.

This is the same assumption MicroPython makes on every native port (a pointer to an object's first
block is in a register or on the stack while the object is in use), with wasm locals made visible.
Also `MP_STATE_MEM(gc_alloc_threshold)`, which `mp_js_init` set to 16 KiB so that the deferred
collection ran at every top-level return, is left at `gc_init`'s "never" (collect when the heap is
full); a collection the guard defers sets it to 0, so that the next allocation (`gc_alloc` checks
it first) tries again, and the next collection sets it back to "never" (a program's own
`gc.threshold(0)` is reset likewise). Without the retry, code that allocates mostly inside guarded
functions (a big-integer sum: `t += i * i`) found the heap full inside one of them nearly every
time, so each full heap was grown instead of collected, up to the memory limit. And a heap that
fills while the guard defers its collection gets a 1 MiB area (or one just large enough for the
object), not `gc_try_add_heap`'s doubling: the retry collects soon after, so a doubled area would
only hold garbage (this sum: 66.6 MiB of memory with doubling at each deferral, 16.2 MiB now).
The heap's growth policy, run after every collection (`$mpk_gc_grow`): the free blocks are
counted from the allocation tables (16 two-bit entries per word: 0.2 M fuel for 8 MiB, where
`gc_info`'s block-by-block walk cost 40 M), and when less than half the heap is free (the live data
is over half: a GOGC-like target of heap = 2 × live) an area is added with `gc_try_add_heap`: as
large as the heap (doubling), else (heap_areas' retry) half of it or an eighth, so that a heap
full of live data near the memory limit still leaves room for later small runs instead of
collecting in each of them (no smaller area: each would buy one more collection of the whole live
heap where a `MemoryError` is due). That growth is optional: while it runs the exported global
`mpk_gc_optional` is 1 and the host refuses a memory growth over the limit without counting it as
the program running out of memory (`hostimports.py`); the increments of the external call depth
reset it (a trap inside it). After adding an area, the search starts in it. Emptied areas are
still freed by the sweep (the next collection's policy adds one back when the heap is over half
live).

Sites, by shape: `gc_collect` (the one function that only stores 1 into the byte that
`gc_collect_top_level` tests and clears before `gc_collect_start`/`gc_collect_root`/
`gc_collect_end`), the store of 1024 into the threshold in `mp_js_init`, the four increments of
the external call depth word, `nlr_push_tail` and `nlr_jump` (the functions that link an
`nlr_buf_t` into, and unlink it from, `MP_STATE_THREAD(nlr_top)` with its pystack word at offset
164): exactly `SITES` = 8. Plus the guard around every function `i64_liveness` reports, and the
stack-pointer global named `__stack_pointer` for SpillPointers, and (in `gc_try_add_heap`) heap_areas'
`malloc(to_alloc)` whose size is made small while the guard defers a collection.

Test: `tests/sandbox/test_patch_gc_in_calls.py`.

Applied (`PATCHES`); the guest has the larger C stack the spill frames need
(`mpwasm_kernel/sandbox/wasm/cstack.py`: a plain Python call uses ~384 bytes of shadow stack
instead of ~208, `__repr__` recursion ~1,040 instead of ~545: 2 MiB and 600 bytes per
recursion-limit unit).
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches import spill_check
from wasm.patches.base import Target, expression_end, normalise, split_functions
from wasm.patches.gc_calls import FEATURES, collecting, hide_non_collecting_calls
from wasm.patches.i64_liveness import functions_holding_i64
from wasm.patches.spill_reuse import remove_redundant_spills

NAME = "gc_in_calls"
SITES = 8
TEST = "tests/sandbox/test_patch_gc_in_calls.py::test_garbage_is_reclaimed_during_a_cell"
# `wasm-as` keeps names (SpillPointers finds the stack pointer by name); then these passes run.
ASSEMBLE_FLAGS = ["-g", *FEATURES]
# --flatten, then the local clean-up Binaryen's Asyncify runs on flat code (it keeps the code flat:
# no value waits on the operand stack across a call) so that the spill area, one word per i32
# local, stays small, then the spill (around the calls that may collect: `gc_calls` hid the others
# as `call_ref`), then `--optimize-instructions` turns the hidden calls back into direct calls.
AFTER_ASSEMBLE = [*FEATURES, "--flatten", "--dce", "--remove-unused-names", "--simplify-locals-nonesting",
                  "--reorder-locals", "--coalesce-locals", "--simplify-locals-nonesting", "--reorder-locals",
                  "--merge-blocks", "--spill-pointers", "--optimize-instructions"]


def rewrite_assembled(wat: str) -> str:
    """The spilled module's text without spill stores that rewrite what their slot holds
    (`spill_reuse`: loop-invariant spills hoisted, redundant ones removed)."""
    return remove_redundant_spills(wat)[0]


def check_patched(wat: str) -> None:
    """`FetchError` unless the module text with every patch applied (also those after this one)
    still has only hidden calls of functions that never collect and guards every function that
    may hold an i64 across a collecting call (`spill_check`: the pipeline runs this)."""
    spill_check.check(wat, GUARD)


GUARD = "$mpk_gc_guard"
OPTIONAL = "$mpk_gc_optional"  # 1 while the policy grows the heap: the host may refuse without counting
GROW = "$mpk_gc_grow"
BLOCK_SHIFT = 4  # 16-byte GC blocks (MICROPY_BYTES_PER_GC_BLOCK on wasm32)
GROW_BELOW_SHIFT = 1  # grow when less than total >> 1 (half the heap) is free after a collection
# gc_try_add_heap(heap >> k) for k in order until one succeeds: it first asks for an area as large as
# the heap, then (heap_areas' retry) for one just large enough for heap >> k bytes. No smaller area:
# near the memory limit each one would buy one more collection of the whole live heap (a 64th:
# 64 collections per heap allocated), where a MemoryError is due.
GROW_TRIES = (1, 3)
DEPTH_INCREMENTS = 4
DEFERRED_AREA = 1 << 20  # bytes: the area added when the guard defers a collection (see `apply`)
OUTER_FRAME_BYTES = 32  # scanned above stack_top: the outermost frame's words above that address

_TOP_LEVEL = re.compile(
    r"\(i32\.store8 offset=(\d+) \(i32\.const 0\) \(i32\.const 0\)\) \(call \$(\w+)\) "
    r"\(call \$(\w+) \(i32\.add \(local\.get \$\d+\) \(i32\.const \d+\)\) \(i32\.const 1\)\) \(call \$(\w+)\)")
_STACK_TOP = re.compile(r"\(i32\.store offset=(\d+) \(i32\.const 0\) \(i32\.add \(i32\.sub \(local\.get \$1\) "
                        r"\(i32\.const 16\)\) \(i32\.const 12\)\)\)")
_PUSH_TAIL = re.compile(
    r"\(func \$\w+ \(param \$0 i32\) \(result i32\) \(i32\.store \(local\.get \$0\) \(i32\.load offset=(\d+) "
    r"\(i32\.const (\d+)\)\)\) \(i32\.store offset=164 \(local\.get \$0\) "
    r"\(i32\.load offset=\d+ \(i32\.const \d+\)\)\) "
    r"\(i32\.store offset=\1 \(i32\.const \2\) \(local\.get \$0\)\) \(i32\.const 0\)\)")
_JUMP_SITE = "(i32.store offset=4 (local.get $1) (local.get $0))"


def _one(found: list, what: str) -> str:
    if len(found) != 1:
        raise FetchError(f"gc in calls patch: expected one {what}, found {len(found)}")
    return found[0]


def _guarded(chunk: str) -> str:
    """`chunk` (one function) counting its activations in GUARD: +1 on entry, -1 on every return."""
    flat = normalise(chunk).rstrip()
    head = re.match(r" \(func \$\w+(?: \(param \$\w+ \w+\))*(?: \(result (\w+)\))?(?: \(local \$\w+ \w+\))*",
                    flat)
    if head is None or not flat.endswith(")"):
        raise FetchError(f"gc in calls patch: unexpected function layout: {flat[:80]}")
    result = head.group(1)
    body = re.sub(r"\(return\b", "(br $mpk_gc_exit", flat[head.end():-1])
    enter = f"(global.set {GUARD} (i32.add (global.get {GUARD}) (i32.const 1)))"
    if result is None:
        new = f"{enter} (block $mpk_gc_exit {body}) (global.set {GUARD} (i32.sub (global.get {GUARD}) (i32.const 1)))"
    else:
        new = f"{enter} (call $mpk_gc_leave_{result} (block $mpk_gc_exit (result {result}) {body}))"
    return f"{flat[:head.end()]} {new})\n"


def _grow(first_area: int, last_free: tuple[str, str], add: str) -> str:
    """`$mpk_gc_grow`, run after every in-call collection: counts the free blocks of every area
    (2-bit ATB entries, 16 at a time), and when less than `GROW_BELOW` of the heap is free adds
    an area as large as the heap (the doubling policy; half of it if that does not fit), else one
    of an eighth of it, with OPTIONAL set so that the host does not count a refused
    memory growth as the program running out of memory. After adding an area the search starts
    in it (MP_STATE_MEM(gc_last_free_area)): the old areas' holes wait for the next collection."""
    used = "(i32.popcnt (i32.and (i32.or (local.get $w) (i32.shr_u (local.get $w) (i32.const 1))) " \
           "(i32.const 1431655765)))"
    count = (f"(local.set $a (i32.const {first_area})) "
             "(loop $mpk_areas "
             "(local.set $i (i32.load offset=4 (local.get $a))) "
             "(local.set $end (i32.add (local.get $i) (i32.load offset=8 (local.get $a)))) "
             "(local.set $total (i32.add (local.get $total) "
             "(i32.shl (i32.load offset=8 (local.get $a)) (i32.const 2)))) "
             "(block $mpk_words_done (loop $mpk_words "
             "(br_if $mpk_words_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $end))) "
             "(local.set $w (i32.load align=1 (local.get $i))) "
             f"(local.set $used (i32.add (local.get $used) {used})) "
             "(local.set $i (i32.add (local.get $i) (i32.const 4))) (br $mpk_words))) "
             "(block $mpk_bytes_done (loop $mpk_bytes "
             "(br_if $mpk_bytes_done (i32.ge_u (local.get $i) (local.get $end))) "
             "(local.set $w (i32.load8_u (local.get $i))) "
             f"(local.set $used (i32.add (local.get $used) {used})) "
             "(local.set $i (i32.add (local.get $i) (i32.const 1))) (br $mpk_bytes))) "
             "(br_if $mpk_areas (local.tee $a (i32.load (local.get $a)))))")
    heap = f"(i32.shl (local.get $total) (i32.const {BLOCK_SHIFT}))"
    tries = " ".join(f"(if (i32.eqz (local.get $ok)) (then (local.set $ok (call ${add} "
                     f"(i32.shr_u {heap} (i32.const {k}))))))" for k in GROW_TRIES)
    return (f" (func {GROW} (local $a i32) (local $i i32) (local $end i32) (local $w i32) (local $used i32) "
            f"(local $total i32) (local $ok i32) {count} "
            f"(if (i32.lt_u (i32.sub (local.get $total) (local.get $used)) "
            f"(i32.shr_u (local.get $total) (i32.const {GROW_BELOW_SHIFT}))) (then "
            f"(global.set {OPTIONAL} (i32.const 1)) {tries} (global.set {OPTIONAL} (i32.const 0)) "
            f"(if (local.get $ok) (then (local.set $a (i32.const {first_area})) "
            f"(loop $mpk_last (if (i32.load (local.get $a)) (then (local.set $a (i32.load (local.get $a))) "
            f"(br $mpk_last)))) "
            f"(i32.store offset={last_free[0]} (i32.const {last_free[1]}) (local.get $a)))))))\n")


def apply(wat: str, target: Target) -> str:
    """Collect in `gc_collect` when sound (see the module); `FetchError` unless every site is exact."""
    chunks = split_functions(wat)
    norm = {i: normalise(c) for i, c in enumerate(chunks) if c.startswith(" (func ")}
    name = {i: re.match(r" \(func \$(\w+)", f).group(1) for i, f in norm.items()}
    tops = [(i, m) for i, f in norm.items() for m in [_TOP_LEVEL.search(f)] if m]
    top_i, top = tops[0] if len(tops) == 1 else (None, None)
    if top is None:
        raise FetchError(f"gc in calls patch: expected one top-level collection, found {len(tops)}")
    flag, start, root, end = top.groups()
    gcc = _one([i for i, f in norm.items() if re.fullmatch(
        rf"\(func \$\w+ \(i32\.store8 offset={flag} \(i32\.const 0\) \(i32\.const 1\)\)\)", f.strip())], "gc_collect")
    collector = {name[gcc], start, root, end}
    holding = functions_holding_i64(chunks[1:], chunks[0], collecting(wat, collector))
    depth = _one(re.findall(r"\(i32\.store offset=(\d+) \(i32\.const 0\) \(local\.tee \$\d+ \(i32\.add \(i32\.load "
                            r"offset=(?:\d+) \(i32\.const 0\)\) \(i32\.const -1\)\)\)\)", norm[top_i]),
                 "depth decrement")
    top_addr = _one([m for f in norm.values() for m in _STACK_TOP.findall(f)], "stack_top store")
    push_tail = _one([i for i, f in norm.items() if _PUSH_TAIL.fullmatch(f.strip())], "nlr_push_tail")
    jump = _one([i for i, f in norm.items()
                 if f.count(_JUMP_SITE) == 1 and "(i32.load offset=164 (local.get $1))" in f], "nlr_jump")
    init = _one([i for i, f in norm.items() if re.search(r"\(call \$\w+ \(i32\.const 32768\)\)", f)
                 and f.count("(i32.const 1024))") == 1], "threshold store in mp_js_init")
    constant = {n for i, n in name.items() if re.fullmatch(rf"\(func \${n} \(result i32\) \(i32\.const -?\d+\)\)",
                                                            norm[i].strip())}
    split = _one([n for n in constant if any(f"(i32.store offset=28 (local.get $0) (call ${n}))" in f
                                             for f in norm.values())], "gc_get_max_new_split")
    callers = [i for i, f in norm.items() if f"(call ${split})" in f]
    info = _one([i for i in callers if f"(i32.store offset=28 (local.get $0) (call ${split}))" in norm[i]], "gc_info")
    add = _one([i for i in callers if i != info], "gc_try_add_heap")
    if not re.search(r"\(global \$global\$0 \(mut i32\) \(i32\.const \d+\)\)", chunks[0]):
        raise FetchError("gc in calls patch: expected the stack pointer as the first global")

    # MP_STATE_MEM(area), the first heap area (gc_try_add_heap walks the list from it), and
    # MP_STATE_MEM(gc_last_free_area), where gc_alloc's search starts (offset 28: the area's
    # gc_last_free_atb_index). After adding an area, the search starts in it: the old areas' holes
    # (under a quarter of the heap) wait for the next collection instead of being rescanned by
    # every multi-block allocation.
    first_area = _one(sorted({int(a) + int(b) for a, b in re.findall(
        r"\(local\.set \$0 \(i32\.add \(i32\.const (\d+)\) \(i32\.const (\d+)\)\)\) \(loop ", norm[add])}),
                      "first heap area")
    last_free = _one(sorted(set(re.findall(
        r"\(local\.tee \$(?:\d+) \(i32\.load offset=(\d+) \(i32\.const (\d+)\)\)\)\)\) \(loop \$\w+ \(block \$\w+ "
        r"\(br_if \$\w+ \(i32\.ge_u \(local\.tee \$\d+ \(i32\.load offset=28 ", "".join(norm.values())))),
        "gc_last_free_area")
    sp = "(global.get $__stack_pointer)"
    hi = f"(i32.add (i32.load offset={top_addr} (i32.const 0)) (i32.const {OUTER_FRAME_BYTES}))"
    thr = re.findall(r"\(i32\.store offset=(\d+) \(i32\.const (\d+)\) \(i32\.const 1024\)\)", norm[init])
    threshold = "(i32.load offset={} (i32.const {}))".format(*_one(thr, "threshold store in mp_js_init"))
    set_threshold = "(i32.store offset={} (i32.const {}) (i32.const {{}}))".format(*thr[0])
    # A collection deferred by the guard is retried at the next allocation (threshold 0: gc_alloc
    # calls gc_collect before its search) instead of when the heap is full again, which in code
    # that allocates mostly inside guarded functions (big integers) would be never: every full
    # heap would grow it. The first collection afterwards puts "never" (-1) back.
    chunks[gcc] = (f" (func ${name[gcc]} "
                   f"(if (i32.eqz (global.get {GUARD})) (then (call ${start}) "
                   f"(call ${root} {sp} (select (i32.shr_u (i32.sub {hi} {sp}) (i32.const 2)) (i32.const 0) "
                   f"(i32.gt_u {hi} {sp}))) "
                   f"(call ${end}) (if (i32.eqz {threshold}) (then {set_threshold.format(-1)})) (call {GROW})) "
                   f"(else (i32.store8 offset={flag} (i32.const 0) (i32.const 1)) "
                   f"(if (i32.eq {threshold} (i32.const -1)) (then {set_threshold.format(0)})))))\n")
    chunks[init] = norm[init].replace("(i32.const 1024))", "(i32.const -1))")
    chunks[push_tail] = norm[push_tail].rstrip()[:-len("(i32.const 0))")] + \
        f"(i32.store offset=4 (local.get $0) (global.get {GUARD})) (i32.const 0))\n"
    chunks[jump] = norm[jump].replace(_JUMP_SITE,
                                      f"(global.set {GUARD} (i32.load offset=4 (local.get $1))) {_JUMP_SITE}")
    inc = re.compile(rf"\(i32\.store offset={depth} \(i32\.const 0\) \(i32\.add \(i32\.load offset={depth} "
                     r"\(i32\.const 0\)\) \(i32\.const 1\)\)\)")
    increments = 0
    for i, f in norm.items():
        if i != gcc and inc.search(chunks[i] if i in (init, push_tail, jump) else f):
            text = normalise(chunks[i])
            increments += len(inc.findall(text))
            chunks[i] = inc.sub(lambda m: f"(if (i32.eqz (i32.load offset={depth} (i32.const 0))) "
                                          f"(then (global.set {GUARD} (i32.const 0)) "
                                          f"(global.set {OPTIONAL} (i32.const 0)))) {m.group(0)}", text)
    if increments != DEPTH_INCREMENTS:
        raise FetchError(f"gc in calls patch: expected {DEPTH_INCREMENTS} external call depth increments, "
                         f"found {increments}")
    for i in norm:
        if name[i] in holding and i != gcc:
            chunks[i] = _guarded(chunks[i])
    # A heap that fills while the guard defers its collection gets a small area (DEFERRED_AREA, or
    # the object if larger) instead of gc_try_add_heap's doubling: the retry collects at the next
    # allocation outside the guarded functions, so a large area would only hold garbage. Site:
    # heap_areas' `malloc(to_alloc)` with its retry test `to_alloc == needed` after it.
    sized = re.findall(r"\(call \$\w+ \(local\.tee \$0 \(select \(local\.get \$\d+\) ", norm[add])
    needs = re.findall(r"\(i32\.eq \(local\.get \$0\) \(local\.get \$(\d+)\)\)\)", norm[add])
    if len(sized) != 1 or len(needs) != 1:
        raise FetchError(f"gc in calls patch: expected heap_areas' malloc(to_alloc) in gc_try_add_heap, found "
                         f"{len(sized)} (and {len(needs)} retry tests)")
    at = norm[add].index(sized[0]) + sized[0].index("(select ")
    stop = expression_end(norm[add], at)
    need = f"(local.get ${needs[0]})"
    small = f"(select {need} (i32.const {DEFERRED_AREA}) (i32.gt_u {need} (i32.const {DEFERRED_AREA})))"
    chunks[add] = (norm[add][:at] + f"(select {small} {norm[add][at:stop]} (global.get {GUARD}))"
                   + norm[add][stop:])
    helpers = _grow(first_area, last_free, name[add])
    helpers += "".join(f" (func $mpk_gc_leave_{t} (param $0 {t}) (result {t}) (global.set {GUARD} (i32.sub "
                      f"(global.get {GUARD}) (i32.const 1))) (local.get $0))\n" for t in ("i32", "i64", "f32", "f64"))
    chunks[0] = re.sub(r"\$global\$0\b", "$__stack_pointer", chunks[0]) + \
        f" (global {GUARD} (mut i32) (i32.const 0))\n (export \"mpk_gc_guard\" (global {GUARD}))\n" + \
        f" (global {OPTIONAL} (mut i32) (i32.const 0))\n (export \"mpk_gc_optional\" (global {OPTIONAL}))\n" + helpers
    wat = re.sub(r"\$global\$0\b", "$__stack_pointer", "".join(chunks))
    return hide_non_collecting_calls(wat, collector)[0]
