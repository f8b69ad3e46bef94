"""The `mpz_dec_chunks` patch (wasm/patches/mpz_dec_chunks.py): `str()` of a mid-size int makes
nine digits per pass over the number instead of one.

`check` is the patched behaviour: `str()` of a 120-digit int costs less than `MAX_FUEL_120`, and
three times the digits cost less than `MAX_GROWTH` times the fuel (fuel is deterministic; upstream
is quadratic: ~98 k fuel at 120 digits, ~5 x that of 40 digits). A differential cell gives host
CPython's output for values around the thresholds (mpz digit counts 32/33 and 64/65, where the
host conversion and upstream's code take over; 10**k, 10**k - 1, negatives, zero, chunk
boundaries 10**9k) in `str`, `repr`, `%d`, `format` with `,`, widths and signs, and int
subclasses. `test_build_pipeline.py` runs `check` on a build without this patch, where it must
fail."""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

N = 1_000
LOOP = "def f(n, x=x):\n    for i in range(n):\n        str(x)\nf(%d)"
MAX_FUEL_120 = 40_000  # measured: ~21 k patched, ~98 k without
MAX_GROWTH = 3.0  # measured: 2.1 patched, 5.0 without

DECIMAL_CELL = """
import hashlib
vals = [0, 1, -1, 7, 2 ** 30, -(2 ** 30), 2 ** 31 - 1, 2 ** 32, 2 ** 63, -(2 ** 64) + 1]
for k in list(range(1, 50)) + list(range(140, 170)) + list(range(295, 320)):
    vals += [10 ** k, 10 ** k - 1, -(10 ** k), 1 - 10 ** k, 7 * 10 ** k + 10 ** (k // 2)]
for m in (1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65):
    vals += [2 ** (16 * m) - 1, 2 ** (16 * m), -(2 ** (16 * m)) + 12345]
for j in range(1, 36, 3):
    vals += [10 ** (9 * j) - 1, 10 ** (9 * j) + 10 ** (9 * j - 9), 3 ** (19 * j)]
texts = []
for v in vals:
    texts += [str(v), "{:,}".format(v), "%d" % v]
    if int(str(v)) != v:
        print("round trip", v)
print(len(vals), sum(map(len, texts)), hashlib.sha256("\\n".join(texts).encode()).hexdigest())
print(str(10 ** 153 - 1)[-5:], "{:,}".format(-(10 ** 160) - 1)[:12], str(2 ** 1024 - 1)[:20], str(-(2 ** 1023))[-30:])
print(repr(-(10 ** 30)), "{:>40}|{:+}|{:<35}|".format(10 ** 30, 10 ** 20, -(10 ** 25)), [10 ** 19, -(10 ** 18)])
class I(int):
    pass
print(str(I(10 ** 100 + 7)), "{:,}".format(I(-(10 ** 40))))
f = 1
for i in range(1, 120):
    f *= i
    if i % 29 == 0:
        print(i, f)
"""


def fuel_per_str(sb: Sandbox, digits: int) -> float:
    """Fuel of one `str(x)` of a `digits`-digit int in a loop (N and 2N calls, the difference / N)."""
    r = sb.run(f"x = 7 * 10 ** {digits - 1} + 12345")
    once, twice = sb.run(LOOP % N), sb.run(LOOP % (2 * N))
    if r.error or once.error or twice.error:
        raise AssertionError(f"{digits} digits: {r.error or once.error or twice.error}")
    return (twice.fuel_used - once.fuel_used) / N


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    small, large = fuel_per_str(sb, 40), fuel_per_str(sb, 120)
    if large >= MAX_FUEL_120:
        problems.append(f"str() of a 120-digit int costs {large:.0f} fuel (limit {MAX_FUEL_120})")
    if large >= MAX_GROWTH * small:
        problems.append(f"str() of 120 digits costs {large / small:.2f} x that of 40 (limit {MAX_GROWTH})")
    return problems + differs_from_cpython(sb, DECIMAL_CELL, "decimal cell")


def test_mid_size_str_is_cheap_and_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
