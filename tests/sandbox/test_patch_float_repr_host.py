"""The `float_repr_host` patch (wasm/patches/float_repr_host.py): `repr`, `str`, `print` and every
no-spec formatting of a float print CPython's shortest round-trip text for every float, including
those the interpreter's own search got wrong (`2**-24`: `5.960464477539063e-08`, not
`...0625e-08`; `4.701865635853005e+25`, not `...004e+25`, another float).

`check` is a differential test: the cell builds floats from pseudo-random 64-bit patterns (an
integer generator both sides compute alike, `struct` turns them into floats: every exponent,
subnormals, inf and nan patterns), every power of two from 2**-1074 to 2**1023 and its neighbours,
16-digit ties, 1e22..1e308 and their negatives, and prints them through `str`, `repr`, `print` of
a list, f-strings, `'%s'`, `'%r'`, `format`, `json.dumps` and the parts of complex numbers; the
sandbox must print exactly what host CPython prints. `test_build_pipeline.py` runs `check` on a
build without this patch, where `str(2.0 ** -24)` prints 17 digits. `test_repr_fuel` pins the cost:
20,000 `str(x)` of random floats burn each call's `FUEL`, and take well under the fuel of the
interpreter's own search.
"""

from __future__ import annotations

import struct

from patch_builds import differs_from_cpython, fuel_after

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.floatrepr import FloatReprImports, repr_text
from wasm.patches.float_repr_host import FUEL

FLOATS = """
import json, struct
def f64(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]
seed = 2026
vals = []
for _ in range(%d):
    seed = (seed * 6364136223846793005 + 1442695040888963407) %% 2 ** 64
    vals.append(f64(seed))
pows = [2.0 ** k for k in range(-1074, 1024)]
vals += pows + [-p for p in pows[::7]]
vals += [f64(bits) for k in range(0, 2046, 3) for bits in ((k << 52) - 1, (k << 52) + 1) if bits > 0]
vals += [float("1e%%d" %% k) for k in range(22, 309)] + [-float("1e%%d" %% k) for k in range(-30, 309, 5)]
vals += [4.701865635853005e+25, 3.856574808725452e+25, 7.4233762471773105e+25, 5.684341886080802e-14,
         5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
         1e16, 1e-05, 1e-4, 123.0, 0.1, 0.0, -0.0, float("inf"), -float("inf"), float("nan")]
"""

CHECK_CELL = FLOATS % 20000 + """
print(vals)
print(json.dumps([v for v in vals[::2] if v == v and v - v == 0]))
lines = [" ".join([str(x), repr(x), f"{x}", "%s" % x, "%r" % x, format(x), "{}".format(x), f"{x!r}"])
         for x in vals[::10]]
print("\\n".join(lines))
print([complex(1.5, x) for x in vals[:300:3]], [complex(0, x) for x in vals[1:300:3]])
big = 4.701865635853005e+25
print(str(2.0 ** -24), str(2.0 ** -44), big, float(str(big)) == big)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    return differs_from_cpython(sb, CHECK_CELL, "float repr")


def test_float_repr_is_cpythons() -> None:
    with Sandbox(limits=Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


STR_LOOP = """
for x in vals[:20000]:
    str(x)
"""


def test_repr_fuel() -> None:
    """20,000 `str(x)` of random floats: each costs the burnt `FUEL` of its host call plus the
    interpreter's str object (~3,000), not the interpreter's own digit search (~29,000-55,000 per
    float on the build without the patch)."""
    with Sandbox(limits=Limits(wall_seconds=300)) as sb:
        setup = FLOATS % 20000
        fuel = fuel_after(sb, setup, STR_LOOP) - fuel_after(sb, setup, "for x in vals[:20000]:\n    x")
    assert 20000 * FUEL <= fuel < 20000 * (FUEL + 5_000), fuel


class _Memory:
    """A stand-in for `GuestMemory`: records what the import writes."""

    def __init__(self) -> None:
        self.writes: list[tuple[int, bytes]] = []

    def write(self, ptr: int, data: bytes) -> None:
        self.writes.append((ptr, data))


def _words(x: float) -> tuple[int, int]:
    bits = int.from_bytes(struct.pack("<d", x), "little")
    low, high = bits & 0xFFFFFFFF, bits >> 32
    return (low - (1 << 32) if low >= 1 << 31 else low), (high - (1 << 32) if high >= 1 << 31 else high)


def test_import_writes_reprs_and_declines() -> None:
    """The import writes CPython's repr (without repr's `.0`), the sign asked for, and a NUL into
    the buffer; it declines (-1, nothing written) when they do not fit or a stop was requested."""
    mem = _Memory()
    stop = [False]
    imp = FloatReprImports(lambda: mem, lambda: stop[0])
    cases = [(4.701865635853005e+25, 0, b"4.701865635853005e+25"), (-0.0, 0, b"-0"), (2.0, 43, b"+2"),
             (-2.5, 43, b"-2.5"), (float("nan"), 32, b" nan"), (-float("inf"), 0, b"-inf"),
             (2.0 ** -24, 0, b"5.960464477539063e-08"), (-2.2250738585072014e-308, 0, b"-2.2250738585072014e-308")]
    for x, sign, text in cases:
        assert text == repr_text(x, sign) and (repr(x).endswith(".0") or text.lstrip(b"+ ").decode() == repr(x))
        assert imp.float_repr(*_words(x), 64, 33, sign) == len(text)
        assert mem.writes.pop() == (64, text + b"\0")
    assert imp.float_repr(*_words(-2.2250738585072014e-308), 64, 24, 0) == -1  # 24 characters and a NUL
    stop[0] = True
    assert imp.float_repr(*_words(1.5), 64, 33, 0) == -1
    assert mem.writes == []
