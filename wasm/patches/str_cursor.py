"""str cursor: `s[i]` on a str continues from the last position found in the same string.

In MicroPython's terms (v1.29.0, `py/objstrunicode.c`, `str_index_to_ptr`): a non-negative index
into a `str` is turned into a byte pointer by walking the UTF-8 text from its start, one character
at a time, on every call, so `for i in range(len(s)): s[i]` is quadratic (28,800 characters:
~9 G fuel, 6 s). The patch keeps one cursor in four new globals — the string's data pointer and
byte length, a character index and the byte pointer of that character — and a non-negative index
into the same data pointer and length at or after the cursor's index walks on from the cursor
instead of from the start. Every successful walk moves the cursor there. The walk is upstream's
(stop at `top` first, then count the character, skipping UTF-8 continuation bytes), so results,
`IndexError` and slice clamping are unchanged; negative indices and bytes/bytearray are untouched.

A cursor is only as good as its string: str data never changes while the str lives, so the
cursor is dropped whenever memory may be reused or replaced: on entry to the functions that free
blocks outside a collection (`gc_free`, `gc_realloc`), in `gc_collect_end` after the sweep
(before the loop resetting the areas' search hints; both found by `base.hook_frees`), and from
the host after any restore of linear memory (rollback, reset, a copy-on-write image: the globals
are not in linear memory) through the new export `mpk_forget_str_cursor`, which
`EmscriptenInstance.after_restore` calls. A new instance starts with the cursor empty.

Site, by shape: in the five-parameter function that counts characters backwards with
`load8_s > -65` and skips continuation bytes forwards with `load8_s offset=1 < -64`
(`str_index_to_ptr`), the positive-index block (`if (self_len == 0)` guard, `i - 1` stored, the
walk loop) followed by the out-of-range tail (`return top` for slices, else `IndexError`):
exactly `SITES` = 1; the freeing functions: exactly 2; the collection end: exactly 1.

Test: `tests/sandbox/test_patch_str_cursor.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, add_to_header, expression_end, hook_frees, normalise, split_functions

NAME = "str_cursor"
SITES = 1
TEST = "tests/sandbox/test_patch_str_cursor.py::test_index_loops_take_linear_fuel"
DATA, LENGTH, INDEX, POINTER = "$mpk_cur_data", "$mpk_cur_len", "$mpk_cur_index", "$mpk_cur_ptr"
GLOBALS = " ".join(f"(global {g} (mut i32) (i32.const 0))" for g in (DATA, LENGTH, INDEX, POINTER))
FORGET = f"(global.set {DATA} (i32.const 0))"
EXPORT = '(export "mpk_forget_str_cursor" (func $mpk_forget_str_cursor))'
FUNC = f" (func $mpk_forget_str_cursor {FORGET})\n"
FIVE_PARAMS = "(param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (result i32)"
# The positive-index block: `(block $b (br_if $b (i32.eqz (local.get $2))) (i32.store offset=12 ...`
POSITIVE = re.compile(r"\(block \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.eqz \(local\.get \$2\)\)\) "
                      r"\(i32\.store offset=\d+ \(local\.get \$\d+\) \(local\.tee \$2 \(i32\.add "
                      r"\(local\.get \$3\) \(i32\.const -1\)\)\)\)")
TAIL = re.compile(r" \(local\.set \$0 \(local\.get \$(?P<top>\d+)\)\) \(br_if \$(?P<ret>\w+) \(local\.get \$4\)\) "
                  r"\(call \$\d+ \(i32\.const \d+\) \(i32\.const \d+\)\) \(unreachable\)")


def _walk(label: str, top: str, ret: str, steps: str) -> str:
    """The new positive-index block: from the cursor (same string, index at or after it) or the
    start, walk `i - from` characters as upstream does; on success move the cursor and return."""
    same = (f"(i32.and (i32.eq (global.get {DATA}) (local.get $1)) (i32.and (i32.eq (global.get {LENGTH}) "
            f"(local.get $2)) (i32.le_u (global.get {INDEX}) (local.get $3))))")
    s, n = "(local.get $0)", f"(local.get {steps})"
    return (f"(block ${label} "
            f"(if {same} (then (local.set $0 (global.get {POINTER})) "
            f"(local.set {steps} (i32.sub (local.get $3) (global.get {INDEX})))) "
            f"(else (local.set $0 (local.get $1)) (local.set {steps} (local.get $3)))) "
            f"(loop $mpk_cur_walk (br_if ${label} (i32.ge_u {s} (local.get ${top}))) "
            f"(if {n} (then (local.set $0 (i32.add {s} (i32.const 1))) "
            f"(loop $mpk_cur_cont (if (i32.lt_s (i32.load8_s {s}) (i32.const -64)) "
            f"(then (local.set $0 (i32.add {s} (i32.const 1))) (br $mpk_cur_cont)))) "
            f"(local.set {steps} (i32.sub {n} (i32.const 1))) (br $mpk_cur_walk)))) "
            f"(global.set {DATA} (local.get $1)) (global.set {LENGTH} (local.get $2)) "
            f"(global.set {INDEX} (local.get $3)) (global.set {POINTER} {s}) (br ${ret}))")


def apply(wat: str, target: Target) -> str:
    """Add the cursor to `str_index_to_ptr` and its invalidation; `FetchError` unless every site
    is found exactly as expected."""
    if "$mpk_cur_" in wat or "mpk_forget_str_cursor" in wat:
        raise FetchError("str cursor patch: names already in use")
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and FIVE_PARAMS in chunk and "(i32.const -65)" in chunk \
                and "(i32.const -64)" in chunk:
            flat = normalise(chunk)
            if re.search(r"\(i32\.gt_s \(i32\.load8_s \(local\.get \$\d+\)\) \(i32\.const -65\)\)", flat) and \
                    re.search(r"\(i32\.lt_s \(i32\.load8_s offset=1 \(local\.get \$\d+\)\) \(i32\.const -64\)\)", flat):
                found += [(i, flat, m) for m in POSITIVE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"str cursor patch: expected {SITES} positive-index walk in str_index_to_ptr, "
                         f"found {len(found)} (a different upstream build?)")
    i, flat, m = found[0]
    end = expression_end(flat, m.start())
    tail = TAIL.match(flat, end)
    if tail is None:
        raise FetchError("str cursor patch: str_index_to_ptr's walk is not followed by its out-of-range tail")
    decls = [int(n) for n in re.findall(r"\((?:local|param) \$(\d+) i32\)", flat)]
    steps = f"${max(decls) + 1}"
    last = list(re.finditer(r"\((?:local|param) \$\d+ i32\)", flat))[-1]
    new = _walk(m.group("l"), tail.group("top"), tail.group("ret"), steps)
    body = flat[:m.start()] + new + flat[end:]
    chunks[i] = body[:last.end()] + f" (local {steps} i32)" + body[last.end():]

    hook_frees(chunks, FORGET, lambda _area: FORGET, "str cursor")
    chunks[0] = add_to_header(chunks[0], GLOBALS, EXPORT, "str cursor")
    chunks.insert(1, FUNC)
    return "".join(chunks)
