"""Float repr text the interpreter asks the host for (build patch `float_repr_host`; issue 26).

MicroPython's `mp_format_float` (v1.29.0, `py/formatfloat.c`) makes a float's repr by searching
for the shortest digits its own parser reads back; its binary128 scaling is not correctly rounded
for some large magnitudes and its tie rounding picks a neighbour CPython's shortest repr does not,
so some floats printed other digits than CPython (some not even the same float). The patch sends
the repr case (`prec == 99`, `fmt == 'g'`) here first: CPython's own `repr(float)` is the answer,
exact by definition, and bounded (at most 24 characters).

What keeps this sound: the text is written only into the caller's buffer (`buf_size` bytes, the
text and its NUL must fit, else the call declines), nothing is allocated on the guest heap, and the
work of one call is bounded (one `repr` of a float); a call made after a stop was requested
declines (-1) and the interpreter's own search runs. Fuel: the patch makes the guest burn a fixed
amount after each answered call (`float_repr_host.FUEL`), deterministic like all fuel, and cheaper
than charging it here (reading and setting the store's fuel costs about as much as the whole call).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

DECLINE = -1
_WORDS = struct.Struct("<Ii")    # the float's bits as the two i32 the import receives (low word first)
_DOUBLE = struct.Struct("<d")


def repr_text(value: float, sign: int) -> bytes:
    """What `mp_format_float(value, ..., 'g', 99, sign)` should write: `sign` (a character code,
    0 for none) unless `value` prints its own minus, then CPython's `repr(value)` without the `.0`
    that repr adds to an integral value (`mp_print_float` adds it back for floats, not for the
    parts of a complex, as CPython)."""
    text = repr(value)
    if text.endswith(".0"):
        text = text[:-2]
    if sign & 0xFF and not text.startswith("-"):
        text = chr(sign & 0xFF) + text
    return text.encode("ascii")


class FloatReprImports:
    """The import of patch `float_repr_host`, bound to one sandbox's memory and stops
    (`memory()`, `stopping()` as for `BigIntImports`)."""

    def __init__(self, memory: Callable[[], object], stopping: Callable[[], bool]) -> None:
        self._memory = memory
        self._stopping = stopping

    def imports(self) -> dict[str, Callable[..., int]]:
        return {"mpk_float_repr": self.float_repr}

    def float_repr(self, low: int, high: int, buf: int, size: int, sign: int) -> int:
        """Write the repr text (see `repr_text`) of the float whose IEEE bits are `high:low` (two
        i32) and a NUL at `buf` (room for `size` bytes); return the text's length, or -1
        (declined: the interpreter formats)."""
        if self._stopping():
            return DECLINE
        text = repr_text(_DOUBLE.unpack(_WORDS.pack(low & 0xFFFFFFFF, high))[0], sign)
        if len(text) + 1 > size & 0xFFFFFFFF:
            return DECLINE
        self._memory().write(buf, text + b"\0")
        return len(text)
