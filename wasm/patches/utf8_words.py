"""utf8 words: counting the characters of a str and checking new text as UTF-8 pass 8 bytes a step.

In MicroPython's terms (v1.29.0, `py/unicode.c`):

1. `utf8_charlen(str, len)` counts the bytes that are not UTF-8 continuation bytes (`0x80`-`0xBF`),
   one byte a step: `len(s)` of a str, and the character positions of slices and of `find`
   results. ~14 fuel a byte here (`len(s)` of a 320-byte string: ~4,300 fuel).
2. `unicode_encoding_check(encoding, p, len)` (under `MICROPY_PY_BUILTINS_STR_UNICODE_CHECK`)
   validates every new str made by `mp_obj_new_str` (each `split` piece, slice, `str(b, 'utf-8')`,
   text read from files) one byte at a time, ~20 fuel a byte.

The patch makes `utf8_charlen` take 8 bytes a step (an unaligned `i64.load`; a byte is a
continuation byte exactly when its bit 7 is set and bit 6 clear, so the word's count is
`8 - popcnt(w & ~(w << 1) & 0x8080808080808080)`), then the last 0-7 bytes one at a time as
before; and puts a loop at the start of `unicode_encoding_check` that passes 8-byte words with no
byte >= 0x80 while at least 8 bytes remain: at the start no multi-byte character is pending, and
an ASCII byte with none pending is accepted and leaves none pending in every encoding the function
checks, so the upstream loop then runs from the first word holding a non-ASCII byte (or returns
1 when the text ended). Same results for every input; neither function calls anything or
allocates.

Sites, by shape, in normalised Binaryen text: the two-parameter function whose whole body is
the byte loop `count += (i8)*p > -65` from `p` to `p + len` (`utf8_charlen`), and the
three-parameter function that returns 1 for `len == 0`, sets `end = p + len` and loops over the
bytes with the constants 192, 247 and `229 >> ((c >> 3) & 6)` (`unicode_encoding_check`): exactly
`SITES` = 2.

Test: `tests/sandbox/test_patch_utf8_words.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "utf8_words"
SITES = 2
TEST = "tests/sandbox/test_patch_utf8_words.py::test_len_and_split_pass_words"

HIGH_BITS = -9187201950435737472  # 0x8080808080808080 as a signed i64

CHARLEN = re.compile(
    r" \(func \$(\w+) \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(local \$2 i32\) "
    r"\(local\.set \$2 \(i32\.const 0\)\) \(block \$block \(br_if \$block \(i32\.eqz \(local\.get \$1\)\)\) "
    r"\(local\.set \$1 \(i32\.add \(local\.get \$0\) \(local\.get \$1\)\)\) \(loop \$label "
    r"\(local\.set \$2 \(i32\.add \(local\.get \$2\) \(i32\.gt_s \(i32\.load8_s \(local\.get \$0\)\) "
    r"\(i32\.const -65\)\)\)\) \(br_if \$label \(i32\.lt_u \(local\.tee \$0 \(i32\.add \(local\.get \$0\) "
    r"\(i32\.const 1\)\)\) \(local\.get \$1\)\)\)\)\) \(local\.get \$2\)\) ?\n$")
CHECK_HEAD = re.compile(
    r"^ \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\) "
    r"\(local \$3 i32\) \(local \$4 i32\) \(block \$block \(br_if \$block \(local\.get \$2\)\) "
    r"\(return \(i32\.const 1\)\)\) \(local\.set \$3 \(i32\.add \(local\.get \$1\) \(local\.get \$2\)\)\) ")
CHECK_BODY = ("(i32.const 192)", "(i32.const 247)", "(i32.shr_u (i32.const 229) (i32.and (i32.shr_u "
              "(local.get $4) (i32.const 3)) (i32.const 6))")


def _charlen(name: str) -> str:
    """`utf8_charlen(p, len)`: 8 bytes a step, then the rest a byte a step."""
    word = "(i64.load align=1 (local.get $0))"
    continuation = (f"(i64.and (i64.and (local.tee $3 {word}) (i64.xor (i64.shl (local.get $3) (i64.const 1)) "
                    f"(i64.const -1))) (i64.const {HIGH_BITS}))")
    return (f" (func ${name} (param $0 i32) (param $1 i32) (result i32) (local $2 i32) (local $3 i64) "
            "(local.set $2 (i32.const 0)) (local.set $1 (i32.add (local.get $0) (local.get $1))) "
            "(block $mpk_words (loop $mpk_word "
            "(br_if $mpk_words (i32.gt_u (i32.add (local.get $0) (i32.const 8)) (local.get $1))) "
            "(local.set $2 (i32.add (local.get $2) "
            f"(i32.sub (i32.const 8) (i32.wrap_i64 (i64.popcnt {continuation}))))) "
            "(local.set $0 (i32.add (local.get $0) (i32.const 8))) (br $mpk_word))) "
            "(block $mpk_bytes (loop $mpk_byte (br_if $mpk_bytes (i32.ge_u (local.get $0) (local.get $1))) "
            "(local.set $2 (i32.add (local.get $2) (i32.gt_s (i32.load8_s (local.get $0)) (i32.const -65)))) "
            "(local.set $0 (i32.add (local.get $0) (i32.const 1))) (br $mpk_byte))) (local.get $2))\n")


ASCII_WORDS = ("(block $mpk_ascii (loop $mpk_word "
               "(br_if $mpk_ascii (i32.gt_u (i32.add (local.get $1) (i32.const 8)) (local.get $3))) "
               f"(br_if $mpk_ascii (i64.ne (i64.and (i64.load align=1 (local.get $1)) (i64.const {HIGH_BITS})) "
               "(i64.const 0))) (local.set $1 (i32.add (local.get $1) (i32.const 8))) (br $mpk_word))) "
               "(if (i32.ge_u (local.get $1) (local.get $3)) (then (return (i32.const 1)))) ")


def apply(wat: str, target: Target) -> str:
    """Rewrite `utf8_charlen` and give `unicode_encoding_check` its ASCII-word loop; `FetchError`
    unless each is found exactly once."""
    chunks = split_functions(wat)
    lens, checks = [], []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or "(i32.const -65)" not in chunk:
            continue
        flat = normalise(chunk)
        if m := CHARLEN.match(flat):
            lens.append((i, m.group(1)))
        elif (m := CHECK_HEAD.match(flat)) and all(c in flat for c in CHECK_BODY):
            checks.append((i, flat, m.end()))
    if len(lens) + len(checks) != SITES or len(lens) != 1:
        raise FetchError(f"utf8 words patch: expected {SITES} sites (utf8_charlen, unicode_encoding_check), "
                         f"found {len(lens)} and {len(checks)} (a different upstream build?)")
    i, name = lens[0]
    chunks[i] = _charlen(name)
    i, flat, end = checks[0]
    chunks[i] = flat[:end] + ASCII_WORDS + flat[end:]
    return "".join(chunks)
