"""Loading the guest runtime into a newly initialised interpreter (the boot an image keeps).

`boot_guest` relocates the guest's C stack, finds the interrupt words (both cached per
artifact), loads the start-up guest modules and initialises the runtime. It returns the
host-side facts a sandbox needs to drive that interpreter — and any copy-on-write clone of it
(wasm/image.py): guest references (`run_cell`, `call`, the loader), the stack and interrupt
words, and the instance's scratch buffers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .library import guest_library
from .wasm import cstack
from .wasm import engine as engine_mod
from .wasm.emscripten import EmscriptenInstance
from .wasm.interrupt import find_interrupt_words, words_from_json, words_to_json

# the parts of the lazily compiled CPython shims, joined into one source for the guest (guest/pycompat.py)
PYCOMPAT_LAZY = ("pycompat_lazy", "pycompat_str", "pycompat_match", "pycompat_format")


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
        inst.call(inst.lookup(pycompat, "init"), json.dumps(options).encode(),
                  "\n".join(map(source, PYCOMPAT_LAZY)).encode())
    return {"stack": stack, "words": words, "run_cell": inst.lookup(runtime, "run_cell"),
            "call": inst.lookup(runtime, "call"), "load": load, "scratch": (inst._out, inst._args)}
