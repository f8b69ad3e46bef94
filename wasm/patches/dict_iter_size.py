"""dict iter size: iterating a dict or a set whose size changed raises CPython's
`RuntimeError: dictionary changed size during iteration` (`Set changed size during iteration`)
instead of running on silently.

In MicroPython's terms (v1.29.0, `py/objdict.c`): `for k in d`, `d.keys()`, `d.values()` and
`d.items()` iterate with an `mp_obj_dict_view_it_t` (base, `kind`, `dict`, `cur`: the 16 bytes of
an `mp_obj_iter_buf_t`, no room for another field) whose `dict_view_it_iternext` walks the table
from `cur` without looking at the map's `used` count. Deleting keys in the loop skipped or
deleted further keys (ordered maps shift their entries down), adding keys ran until the loop
found no new slot. CPython (`Objects/dictobject.c`, `dictiter_iternextkey`; `Objects/setobject.c`,
`setiter_iternext`) remembers the size when the iterator is made and raises at the next step when
it differs; assigning to an existing key (adding an element already there) keeps the size and
stays allowed.

Dicts: the patch keeps the count in the iterator's `kind` word, which holds 0..2
(`MP_DICT_VIEW_ITEMS`, `_KEYS`, `_VALUES`): where an iterator is made (`dict_getiter`,
`dict_view_getiter`, and `dict_view_print`'s own iterator) the map's first word with its three
flag bits cleared (`used << 3`) is or-ed into `kind`; `dict_view_it_iternext` first compares that
with the dict's word (flags cleared again: `all_keys_are_qstrs` and `is_ordered` change with the
size only) and raises `mp_raise_msg(&mp_type_RuntimeError, "dictionary changed size during
iteration")` when they differ, then switches on `kind & 7`.

Sets (`py/objset.c`): `mp_obj_set_it_t` (base, `iternext`, `set`, `cur`) has no spare word either,
so `set_getiter` stamps `cur`: when the set's table has fewer than 2**24 slots, `cur` starts as
bit 31 (stamped) | `(used & 127) << 24`, the slot index in bits 0..23. `set_it_iternext` takes the
stamp bits off `cur` (nothing when bit 31 is clear: huge sets, and `set_issubset_internal`'s own
iterator, which never changes its set), raises `Set changed size during iteration` when the
stamp's count differs from `used & 127`, and puts the stamp back on the `cur` it stores. A size
change of exactly a multiple of 128 in one step goes unseen (the loop then runs as before).

Not done: CPython's "dictionary keys changed during iteration" (a delete and an add between two
steps, same size). Raising allocates the exception, so the patch is placed before `gc_in_calls`.

Sites, by shape (each variant):
- `dict_view_it_iternext`: the one function of one parameter that calls a function
  (`dict_iter_next`) with `(i32.load offset=8 it)` and `it + 12`, and branches with `br_table` on
  `kind - 1` (`(i32.add (i32.load offset=4 it) (i32.const -1))`): 1;
- `&mp_type_dict_view_it`: the constant stored as the type word of the local that
  `dict_view_print` passes to that function (one value);
- the dict iterators made: the functions storing that constant as a type word, each with its
  stores at offsets 4, 8 and 12: `MAKERS` = 3; the stamp goes after the last of those four stores;
- `set_it_iternext`: the one function of one parameter that tests `cur >= set->alloc` (offsets 12
  and 4), skips the keys 0 and 4 with one `br_table` and stores `cur` once: 1; its index in the
  function table (the one `elem` segment, from 1); `set_getiter`: the one function storing that
  index at offset 4 of an iterator, with `cur = 0` and `set` stores;
- `mp_raise_msg` and `&mp_type_RuntimeError`: the one call `(call $f (i32.const T) (i32.const M))`
  with `M` the address of "generator ignored GeneratorExit" (`py/objgen.c`).
`SITES` = 2 (the two iternexts); the messages are added as static data.

Test: `tests/sandbox/test_patch_dict_iter_size.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, at_entry, expression_end, normalise, split_functions
from wasm.patches.statics import Data, add_static_data

NAME = "dict_iter_size"
SITES = 2
MAKERS = 3
TEST = "tests/sandbox/test_patch_dict_iter_size.py::test_dict_size_change_raises"
MESSAGE = b"dictionary changed size during iteration"
SET_MESSAGE = b"Set changed size during iteration"
KNOWN_RUNTIME_ERROR = b"generator ignored GeneratorExit"

ITERNEXT = re.compile(
    r"\(call \$\w+ \(i32\.load offset=8 \(local\.get \$0\)\) \(i32\.add \(local\.get \$0\) \(i32\.const 12\)\)\)")
KIND = "(i32.add (i32.load offset=4 (local.get $0)) (i32.const -1))"


def _raise_msg(chunks: list[str]) -> tuple[str, int]:
    """(`mp_raise_msg`'s name, `&mp_type_RuntimeError`) from the one call raising a known message."""
    data = Data(chunks[0])
    addresses = [start + i + 1 for start, body in data.segments
                 for i in [body.find(b"\0" + KNOWN_RUNTIME_ERROR + b"\0")] if i >= 0]
    if len(addresses) != 1:
        raise FetchError(f"{NAME} patch: expected the message {KNOWN_RUNTIME_ERROR!r} once, found {len(addresses)}")
    call = re.compile(rf"\(call \$(\w+) \(i32\.const (\d+)\) \(i32\.const {addresses[0]}\)\)")
    found = {(m.group(1), int(m.group(2))) for c in chunks[1:] if str(addresses[0]) in c
             for m in call.finditer(normalise(c))}
    if len(found) != 1:
        raise FetchError(f"{NAME} patch: expected 1 call raising {KNOWN_RUNTIME_ERROR!r}, found {len(found)}")
    return found.pop()


def _stamp(it: str) -> str:
    """`it->kind |= dict->map.used << 3` (the map's first word without its flags)."""
    return (f"(i32.store offset=4 {it} (i32.or (i32.load offset=4 {it}) "
            f"(i32.and (i32.load offset=4 (i32.load offset=8 {it})) (i32.const -8))))")


def apply(wat: str, target: Target) -> str:
    chunks = split_functions(wat)
    nexts = [(k, m) for k, c in enumerate(chunks)
             if c.startswith(" (func ") and re.match(r" \(func \$\w+ \(param \$0 i32\) \(result i32\)", c)
             for m in [re.match(r" \(func \$(\w+) ", c)]
             if "br_table" in c and ITERNEXT.search(normalise(c)) and KIND in normalise(c)]
    if len(nexts) != 1:
        raise FetchError(f"{NAME} patch: expected 1 dict_view_it_iternext, found {len(nexts)}")
    k_next, name = nexts[0][0], nexts[0][1].group(1)
    # &mp_type_dict_view_it: stored as the type word of the local passed to the iternext.
    types = set()
    for c in chunks[1:]:
        if f"(call ${name}" not in c:
            continue
        flat = normalise(c)
        for m in re.finditer(rf"\(call \${name} \(local\.get \$(\d+)\)\)", flat):
            types.update(re.findall(rf"\(i32\.store \(local\.get \${m.group(1)}\) \(i32\.const (\d+)\)\)", flat))
    if len(types) != 1:
        raise FetchError(f"{NAME} patch: expected 1 dict_view_it type, found {len(types)}")
    view_it = types.pop()
    makers = 0
    for k, c in enumerate(chunks):
        if not c.startswith(" (func ") or f"(i32.const {view_it})" not in c:
            continue
        flat = normalise(c)
        for m in re.finditer(rf"\(i32\.store \((local\.get \$\d+)\) \(i32\.const {view_it}\)\)", flat):
            it = re.escape(m.group(1))
            stores = [s for off in ("", " offset=4", " offset=8", " offset=12")
                      for s in re.finditer(rf"\(i32\.store{off} \({it}\) ", flat)]
            if len(stores) != 4:
                raise FetchError(f"{NAME} patch: an iterator made without its four stores")
            last = max(s.start() for s in stores)
            end = expression_end(flat, last)
            flat = flat[:end] + " " + _stamp(f"({m.group(1)})") + flat[end:]
            makers += 1
            break
        chunks[k] = flat
    if makers != MAKERS:
        raise FetchError(f"{NAME} patch: expected {MAKERS} dict iterators made, found {makers}")
    raise_msg, runtime_error = _raise_msg(chunks)
    message = add_static_data(chunks, "mpk_dict_iter_size", lambda at: MESSAGE + b"\0")
    flat = normalise(chunks[k_next]).replace(KIND, "(i32.add (i32.and (i32.load offset=4 (local.get $0)) "
                                                   "(i32.const 7)) (i32.const -1))")
    check = (f"(if (i32.ne (i32.and (i32.load offset=4 (local.get $0)) (i32.const -8)) "
             f"(i32.and (i32.load offset=4 (i32.load offset=8 (local.get $0))) (i32.const -8))) "
             f"(then (call ${raise_msg} (i32.const {runtime_error}) (i32.const {message})) (unreachable)))")
    chunks[k_next] = at_entry(flat, check)
    _set_iterators(chunks, raise_msg, runtime_error)
    return "".join(chunks)


SET_ITERNEXT = re.compile(
    r"\(br_if \$\w+ \(i32\.ge_u \(local\.tee \$(?P<cur>\d+) \(i32\.load offset=12 \(local\.get \$0\)\)\) "
    r"\(local\.tee \$\d+ \(i32\.load offset=4 \(local\.tee \$\d+ \(i32\.load offset=8 \(local\.get \$0\)\)\)\)\)\)\)")
SET_SKIP = re.compile(r"\(br_table \$(\w+) \$(\w+) \$\2 \$\2 \$\1 \$\2 ")
SET_STORE = re.compile(r"\(i32\.store offset=12 \(local\.get \$0\) \(local\.get \$(\d+)\)\)")
STAMP_BITS = -(1 << 24)  # 0xff000000: the flag (bit 31) and `used & 0x7f` (bits 24..30)
SET_ALLOC_MAX = 1 << 24  # a set whose table has as many slots keeps a plain `cur`


def _set_iterators(chunks: list[str], raise_msg: str, runtime_error: int) -> None:
    """The set part (see the module docstring): stamp `cur` in `set_getiter`, check it in
    `set_it_iternext`."""
    found = []
    for k, c in enumerate(chunks):
        m = re.match(r" \(func \$(\w+) \(param \$0 i32\) \(result i32\)", c)
        if not m or "br_table" not in c:
            continue
        flat = normalise(c)
        if SET_ITERNEXT.search(flat) and SET_SKIP.search(flat) and len(SET_STORE.findall(flat)) == 1:
            found.append((k, m.group(1), flat))
    if len(found) != 1:
        raise FetchError(f"{NAME} patch: expected 1 set_it_iternext, found {len(found)}")
    k_next, name, flat = found[0]
    elems = re.findall(r"(?m)^ \(elem \$\w+ \(i32\.const 1\)((?: \$\w+)+)\)$", chunks[0])
    if len(elems) != 1 or elems[0].split().count(f"${name}") != 1:
        raise FetchError(f"{NAME} patch: expected set_it_iternext once in one table segment")
    index = elems[0].split().index(f"${name}") + 1
    makers = []
    for k, c in enumerate(chunks):
        if f"(i32.const {index})" not in c or not c.startswith(" (func "):
            continue
        f = normalise(c)
        for m in re.finditer(rf"\(i32\.store offset=4 \((local\.get \$\d+)\) \(i32\.const {index}\)\)", f):
            it = m.group(1)
            if f"(i32.store offset=12 ({it}) (i32.const 0))" in f and f"(i32.store offset=8 ({it}) " in f:
                makers.append((k, f, it))
    if len(makers) != 1:
        raise FetchError(f"{NAME} patch: expected 1 set_getiter, found {len(makers)}")
    k, f, it = makers[0]
    stores = [s for off in ("", " offset=4", " offset=8", " offset=12")
              for s in re.finditer(rf"\(i32\.store{off} \({re.escape(it)}\) ", f)]
    end = expression_end(f, max(s.start() for s in stores))
    stamp = (f"(if (i32.lt_u (i32.load offset=4 (i32.load offset=8 ({it}))) (i32.const {SET_ALLOC_MAX})) "
             f"(then (i32.store offset=12 ({it}) (i32.or (i32.const {-(1 << 31)}) (i32.shl (i32.and "
             f"(i32.load offset=8 (i32.load offset=8 ({it}))) (i32.const 127)) (i32.const 24))))))")
    chunks[k] = f[:end] + " " + stamp + f[end:]
    message = add_static_data(chunks, "mpk_set_iter_size", lambda at: SET_MESSAGE + b"\0")
    cur = "(i32.load offset=12 (local.get $0))"
    check = (f"(local.set $mpk_dis (i32.and {cur} (i32.and (i32.shr_s {cur} (i32.const 31)) "
             f"(i32.const {STAMP_BITS})))) "
             f"(if (i32.and (i32.ne (local.get $mpk_dis) (i32.const 0)) (i32.ne (i32.and (i32.shr_u "
             f"(local.get $mpk_dis) (i32.const 24)) (i32.const 127)) (i32.and (i32.load offset=8 "
             f"(i32.load offset=8 (local.get $0))) (i32.const 127)))) "
             f"(then (call ${raise_msg} (i32.const {runtime_error}) (i32.const {message})) (unreachable)))")
    if flat.count(cur) != 1:
        raise FetchError(f"{NAME} patch: expected set_it_iternext to read cur once")
    flat = flat.replace(cur, f"(i32.xor {cur} (local.get $mpk_dis))")
    flat = SET_STORE.sub(lambda m: f"(i32.store offset=12 (local.get $0) (i32.or (local.get ${m.group(1)}) "
                                   f"(local.get $mpk_dis)))", flat)
    head = re.match(r" \(func \$\w+ \(param \$0 i32\) \(result i32\)(?: \(local \$\w+ i32\))*", flat)
    flat = flat[:head.end()] + " (local $mpk_dis i32)" + flat[head.end():]
    chunks[k_next] = at_entry(flat, check)
