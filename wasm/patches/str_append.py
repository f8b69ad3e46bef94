"""str append: `s + t` writes `t` into spare room after `s` when no other string has used it.

In MicroPython's terms (v1.29.0, `py/objstr.c`): `mp_obj_str_binary_op`'s `MP_BINARY_OP_ADD` /
`MP_BINARY_OP_INPLACE_ADD` case makes a vstr of `lhs_len + rhs_len` bytes, copies both operands
into it and makes the str from it (`mp_obj_new_str_type_from_vstr`), so `s += str(i)` copies the
whole string at every step: 10**5 steps copy 2.4·10**10 bytes (CPython appends in place when the
string's reference count is 1; MicroPython has no reference counts).

For `str` operands (the type exactly `mp_type_str`; bytes and subclasses take upstream's path)
the case now calls `$mpk_str_concat(type, lhs_data, lhs_len, rhs_data, rhs_len)`, which makes a
new str object (as upstream: hash 0 = "not computed", as `lazy_str_hash` stores it) whose data is
either

- the lhs's own data block, when that block has room past `lhs_len` and no string has used that
  room yet: `rhs` is copied there (then the terminating 0) and the new object shares the block; or
- a new block holding both operands; if the lhs was the newest string of a block with room
  (a string being built by appending), the new block gets half as much room again
  (`n + n/2 + 1` bytes, rounded up to the 16-byte allocation unit), else it is `n + 1` rounded up.

Which blocks have room, and how much of it is used, is never read from the heap (string content
could forge it): it is kept in wasm globals, four entries of (data pointer, used length,
capacity) — a probation entry for the newest block and three for blocks that were appended to
(round robin) — so strings built alternately (`a += x; b += y`) keep their room, and pieces made
by `str(i) + ','` do not push a growing string out. An entry is used only when `lhs_data` is its
pointer and `lhs_len` its used length: then the lhs is exactly the text of the block so far (every
string sharing a block is a prefix of it, and bytes before the used length are never written
again), so older strings sharing the block keep their value, length and hash; each later `x + t`
of an older, shorter string copies as upstream does. An entry is dropped whenever its block may be
freed or reused: on entry to `gc_free` and `gc_realloc` when they are given its pointer (both
sites found by `base.hook_frees`), in `gc_collect_end` after the sweep when the block is no longer an
allocation's head in the allocation table of the area holding it (`$mpk_room_swept`, given the
first area by the loop that resets the areas' search hints there: a collection neither allocates
nor moves, so a head that survived is the same allocation), and from the host after any restore
of linear memory through the export `mpk_forget_str_room` (`EmscriptenInstance.after_restore`;
the globals are not in linear memory). The collector keeps a
shared block alive: every string sharing it points at its first byte (a block head).

An older string's byte after its last one is then the next string's text, not 0. Upstream
terminates every str's data with 0 "for compatibility with C ASCIIZ strings", and the one reader
that relies on it is `mp_obj_str_get_str` (`py/objstr.c`: `struct` formats, `re` patterns, file
names, `array` type codes, `json` separators): for a heap str whose byte at `len` is not 0 it now
returns a 0-terminated copy (`$mpk_str_cstr`), which lives as long as the C caller holds it (a
conservative root). Every other reader takes the length (`GET_STR_DATA_LEN`,
`mp_obj_str_get_data`, the buffer protocol). One caller uses `mp_obj_str_get_str`'s pointer as
the base of offsets, not for its 0: `match_span_helper` (`extmod/modre.c`, `match.span()`,
`start()`, `end()` under `MICROPY_PY_RE_MATCH_SPAN_START_END`), which this build does not compile
(the native match object has only `group`; `import re` is the guest's own module); a build with
it would need that caller to read `o->data` (the test checks the native match object).

The larger allocation is optional: it is made with `gc_alloc` directly (under `vstr_growth`'s
`mpk_vstr_optional` flag when that patch is in, so a host refusal over the memory limit does not
count as running out of memory) and, when refused, the exact size is allocated as upstream does.

Sites, by shape, in normalised Binaryen text:

1. the add case: `vstr_init_len(sp + V, load(sp + L) + rl)`, the two guarded `memory.copy`s into
   `vstr.buf`, `r = from_vstr(type, sp + V)` (exactly one in the module); `m_malloc` is the call
   in `vstr_init_len`, `gc_alloc` the call `(n, 0)` in `m_malloc`, the object allocator the call
   `(16, type)` in `from_vstr`;
2. `mp_obj_str_get_str`: the one-parameter function whose heap path, after checking that the
   type's `binary_op` slot is `mp_obj_str_binary_op`'s table index, loads `o->data` (offset 12)
   and otherwise raises (exactly one);
3. the freeing functions (`base.FREERS` = 2) and the collection end's loop over the areas
   (exactly 1). Area fields: see `ATB`, `POOL_START`, `POOL_END` (the ones `gc_free` reads).

Test: `tests/sandbox/test_patch_str_append.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, add_to_header, hook_frees, normalise, split_functions

NAME = "str_append"
SITES = 2
TEST = "tests/sandbox/test_patch_str_append.py::test_appending_takes_linear_fuel"
CONCAT, CSTR, SWEPT = "$mpk_str_concat", "$mpk_str_cstr", "$mpk_room_swept"
# mp_state_mem_area_t (with MICROPY_GC_SPLIT_HEAP; as gc_free reads them): `next` at 0, the
# allocation table at 4, the pool's first and end addresses at 20 and 24; 16-byte blocks, 2 table
# bits a block, 1 = the head of an allocation (after a sweep: marks are heads again, the rest free).
ATB, POOL_START, POOL_END = 4, 20, 24
SLOTS = 4  # entry 0: probation (the newest block); 1..3: blocks appended to, replaced round robin
MAIN = SLOTS - 1
PTR, USED, CAP = ([f"$mpk_room{k}_{what}" for k in range(SLOTS)] for what in ("ptr", "used", "cap"))
NEXT = "$mpk_room_next"  # the main entry (0..MAIN-1) replaced next
OPTIONAL = "$mpk_vstr_optional"  # vstr_growth's flag, when that patch is in
EXACT_ABOVE = 0x3FFFFFFF  # longer results get exactly n + 1 bytes (no room; no overflow of n + n/2)
GLOBALS = " ".join(f"(global {g} (mut i32) (i32.const 0))" for g in (*PTR, *USED, *CAP, NEXT))
FORGET = " ".join(f"(global.set {p} (i32.const 0))" for p in PTR)
DROP = " ".join(f"(if (i32.eq (global.get {p}) (local.get $0)) (then (global.set {p} (i32.const 0))))"
                for p in PTR)
EXPORT = '(export "mpk_forget_str_room" (func $mpk_forget_str_room))'
FORGET_FUNC = f" (func $mpk_forget_str_room {FORGET})\n"

# Site 1 (`f` the frame, `V` the vstr, `L` lhs_len's slot, `rl`/`rd`/`ld` locals, `ty` lhs_type).
ADD = re.compile(
    r"\(call \$(?P<vinit>\w+) \(i32\.add \(local\.get \$(?P<f>\d+)\) \(i32\.const (?P<v>\d+)\)\) "
    r"\(i32\.add \(i32\.load offset=(?P<ll>\d+) \(local\.get \$(?P=f)\)\) \(local\.get \$(?P<rl>\d+)\)\)\) "
    r"\(block \$(?P<b1>\w+) \(br_if \$(?P=b1) \(i32\.eqz \(local\.tee \$(?P<t>\d+) \(i32\.load offset=(?P=ll) "
    r"\(local\.get \$(?P=f)\)\)\)\)\) \(memory\.copy \(i32\.load offset=(?P<buf>\d+) \(local\.get \$(?P=f)\)\) "
    r"\(local\.get \$(?P<ld>\d+)\) \(local\.get \$(?P=t)\)\)\) "
    r"\(block \$(?P<b2>\w+) \(br_if \$(?P=b2) \(i32\.eqz \(local\.get \$(?P=rl)\)\)\) \(memory\.copy "
    r"\(i32\.add \(i32\.load offset=(?P=buf) \(local\.get \$(?P=f)\)\) \(i32\.load offset=(?P=ll) "
    r"\(local\.get \$(?P=f)\)\)\) \(local\.get \$(?P<rd>\d+)\) \(local\.get \$(?P=rl)\)\)\) "
    r"\(local\.set \$(?P<r>\d+) \(call \$(?P<fv>\w+) \(local\.get \$(?P<ty>\d+)\) \(i32\.add \(local\.get \$(?P=f)\) "
    r"\(i32\.const (?P=v)\)\)\)\)")
# Site 2: mp_obj_str_get_str's heap path: `binary_op == mp_obj_str_binary_op`, then `o->data`.
GET_STR = re.compile(
    r"\(br_if \$(?P<b>\w+) \(i32\.ne \(i32\.load \(i32\.add \(i32\.add \(local\.get \$\d+\) \(i32\.shl "
    r"\(local\.get \$\d+\) \(i32\.const 2\)\)\) \(i32\.const 16\)\)\) \(i32\.const \d+\)\)\) "
    r"(?P<load>\(local\.set \$0 \(i32\.load offset=12 \(local\.get \$0\)\)\)) \(br \$\w+\)\) "
    r"\(call \$\w+ \(local\.get \$0\)\) \(unreachable\)")
ONE_PARAM = re.compile(r" \(func \$\w+ \(param \$0 i32\) \(result i32\)")


def _set(k: int, ptr: str, used: str, cap: str) -> str:
    return f"(global.set {PTR[k]} {ptr}) (global.set {USED[k]} {used}) (global.set {CAP[k]} {cap})"


def _concat(obj_alloc: str, gc_alloc: str, malloc: str, optional: bool) -> str:
    """`$mpk_str_concat(type, ld, ll, rd, rl) -> str`: the new str `ld[:ll] + rd[:rl]` (see the module doc)."""
    n, d, cap, slot = "(local.get $6)", "(local.get $7)", "(local.get $8)", "(local.get $9)"
    find = " ".join(
        f"(if (i32.and (i32.eq (global.get {PTR[k]}) (local.get $1)) (i32.eq (global.get {USED[k]}) (local.get $2))) "
        f"(then (local.set $9 (i32.const {k + 1})) (local.set $8 (global.get {CAP[k]}))))" for k in range(SLOTS))
    flag = (lambda v: f"(global.set {OPTIONAL} (i32.const {v}))") if optional else (lambda v: "")
    new_block = (
        f"(if (i32.and (i32.ne {slot} (i32.const 0)) (i32.le_u {n} (i32.const {EXACT_ABOVE}))) "
        f"(then (local.set $8 (i32.and (i32.add (i32.add {n} (i32.shr_u {n} (i32.const 1))) (i32.const 16)) "
        f"(i32.const -16)))) "
        f"(else (local.set $8 (i32.and (i32.add {n} (i32.const 16)) (i32.const -16))))) "
        f"(if (i32.gt_u {n} (i32.const {EXACT_ABOVE})) (then (local.set $8 (i32.add {n} (i32.const 1))))) "
        f"{flag(1)} (local.set $7 (call ${gc_alloc} {cap} (i32.const 0))) {flag(0)} "
        f"(if (i32.eqz {d}) (then (local.set $8 (i32.add {n} (i32.const 1))) (local.set $7 (call ${malloc} {cap})))) "
        f"(memory.copy {d} (local.get $1) (local.get $2)) "
        f"(memory.copy (i32.add {d} (local.get $2)) (local.get $3) (local.get $4)) "
        f"(i32.store8 (i32.add {d} {n}) (i32.const 0))")
    in_place = (
        "(memory.copy (i32.add (local.get $1) (local.get $2)) (local.get $3) (local.get $4)) "
        f"(i32.store8 (i32.add (local.get $1) {n}) (i32.const 0)) (local.set $7 (local.get $1))")
    promote = " ".join(f"(if (i32.eq (global.get {NEXT}) (i32.const {k})) (then {_set(k + 1, d, n, cap)}))"
                       for k in range(MAIN))
    keep = " ".join(f"(if (i32.eq {slot} (i32.const {k + 2})) (then {_set(k + 1, d, n, cap)}))" for k in range(MAIN))
    register = (
        f"(if (i32.eqz {slot}) (then {_set(0, d, n, cap)}) "
        f"(else (if (i32.eq {slot} (i32.const 1)) "
        f"(then {promote} (global.set {PTR[0]} (i32.const 0)) "
        f"(global.set {NEXT} (i32.rem_u (i32.add (global.get {NEXT}) (i32.const 1)) (i32.const {MAIN})))) "
        f"(else {keep}))))")
    return (
        f" (func {CONCAT} (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) "
        "(result i32) (local $5 i32) (local $6 i32) (local $7 i32) (local $8 i32) (local $9 i32) "
        "(local.set $6 (i32.add (local.get $2) (local.get $4))) "
        f"(local.set $5 (call ${obj_alloc} (i32.const 16) (local.get $0))) "
        f"(local.set $9 (i32.const 0)) (if (local.get $1) (then {find})) "
        f"(if (i32.and (i32.ne {slot} (i32.const 0)) (i32.le_u (i32.add {n} (i32.const 1)) {cap})) "
        f"(then {in_place}) (else {new_block})) "
        f"{register} "
        f"(i32.store offset=8 (local.get $5) {n}) (i32.store offset=4 (local.get $5) (i32.const 0)) "
        f"(i32.store offset=12 (local.get $5) {d}) (local.get $5))\n")


def _cstr(malloc: str) -> str:
    """`$mpk_str_cstr(o) -> data`: a heap str's data if 0-terminated, else a 0-terminated copy."""
    return (
        f" (func {CSTR} (param $0 i32) (result i32) (local $1 i32) (local $2 i32) (local $3 i32) "
        "(local.set $1 (i32.load offset=12 (local.get $0))) (local.set $2 (i32.load offset=8 (local.get $0))) "
        "(if (i32.eqz (local.get $1)) (then (return (local.get $1)))) "
        "(if (i32.eqz (i32.load8_u (i32.add (local.get $1) (local.get $2)))) (then (return (local.get $1)))) "
        f"(local.set $3 (call ${malloc} (i32.add (local.get $2) (i32.const 1)))) "
        "(memory.copy (local.get $3) (i32.load offset=12 (local.get $0)) (local.get $2)) "
        "(i32.store8 (i32.add (local.get $3) (local.get $2)) (i32.const 0)) (local.get $3))\n")


def _swept() -> str:
    """`$mpk_room_swept(first_area)`: after a sweep, drop each entry whose block is no longer
    allocated (its allocation-table entry is not a head in the area holding it, or no area holds it)."""
    body = []
    for k in range(SLOTS):
        p = "(local.get $1)"
        body.append(
            f"(local.set $1 (global.get {PTR[k]})) (local.set $3 (i32.const 0)) "
            f"(if {p} (then (local.set $2 (local.get $0)) "
            f"(block $mpk_swept_done{k} (loop $mpk_swept_area{k} "
            f"(br_if $mpk_swept_done{k} (i32.eqz (local.get $2))) "
            f"(if (i32.and (i32.ge_u {p} (i32.load offset={POOL_START} (local.get $2))) "
            f"(i32.lt_u {p} (i32.load offset={POOL_END} (local.get $2)))) "
            f"(then (local.set $1 (i32.shr_u (i32.sub {p} (i32.load offset={POOL_START} (local.get $2))) "
            f"(i32.const 4))) "
            f"(local.set $3 (i32.eq (i32.and (i32.shr_u (i32.load8_u (i32.add (i32.load offset={ATB} (local.get $2)) "
            f"(i32.shr_u {p} (i32.const 2)))) (i32.shl (i32.and {p} (i32.const 3)) (i32.const 1))) "
            f"(i32.const 3)) (i32.const 1))) (br $mpk_swept_done{k}))) "
            f"(local.set $2 (i32.load (local.get $2))) (br $mpk_swept_area{k}))) "
            f"(if (i32.eqz (local.get $3)) (then (global.set {PTR[k]} (i32.const 0))))))")
    return f" (func {SWEPT} (param $0 i32) (local $1 i32) (local $2 i32) (local $3 i32) {' '.join(body)})\n"


def _called(chunks: list[str], name: str, pattern: str, what: str) -> str:
    """The one function `name` calls in the shape `pattern` (a regex with one group)."""
    body = [normalise(c) for c in chunks if c.startswith(f" (func ${name} ")]
    found = set(re.findall(pattern, body[0])) if len(body) == 1 else set()
    if len(found) != 1:
        raise FetchError(f"str append patch: expected one {what} called by ${name}, found {len(found)}")
    return found.pop()


def apply(wat: str, target: Target) -> str:
    """Route str + str through `$mpk_str_concat` and make `mp_obj_str_get_str` 0-terminate;
    `FetchError` unless every site is found exactly as expected."""
    if "$mpk_room" in wat or "$mpk_swept" in wat or CONCAT in wat or CSTR in wat or "mpk_forget_str_room" in wat:
        raise FetchError("str append patch: names already in use")
    chunks = split_functions(wat)
    adds, gets = [], []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        if "(memory.copy" in chunk and f"(i32.const {target.str_type})" in chunk:
            flat = normalise(chunk)
            adds += [(i, flat, m) for m in ADD.finditer(flat)]
        if "(unreachable)" in chunk and "offset=12" in chunk and "(i32.const 16)" in chunk:
            flat = normalise(chunk)
            if ONE_PARAM.match(flat):
                gets += [(i, flat, m) for m in GET_STR.finditer(flat)]
    if len(adds) != 1 or len(gets) != 1:
        raise FetchError(f"str append patch: expected 1 add case in mp_obj_str_binary_op and 1 "
                         f"mp_obj_str_get_str, found {len(adds)} and {len(gets)} (a different upstream build?)")
    i, flat, m = adds[0]
    if i == gets[0][0]:
        raise FetchError("str append patch: the add case and mp_obj_str_get_str are one function")
    malloc = _called(chunks, m.group("vinit"), r"\(call \$(\w+) \(local\.get \$\d+\)\)", "m_malloc")
    gc_alloc = _called(chunks, malloc, r"\(call \$(\w+) \(local\.get \$0\) \(i32\.const 0\)\)", "gc_alloc")
    obj_alloc = _called(chunks, m.group("fv"), r"\(call \$(\w+) \(i32\.const 16\) \(local\.get \$0\)\)",
                        "mp_obj_malloc")
    call = (f"(call {CONCAT} (local.get ${m.group('ty')}) (local.get ${m.group('ld')}) "
            f"(i32.load offset={m.group('ll')} (local.get ${m.group('f')})) (local.get ${m.group('rd')}) "
            f"(local.get ${m.group('rl')}))")
    chunks[i] = (flat[:m.start()] + f"(if (i32.eq (local.get ${m.group('ty')}) (i32.const {target.str_type})) "
                 f"(then (local.set ${m.group('r')} {call})) (else {m.group(0)}))" + flat[m.end():])
    k, gflat, g = gets[0]
    chunks[k] = gflat[:g.start("load")] + f"(local.set $0 (call {CSTR} (local.get $0)))" + gflat[g.end("load"):]

    hook_frees(chunks, DROP, lambda area: f"(call {SWEPT} (local.get ${area}))", "str append")
    chunks[0] = add_to_header(chunks[0], GLOBALS, EXPORT, "str append")
    chunks[1:1] = [FORGET_FUNC, _concat(obj_alloc, gc_alloc, malloc, OPTIONAL in wat), _cstr(malloc), _swept()]
    return "".join(chunks)
