"""str capitalize: `str.capitalize()` is a method of the build's `str` type (MicroPython has none).

In MicroPython's terms (v1.29.0, `py/objstr.c`): `str` has no `capitalize`; the guest library
served `w.capitalize()` through its `_mpk_ga` shim (`s[0].upper() + s[1:].lower()`, ~9k fuel a
call against ~1.5k for a native case method). The patch adds the method as `str_caseconv`
(shared by `str_lower` and `str_upper`) does its work, with the first byte mapped by
`unichar_toupper` and the others by `unichar_tolower` (the functions `str.upper` and `str.lower`
pass): a vstr of the same length, one new str of the receiver's type
(`mp_obj_new_str_type_from_vstr`), ASCII letters changed only, as this build's `lower`/`upper`
change them (README, differences from CPython). The pieces, all built from what the build
already has:

1. `$mpk_capitalize_conv`: a copy of `str_caseconv` whose byte map passes the `toupper` function
   instead of `op` while the loop's index is 0; `$mpk_str_capitalize(self)` calls it with
   `op = tolower`. It is added to the indirect function table (one more entry at its end);
2. in static data (`statics.add_static_data`, below the heap: never a GC block): a builtin
   function object of one argument (`mp_obj_fun_builtin_fixed_t`, the type word of `str.lower`'s
   object and the new table index), a qstr pool of one entry, `"capitalize"`, chained on top of
   the pool head `qstr_init` stores (its ids follow; `alloc` 1 = `len`, so the first run-time
   qstr opens a new pool as `qstr_add` does: of `MAX(2 * alloc, 10)` entries), and a copy of the
   `str` type's locals table (`mp_obj_str_locals_dict`: qstr keys, fixed, ordered) with
   `capitalize` added at its end;
3. `mp_obj_str_locals_dict`'s map (found through `mp_type_str`'s `locals_dict` slot) points to the
   copy, with `used` and `alloc` one more. The dict object itself stays where it was, so every
   reference to it sees the method.

`bytes` keeps its own locals dict (`MICROPY_CPYTHON_COMPAT`), without the method, as before.

Sites, by shape: `str_caseconv` as the `char_case` patch finds it (`INIT`, `MAP`, `MAKE`, its
frame), with its loop index in local 5 (exactly `SITES` = 1); the two one-parameter functions
calling it with a constant `op` (`str_lower`, `str_upper`, told apart by their objects' keys in
the locals table); the pool head store in `qstr_init` (as `char_qstr` finds it, exactly 1); the
table and its one element segment ending at the table's size; the tests of the pool head in
`qstr_pool_info` and `qstr_dump_data` (exactly 4: `char_qstr.hide_static_pools`, so
`micropython.qstr_info()` counts the run-time pools only).

Test: `tests/sandbox/test_patch_str_capitalize.py`.
"""

from __future__ import annotations

import re
import struct

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.char_case import FRAME, INIT, MAKE, MAP, TWO_PARAMS
from wasm.patches.char_qstr import FIND, _pools, _strings, hide_static_pools, qstr_hash
from wasm.patches.statics import Data, add_static_data, write_word

NAME = "str_capitalize"
SITES = 1
TEST = "tests/sandbox/test_patch_str_capitalize.py::test_capitalize_is_a_native_method"
WORD = "capitalize"
TABLE = re.compile(r"(?m)^ \(table \$(?P<t>\w+) (?P<n>\d+) (?P<m>\d+) funcref\)$")
ELEM = re.compile(r"(?m)^ \(elem \$\w+ \(i32\.const (?P<start>\d+)\) (?P<names>[^\n()]*)\)$")
LOCALS_DICT = 11  # slot_index_locals_dict: the last of the 12 slot-index bytes after flags and name
TYPE_SLOTS = 20  # offsetof(mp_obj_type_t, slots)
ORDERED_QSTR_FIXED = 7  # all_keys_are_qstrs | is_fixed | is_ordered


def _caseconv(chunks: list[str]) -> tuple[int, str, re.Match]:
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and TWO_PARAMS in chunk.split("\n", 1)[0] and "call_indirect" in chunk:
            flat = normalise(chunk)
            init, op, make = INIT.search(flat), MAP.search(flat), MAKE.search(flat)
            if init and op and make and FRAME in flat and init.end() < op.start() < make.start() \
                    and "(local.set $5 (i32.const 0))" in flat \
                    and "(local.tee $5 (i32.add (local.get $5) (i32.const 1)))" in flat:
                found.append((i, flat, op))
    if len(found) != SITES:
        raise FetchError(f"str capitalize patch: expected {SITES} str_caseconv, found {len(found)}")
    return found[0]


def _ops(chunks: list[str], conv: str) -> dict[int, int]:
    """Table index of each function `f(self) = str_caseconv(op, self)` -> its `op`."""
    index = {}
    start_names = ELEM.search(chunks[0])
    if start_names is None:
        raise FetchError("str capitalize patch: no element segment")
    start = int(start_names.group("start"))
    position = {name: start + k for k, name in enumerate(start_names.group("names").split())}
    call = re.compile(rf"^ \(func \$(\w+) \(param \$0 i32\) \(result i32\) \(call \${conv} \(i32\.const (\d+)\) "
                      r"\(local\.get \$0\)\)\)\s*$")
    for chunk in chunks[1:]:
        m = call.match(normalise(chunk))
        if m and f"${m.group(1)}" in position:
            index[position[f"${m.group(1)}"]] = int(m.group(2))
    return index


def apply(wat: str, target: Target) -> str:
    """Add the method; `FetchError` unless every site is found exactly as expected."""
    if "$mpk_str_capitalize" in wat or "$mpk_capitalize" in wat:
        raise FetchError("str capitalize patch: names already in use")
    chunks = split_functions(wat)
    i, flat, op = _caseconv(chunks)
    conv = flat.split()[1][1:]
    ops = _ops(chunks, conv)
    data = Data(chunks[0])

    # str's locals dict and the objects of `lower` and `upper` in it
    t = target.str_type
    slot = data.read(t + 8 + LOCALS_DICT, 1)[0]
    if not slot:
        raise FetchError("str capitalize patch: str has no locals dict")
    d = data.u32(t + TYPE_SLOTS + 4 * (slot - 1))
    bits, alloc, table = data.u32(d + 4), data.u32(d + 8), data.u32(d + 12)
    used = bits >> 3
    if data.u32(d) != target.dict_type or bits & 7 != ORDERED_QSTR_FIXED or used != alloc or not 0 < used < 256:
        raise FetchError("str capitalize patch: str's locals dict is not a fixed ordered qstr map (layout?)")
    entries = [struct.unpack("<II", data.read(table + 8 * k, 8)) for k in range(used)]

    m = FIND.search(normalise(next(c for c in chunks[1:] if "(i32.const 5381)" in c and FIND.search(normalise(c)))))
    store = re.compile(rf"\(i32\.store offset={m.group('o')}\s+\(i32\.const {m.group('a')}\)\s+\(i32\.const (\d+)\)")
    stores = [(k, s) for k, chunk in enumerate(chunks) for s in store.finditer(chunk)]
    if len(stores) != 1:
        raise FetchError(f"str capitalize patch: expected 1 store of the qstr pool head, found {len(stores)}")
    head = int(stores[0][1].group(1))
    names = {}
    for pool, first, length in _pools(data, head):
        names.update({(first + k) << 3 | 2: s for k, s in enumerate(_strings(data, pool, length))})
    if WORD.encode() in names.values():
        raise FetchError("str capitalize patch: the build already has the qstr 'capitalize'")
    objects = {names.get(key): value for key, value in entries}
    if b"lower" not in objects or b"upper" not in objects:
        raise FetchError("str capitalize patch: no lower/upper in str's locals dict")
    fun_type = data.u32(objects[b"lower"])
    lower, upper = (ops.get(data.u32(objects[w] + 4)) for w in (b"lower", b"upper"))
    if lower is None or upper is None or data.u32(objects[b"upper"]) != fun_type or lower == upper:
        raise FetchError("str capitalize patch: str.lower/str.upper are not str_caseconv calls (layout?)")
    first = max(names) // 8 + 1

    tm = TABLE.search(chunks[0])
    em = ELEM.search(chunks[0])
    size = int(tm.group("n")) if tm else 0
    if not tm or tm.group("n") != tm.group("m") or not em or \
            int(em.group("start")) + len(em.group("names").split()) != size:
        raise FetchError("str capitalize patch: the function table is not one segment up to its size")

    made = {}

    def build(at: int) -> bytes:
        fun = at
        pool = fun + 8
        text = WORD.encode()
        hashes = pool + 28
        lengths = hashes + 2
        chars = lengths + 1
        new_table = made["table"] = (chars + len(text) + 1 + 7) // 8 * 8
        body = struct.pack("<II", fun_type, size)
        body += struct.pack("<7I", head, first, 1, 1, hashes, lengths, chars)
        body += struct.pack("<HB", qstr_hash(text), len(text)) + text + b"\0"
        body += bytes(new_table - at - len(body))
        for key, value in [*entries, (first << 3 | 2, fun)]:
            body += struct.pack("<II", key, value)
        return body

    at = add_static_data(chunks, "mpk_capitalize", build)
    head_text = chunks[0]
    new_table = made["table"]
    head_text = write_word(head_text, d + 4, (used + 1) << 3 | ORDERED_QSTR_FIXED)
    head_text = write_word(head_text, d + 8, used + 1)
    head_text = write_word(head_text, d + 12, new_table)
    head_text = head_text.replace(tm.group(0), f" (table ${tm.group('t')} {size + 1} {size + 1} funcref)", 1)
    em = ELEM.search(head_text)
    head_text = head_text[:em.end("names")] + " $mpk_str_capitalize" + head_text[em.end("names"):]
    chunks[0] = head_text
    k, s = stores[0]
    chunks[k] = chunks[k][:s.start(1)] + str(at + 8) + chunks[k][s.end(1):]
    hide_static_pools(chunks, f"(i32.load offset={m.group('o')} (i32.const {m.group('a')}))", head, at + 8,
                      "str capitalize")

    first_upper = op.group("op").replace("(local.get $0))", f"(select (local.get $0) (i32.const {upper}) "
                                         "(local.get $5)))", 1)
    copy = flat[:op.start("op")] + first_upper + flat[op.end("op"):]
    copy = copy.replace(f" (func ${conv} ", " (func $mpk_capitalize_conv ", 1)
    method = (" (func $mpk_str_capitalize (param $0 i32) (result i32) "
              f"(call $mpk_capitalize_conv (i32.const {lower}) (local.get $0)))\n")
    chunks.insert(i + 1, copy + method)
    return "".join(chunks)
