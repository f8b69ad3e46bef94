"""vstr growth: a string being built grows its buffer geometrically, not 16 bytes at a time.

In MicroPython's terms (v1.29.0, `py/vstr.c`, `vstr_ensure_extra(vstr, size)`): when
`vstr->len + size` exceeds `vstr->alloc`, the buffer is renewed to `ROUND_ALLOC(len + size + 16)`,
i.e. 16-24 bytes more than needed. Every string built through a vstr by appending (`repr()` and
`str()` of containers, `'%s' % (x,)`, `str.format` and f-strings, `json.dumps`, `io.StringIO`
writes) so renews it every ~16 bytes, and each `gc_realloc` costs time proportional to the
buffer: it counts the buffer's blocks to grow it in place, and copies it when the blocks after
it are in use. `repr(list(range(40000)))` took 4.1 G fuel (quadratic; `print` of the same list,
which writes straight to the output, 0.6 G).

The patch, in C terms, replaces the renew (the `fixed_buf` test before it, which raises
`RuntimeError` for a fixed buffer, is upstream's and unchanged):

    size_t need = vstr->len + size;
    size_t want = ROUND_ALLOC(need + 16);                             // upstream's size
    size_t more = need <= 0x7fffffff ? need + need / 4 : need;       // CPython's writer: +25%
    size_t spare = ROUND_ALLOC(more + 16);
    char *buf = gc_realloc(vstr->buf, spare, true);                  // NULL if no room
    if (buf == NULL) { spare = want; buf = m_renew(char, vstr->buf, vstr->alloc, want); }
    vstr->buf = buf; vstr->alloc = spare;

so the buffer grows by a quarter each time (renews: logarithmic in the final length; their total
cost linear). `need <= 0x7fffffff` keeps `more + 24` below 2^32 (no `size_t` overflow; a 32-bit
build's heap is far smaller). The spare room is at most a quarter of the string plus 24 bytes,
and when the vstr becomes a str object `mp_obj_new_str_type_from_vstr` (`py/objstr.c`) renews the
buffer down to `len + 1` bytes (`gc_realloc` shrinks in place and frees the tail blocks), so the
str keeps no spare room; an `io.StringIO` keeps its buffer (at most 1.25 × its contents + 24). When
the larger block cannot be had (near the memory limit) the renew is upstream's exact one, with
upstream's `MemoryError` if that fails too. The larger renew may ask the host for more memory:
while it runs the exported global `mpk_vstr_optional` is 1, and the host refuses a growth over
the limit without counting it as the program running out of memory (as for `gc_in_calls`'
policy growth, `hostimports.py`): a string built near the limit ends in upstream's `MemoryError`
(which the program can catch), not in the livelock detector's `MemoryLimitExceeded`. The global
is set back to 0 right after the call; a trap inside it is followed by a restore of memory,
after which the host sets it to 0 (`EmscriptenInstance.after_restore`). `gc_realloc(ptr, n,
true)` is exactly what `m_realloc` (`py/malloc.c`) calls before raising on NULL.

Site, by shape: the two-parameter function that tests `len + size <= alloc` (vstr fields `alloc`
at 0, `len` at 4, `buf` at 8, `fixed_buf` at 12), then `fixed_buf == 1`, and stores
`m_realloc(buf, ((len + size) & -8) + 24)` into `buf` and the size into `alloc`
(`vstr_ensure_extra`, not inlined: `vstr_add_len`, `vstr_add_strn`, `vstr_add_byte`,
`vstr_hint_size`, ... call it): exactly `SITES` = 1; `m_realloc` is found as the function it
calls, whose body calls `gc_realloc(ptr, n, 1)` and raises when that returns NULL for `n != 0`.

Test: `tests/sandbox/test_patch_vstr_growth.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, function_index, normalise, split_functions

NAME = "vstr_growth"
SITES = 1
TEST = "tests/sandbox/test_patch_vstr_growth.py::test_reprs_of_big_containers_take_linear_fuel"

HEAD = re.compile(r" \(func \$(?P<f>\w+) \(param \$0 i32\) \(param \$1 i32\)(?P<locals>(?: \(local \$\d+ i32\))*) ")
# Normalised Binaryen text (no space before a closing parenthesis). Groups: the vstr `v`, the size
# `s`, the local `n` holding `len + size`, `m_realloc` (`r`).
SITE = re.compile(
    r"\(br_if \$(?P<b>\w+) \(i32\.le_u \(local\.tee \$(?P<n>\d+) \(i32\.add \(i32\.load offset=4 "
    r"\(local\.get \$(?P<v>\d+)\)\) \(local\.get \$(?P<s>\d+)\)\)\) \(i32\.load \(local\.get \$(?P=v)\)\)\)\) "
    r"\(br_if \$\w+ \(i32\.eq \(i32\.load8_u offset=12 \(local\.get \$(?P=v)\)\) \(i32\.const 1\)\)\) "
    r"(?P<renew>\(i32\.store offset=8 \(local\.get \$(?P=v)\) \(call \$(?P<r>\w+) \(i32\.load offset=8 "
    r"\(local\.get \$(?P=v)\)\) \(local\.tee \$(?P=n) (?P<want>\(i32\.add \(i32\.and \(local\.get \$(?P=n)\) "
    r"\(i32\.const -8\)\) \(i32\.const 24\)\))\)\)\) "
    r"\(i32\.store \(local\.get \$(?P=v)\) \(local\.get \$(?P=n)\)\))")
# m_realloc: `p = gc_realloc(ptr, n, true); if (p == NULL && n != 0) m_malloc_fail(n); return p;`
M_REALLOC = re.compile(
    r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(local\.set \$0 \(call \$(?P<g>\w+) "
    r"\(local\.get \$0\) \(local\.get \$1\) \(i32\.const 1\)\)\) \(block \$(?P<b>\w+) \(br_if \$(?P=b) "
    r"\(i32\.eqz \(local\.get \$1\)\)\) \(br_if \$(?P=b) \(local\.get \$0\)\) \(call \$\w+ \(local\.get \$1\)\) "
    r"\(unreachable\)\) \(local\.get \$0\)\)\s*")
OPTIONAL = "$mpk_vstr_optional"  # 1 during the larger renew: the host may refuse a growth without counting it
NEED = "$mpk_vstr_need"
BUF = "$mpk_vstr_buf"
LIMIT = 0x7FFFFFFF  # `need` above this grows as upstream (keeps `need + need / 4 + 24` below 2^32)


def _renew(m: re.Match, gc_realloc: str) -> str:
    """The geometric renew with upstream's exact one as the fallback (see the module docstring)."""
    v, n, need = m.group("v"), m.group("n"), f"(local.get {NEED})"
    more = (f"(select (i32.add {need} (i32.shr_u {need} (i32.const 2))) {need} "
            f"(i32.le_u {need} (i32.const {LIMIT})))")
    want = m.group("want").replace(f"(local.get ${n})", need)
    return (f"(local.set {NEED} (local.get ${n})) "
            f"(global.set {OPTIONAL} (i32.const 1)) "
            f"(local.set {BUF} (call ${gc_realloc} (i32.load offset=8 (local.get ${v})) "
            f"(local.tee ${n} (i32.add (i32.and {more} (i32.const -8)) (i32.const 24))) (i32.const 1))) "
            f"(global.set {OPTIONAL} (i32.const 0)) "
            f"(if (i32.eqz (local.get {BUF})) (then "
            f"(local.set {BUF} (call ${m.group('r')} (i32.load offset=8 (local.get ${v})) (local.tee ${n} {want}))))) "
            f"(i32.store offset=8 (local.get ${v}) (local.get {BUF})) "
            f"(i32.store (local.get ${v}) (local.get ${n}))")


def apply(wat: str, target: Target) -> str:
    """Make `vstr_ensure_extra` grow geometrically; `FetchError` unless exactly `SITES` site."""
    chunks = split_functions(wat)
    names = function_index(chunks)
    sites = []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or "(i32.const 24)" not in chunk or "load8_u offset=12" not in chunk:
            continue
        flat = normalise(chunk)
        head = HEAD.match(flat)
        found = list(SITE.finditer(flat))
        if head and len(found) == 1:
            sites.append((index, flat, head, found[0]))
    if len(sites) != SITES:
        raise FetchError(f"vstr growth patch: expected {SITES} site (vstr_ensure_extra), found {len(sites)} "
                         "(a different upstream build?)")
    for index, flat, head, m in sites:
        realloc = names.get(m.group("r"))
        shape = M_REALLOC.fullmatch(normalise(chunks[realloc])) if realloc is not None else None
        if shape is None:
            raise FetchError(f"vstr growth patch: expected ${m.group('r')} to be m_realloc "
                             "(gc_realloc(ptr, n, 1), raising on NULL)")
        flat = flat[:m.start("renew")] + _renew(m, shape.group("g")) + flat[m.end("renew"):]
        at = head.end("locals")
        chunks[index] = flat[:at] + f" (local {NEED} i32) (local {BUF} i32)" + flat[at:]
    if OPTIONAL in chunks[0]:
        raise FetchError(f"vstr growth patch: expected no global named {OPTIONAL} yet")
    # after the module's own globals (their indices stay as they are), like gc_in_calls' globals
    chunks[0] += f" (global {OPTIONAL} (mut i32) (i32.const 0))\n (export \"mpk_vstr_optional\" (global {OPTIONAL}))\n"
    return "".join(chunks)
