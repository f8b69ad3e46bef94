"""name cache: the bytecode loop answers a cached global name without calling the lookup chain.

In MicroPython's terms (v1.29.0, `py/vm.c`, `mp_execute_bytecode`): the handlers of `LOAD_NAME`,
`LOAD_GLOBAL`, `STORE_NAME` and `STORE_GLOBAL` call `mp_load_name` / `mp_load_global` /
`mp_store_name` / `mp_store_global` (`py/runtime.c`) through Emscripten's `invoke_*` wrappers
(the calls may raise), which call `mp_map_lookup` (`py/map.c`) or `mp_obj_dict_store`
(`py/objdict.c`), whose first step is the map lookup cache (`MICROPY_OPT_MAP_LOOKUP_CACHE`:
`slot = &map->table[cache[(key >> 2) % 128] % map->alloc]`, a hit when `slot->key == key`). At
module level every name is such a lookup: ~180 fuel a load and ~160 a store, against ~45 / ~25
for a function's local; most of it is the calls and the wrapper, not the lookup.

The patch puts that same cache probe in front of each of the four calls, in the handler itself
(`$mpk_name_get` / `$mpk_name_set`, no call that can raise, collect or allocate):

- load: the dict is the globals (`LOAD_GLOBAL`, and `LOAD_NAME` only when the locals dict *is* the
  globals dict, as `mp_load_name` then goes straight to `mp_load_global`); a hit with a non-null
  value pushes it;
- store: the dict is the locals (`STORE_NAME`) or the globals (`STORE_GLOBAL`), not fixed
  (`is_fixed`, bit 1 of the map's first word: `mp_obj_dict_store` raises for those); a hit stores
  the value into the slot, as `mp_map_lookup(..., MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value`
  does on the same hit.

Anything else (a map with no table, a cache entry that points at another key, a miss) takes the
upstream call unchanged, which also refreshes the cache as before. A hit reads the slot that
`mp_map_lookup` would have returned on the same state, so deleting a name (`del x`, `globals()`
edits, `exec` into a dict) behaves as upstream: a deleted key is no longer in its slot (an
ordered map moves its later entries down and clears the freed one; a hash map marks the slot
deleted). The wrapper's exception check after the call still runs and finds nothing thrown.

Sites, by shape: `mp_load_name` (compares the locals and globals addresses of the state, looks
the qstr up in the locals' map and else calls `mp_load_global`), `mp_store_name` and
`mp_store_global` (`mp_obj_dict_store` of the locals' / globals' dict, qstr key, value); their
table indices from the element segment; the cache's address from `mp_map_lookup`'s probe; in
the bytecode loop exactly one `invoke` of each of the four with the qstr (and value) in locals.
`SITES` = 4.

Test: `tests/sandbox/test_patch_name_cache.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "name_cache"
SITES = 4
TEST = "tests/sandbox/test_patch_name_cache.py::test_module_level_names_are_cheap"

STATE = r"\(i32\.load offset=(?P<base>\d+) \(i32\.const (?P<{0}>\d+)\)\)"
LOAD_NAME = re.compile(
    r" \(func \$(?P<fn>\w+) \(param \$0 i32\) \(result i32\) \(local \$1 i32\) \(block \$\w+ "
    r"\(br_if \$\w+ \(i32\.eq \(local\.tee \$1 " + STATE.format("loc") + r"\) "
    r"\(i32\.load offset=(?P=base) \(i32\.const (?P<glo>\d+)\)\)\)\) "
    r"\(br_if \$\w+ \(i32\.eqz \(local\.tee \$1 \(call \$(?P<lookup>\w+) \(i32\.add \(local\.get \$1\) "
    r"\(i32\.const 4\)\) \(i32\.or \(i32\.shl \(local\.get \$0\) \(i32\.const 3\)\) \(i32\.const 2\)\) "
    r"\(i32\.const 0\)\)\)\)\) \(return \(i32\.load offset=4 \(local\.get \$1\)\)\)\) "
    r"\(call \$(?P<glob>\w+) \(local\.get \$0\)\)\)")
STORE = re.compile(
    r" \(func \$(?P<fn>\w+) \(param \$0 i32\) \(param \$1 i32\) \(drop \(call \$(?P<store>\w+) "
    + STATE.format("which") +
    r" \(i32\.or \(i32\.shl \(local\.get \$0\) \(i32\.const 3\)\) \(i32\.const 2\)\) \(local\.get \$1\)\)\)\)")
CACHE = re.compile(
    r"\(i32\.load8_u offset=(?P<off>\d+) \(i32\.add \(i32\.const (?P<base>\d+)\) \(i32\.and \(i32\.shr_u "
    r"\(local\.get \$1\) \(i32\.const 2\)\) \(i32\.const 127\)\)\)\)")
LOAD_SITE = (r"\(local\.set \$(?P<v>\d+) \(call \$(?P<inv>fimport\$\d+) \(i32\.const {idx}\) "
             r"\(local\.get \$(?P<q>\d+)\)\)\)")
STORE_SITE = (r"\(call \$(?P<inv>fimport\$\d+) \(i32\.const {idx}\) \(local\.get \$(?P<q>\d+)\) "
              r"\(local\.get \$(?P<v>\d+)\)\)")


def _probe(n: int, kind: str, q: str, value: str, facts: dict[str, int]) -> str:
    """The cache probe, inline: for a load, an i32 block giving the value (0: not answered); for a
    store, an i32 block that stores `value` on a hit and gives 1 (0: not answered)."""
    state = facts["base"]
    glob = f"(i32.load offset={state} (i32.const {facts['glo']}))"
    locs = f"(i32.load offset={state} (i32.const {facts['loc']}))"
    out = f"(block $mpk_nc{n} (result i32) "
    no = f"(then (br $mpk_nc{n} (i32.const 0)))"
    if kind == "load_name":
        out += f"(local.set $mpk_nd {glob}) (if (i32.ne {locs} (local.get $mpk_nd)) {no}) "
    elif kind == "load_global":
        out += f"(local.set $mpk_nd {glob}) "
    else:
        out += f"(local.set $mpk_nd {locs if kind == 'store_name' else glob}) "
        out += f"(if (i32.and (i32.load offset=4 (local.get $mpk_nd)) (i32.const 2)) {no}) "
    out += (f"(if (i32.eqz (local.tee $mpk_na (i32.load offset=8 (local.get $mpk_nd)))) {no}) "
            f"(local.set $mpk_nk (i32.or (i32.shl (local.get ${q}) (i32.const 3)) (i32.const 2))) "
            "(local.set $mpk_nd (i32.add (i32.load offset=12 (local.get $mpk_nd)) (i32.shl (i32.rem_u "
            f"(i32.load8_u offset={facts['cache_off']} (i32.add (i32.const {facts['cache_base']}) (i32.and "
            "(i32.shr_u (local.get $mpk_nk) (i32.const 2)) (i32.const 127)))) (local.get $mpk_na)) (i32.const 3)))) "
            f"(if (i32.ne (i32.load (local.get $mpk_nd)) (local.get $mpk_nk)) {no}) ")
    if kind.startswith("load"):
        return out + "(i32.load offset=4 (local.get $mpk_nd)))"
    return out + f"(i32.store offset=4 (local.get $mpk_nd) (local.get ${value})) (i32.const 1))"


def _after_call(flat: str, end: int) -> tuple[int, str]:
    """Where the handler's exception check after the call at `flat[:end]` ends, and what follows it
    up to the dispatch (`br`) without the check's branch: what the handler runs when nothing was
    thrown. `FetchError` unless it has exactly Emscripten's shape."""
    exprs, pos = [], end
    while len(exprs) < 16:
        while flat[pos] == " ":
            pos += 1
        if flat[pos] != "(":
            break
        stop = expression_end(flat, pos)
        exprs.append(flat[pos:stop])
        pos = stop
        if exprs[-1].startswith("(br $"):
            break
    threw = re.fullmatch(r"\(local\.set \$\d+ \(i32\.load offset=(\d+) \(i32\.const 0\)\)\)",
                         exprs[0]) if exprs else None
    flag = re.fullmatch(r"\(local\.set \$(\d+) \(i32\.const -1\)\)", exprs[2]) if len(exprs) > 3 else None
    if (threw is None or exprs[1] != f"(i32.store offset={threw[1]} (i32.const 0) (i32.const 0))" or flag is None
            or not exprs[3].startswith("(block ") or not exprs[-1].startswith("(br $")):
        raise FetchError("name cache patch: the handler's exception check has another shape")
    check = re.compile(r"\(br_if \$\w+ \(i32\.eq \(local\.get \$" + flag[1] + r"\) \(i32\.const 1\)\)\)")
    rest = [e for e in exprs[4:] if not check.fullmatch(e)]
    plain = re.compile(r"\((local\.set|i32\.store)( offset=\d+)? [^()]*( ?\((local\.get|i32\.add|i32\.const) "
                       r"[^()]*( ?\((local\.get|i32\.const) [^()]*\))*\))*\)|\(br \$\w+\)")
    # getTempRet0 (a call without arguments, direct or through a reference to the function)
    temp = re.compile(r"\(local\.set \$\d+ \((call \$\w+|call_ref \$\w+ \(ref\.func \$\w+\))\)\)")
    if len(rest) != len(exprs) - 5 or not all(plain.fullmatch(e) or temp.fullmatch(e) for e in rest):
        raise FetchError("name cache patch: the handler's tail has another shape")
    return pos, " ".join(rest)


def _table_index(header: str, fn: str) -> int:
    m = re.search(r"^ \(elem \$\w+ \(i32\.const (\d+)\) ([^\n]*)\)$", header, re.M)
    if m is None:
        raise FetchError("name cache patch: no element segment")
    names = re.findall(r"\$(\w+)", m.group(2))
    if names.count(fn) != 1:
        raise FetchError(f"name cache patch: ${fn} is in the element segment {names.count(fn)} times")
    return int(m.group(1)) + names.index(fn)


def apply(wat: str, target: Target) -> str:
    """Put the cache probe in front of the four name calls of the bytecode loop; `FetchError`
    unless every site is found exactly once."""
    if "$mpk_nc" in wat or "$mpk_nd" in wat:
        raise FetchError("name cache patch: the names $mpk_nc*/$mpk_n? are in use")
    chunks = split_functions(wat)
    flats = {i: normalise(c) for i, c in enumerate(chunks) if c.startswith(" (func ")}
    loads = [m for f in flats.values() if len(f) < 1000 for m in [LOAD_NAME.match(f)] if m]
    if len(loads) != 1:
        raise FetchError(f"name cache patch: expected one mp_load_name, found {len(loads)}")
    ln = loads[0]
    stores = [m for f in flats.values() if len(f) < 400 for m in [STORE.match(f)]
              if m and m["base"] == ln["base"]]
    by_dict = {m["which"]: m for m in stores}
    if len(stores) != 2 or set(by_dict) != {ln["loc"], ln["glo"]} or stores[0]["store"] != stores[1]["store"]:
        raise FetchError(f"name cache patch: expected mp_store_name and mp_store_global, found {len(stores)}")
    lookup = [f for f in flats.values() if f.startswith(f" (func ${ln['lookup']} ")]
    caches = list(CACHE.finditer(lookup[0])) if len(lookup) == 1 else []
    if len(caches) != 1:
        raise FetchError(f"name cache patch: expected one cache probe in mp_map_lookup, found {len(caches)}")
    cache = caches[0]
    header = chunks[0]
    idx = {"load_name": _table_index(header, ln["fn"]), "load_global": _table_index(header, ln["glob"]),
           "store_name": _table_index(header, by_dict[ln["loc"]]["fn"]),
           "store_global": _table_index(header, by_dict[ln["glo"]]["fn"])}
    sites = []
    for kind, mode in (("load_name", 0), ("load_global", 1), ("store_name", 0), ("store_global", 1)):
        pattern = re.compile((LOAD_SITE if kind.startswith("load") else STORE_SITE).format(idx=idx[kind]))
        found = [(i, m) for i, f in flats.items() for m in pattern.finditer(f)]
        if len(found) != 1:
            raise FetchError(f"name cache patch: expected one {kind} call in the bytecode loop, found {len(found)}")
        sites.append((kind, mode, *found[0]))
    if len({i for _, _, i, _ in sites}) != 1:
        raise FetchError("name cache patch: the four name calls are not in one function")
    i = sites[0][2]
    flat = flats[i]
    facts = {"base": int(ln["base"]), "loc": int(ln["loc"]), "glo": int(ln["glo"]),
             "cache_off": int(cache["off"]), "cache_base": int(cache["base"])}
    for n, (kind, _mode, _, m) in sorted(enumerate(sites), key=lambda s: -s[1][3].start()):
        _, tail = _after_call(flat, m.end())
        if kind.startswith("load"):
            probe = f"(if (local.tee ${m['v']} {_probe(n, kind, m['q'], '', facts)}) (then {tail})) "
        else:
            probe = f"(if {_probe(n, kind, m['q'], m['v'], facts)} (then {tail})) "
        flat = flat[:m.start()] + probe + flat[m.start():]
    head = re.match(r" \(func \$\w+( \((param|result|local) [^()]*\))*", flat)
    flat = flat[:head.end()] + " (local $mpk_nd i32) (local $mpk_na i32) (local $mpk_nk i32)" + flat[head.end():]
    chunks[i] = flat
    return "".join(chunks)
