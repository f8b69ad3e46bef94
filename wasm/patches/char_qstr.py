"""char qstr: every one-character string of a code point below 256 is a qstr found without a search.

In MicroPython's terms (v1.29.0, `py/qstr.c`, `qstr_find_strn`): every one-character string made
by indexing or iterating a str (`mp_obj_new_str_via_qstr` in `py/objstrunicode.c`:
`qstr_from_strn`) is looked up in every qstr pool, newest first: the run-time pools linearly, the
sorted ROM pools by bisection, then the unsorted static pool (217 entries) linearly — ~3,500 fuel
per character for `" "`, `"a"` or `"e"`; a character no ROM pool holds (digits, `,`, `g`, `k`,
`Q`, `é`, `ü`, `ß` …) is then interned in a run-time pool on first use and found by the same
search afterwards (~1,400 fuel more than a ROM character). The ROM pools are constant data, so
the patch reads them from the module's data segments at build time (the pool chain `qstr_init`
stores into `MP_STATE_VM(last_pool)`, each pool's `prev`, `total_prev_len`, `len`, `lengths` and
`qstrs`, checked for consistency: ids contiguous, lengths and pointers inside the data) and:

1. adds a qstr pool in static data (`statics.add_static_data`: after the data, below the heap, so
   the GC never sees it as its own and every memory image holds it unchanged) holding each
   one-character string of a code point below 256 that no ROM pool holds (UTF-8, NUL-terminated,
   with its hash and length as `makeqstrdata.py` computes them), chained on top of the pools
   (`prev`: the head `qstr_init` stores; its ids follow theirs), its `alloc` is the ROM pools' 10, below its
   `len`, so the first run-time qstr opens a new pool of 20 as before; `qstr_init` stores this
   pool as the head instead of the ROM head;
2. adds a table of 256 qstr ids in the same data, code point -> the id of its one-character
   string (ROM or the new pool), and at the start of `qstr_find_strn(str, len)`: for `len == 1`
   and an ASCII byte, or `len == 2` and a two-byte UTF-8 sequence of U+0080..U+00FF, it returns
   the table's id;
3. skips the new pool in the search loop (its length taken as 0 there): every string it holds is
   answered by 2., so a lookup of any other string costs what it did;
4. in `find_qstr` (inlined in `qstr_hash`, `qstr_len`, `qstr_str`, `qstr_data`), which walks
   from `MP_STATE_VM(last_pool)` through every run-time pool to the pool holding an id: an id
   below the first run-time id starts at a word of the new data holding the new pool (the top
   pool of static data) instead, so a character's or any ROM qstr's data is found in a few steps
   however many run-time pools a session has made.

Each string is in exactly one pool (run-time pools only receive strings no pool has), so the id
is the one every lookup finds. Only the ids of run-time qstrs move (by the new pool's length):
they are made at run time and nothing stores them across builds (compiled `.mpy` files name
qstrs by their text; frozen code only uses ROM ids, which are unchanged).

Site, by shape: the two-parameter function computing the djb2 hash (`5381`, `* 33 ^ byte`) that
walks pools from the word `qstr_init` sets to the ROM chain's head, reading `len` at 12 at the
top of its pool loop, `hashes` at 16, `lengths` at 20 and `qstrs` from 24 (`qstr_find_strn`):
exactly `SITES` = 1; the store of the ROM head: exactly 1; the break word in `sbrk`: exactly 1;
`find_qstr`'s walk from `&MP_STATE_VM(last_pool)` (`FIND_QSTR`): exactly 4; the tests of the
ROM head in `qstr_pool_info` and `qstr_dump_data`: exactly 4 (`hide_static_pools`: they stop at
the new pool, so `micropython.qstr_info()` counts the run-time pools only, as before).

Test: `tests/sandbox/test_patch_char_qstr.py`.
"""

from __future__ import annotations

import re
import struct

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.statics import Data, add_static_data

NAME = "char_qstr"
SITES = 1
TEST = "tests/sandbox/test_patch_char_qstr.py::test_one_character_strings_are_found_at_once"
MAX_POOLS = 8
FIND = re.compile(r"\(i32\.const 5381\).*\(i32\.load offset=(?P<o>\d+) \(i32\.const (?P<a>\d+)\)\)")
# The top of the pool loop: `(loop $L (local.set $n (i32.load offset=12 (local.get $pool)))` (pool->len).
POOL_LOOP = re.compile(r"\(loop \$\w+ \(local\.set \$(?P<n>\d+) \(i32\.load offset=12 \(local\.get \$(?P<p>\d+)\)\)\)")
CODE_POINTS = 256
ROM_ALLOC = 10  # MICROPY_ALLOC_QSTR_ENTRIES_INIT, the ROM pools' `alloc`
HASH_MASK = 0xFFFF  # MICROPY_QSTR_BYTES_IN_HASH = 2
# find_qstr inlined (`qstr_hash`, `qstr_len`, `qstr_str`, `qstr_data`): `p = &last_pool; do p = *p
# (the pool, then each `prev`) while (q < p->total_prev_len)`.
FIND_QSTR = re.compile(
    r"\(local\.set \$(?P<p>\d+) (?P<start>\(i32\.add \(i32\.const (?P<a>\d+)\) \(i32\.const (?P<o>\d+)\)\))\) "
    r"\(loop \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.lt_u \(local\.get \$(?P<q>\d+)\) "
    r"\(local\.tee \$\d+ \(i32\.and \(i32\.load offset=4 "
    r"\(local\.tee \$(?P=p) \(i32\.load \(local\.get \$(?P=p)\)\)\)\) \(i32\.const 2147483647\)\)\)\)\)")
FINDERS = 4
INFO_TESTS = 4


def _pools(data: Data, head: int) -> list[tuple[int, int, int]]:
    """(address, first id, length) of each pool of the ROM chain from `head`, checked."""
    pools, pool = [], head
    while pool:
        if len(pools) == MAX_POOLS:
            raise FetchError("char qstr patch: the ROM pool chain does not end")
        first, length = data.u32(pool + 4) & 0x7FFFFFFF, data.u32(pool + 12)
        if length > 1 << 16:
            raise FetchError("char qstr patch: a ROM pool with implausibly many entries (pool layout?)")
        pools.append((pool, first, length))
        pool = data.u32(pool)
    ids = sorted((first, n) for _, first, n in pools)
    if not ids or ids[0][0] != 0 or any(a + n != b for (a, n), (b, _) in zip(ids, ids[1:], strict=False)):
        raise FetchError("char qstr patch: ROM pool ids are not contiguous from 0 (pool layout?)")
    return pools


def _strings(data: Data, pool: int, length: int) -> list[bytes]:
    sizes, qstrs = data.read(data.u32(pool + 20), length), pool + 24
    return [data.read(data.u32(qstrs + 4 * i), sizes[i]) for i in range(length)]


def char_table(header: str, head: int) -> dict[int, int]:
    """ASCII byte -> qstr id of every one-byte string in the ROM pool chain starting at `head`."""
    return {cp: q for cp, q in code_points(header, head).items() if cp < 128}


def code_points(header: str, head: int) -> dict[int, int]:
    """Code point below 256 -> qstr id of its one-character string in the pool chain from `head`."""
    data, table = Data(header), {}
    for pool, first, length in _pools(data, head):
        for i, text in enumerate(_strings(data, pool, length)):
            if len(text) in (1, 2):
                try:
                    chars = text.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if len(chars) == 1 and ord(chars) < CODE_POINTS:
                    if ord(chars) in table:
                        raise FetchError("char qstr patch: a one-character qstr is in two ROM pools")
                    table[ord(chars)] = first + i
    return table


def qstr_hash(text: bytes) -> int:
    """`qstr_compute_hash` (`py/qstr.c`): djb2, masked to the hash bytes, never 0."""
    h = 5381
    for b in text:
        h = (h * 33 ^ b) & 0xFFFFFFFF
    return (h & HASH_MASK) or 1


def _function(table: dict[int, int]) -> str:
    """`$mpk_char_qstr(byte) -> id`: a br_table over bytes 0..127, 0 for bytes not in `table`
    (used by `char_case` for the ROM characters when built without this patch)."""
    chars = sorted(table)
    labels = {c: f"$mpk_c{k}" for k, c in enumerate(chars)}
    targets = " ".join(labels.get(b, "$mpk_none") for b in range(128))
    opens = "".join(f"(block {labels[c]} " for c in reversed(chars))
    closes = "".join(f") (return (i32.const {table[c]}))" for c in chars)
    return (f" (func $mpk_char_qstr (param $0 i32) (result i32) (block $mpk_none {opens}"
            f"(br_table {targets} $mpk_none (local.get $0)){closes}) (i32.const 0))\n")


def pool_bytes(at: int, head: int, first: int, rom: dict[int, int]) -> tuple[bytes, int]:
    """The new pool at address `at` (prev `head`, ids from `first`) holding the one-character
    strings of the code points not in `rom`, then the id table; (its bytes, the table's address)."""
    missing = [cp for cp in range(CODE_POINTS) if cp not in rom]
    texts = [chr(cp).encode("utf-8") for cp in missing]
    k = len(missing)
    hashes = at + 24 + 4 * k
    lengths = hashes + 2 * k
    strings = lengths + k
    pointers, offset = [], strings
    for text in texts:
        pointers.append(offset)
        offset += len(text) + 1
    table = offset + (offset & 1)
    ids = dict(rom) | {cp: first + i for i, cp in enumerate(missing)}
    body = struct.pack("<6I", head, first, ROM_ALLOC, k, hashes, lengths)
    body += struct.pack(f"<{k}I", *pointers) + struct.pack(f"<{k}H", *(qstr_hash(t) for t in texts))
    body += bytes(len(t) for t in texts) + b"".join(t + b"\0" for t in texts) + bytes(table - offset)
    body += struct.pack(f"<{CODE_POINTS}H", *(ids[cp] for cp in range(CODE_POINTS)))
    if len(body) != table - at + 2 * CODE_POINTS or max(ids.values()) >= 1 << 16:
        raise FetchError("char qstr patch: pool layout arithmetic")
    return body + struct.pack("<I", at), table


def _entry(table: int, r: str) -> str:
    """The fast path at the start of `qstr_find_strn(str $0, len $1)`: the table's id of a
    one-character string of a code point below 256."""
    b0, b1 = "(i32.load8_u (local.get $0))", "(i32.load8_u offset=1 (local.get $0))"
    one = (f"(if (i32.eq (local.get $1) (i32.const 1)) (then (if (i32.lt_u (local.tee {r} {b0}) (i32.const 128)) "
           f"(then (return (i32.load16_u offset={table} (i32.shl (local.get {r}) (i32.const 1))))))))")
    two = (f"(if (i32.eq (local.get $1) (i32.const 2)) (then (if (i32.and "
           f"(i32.eq (i32.and (local.tee {r} {b0}) (i32.const 254)) (i32.const 194)) "
           f"(i32.eq (i32.and {b1} (i32.const 192)) (i32.const 128))) "
           f"(then (return (i32.load16_u offset={table} (i32.shl (i32.or (i32.shl (i32.and (local.get {r}) "
           f"(i32.const 31)) (i32.const 6)) (i32.and {b1} (i32.const 63))) (i32.const 1))))))))")
    return f" {one} {two}"


def hide_static_pools(chunks: list[str], state: str, old: int, new: int, patch: str) -> None:
    """`qstr_pool_info` and `qstr_dump_data` (`micropython.qstr_info()`) walk the pools from
    `MP_STATE_VM(last_pool)` (`state`: its load) down to the ROM head they were compiled with
    (`old`, two tests each: exactly `INFO_TESTS`); make them stop at `new`, the new top pool of
    static data, so they count and list the run-time pools only, as before."""
    found = 0
    test = re.compile(rf"\(i32\.(?:eq|ne) \(local\.get \$\d+\) \(i32\.const (?P<c>{old})\)\)")
    for k, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and state in normalise(chunk):
            flat = normalise(chunk)
            sites = list(test.finditer(flat))
            for m in reversed(sites):
                flat = flat[:m.start("c")] + str(new) + flat[m.end("c"):]
            if sites:
                chunks[k] = flat
                found += len(sites)
    if found != INFO_TESTS:
        raise FetchError(f"{patch} patch: expected {INFO_TESTS} tests of the pool head in qstr_info, found {found}")


def _shortcut(chunks: list[str], state: int, word: int, runtime: int) -> None:
    """In each inlined `find_qstr` (`FIND_QSTR`, exactly `FINDERS`): an id below `runtime` (a pool
    of static data) starts its walk at `word` (holding the top static pool) instead of
    `MP_STATE_VM(last_pool)` at `state`, skipping the run-time pools."""
    found = 0
    for k, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(i32.const 2147483647)" in chunk:
            flat = normalise(chunk)
            sites = [m for m in FIND_QSTR.finditer(flat) if int(m.group("a")) + int(m.group("o")) == state]
            for m in reversed(sites):
                start = (f"(select (i32.const {word}) (i32.add (i32.const {m.group('a')}) (i32.const {m.group('o')})) "
                         f"(i32.lt_u (local.get ${m.group('q')}) (i32.const {runtime})))")
                flat = flat[:m.start("start")] + start + flat[m.end("start"):]
            if sites:
                chunks[k] = flat
                found += len(sites)
    if found != FINDERS:
        raise FetchError(f"char qstr patch: expected {FINDERS} inlined find_qstr, found {found}")


def apply(wat: str, target: Target) -> str:
    """Add the pool, the table and their use in `qstr_find_strn`; `FetchError` unless every site
    is found exactly once."""
    if "$mpk_chars" in wat:
        raise FetchError("char qstr patch: names already in use")
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(param $0 i32) (param $1 i32) (result i32)" in chunk.split("\n", 1)[0] \
                and "(i32.const 5381)" in chunk and "(i32.const 33)" in chunk:
            flat = normalise(chunk)
            m = FIND.search(flat)
            layout = ("(i32.load offset=16 (local.get", "(i32.load offset=20 (local.get", "(i32.const 24))")
            loops = list(POOL_LOOP.finditer(flat))
            if m and all(x in flat for x in layout) and len(loops) == 1:
                found.append((i, flat, m, loops[0]))
    if len(found) != SITES:
        raise FetchError(f"char qstr patch: expected {SITES} qstr_find_strn, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m, loop = found[0]
    store = re.compile(rf"\(i32\.store offset={m.group('o')}\s+\(i32\.const {m.group('a')}\)\s+\(i32\.const (\d+)\)")
    stores = [(k, s) for k, chunk in enumerate(chunks) for s in store.finditer(chunk)]
    if len(stores) != 1:
        raise FetchError(f"char qstr patch: expected 1 store of the ROM pool head, found {len(stores)}")
    head = int(stores[0][1].group(1))
    data = Data(chunks[0])
    rom = code_points(chunks[0], head)
    first = sum(n for _, _, n in _pools(data, head))
    made = {}

    def build(at: int) -> bytes:
        body, made["table"] = pool_bytes(at, head, first, rom)
        return body

    pool = add_static_data(chunks, "mpk_chars", build)
    _shortcut(chunks, int(m.group("o")) + int(m.group("a")), made["table"] + 2 * CODE_POINTS,
              first + CODE_POINTS - len(rom))
    k, s = stores[0]
    chunks[k] = chunks[k][:s.start(1)] + str(pool) + chunks[k][s.end(1):]
    hide_static_pools(chunks, f"(i32.load offset={m.group('o')} (i32.const {m.group('a')}))", head, pool, "char qstr")
    decls = [int(n) for n in re.findall(r"\((?:local|param) \$(\d+) i32\)", flat)]
    r = f"${max(decls) + 1}"
    skip = (f" (if (i32.eq (local.get ${loop.group('p')}) (i32.const {pool})) "
            f"(then (local.set ${loop.group('n')} (i32.const 0))))")
    flat = flat[:loop.end()] + skip + flat[loop.end():]
    last = list(re.finditer(r"\((?:local|param) \$\d+ i32\)", flat))[-1]
    chunks[i] = flat[:last.end()] + f" (local {r} i32)" + _entry(made["table"], r) + flat[last.end():]
    return "".join(chunks)
