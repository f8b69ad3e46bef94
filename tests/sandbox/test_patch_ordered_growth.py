"""The `ordered_growth` patch (wasm/patches/ordered_growth.py): a plain dict of 128 entries
becomes a hash map, and the ordered path hashes its keys.

Filling a dict must take linear fuel (fuel is deterministic: for 2n keys under 2.5 × the fuel of
n keys; the insertion-ordered linear scan without the patch is quadratic, ~4×). `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must
fail."""

from __future__ import annotations

from mpwasm_kernel import Limits, Sandbox

FILL = "d = {}\nfor i in range(%d):\n    d['k' + str(i)] = i\nprint(len(d))"
UNHASHABLE = ("for k in ([1], {}, {1}):\n    try:\n        {}[k] = 1\n        print('accepted')\n"
              "    except TypeError:\n        print('TypeError')")
N = 3000


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    small, large = (sb.run(FILL % n) for n in (N, 2 * N))
    if small.error is not None or large.error is not None:
        problems.append(f"fill stopped: {small.error or large.error}")
    elif large.fuel_used >= 2.5 * small.fuel_used:
        ratio = large.fuel_used / small.fuel_used
        problems.append(f"fuel for {2 * N} keys is {ratio:.2f} × the fuel for {N} keys (not linear)")
    r = sb.run(UNHASHABLE)
    if r.error is not None or r.stdout.split() != ["TypeError"] * 3:
        problems.append(f"unhashable keys: {r.stdout!r} {r.error}")
    return problems


def test_large_plain_dict_fills_in_linear_fuel() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
