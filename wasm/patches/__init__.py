"""The interpreter patches, in the order they are applied to the upstream module's text.

Each module states what it changes in MicroPython's terms, how it finds its sites, the exact count
it expects and the test that proves it (`wasm/patches/base.py` describes the interface). Adding a
patch: write its module, add it to `PATCHES` below, run `python wasm/fetch.py --update-lock`.
The order is part of the output: reordering changes the processed hashes.
"""

from __future__ import annotations

from types import ModuleType

from wasm.patches import (
    alloc_hint,
    alloc_words,
    bigint_host,
    builtins_hashed,
    call_positional,
    char_case,
    char_qstr,
    dict_iter_size,
    float_repr_digits,
    float_repr_host,
    float_round_even,
    gc_in_calls,
    gc_words,
    gen_yield_from,
    heap_areas,
    index_grow,
    instance_order,
    int_subclass_format,
    lazy_str_hash,
    mpn_add_pairs,
    mpn_div_fast,
    mpn_mul_pairs,
    mpn_sub_quads,
    mpz_dec_chunks,
    mpz_div_small,
    mpz_mul_small,
    mpz_word_ops,
    mt_draw,
    mt_fill,
    name_cache,
    new_dicts,
    ordered_growth,
    ordered_index,
    reader_buffer,
    reflected_compare,
    slot_range,
    slot_spread,
    small_index,
    small_int_ops,
    small_int_str,
    stable_sort,
    str_append,
    str_capitalize,
    str_cursor,
    str_lookup,
    str_order,
    str_search,
    sum_words,
    table_load,
    tuple_equal,
    tuple_hash,
    ulab_float_read,
    unhashable_lookups,
    utf8_words,
    vstr_growth,
)
from wasm.patches.base import Target

PATCHES: tuple[ModuleType, ...] = (
    str_lookup,
    ordered_growth,
    new_dicts,
    instance_order,
    tuple_hash,
    slot_spread,
    table_load,
    ordered_index,
    slot_range,
    index_grow,
    heap_areas,
    alloc_hint,
    alloc_words,
    reflected_compare,
    int_subclass_format,
    stable_sort,
    bigint_host,
    str_cursor,
    str_capitalize,
    char_qstr,
    mpn_add_pairs,
    mpn_mul_pairs,
    mpn_div_fast,
    char_case,
    vstr_growth,
    lazy_str_hash,
    tuple_equal,
    small_index,
    mpz_dec_chunks,
    mt_fill,
    mt_draw,
    gen_yield_from,
    small_int_str,
    mpz_word_ops,
    sum_words,
    str_append,
    gc_words,
    str_search,
    utf8_words,
    call_positional,
    dict_iter_size,
    gc_in_calls,
    builtins_hashed,
    name_cache,
    reader_buffer,
    float_repr_digits,
    float_round_even,
    mpz_mul_small,
    mpn_sub_quads,
    mpz_div_small,
    unhashable_lookups,
    small_int_ops,
    str_order,
    ulab_float_read,
    float_repr_host,
)


def apply_all(wat: str, target: Target, patches: tuple[ModuleType, ...] = PATCHES) -> str:
    """`wat` with every patch in `patches` applied in order."""
    for patch in patches:
        wat = patch.apply(wat, target)
    return wat


def without(name: str) -> tuple[ModuleType, ...]:
    """Every patch except the one called `name` (for tests that prove a patch's effect)."""
    if name not in {p.NAME for p in PATCHES}:
        raise ValueError(f"no patch named {name!r}; patches: {[p.NAME for p in PATCHES]}")
    return tuple(p for p in PATCHES if p.NAME != name)
