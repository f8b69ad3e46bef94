"""table load: a dict or set grows when two thirds full, not only when full.

In MicroPython's terms (v1.29.0, `py/map.c`, `mp_map_lookup` and `mp_set_lookup`): a hash table
is rehashed into the next size (`mp_map_rehash` / `mp_set_rehash`, ~1.33-1.5× larger) only when
an insertion has probed every slot and found none free. Until then it fills to 100 %: with
linear probing an insertion into a nearly full table probes a run of O(n) slots, and once full,
every lookup of a missing key (`k in d`, `d.get(k)` for a new `k`) scans the whole table — even
for sequential int keys (a dict of exactly 4,831 ints: ~4,800 probes per miss). With the spread
start slots of `slot_spread` the fill itself becomes super-linear. The patch adds, before the
probe loop of an insertion (`lookup_kind & MP_MAP_LOOKUP_ADD_IF_NOT_FOUND`), CPython's policy:
`if (used * 3 >= alloc * 2) rehash`, so a table is at most two thirds full and every probe run
ends at a free slot soon. Fixed (ROM) maps are never inserted into and are unaffected.

Sites, by shape (`wasm/patches/table_sites.py`): the probe loop that starts with `avail_slot =
NULL; pos = start_pos = <hash> % alloc`, followed by the `alloc` load; exactly `SITES` = 2, one
for a map (`alloc` at word 1, `used` in word 0 above the three flag bits) and one for a set
(`alloc` word 0, `used` word 1), each in a function that calls exactly one function with the
table alone (the rehash).

Test: `tests/sandbox/test_patch_table_load.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches import table_sites
from wasm.patches.base import Target

NAME = "table_load"
SITES = 2
TEST = "tests/sandbox/test_patch_table_load.py::test_missing_keys_in_a_filled_table_cost_like_hits"


def apply(wat: str, target: Target) -> str:
    """Insert the two-thirds check before both probe loops; `FetchError` unless exact."""
    chunks, sites = table_sites.find(wat, "table load", original_operand=False)
    for site in sites:
        rehash = set(re.findall(r"\(call \$(\w+) \(local\.get \$0\)\)", site.flat))
        if len(rehash) != 1:
            raise FetchError(f"table load patch: expected one rehash function called with the table alone, "
                             f"found {sorted(rehash)}")
        grow = (f"(if (i32.and (i32.and (local.get $2) (i32.const 1)) "
                f"(i32.ge_u (i32.mul {site.used()} (i32.const 3)) (i32.shl {site.alloc()} (i32.const 1)))) "
                f"(then (call ${rehash.pop()} (local.get $0)))) ")
        chunks[site.chunk] = site.flat[:site.loop] + grow + site.flat[site.loop:]
    return "".join(chunks)
