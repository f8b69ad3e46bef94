"""char case: `.lower()` / `.upper()` of a one-character ASCII str returns the interned character.

In MicroPython's terms (v1.29.0, `py/objstr.c`, `str_caseconv`, shared by `str_lower` and
`str_upper` and by `bytes.lower`/`bytes.upper`): every call allocates a vstr for the result, maps
each byte through `op` (`unichar_tolower`/`unichar_toupper`, `py/unicode.c`) and makes a new heap
string of it (`mp_obj_new_str_type_from_vstr`: a second allocation, the hash, the UTF-8 check),
so `ch.lower()` in a character loop costs two allocations per character. The patch adds a
fast path at the start of `str_caseconv`: when the object's type is `str` (not `bytes`, not a
subclass), its length is 1 and its byte `c` is ASCII, the mapped byte `op(c)` (ASCII too) is
looked up in a table of the one-byte ASCII strings of the firmware's ROM qstr pools, read from the
module's data at build time exactly as the `char_qstr` patch reads them (its `char_table`; this
patch adds its own copy, `$mpk_case_qstr`, so each patch builds without the other). When the
character is there, its qstr object is returned (`MP_OBJ_NEW_QSTR`), the object indexing or
iterating a str returns for it (`mp_obj_new_str_via_qstr`); otherwise (a character only interned
at run time, or none) the upstream path runs, at the cost of the table lookup. The value, its
hash, equality and order are the ones the heap string would have; only `is` between such a result
and an equal one-character literal changes (True here, as for a character made by indexing; False
in CPython, whose `lower()` makes a new object: identity of strings is not a value in either).
After the `char_qstr` patch every ASCII character is in the pool chain the table is read from, so
no one-character ASCII str allocates here. A `str` of 2 to 4 bytes (one non-ASCII character such
as `'é'`, or a short text) whose every byte `op` leaves unchanged is returned itself: equal to
the result upstream would build, which is all a str's value is.

Site, by shape: the two-parameter function that gets the str data (`qstr_data` for a qstr, else
`len` at 8 and `data` at 12) into locals 3 and 4, calls `vstr_init_len(frame + 12, len)`, maps each
byte with a `call_indirect` on its first parameter into the vstr's buffer and returns
`mp_obj_new_str_type_from_vstr(mp_obj_get_type(self), frame + 12)` (`str_caseconv`): exactly
`SITES` = 1; `qstr_find_strn` (for the ROM pool head, as `char_qstr` finds it): exactly 1.

Test: `tests/sandbox/test_patch_char_case.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.char_qstr import FIND, _function, char_table

NAME = "char_case"
SITES = 1
TEST = "tests/sandbox/test_patch_char_case.py::test_one_character_case_is_not_allocated"
TWO_PARAMS = "(param $0 i32) (param $1 i32) (result i32)"
# After the str data (local $3) and length (local $4) are known: `vstr_init_len(frame + 12, len)`.
INIT = re.compile(r"\(call \$(?P<init>\d+) \(i32\.add \(local\.get \$2\) \(i32\.const 12\)\) \(local\.get \$4\)\)")
MAP = re.compile(r"\(i32\.store8 \(local\.get \$4\) (?P<op>\(call_indirect \$\w+ \(type \$\w+\) "
                 r"\(i32\.load8_u \(local\.get \$3\)\) \(local\.get \$0\)\))\)")
MAKE = re.compile(r"\(call \$\d+ \(call \$(?P<type>\d+) \(local\.get \$1\)\) \(i32\.add \(local\.get \$2\) "
                  r"\(i32\.const 12\)\)\)")
SHORT = 4  # bytes of the longest UTF-8 character: `str_caseconv`'s result for such a str, unchanged, is itself
FRAME = "(global.set $global$0 (local.tee $2 (i32.sub (global.get $global$0) (i32.const 32))))"


def _rom_chars(chunks: list[str]) -> dict[int, int]:
    """ASCII byte -> qstr id of the one-byte strings in the ROM qstr pools, read as `char_qstr`
    reads them (from the head `qstr_init` stores, found beside `qstr_find_strn`)."""
    found = []
    for chunk in chunks:
        if chunk.startswith(" (func ") and "(param $0 i32) (param $1 i32) (result i32)" in chunk.split("\n", 1)[0] \
                and "(i32.const 5381)" in chunk and "(i32.const 33)" in chunk:
            flat = normalise(chunk)
            layout = ("(i32.load offset=12 (local.get", "(i32.load offset=16 (local.get",
                      "(i32.load offset=20 (local.get", "(i32.const 24))")
            m = FIND.search(flat)
            if m and all(x in flat for x in layout):
                found.append(m)
    if len(found) != 1:
        raise FetchError(f"char case patch: expected 1 qstr_find_strn, found {len(found)}")
    m = found[0]
    store = re.findall(rf"\(i32\.store offset={m.group('o')}\s+\(i32\.const {m.group('a')}\)\s+\(i32\.const (\d+)\)",
                       "".join(chunks))
    if len(store) != 1:
        raise FetchError(f"char case patch: expected 1 store of the ROM pool head, found {len(store)}")
    return char_table(chunks[0], int(store[0]))


def apply(wat: str, target: Target) -> str:
    """Add the one-character fast path to `str_caseconv`; `FetchError` unless found exactly once."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and TWO_PARAMS in chunk.split("\n", 1)[0] and "call_indirect" in chunk:
            flat = normalise(chunk)
            init, op, make = INIT.search(flat), MAP.search(flat), MAKE.search(flat)
            if init and op and make and FRAME in flat and init.end() < op.start() < make.start():
                found.append((i, flat, init, op, make))
    if len(found) != SITES:
        raise FetchError(f"char case patch: expected {SITES} str_caseconv, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, init, op, make = found[0]
    table = _rom_chars(chunks)
    if not table:
        raise FetchError("char case patch: no one-character qstr in the ROM pools")
    if "(local $5 i32)" not in flat or "$mpk_case_qstr" in wat:
        raise FetchError("char case patch: str_caseconv has no local $5, or the names are in use (layout?)")
    mapped = op.group("op").replace("(i32.load8_u (local.get $3))", "(local.get $5)", 1)
    each = op.group("op").replace("(local.get $3)", "(i32.add (local.get $3) (local.get $5))", 1)
    fast = (f"(if (i32.eq (local.get $4) (i32.const 1)) (then "
            f"(if (i32.lt_u (local.tee $5 (i32.load8_u (local.get $3))) (i32.const 128)) (then "
            f"(if (i32.eq (call ${make.group('type')} (local.get $1)) (i32.const {target.str_type})) (then "
            f"(if (local.tee $5 (call $mpk_case_qstr {mapped})) (then "
            f"(global.set $global$0 (i32.add (local.get $2) (i32.const 32))) "
            f"(return (i32.or (i32.shl (local.get $5) (i32.const 3)) (i32.const 2))))))))))) "
            f"(if (i32.and (i32.ge_u (local.get $4) (i32.const 2)) (i32.le_u (local.get $4) (i32.const {SHORT}))) "
            f"(then (if (i32.eq (call ${make.group('type')} (local.get $1)) (i32.const {target.str_type})) (then "
            f"(local.set $5 (i32.const 0)) (block $mpk_case_changed (loop $mpk_case_same "
            f"(br_if $mpk_case_changed (i32.ne {each} (i32.load8_u (i32.add (local.get $3) (local.get $5))))) "
            f"(br_if $mpk_case_same (i32.lt_u (local.tee $5 (i32.add (local.get $5) (i32.const 1))) (local.get $4)))) "
            f"(global.set $global$0 (i32.add (local.get $2) (i32.const 32))) (return (local.get $1))))))) ")
    chunks[i] = flat[:init.start()] + fast + flat[init.start():]
    chunks.insert(1, _function(table).replace("$mpk_char_qstr", "$mpk_case_qstr", 1))
    return "".join(chunks)
