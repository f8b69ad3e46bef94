"""Loading the guest runtime into a newly initialised interpreter (the boot an image keeps).

`boot_guest` relocates the guest's C stack, finds the interrupt words (both cached per
artifact), loads the start-up guest modules and initialises the runtime. It returns the
host-side facts a sandbox needs to drive that interpreter — and any copy-on-write clone of it
(wasm/image.py): guest references (`run_cell`, `call`, the loader), the stack and interrupt
words, and the instance's scratch buffers.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path

from .guest_layout import PYCOMPAT_LAZY
from .library import guest_library
from .wasm import cstack
from .wasm import engine as engine_mod
from .wasm.emscripten import EmscriptenInstance
from .wasm.heapfree import check_state
from .wasm.interrupt import find_interrupt_words, words_from_json, words_to_json


def boot_guest(inst: EmscriptenInstance, *, artifact_sha256: str, cache_tag: str, guest_dir: Path,
               modules: tuple[str, ...], source: Callable[[str], str], deterministic: bool, seed: int) -> dict:
    """Load the guest runtime into `inst` (after `mp_js_init`); return the facts described in
    the module docstring. `cache_tag` names the boot parameters (heap and Python stack sizes) in
    the per-artifact caches; `source(name)` gives a guest module's text."""
    stack_words = cstack.words_from_json(engine_mod.cached_json(
        f"stack-words:{artifact_sha256}:{cache_tag}", lambda: cstack.words_to_json(cstack.find_stack_words(inst))))
    stack = cstack.relocate(inst, stack_words)
    size = inst.memory.size
    words = words_from_json(engine_mod.cached_json(
        f"interrupt-words:{artifact_sha256}:{cache_tag}", lambda: words_to_json(find_interrupt_words(inst)),
        validate=lambda data: words_from_json(data, size)), size)
    inst.exec(source("bootstrap"))
    load = inst.lookup(inst.import_module("_mpk_boot"), "load")
    runtime = pycompat = None
    for name in modules:
        if not (guest_dir / f"{name}.py").exists():
            continue
        ref = inst.call(load, f"_mpk_{name}".encode(), source(name).encode(), f"<mpk:{name}>".encode())
        if name == "runtime":
            runtime = EmscriptenInstance._expect_ref(ref)
        elif name == "pycompat":
            pycompat = EmscriptenInstance._expect_ref(ref)
    assert runtime is not None
    options = {"deterministic": deterministic, "seed": seed, "lib": guest_library(),
               "stack_limit_addr": stack.limit_addr, "stack_frame_bytes": cstack.BYTES_PER_FRAME,
               "recursion_limit": [cstack.DEFAULT_RECURSION_LIMIT, cstack.MIN_RECURSION_LIMIT,
                                   cstack.MAX_RECURSION_LIMIT]}
    inst.call(inst.lookup(runtime, "init"), json.dumps(options).encode())
    if pycompat is not None:  # after init: its import hook wraps the runtime's guard
        sealed = inst.call(inst.lookup(pycompat, "init"), json.dumps(options).encode(),
                           "\n".join(map(source, PYCOMPAT_LAZY)).encode())
        if not isinstance(sealed, int) or isinstance(sealed, bool):
            raise RuntimeError(f"the guest's pycompat.init gave {sealed!r}, not the address of uctypes")
        sealed = seal_builtin_module(inst, sealed, cache_id=f"seal-sites:{artifact_sha256}:{cache_tag}")
    else:
        sealed = []
    return {"stack": stack, "words": words, "run_cell": inst.lookup(runtime, "run_cell"),
            "call": inst.lookup(runtime, "call"), "load": load, "scratch": (inst._out, inst._args),
            "sealed": sealed}


MAX_REF = 1 << 24  # guest object references are small proxy-table indices


def facts_to_json(facts: dict) -> dict:
    """The host-side facts of a boot (`boot_guest`'s result, plus the heap facts the sandbox
    adds) as JSON, for an image on disk (wasm/imagecache.py). The old stack region is not
    stored: it is the image's own first bytes."""
    stack = facts["stack"]
    return {"stack": [stack.guard, stack.top, stack.limit_addr, len(stack.old_region)],
            "words": words_to_json(facts["words"]), "run_cell": facts["run_cell"], "call": facts["call"],
            "load": facts["load"], "scratch": list(facts["scratch"]), "sealed": [list(e) for e in facts["sealed"]],
            **{key: facts[key] for key in HEAP_FACTS}}


HEAP_FACTS = ("malloc_state", "gc_area", "malloc_break")


def facts_from_json(data: dict, size: int, read: Callable[[int, int], bytes]) -> dict:
    """Parse `facts_to_json`'s output for an image of `size` bytes whose memory `read(offset,
    length)` returns. `ValueError` unless every address lies in the memory, and unless the marks
    the boot leaves in memory are there: the stack canary intact, each sealed `uctypes` entry a
    deleted slot (so an image cannot bring back a module the boot removed)."""
    def address(value: object, room: int = 4) -> int:
        if type(value) is not int or not 0 <= value <= size - room:
            raise ValueError(f"image facts: bad address {value!r}")
        return value

    def ref(value: object) -> int:
        if type(value) is not int or not 0 <= value < MAX_REF:
            raise ValueError(f"image facts: bad reference {value!r}")
        return value

    guard, top, limit_addr, old_len = data["stack"]
    address(guard, cstack.GUARD_BYTES)
    if address(top, 0) - guard < cstack.GUARD_BYTES or address(old_len, 0) > guard:
        raise ValueError("image facts: bad stack")
    if read(guard, cstack.GUARD_BYTES) != cstack.canary():
        raise ValueError("image facts: the stack canary is not intact")
    stack = cstack.GuestStack(guard, top, address(limit_addr), read(0, old_len))
    scratch = data["scratch"]
    if not (isinstance(scratch, list) and len(scratch) == 2):
        raise ValueError("image facts: bad scratch")
    sealed = []
    for entry in data["sealed"]:
        site, key, module = entry
        address(site, 8)
        if site % 8 or type(key) is not int or type(module) is not int \
                or read(site, 8) != struct.pack("<II", MP_OBJ_SENTINEL, 0):
            raise ValueError("image facts: a sealed module-map entry is not deleted in the image")
        sealed.append((site, key, module))
    if len(sealed) != SEAL_SITES and sealed:
        raise ValueError("image facts: bad seal sites")
    facts = {"stack": stack, "words": words_from_json(data["words"], size), "run_cell": ref(data["run_cell"]),
             "call": ref(data["call"]), "load": ref(data["load"]),
             "scratch": (address(scratch[0], 16), address(scratch[1], 96)), "sealed": sealed}
    for key in HEAP_FACTS:
        check_state(data[key], size)
        facts[key] = data[key]
    return facts


SEAL_SITES = 2  # uctypes' entries in the module maps of both builds (`mp_builtin_module_map` and one more)
MP_OBJ_SENTINEL = 4  # MicroPython's marker of a deleted map slot (py/obj.h; skipped by lookups and iteration)


def seal_builtin_module(inst: EmscriptenInstance, module: int,
                        cache_id: str | None = None) -> list[tuple[int, int, int]]:
    """Make the built-in module whose object is at `module` (`uctypes`) unimportable; return the
    map entries removed as (address, key, value) (tests of memory-corruption containment put
    them back, from the host, to play a raw-memory bug).

    MicroPython finds a built-in module by its name in a constant map of (name qstr, module)
    pairs (`mp_builtin_module_map`, py/objmodule.c; the build also has a second, smaller one).
    Those maps live in linear memory, so the host turns every entry whose value is the module
    (key a qstr object: `(qstr << 3) | 2`, 8-byte aligned) into a deleted slot: `import`,
    `__import__` and `builtins.__import__` then find no such module, and no Python code can put it
    back (a constant map cannot be written from Python). The guest runtime took what it needs
    before (`pycompat.init`: a closure over the stack-limit word, its only use).
    Other words equal to the module's address may remain in dead stack frames (C stack, Python
    stack) of the boot; no Python code can read them, since no raw-memory access remains.
    The sites are constant data of the build: with `cache_id` they are cached per artifact (a
    scan of the whole memory otherwise), and cached sites are used only where the memory holds
    exactly such entries, else the memory is scanned again.
    """
    pattern = struct.pack("<I", module)

    def scan() -> list[int]:
        data = inst.memory.read(0, inst.memory.size)
        found, at = [], data.find(pattern)
        while at != -1:
            if at % 8 == 4 and struct.unpack_from("<I", data, at - 4)[0] & 7 == 2:
                found.append(at - 4)
            at = data.find(pattern, at + 1)
        return found

    def entry(site: object) -> tuple[int, int]:
        if type(site) is not int or not 0 <= site <= inst.memory.size - 8 or site % 8:
            raise ValueError(f"bad site {site!r}")
        key, value = struct.unpack("<II", inst.memory.read(site, 8))
        if value != module or key & 7 != 2:
            raise ValueError(f"no entry for the module at {site}")
        return key, value

    def valid(cached: object) -> None:
        if not isinstance(cached, list) or len(cached) != SEAL_SITES:
            raise ValueError("not the expected number of sites")
        for site in cached:
            entry(site)

    sites = scan() if cache_id is None else engine_mod.cached_json(cache_id, scan, validate=valid)
    keys = {entry(site)[0] for site in sites}
    if len(sites) != SEAL_SITES or len(keys) != 1:
        raise RuntimeError(f"sealing uctypes: expected {SEAL_SITES} entries with one name in the module maps, "
                           f"found {len(sites)} with {len(keys)} names")
    for site in sites:
        inst.memory.write(site, struct.pack("<II", MP_OBJ_SENTINEL, 0))
    return [(site, keys.copy().pop(), module) for site in sites]
