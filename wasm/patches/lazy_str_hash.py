"""lazy str hash: a new heap str or bytes gets its hash when it is first hashed, not when it is made.

In MicroPython's terms (v1.29.0, `py/objstr.c`): `mp_obj_new_str_type_from_vstr` (every str or
bytes built in a vstr: `s + t`, `s * n`, `str.join`, `str()`/`repr()` of an object, `%`,
`str.format`, f-strings, `upper`/`replace`/...) and `mp_obj_new_str_copy` (slices, `split`
results, `strip`, strings from C text, `bytes` copies) store `o->hash = qstr_compute_hash(data,
len)` (`py/qstr.c`, djb2 over every byte: ~14 fuel a byte), although most such strings are never
hashed. `s += str(i)` rehashed the whole growing string every iteration: 10**5 iterations took
~500 G fuel, two thirds of it hashing.

MicroPython itself defines a str hash of 0 as "not computed" (`GET_STR_HASH`, `py/objstr.h`;
`qstr_compute_hash` never returns 0; `MP_DEFINE_STR_OBJ` and compressed exception messages start
at 0), and every reader of the field handles it: `mp_unary_op(MP_UNARY_OP_HASH, ...)`
(`py/runtime.c`: computes it; the only way `hash()`, dict and set lookups (`mp_map_lookup`,
`mp_set_lookup`, `py/map.c`), tuple and frozenset hashes get a str's hash), `mp_obj_str_equal`
(skips the hash comparison when either is 0), `str_make_new`/`bytes_make_new` (copy it or compute
it). Interning (`qstr_from_strn`, `qstr_find_strn`) hashes the bytes itself. The patch:

1. stores 0 instead of the computed hash in those two constructors (sites 1 and 2);
2. in `mp_unary_op`'s str/bytes hash path, after a hash of 0 is computed for a heap object (not a
   qstr), stores it into `o->hash` (site 3), so a string is hashed at most once, as before: a key
   made by concatenation costs its hash at its first dict or set operation instead of at its
   creation. The stored value is the one upstream's constructor would have stored; str and bytes
   objects are immutable after construction (`mp_obj_str_set_data` recomputes the hash), so a
   stored hash stays right.

Equality, `hash()`, dict/set membership, interning, `getattr`/`setattr` and `**kwargs` with built
names behave as before (`tests/sandbox/test_patch_lazy_str_hash.py`: against CPython). Only the
fast rejection of two different strings of equal length by their hashes in `mp_obj_str_equal` is
skipped while one of them is unhashed: `memcmp` decides, as upstream does for such strings.

Sites, by shape, in normalised Binaryen text, with `H` the function computing djb2 (`5381`,
`* 33`, `& 65535`, 0 → 1, no calls: exactly one) and `A` the object allocator both constructors
call as `A(16, type)` (`mp_obj_malloc(mp_obj_str_t, type)`):

1. the two-parameter function that empties the vstr (`buf`, `alloc` set to 0) and then stores
   `len` at 8, `H(data, len)` into a local, `data` at 12 and the local at 4
   (`mp_obj_new_str_type_from_vstr`);
2. the three-parameter function that stores `len` at 8 and, when `data` is not NULL, `H(data,
   len)` at 4 and a new buffer at 12, filled with `memory.copy` (`mp_obj_new_str_copy`);
3. the hash path of `mp_unary_op`: `hash = o->hash` of a heap object, else `qstr_hash(q)` of a
   qstr; when 0, `hash = H(data, len)` — there the object pointer is kept in a new local
   (0 on the qstr path) and the computed hash stored at its offset 4.

Exactly one of each (`SITES` = 3), else `FetchError`.

Test: `tests/sandbox/test_patch_lazy_str_hash.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "lazy_str_hash"
SITES = 3
TEST = "tests/sandbox/test_patch_lazy_str_hash.py::test_built_strings_are_hashed_once_on_first_use"
OBJ = "$mpk_hash_obj"  # the local of mp_unary_op that keeps the heap str being hashed

HASH_FN = re.compile(
    r" \(func \$(?P<h>\w+) \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(local \$2 i32\) "
    r"\(local\.set \$2 \(i32\.const 5381\)\) .*\(i32\.mul \(local\.get \$2\) \(i32\.const 33\)\) .*"
    r"\(i32\.const 65535\).*\(i32\.const 1\).*\(local\.get \$2\)\)\s*")
# Site 1: `o = A(16, type); o->len = vstr->len; h = H(data, len); o->data = data; o->hash = h;`
FROM_VSTR = (
    r"\(i32\.store offset=8 \(local\.tee \$(?P<o>\d+) \(call \$(?P<a>\w+) \(i32\.const 16\) "
    r"\(local\.get \$(?P=o)\)\)\) "
    r"\(local\.tee \$(?P<n>\d+) \(i32\.load offset=4 \(local\.get \$(?P=n)\)\)\)\) "
    r"\(local\.set \$(?P=n) (?P<hash>\(call \${h} \(local\.get \$(?P<d>\d+)\) \(local\.get \$(?P=n)\)\))\) "
    r"\(i32\.store offset=12 \(local\.get \$(?P=o)\) \(local\.get \$(?P=d)\)\) "
    r"\(i32\.store offset=4 \(local\.get \$(?P=o)\) \(local\.get \$(?P=n)\)\)")
VSTR_EMPTIED = "(i32.store (local.get $1) (i32.const 0)) (i32.store offset=8 (local.get $1) (i32.const 0))"
# Site 2: `o = A(16, type); o->len = len; if (data) { o->hash = H(data, len); o->data = p = m_new(len + 1); ...`
COPY = (
    r"\(i32\.store offset=8 \(local\.tee \$0 \(call \$(?P<a>\w+) \(i32\.const 16\) \(local\.get \$0\)\)\) "
    r"\(local\.get \$2\)\) \(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.eqz \(local\.get \$1\)\)\) "
    r"\(i32\.store offset=4 \(local\.get \$0\) (?P<hash>\(call \${h} \(local\.get \$1\) \(local\.get \$2\)\))\) "
    r"\(i32\.store offset=12 \(local\.get \$0\) \(local\.tee \$3 \(call \$\w+ \(i32\.add \(local\.get \$2\) "
    r"\(i32\.const 1\)\)\)\)\) .*\(memory\.copy \(local\.get \$3\) \(local\.get \$1\) \(local\.get \$2\)\)")
# Site 3, mp_unary_op: the heap object's hash (`o` is the object, `f` the frame), else the qstr's,
# then `H(data, len)` when it is 0.
UNARY = (
    r"\(br_if \$(?P<done>\w+) \(local\.tee \$(?P<r>\d+) \(i32\.load offset=4 \(local\.get \$(?P<o>\d+)\)\)\)\) "
    r"(?P<heap>\(i32\.store offset=12 \(local\.get \$(?P<f>\d+)\) \(local\.tee \$(?P=r) \(i32\.load offset=8 "
    r"\(local\.get \$(?P=o)\)\)\)\) \(local\.set \$(?P=o) \(i32\.load offset=12 \(local\.get \$(?P=o)\)\)\) "
    r"\(br \$\w+\)\)) "
    r"(?P<qstr>\(br_if \$(?P=done) \(local\.tee \$(?P=r) \(call \$\w+ \(local\.tee \$(?P=o) \(i32\.shr_u "
    r"\(local\.get \$(?P=o)\) \(i32\.const 3\)\)\)\)\)\) \(local\.set \$(?P=o) \(call \$\w+ \(local\.get \$(?P=o)\) "
    r"\(i32\.add \(local\.get \$(?P=f)\) \(i32\.const 12\)\)\)\) \(local\.set \$(?P=r) \(i32\.load offset=12 "
    r"\(local\.get \$(?P=f)\)\)\)\)) "
    r"(?P<compute>\(local\.set \$(?P=r) \(call \${h} \(local\.get \$(?P=o)\) \(local\.get \$(?P=r)\)\)\))")
HEAD = re.compile(r" \(func \$\w+ (?:\(param \$\d+ i32\) )*\(result i32\)(?: \(local \$\d+ i32\))*")


def _hash_function(chunks: list[str]) -> str:
    """The name of the one small call-free function computing the djb2 str hash (`qstr_compute_hash`)."""
    found = [m.group("h") for c in chunks if c.startswith(" (func ") and "(i32.const 5381)" in c and len(c) < 2000
             and "(call " not in c for m in [HASH_FN.fullmatch(normalise(c))] if m]
    if len(found) != 1:
        raise FetchError(f"lazy str hash patch: expected one qstr_compute_hash, found {len(found)}")
    return found[0]


def _one(chunks: list[str], pattern: re.Pattern[str], what: str, extra: str = "") -> tuple[int, str, re.Match]:
    """The one function whose text matches `pattern` (and contains `extra`): its index, text, match."""
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "offset=12" in chunk:
            flat = normalise(chunk)
            matches = list(pattern.finditer(flat))
            if matches and extra in flat:
                found.extend((i, flat, m) for m in matches)
    if len(found) != 1:
        raise FetchError(f"lazy str hash patch: expected one site in {what}, found {len(found)} "
                         "(a different upstream build?)")
    return found[0]


def apply(wat: str, target: Target) -> str:
    """Store 0 for the hash of new heap strings and cache a computed hash; `FetchError` unless exact."""
    chunks = split_functions(wat)
    h = _hash_function(chunks)
    if OBJ in wat:
        raise FetchError(f"lazy str hash patch: the name {OBJ} is already in use")
    i1, flat1, m1 = _one(chunks, re.compile(FROM_VSTR.replace("{h}", h)), "mp_obj_new_str_type_from_vstr",
                         VSTR_EMPTIED)
    i2, flat2, m2 = _one(chunks, re.compile(COPY.replace("{h}", h)), "mp_obj_new_str_copy")
    i3, flat3, m3 = _one(chunks, re.compile(UNARY.replace("{h}", h)), "mp_unary_op")
    if len({i1, i2, i3}) != 3 or m1.group("a") != m2.group("a"):
        raise FetchError("lazy str hash patch: the sites are not in three functions allocating str objects alike")
    if not flat1.startswith(" (func ") or "(param $2 " in flat1.split("(result", 1)[0]:
        raise FetchError("lazy str hash patch: mp_obj_new_str_type_from_vstr does not take two parameters")
    chunks[i1] = flat1[:m1.start("hash")] + "(i32.const 0)" + flat1[m1.end("hash"):]
    chunks[i2] = flat2[:m2.start("hash")] + "(i32.const 0)" + flat2[m2.end("hash"):]
    head = HEAD.match(flat3)
    if head is None:
        raise FetchError("lazy str hash patch: mp_unary_op's header has an unexpected shape")
    o, r = m3.group("o"), m3.group("r")
    cache = f"(if (local.get {OBJ}) (then (i32.store offset=4 (local.get {OBJ}) (local.get ${r}))))"
    body = (flat3[head.end():m3.start("heap")] + f"(local.set {OBJ} (local.get ${o})) " + m3.group("heap") + " "
            + f"(local.set {OBJ} (i32.const 0)) " + m3.group("qstr") + " " + m3.group("compute") + " " + cache
            + flat3[m3.end("compute"):])
    chunks[i3] = flat3[:head.end()] + f" (local {OBJ} i32)" + body
    return "".join(chunks)
