"""A larger C stack for the guest, so Python recursion reaches CPython's default depth.

The Emscripten build links its 64 KiB shadow stack at addresses 0..65536 (data follows it), and
MicroPython's stack check (`mp_cstack_init_with_sp_here(32 KiB)` in ports/webassembly/main.c)
allows 32 KiB of it: about 154 Python frames. Neither size can be rebuilt here, so after
`mp_js_init`:

1. a region of `STACK_BYTES + GUARD_BYTES` is `malloc`'d in linear memory and the shadow-stack
   pointer (the `__stack_pointer` global, through `_emscripten_stack_restore`) moves to its top;
2. MicroPython's two stack words in `mp_state_ctx` (`stack_top`, `stack_limit`), found by value
   (the top is just below the initial stack pointer, the limit is 32768), are rewritten so the
   check measures the new region; `stack_limit` is then what `sys.setrecursionlimit` adjusts;
3. the lowest `GUARD_BYTES` of the region hold a canary. C recursion that MicroPython does not
   check (comparing or hashing deeply nested data) could run past the region into the heap
   below it; a damaged canary after a run means exactly that, and the sandbox rolls the run back.

Python frames cost ~384 bytes of shadow stack (plain calls) to ~1,040 (`__repr__` recursion;
patch `gc_in_calls` spills the locals live across calls that may collect into each C frame) and ~4x that of wasmtime's native stack, which `engine.py` sizes so the
check normally fires first; if it does not, wasmtime traps ("call stack exhausted"), which is a
hard stop with rollback like any other.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .emscripten import EmscriptenInstance

STACK_BYTES = 2 << 20            # usable shadow stack
GUARD_BYTES = 64 << 10           # canary below it
BYTES_PER_FRAME = 600            # C-stack budget per unit of sys.getrecursionlimit()
DEFAULT_RECURSION_LIMIT = 1000   # CPython's default
MAX_RECURSION_LIMIT = 3000       # 3000 * 600 B stays inside STACK_BYTES
MIN_RECURSION_LIMIT = 50
ORIGINAL_LIMIT = 32 * 1024       # the port's CSTACK_SIZE (MICROPY_STACK_CHECK_MARGIN is 0)
_CANARY = bytes(range(256)) * (GUARD_BYTES // 256)


@dataclass(frozen=True)
class StackWords:
    """Addresses of MicroPython's `stack_top` and `stack_limit` words, and the top's offset below
    the initial stack pointer."""

    top_addr: int
    limit_addr: int
    top_offset: int


@dataclass(frozen=True)
class GuestStack:
    """Where the relocated stack lives (all addresses in linear memory)."""

    guard: int          # lowest address of the canary
    top: int            # initial shadow-stack pointer
    limit_addr: int     # MicroPython's stack_limit word
    old_region: bytes   # the link-time stack region [0, old_top) as left by mp_js_init: unused now

    def damage(self, memory_address: int) -> str | None:
        """None if the canary below the stack and the old, now unused stack region are unchanged;
        else "memory" (the old region changed: the guest wrote wild into memory, e.g. with
        `uctypes`) or "stack" (only the canary: unchecked C recursion ran past the stack).
        Either way the sandbox rolls the run back."""
        import ctypes

        if ctypes.string_at(memory_address, len(self.old_region)) != self.old_region:
            return "memory"
        if ctypes.string_at(memory_address + self.guard, GUARD_BYTES) != _CANARY:
            return "stack"
        return None


def find_stack_words(instance: EmscriptenInstance) -> StackWords:
    """Locate `stack_top`/`stack_limit` right after `mp_js_init` (stack pointer at its start)."""
    sp = instance.stack_pointer()
    mem = instance.memory.read(0, min(instance.memory.size, 8 << 20))
    found = []
    for addr in range(sp, len(mem) - 8, 4):
        top, limit = struct.unpack_from("<II", mem, addr)
        if limit == ORIGINAL_LIMIT and sp - 512 < top < sp:
            found.append(StackWords(addr, addr + 4, sp - top))
    if len(found) != 1:
        raise RuntimeError(f"could not locate MicroPython's stack words ({len(found)} candidates)")
    return found[0]


def limit_bytes(recursion_limit: int) -> int:
    """The `stack_limit` value for a recursion limit (clamped to the supported range)."""
    n = max(MIN_RECURSION_LIMIT, min(MAX_RECURSION_LIMIT, int(recursion_limit)))
    return n * BYTES_PER_FRAME


def relocate(instance: EmscriptenInstance, words: StackWords) -> GuestStack:
    """Move the shadow stack into a fresh `malloc`'d region and point MicroPython's check at it."""
    region = instance.malloc(STACK_BYTES + GUARD_BYTES)
    if not region:
        raise RuntimeError("could not allocate the guest's C stack")
    top = (region + STACK_BYTES + GUARD_BYTES) & ~15
    guard = region
    instance.memory.write(guard, _CANARY)
    old_top = instance.stack_pointer()
    instance.after_restore(top)
    instance.memory.write(words.top_addr, struct.pack("<I", top - words.top_offset))
    instance.memory.write(words.limit_addr, struct.pack("<I", limit_bytes(DEFAULT_RECURSION_LIMIT)))
    return GuestStack(guard, top, words.limit_addr, instance.memory.read(0, old_top))


def words_to_json(words: StackWords) -> list[int]:
    return [words.top_addr, words.limit_addr, words.top_offset]


def words_from_json(data: list[int]) -> StackWords:
    return StackWords(int(data[0]), int(data[1]), int(data[2]))
