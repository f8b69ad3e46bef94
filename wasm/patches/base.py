"""What every patch module shares: the build target it patches and helpers over Binaryen text.

A patch module (see `wasm/patches/__init__.py`) has:

- `NAME`: a short name (used by tests to build the interpreter without it);
- `SITES`: the exact number of sites it rewrites in each variant (fewer or more fails the build);
- `TEST`: the test that proves its behaviour and fails on a build without it (`path::function`);
- `apply(wat: str, target: Target) -> str`: the rewritten module text; raises `FetchError` when
  the sites are not found exactly as expected;
- optionally `VARIANTS`: the upstream files it patches (e.g. only `micropython-ulab.wasm`, for
  ulab's code); the others are returned unchanged, and `SITES` counts the sites in these;
- optionally `check_patched(wat: str) -> None`: run by the pipeline on the text with every patch
  applied (also the later ones); raises `FetchError` if they broke what this patch relies on;
- optionally `EXTENDS`: the names of earlier patches whose added code it rewrites (its sites exist
  only with them); the test build without such a patch leaves this one out too.

Patches work on the output of `wasm-dis` (Binaryen 132 text, numbered names such as `$123`),
split into one chunk per function; a rewritten function is put back on one line, which `wasm-as`
reads the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wasm.errors import FetchError


@dataclass(frozen=True)
class Target:
    """One upstream variant being patched, with the facts of that build the patches need."""

    name: str  # the upstream file name, e.g. "micropython.wasm"
    dict_type: int  # address of `mp_type_dict` in that build (`lock["dict_type"]`, `id(dict)`)
    str_type: int  # address of `mp_type_str` in that build (`lock["str_type"]`, `id(str)`)
    float_type: int = 0  # address of `mp_type_float` in that build (`lock["float_type"]`, `id(float)`)
    tuple_type: int = 0  # address of `mp_type_tuple` in that build (`lock["tuple_type"]`, `id(tuple)`)
    array_type: int = 0  # address of `mp_type_array` in that build (`lock["array_type"]`, `id(array.array)`)
    array_it_type: int = 0  # address of `mp_type_array_it` (`lock["array_it_type"]`, `id(type(iter(bytearray())))`)

    @classmethod
    def from_lock(cls, lock: dict, name: str) -> Target:
        return cls(name=name, dict_type=int(lock["dict_type"][name]), str_type=int(lock["str_type"][name]),
                   float_type=int(lock["float_type"][name]), tuple_type=int(lock["tuple_type"][name]),
                   array_type=int(lock.get("array_type", {}).get(name, 0)),
                   array_it_type=int(lock.get("array_it_type", {}).get(name, 0)))


def split_functions(wat: str) -> list[str]:
    """The module text cut before every function: chunk 0 is the header, each other a `(func ...)`."""
    return re.split(r"(?m)^(?= \(func )", wat)


def function_index(chunks: list[str]) -> dict[str, int]:
    """Function name (without `$`) → index of its chunk."""
    names = {}
    for i, chunk in enumerate(chunks):
        m = re.match(r" \(func \$(\w+) ", chunk)
        if m:
            names[m.group(1)] = i
    return names


def flatten(chunk: str) -> str:
    """One function's text on one line (runs of whitespace become one space)."""
    return re.sub(r"\s+", " ", chunk)


def normalise(chunk: str) -> str:
    """One function's text on one line, without spaces before closing parentheses."""
    return re.sub(r" \)", ")", flatten(chunk)) + "\n"


def functions_matching(chunks: list[str], needles: tuple[str, ...],
                       *patterns: re.Pattern) -> list[tuple[int, str, list[list[re.Match]]]]:
    """The functions holding a match of any of `patterns` (among those whose text contains every
    one of `needles`): (chunk index, normalised text, each pattern's matches in it)."""
    found = []
    for k, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and all(needle in chunk for needle in needles):
            flat = normalise(chunk)
            matches = [list(p.finditer(flat)) for p in patterns]
            if any(matches):
                found.append((k, flat, matches))
    return found


def expression_end(text: str, start: int) -> int:
    """Index just after the parenthesised expression that starts at `start`."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    raise FetchError("unbalanced Binaryen text")


def at_entry(flat: str, code: str) -> str:
    """One function's text (normalised) with `code` as its first statement."""
    head = re.match(r" \(func \$\w+(?: \((?:type|param|result|local) [^()]*\))*", flat)
    return flat[:head.end()] + " " + code + flat[head.end():]


# --- The heap's frees and the end of a collection (py/gc.c at v1.29.0, MICROPY_GC_SPLIT_HEAP) -----
# Patches that keep facts about heap blocks outside the heap (search hints, string cursors, spare
# room) drop them where a block may be freed or reused: in the functions that free blocks outside
# a collection, and in gc_collect_end after the sweep.

#: `if (block / BLOCKS_PER_ATB < area->gc_last_free_atb_index) area->gc_last_free_atb_index = ...`:
#: the test that makes a function one of those freeing blocks outside a collection.
LOWERS_HINT = re.compile(
    r"\(i32\.(?:ge_u|lt_u) \(local\.tee \$\d+ \(i32\.shr_u \(local\.get \$\d+\) \(i32\.const [26]\)\)\) "
    r"\(i32\.load offset=28 \(local\.get \$(?P<a>\d+)\)\)\)\)")
FREERS = 2  # gc_free and gc_realloc
#: gc_collect_end: `for (area ...) area->gc_last_free_atb_index = 0;` after the sweep (`a`: the area).
RESET = re.compile(r"\(loop \$(?P<l>\w+) \(i32\.store offset=28 \(local\.get \$(?P<a>\d+)\) \(i32\.const 0\)\) "
                   r"\(br_if \$(?P=l) \(local\.tee \$(?P=a) \(i32\.load \(local\.get \$(?P=a)\)\)\)\)\)")


def freeing_functions(chunks: list[str], patch: str, skip: int | None = None) -> list[int]:
    """The chunks of the `FREERS` functions freeing blocks outside a collection (`gc_free`,
    `gc_realloc`: those with `LOWERS_HINT`), other than chunk `skip`; `FetchError` naming `patch`
    unless there are exactly that many."""
    found = [k for k, c in enumerate(chunks)
             if k != skip and c.startswith(" (func ") and LOWERS_HINT.search(normalise(c))]
    if len(found) != FREERS:
        raise FetchError(f"{patch} patch: expected {FREERS} functions freeing blocks, found {len(found)}")
    return found


def collection_end(chunks: list[str], patch: str) -> tuple[int, str, re.Match]:
    """(chunk index, normalised text, `RESET` match) of gc_collect_end's loop resetting the areas'
    search hints after the sweep; `FetchError` naming `patch` unless it is found exactly once."""
    found = [(k, normalise(c)) for k, c in enumerate(chunks) if c.startswith(" (func ") and "offset=28" in c]
    found = [(k, f, r) for k, f in found for r in RESET.finditer(f)]
    if len(found) != 1:
        raise FetchError(f"{patch} patch: expected 1 collection end, found {len(found)}")
    return found[0]


def hook_frees(chunks: list[str], at_free: str, at_sweep: Callable[[str], str], patch: str) -> None:
    """Put `at_free` first in each function freeing blocks outside a collection
    (`freeing_functions`) and `at_sweep(area)` right before gc_collect_end's loop resetting the
    search hints (`collection_end`; `area` is the local holding the first area there)."""
    for k in freeing_functions(chunks, patch):
        chunks[k] = at_entry(normalise(chunks[k]), at_free)
    k, flat, reset = collection_end(chunks, patch)
    chunks[k] = flat[:reset.start()] + at_sweep(reset.group("a")) + " " + flat[reset.start():]


GLOBAL_LINE = re.compile(r"(?m)^ \(global \$\S+ (?:\(mut i32\)|i32) \(i32\.const -?\d+\)\)$")
EXPORT_LINE = re.compile(r"(?m)^ \(export .*\)$")


def add_to_header(head: str, globals_text: str, export: str, patch: str) -> str:
    """The module header with `globals_text` after its last i32 global and `export` after its last
    export (each on a line of its own); `FetchError` naming `patch` if it has neither."""
    globals_at, exports = list(GLOBAL_LINE.finditer(head)), list(EXPORT_LINE.finditer(head))
    if not globals_at or not exports:
        raise FetchError(f"{patch} patch: expected globals and exports in the module header")
    for at, text in sorted(((exports[-1].end(), export), (globals_at[-1].end(), globals_text)), reverse=True):
        head = head[:at] + "\n " + text + head[at:]
    return head


# --- Allocation-table words (py/gc.c): 2 bits an entry (FREE 0, HEAD 1, TAIL 2, MARK 3), 4 entries
# a byte, block order from the low bits; patches that pass many entries in one step read them as
# little-endian words.

#: The low bit of every entry of an i32 (16 entries) and an i64 (32 entries) table word.
LOW_BITS = {"i32": 0x55555555, "i64": 0x5555555555555555}


TABLE_START = 4  # offsetof(mp_state_mem_area_t, gc_alloc_table_start)


def table_byte(area: str, block: str) -> str:
    """The address of `block`'s allocation-table byte in `area`."""
    return f"(i32.add (i32.load offset={TABLE_START} {area}) (i32.shr_u {block} (i32.const 2)))"


def entry_kind(area: str, block: str) -> str:
    """`block`'s 2-bit allocation-table entry in `area` (0 FREE, 1 HEAD, 2 TAIL, 3 MARK)."""
    return (f"(i32.and (i32.shr_u (i32.load8_u {table_byte(area, block)}) "
            f"(i32.and (i32.shl {block} (i32.const 1)) (i32.const 6))) (i32.const 3))")


def table_word(kind: str, address: str) -> str:
    """The `kind` ("i32" or "i64") table word at `address` (any alignment)."""
    return f"({kind}.load align=1 {address})"


def entry_bits(kind: str, op: str, first: str, word: str) -> str:
    """A `kind` table word reduced to one bit an entry, at the entry's low bit: with `op` "or" set
    when the entry is not FREE, with "and" when it is MARK. `first` is the word's expression as
    first used (its load, or a `local.tee` of it), `word` the local holding it."""
    return f"({kind}.and ({kind}.{op} {first} ({kind}.shr_u {word} ({kind}.const 1))) ({kind}.const {LOW_BITS[kind]}))"


def word_steps(slow: str, loop: str, body: str) -> str:
    """`body` as the loop `$loop` of whole-word steps run before a per-entry step: `(br $slow)`
    leaves to the per-entry code; `body` ends by going round (`br $loop`) or leaving."""
    return f"(block ${slow} (loop ${loop} {body})) "
