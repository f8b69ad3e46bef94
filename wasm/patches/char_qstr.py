"""char qstr: one-character ASCII strings of the firmware's qstr pools are found without a search.

In MicroPython's terms (v1.29.0, `py/qstr.c`, `qstr_find_strn`): every one-character string made
by indexing or iterating a str (`mp_obj_new_str_via_qstr` in `py/objstrunicode.c`) is looked up
in every qstr pool, newest first: the run-time pools linearly, the sorted ROM pools by bisection,
then the unsorted static pool (217 entries) linearly — ~3,500 fuel per character for `" "`, `"a"`
or `"e"`, ten times the loop around it. The ROM pools are constant data, so the patch reads them
from the module's data segments at build time (the pool chain `qstr_init` stores into
`MP_STATE_VM(last_pool)`, each pool's `prev`, `total_prev_len`, `len`, `lengths` and `qstrs`,
checked for consistency: ids contiguous, lengths and pointers inside the data) and adds
`$mpk_char_qstr(byte)`, a `br_table` from each one-byte ASCII string found there to its qstr id
(0 for the others). `qstr_find_strn(str, 1)` returns that id when it is not 0; otherwise the
search runs as before. A string is in exactly one pool (run-time pools only receive strings no
pool has), so the id is the one the search would have found.

Site, by shape: the two-parameter function computing the djb2 hash (`5381`, `* 33 ^ byte`) that
walks pools from the word `qstr_init` sets to the ROM chain's head, reading `len` at 12,
`hashes` at 16, `lengths` at 20 and `qstrs` from 24 (`qstr_find_strn`): exactly `SITES` = 1;
the store of the ROM head: exactly 1.

Test: `tests/sandbox/test_patch_char_qstr.py`.
"""

from __future__ import annotations

import re
import struct

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "char_qstr"
SITES = 1
TEST = "tests/sandbox/test_patch_char_qstr.py::test_one_character_strings_are_found_at_once"
MAX_POOLS = 8
FIND = re.compile(r"\(i32\.const 5381\).*\(i32\.load offset=(?P<o>\d+) \(i32\.const (?P<a>\d+)\)\)")
DATA = re.compile(r'(?m)^ \(data \$\S+ \(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)$')
ESCAPES = {"n": 10, "r": 13, "t": 9, '"': 34, "'": 39, "\\": 92}


def _unescape(text: str) -> bytes:
    """Binaryen's data string: `\\hh` hex escapes, a few letter escapes, UTF-8 otherwise."""
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            j = text.find("\\", i)
            j = len(text) if j < 0 else j
            out += text[i:j].encode("utf-8")
            i = j
        elif text[i + 1] in ESCAPES:
            out.append(ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
    return bytes(out)


class _Data:
    """The module's initial memory as far as its active data segments define it."""

    def __init__(self, header: str) -> None:
        self.segments = [(int(m.group(1)), _unescape(m.group(2))) for m in DATA.finditer(header)]

    def read(self, addr: int, n: int) -> bytes:
        for start, data in self.segments:
            if start <= addr and addr + n <= start + len(data):
                return data[addr - start:addr - start + n]
        raise FetchError(f"char qstr patch: address {addr} is not in the module's data")

    def u32(self, addr: int) -> int:
        return struct.unpack("<I", self.read(addr, 4))[0]


def char_table(header: str, head: int) -> dict[int, int]:
    """ASCII byte -> qstr id of every one-byte string in the ROM pool chain starting at `head`."""
    data, table, pools, pool = _Data(header), {}, [], head
    while pool:
        if len(pools) == MAX_POOLS:
            raise FetchError("char qstr patch: the ROM pool chain does not end")
        prev, first, _alloc, length, _hashes, lengths = (data.u32(pool + 4 * k) for k in range(6))
        if length > 1 << 16:
            raise FetchError("char qstr patch: a ROM pool with implausibly many entries (pool layout?)")
        sizes = data.read(lengths, length)
        for i in range(length):
            if sizes[i] == 1:
                byte = data.read(data.u32(pool + 24 + 4 * i), 1)[0]
                if byte < 128:
                    if byte in table:
                        raise FetchError("char qstr patch: a one-character qstr is in two ROM pools")
                    table[byte] = (first & 0x7FFFFFFF) + i
        pools.append((first & 0x7FFFFFFF, length))
        pool = prev
    ids = sorted(pools)
    if not ids or ids[0][0] != 0 or any(a + n != b for (a, n), (b, _) in zip(ids, ids[1:], strict=False)):
        raise FetchError("char qstr patch: ROM pool ids are not contiguous from 0 (pool layout?)")
    return table


def _function(table: dict[int, int]) -> str:
    """`$mpk_char_qstr(byte) -> id`: a br_table over bytes 0..127, 0 for bytes not in `table`."""
    chars = sorted(table)
    labels = {c: f"$mpk_c{k}" for k, c in enumerate(chars)}
    targets = " ".join(labels.get(b, "$mpk_none") for b in range(128))
    opens = "".join(f"(block {labels[c]} " for c in reversed(chars))
    closes = "".join(f") (return (i32.const {table[c]}))" for c in chars)
    return (f" (func $mpk_char_qstr (param $0 i32) (result i32) (block $mpk_none {opens}"
            f"(br_table {targets} $mpk_none (local.get $0)){closes}) (i32.const 0))\n")


def apply(wat: str, target: Target) -> str:
    """Add the table and its use in `qstr_find_strn`; `FetchError` unless found exactly once."""
    if "$mpk_char_qstr" in wat:
        raise FetchError("char qstr patch: names already in use")
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(param $0 i32) (param $1 i32) (result i32)" in chunk.split("\n", 1)[0] \
                and "(i32.const 5381)" in chunk and "(i32.const 33)" in chunk:
            flat = normalise(chunk)
            m = FIND.search(flat)
            layout = ("(i32.load offset=12 (local.get", "(i32.load offset=16 (local.get",
                      "(i32.load offset=20 (local.get", "(i32.const 24))")
            if m and all(x in flat for x in layout):
                found.append((i, flat, m))
    if len(found) != SITES:
        raise FetchError(f"char qstr patch: expected {SITES} qstr_find_strn, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m = found[0]
    store = re.findall(rf"\(i32\.store offset={m.group('o')}\s+\(i32\.const {m.group('a')}\)\s+\(i32\.const (\d+)\)",
                       wat)
    if len(store) != 1:
        raise FetchError(f"char qstr patch: expected 1 store of the ROM pool head, found {len(store)}")
    table = char_table(chunks[0], int(store[0]))
    if not table:
        raise FetchError("char qstr patch: no one-character qstr in the ROM pools")
    decls = [int(n) for n in re.findall(r"\((?:local|param) \$(\d+) i32\)", flat)]
    r = f"${max(decls) + 1}"
    last = list(re.finditer(r"\((?:local|param) \$\d+ i32\)", flat))[-1]
    entry = (f" (if (i32.eq (local.get $1) (i32.const 1)) (then (if (local.tee {r} (call $mpk_char_qstr "
             f"(i32.load8_u (local.get $0)))) (then (return (local.get {r}))))))")
    chunks[i] = flat[:last.end()] + f" (local {r} i32)" + entry + flat[last.end():]
    chunks.insert(1, _function(table))
    return "".join(chunks)
