"""heap areas: a new GC heap area is made large enough for the allocation that needs it.

In MicroPython's terms (v1.29.0, `py/gc.c` `gc_try_add_heap`, and `gc_get_max_new_split` in
`ports/webassembly/main.c`): with `MICROPY_GC_SPLIT_HEAP_AUTO` an allocation that fits nowhere
adds a heap area of `to_alloc = MIN(avail, MAX(total_heap, needed))` bytes from `malloc`
(`MP_PLAT_ALLOC_HEAP`), where `avail = gc_get_max_new_split()` and
`needed = failed_alloc + MAX(2048, failed_alloc * 13 / 512)`. Three things there make one object
larger than the heap so far fail with `MemoryError` at any memory limit:

1. `13 / 512` under-estimates the area's tables in this build (allocation, finaliser and weakref
   tables: 16 bytes per 528, `gc_setup_area`), so an area sized for an object of 8 MiB or more
   holds 0.6 % less than it and the retried allocation fails; `failed_alloc * 13` also wraps
   around above 330 MB;
2. the port's `gc_get_max_new_split()` returns a fixed 128 MiB, so nothing over ~124 MiB fits;
3. when the doubling policy asks `malloc` for more than the memory limit leaves, no area is added
   even though one just large enough for the object would fit.

The patch makes `needed = failed_alloc + MAX(2048, failed_alloc / 32 + failed_alloc / 512)`
(1/32 + 1/512 covers 16/528 and the area's fixed overhead; shifts cannot wrap) and refuses a
`needed` that wrapped around; `gc_get_max_new_split()` returns 2 GiB, the interpreter's maximum
memory (the host's memory limit is what bounds growth); and when `malloc(to_alloc)` fails with
`to_alloc != needed`, it retries `malloc(needed)`. An object over the memory limit still raises
`MemoryError` in the guest, which stays usable.

Sites, by shape, in the one function that has them (`gc_try_add_heap`): the `avail < needed` test
(`call` of a function returning the constant 134217728, the `* 13` / `>> 9` / `MAX(…, 1048576)`
expression), the `malloc` call whose argument is `MIN(avail, …)` teed into `$0`, and the constant
of `gc_get_max_new_split`: exactly `SITES` = 3.

Test: `tests/sandbox/test_patch_heap_areas.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "heap_areas"
SITES = 3
TEST = "tests/sandbox/test_patch_heap_areas.py::test_one_object_larger_than_the_heap_so_far"

# `if (avail < needed) return false;` in normalised Binaryen text.
NEEDED_SITE = re.compile(
    r"\(br_if \$(?P<b>\w+) \(i32\.lt_u \(local\.tee \$(?P<avail>\d+) \(call \$(?P<split>\w+)\)\) "
    r"\(local\.tee \$(?P<need>\d+) \(i32\.add \(i32\.shr_u \(select \(local\.tee \$(?P=need) "
    r"\(i32\.mul \(local\.get \$0\) "
    r"\(i32\.const 13\)\)\) \(i32\.const 1048576\) \(i32\.gt_u \(local\.get \$(?P=need)\) \(i32\.const 1048576\)\)\) "
    r"\(i32\.const 9\)\) \(local\.get \$0\)\)\)\)\)")
# `gc_get_max_new_split()`: `return 128 * 1024 * 1024;`
SPLIT_FUNC = r" \(func \${name} \(result i32\) \(i32\.const 134217728\)\) ?\n"
# `new_heap = MP_PLAT_ALLOC_HEAP(to_alloc)`: malloc of `to_alloc` computed into `$0` as its argument.
ALLOC_SITE = r"\(call \$(?P<malloc>\w+) \(local\.tee \$0 \(select \(local\.get \${avail}\) "
MAX_NEW_SPLIT = 1 << 31  # 2 GiB: the interpreter's maximum memory (32768 pages)
TEMP = "4"  # an i32 local of gc_try_add_heap first used after the malloc (checked)


def apply(wat: str, target: Target) -> str:
    """Rewrite the three sites of `gc_try_add_heap`; `FetchError` unless each is found exactly once."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(i32.const 13)" in chunk and "(i32.const 1048576)" in chunk:
            flat = normalise(chunk)
            found += [(i, flat, m) for m in NEEDED_SITE.finditer(flat)]
    if len(found) != 1:
        raise FetchError(f"heap area patch: expected one `avail < needed` test in gc_try_add_heap, found {len(found)}")
    i, flat, m = found[0]
    avail, need, split_name = m.group("avail"), m.group("need"), m.group("split")
    allocs = list(re.finditer(ALLOC_SITE.format(avail=avail), flat))
    splits = [j for j, c in enumerate(chunks) if re.fullmatch(SPLIT_FUNC.format(name=split_name), normalise(c))]
    if len(allocs) != 1 or len(splits) != 1:
        raise FetchError(f"heap area patch: expected one heap malloc and one fixed gc_get_max_new_split, "
                         f"found {len(allocs)} and {len(splits)}")
    call = allocs[0]
    end = expression_end(flat, call.start())
    before = flat[:call.start()].replace(f"(local ${TEMP} i32)", "", 1)
    if f"(local ${TEMP} i32)" not in flat or re.search(rf"\${TEMP}\b", before):
        raise FetchError(f"heap area patch: expected local ${TEMP} to be a free i32 before the heap malloc")
    needed = (f"(br_if ${m.group('b')} (i32.or (i32.lt_u (local.tee ${avail} (call ${split_name})) "
              f"(local.tee ${need} (i32.add (select (local.tee ${need} (i32.add (i32.shr_u (local.get $0) "
              f"(i32.const 5)) (i32.shr_u (local.get $0) (i32.const 9)))) (i32.const 2048) "
              f"(i32.gt_u (local.get ${need}) (i32.const 2048))) (local.get $0)))) "
              f"(i32.lt_u (local.get ${need}) (local.get $0))))")
    retry = (f"(if (result i32) (i32.or (local.tee ${TEMP} {flat[call.start():end]}) "
             f"(i32.eq (local.get $0) (local.get ${need}))) (then (local.get ${TEMP})) "
             f"(else (call ${call.group('malloc')} (local.tee $0 (local.get ${need})))))")
    chunks[i] = flat[:m.start()] + needed + flat[m.end():call.start()] + retry + flat[end:]
    j = splits[0]
    chunks[j] = f" (func ${split_name} (result i32) (i32.const {MAX_NEW_SPLIT - (1 << 32)}))\n"
    return "".join(chunks)
