"""Memory exhaustion: allocations fail inside the guest's linear-memory cap, never on the host.

A single impossible allocation is an ordinary `MemoryError` (the cell's earlier changes stay, as
in CPython); allocation that keeps failing near the cap is stopped as `MemoryLimitExceeded` and
rolled back (or, when the interpreter can still be stopped softly, kept up to the stop, as a time
stop keeps it). Giant big-int arithmetic ends at the fuel or wall limit. In every case the guest's
memory stays under `memory_bytes` and the host's RSS stays bounded (conftest).
"""

from __future__ import annotations

import pytest
from hostile_support import Hostile

from mpwasm_kernel import Limits, Sandbox

MiB = 1 << 20
SANDBOX_LIMITS = {"memory_bytes": 48 * MiB, "wall_seconds": 30.0, "fuel": 20_000_000_000}  # fuel stops runaways
MEMORY_STOPS = ("MemoryError", "MemoryLimitExceeded")
ANY_STOP = MEMORY_STOPS + ("FuelExhausted", "TimeLimitExceeded")

ONE_HUGE = {
    "bytearray_1e9": "b = bytearray(10**9)",
    "bytearray_2_30": "b = bytearray(2**30)",
    "bytes_near_1g": "b = bytes(2**30 - 16)",
    "list_1e9": "l = [0] * 10**9",
    "str_repeat": "s = 'x' * (10**9)",
    "range_list": "l = list(range(10**9))",
    "dict_fromkeys": "d = dict.fromkeys(range(10**8))",
}


@pytest.mark.parametrize("source", ONE_HUGE.values(), ids=ONE_HUGE.keys())
def test_one_huge_allocation_is_a_memory_error(hostile: Hostile, source: str) -> None:
    """An allocation far over the cap fails in the guest; the run is not a host failure."""
    hostile.attack(source, ANY_STOP)


HOARDERS = {
    "many_small_lists": "changed = []\nwhile True:\n    changed.append([0] * 64)",
    "many_objects_gc_disabled": "import gc\ngc.disable()\nchanged = []\nwhile True:\n    changed.append(object())",
    "bytearray_hoarding_64k": "changed = []\nwhile True:\n    changed.append(bytearray(65536))",
    "bytearray_hoarding_900k": "changed = []\nwhile True:\n    changed.append(bytearray(900_000))",
    "string_doubling": "changed = 'a'\nwhile True:\n    changed += changed",
    "dict_growth": "changed = {}\ni = 0\nwhile True:\n    changed[i] = i\n    i += 1",
    "garbage_churn": "changed = 0\nwhile True:\n    x = [changed] * 100\n    changed += 1",
    "deep_tuple_chain": "changed = ()\nwhile True:\n    changed = (changed, changed)",
}


@pytest.mark.parametrize("source", HOARDERS.values(), ids=HOARDERS.keys())
def test_hoarding_stops_at_the_cap_and_rolls_back(hostile: Hostile, source: str) -> None:
    """Growth up to the cap ends in MemoryError or a limit stop, memory ≤ the cap. A hard stop is
    rolled back; a soft stop (the interpreter reached a check) keeps the work and says so."""
    assert hostile.sb.run("changed = None\ndel changed").error is None
    r = hostile.attack(source, ANY_STOP)
    if r.error.ename != "MemoryError":
        if r.rolled_back:
            assert hostile.sb.run("'changed' in globals()").value == "False"
        else:
            assert "kept what it did before the stop" in r.error.evalue


BIGINT = {
    "ten_to_ten_to_eight": "x = 10 ** (10 ** 8)",
    "two_to_two_to_forty": "x = 2 ** (2 ** 40)",
    "factorial_loop": "x = 1\nfor i in range(1, 10**7):\n    x *= i",
    "pow_mod_huge": "x = pow(3, 10**100, 10**100000)",
    "int_str_huge": "x = str(7 ** 2_000_000)",
    "shift": "x = 1 << (1 << 40)",
}


@pytest.mark.parametrize("source", BIGINT.values(), ids=BIGINT.keys())
def test_giant_bigint_arithmetic_is_bounded(hostile: Hostile, source: str) -> None:
    """Big-int arithmetic too large for the limits stops (memory, fuel or wall clock)."""
    hostile.attack(source, ANY_STOP + ("OverflowError", None))


def test_memory_stays_under_cap_across_attacks(hostile: Hostile) -> None:
    """After many memory attacks the linear memory is still within the cap, and ordinary work runs."""
    for source in ("l = [bytearray(65536) for _ in range(10000)]", "s = 'ab' * (40 * 1024 * 1024)"):
        hostile.run(source)
        assert hostile.sb.memory_size <= hostile.sb.limits.memory_bytes
    r, _ = hostile.run("sum(len(str(i)) for i in range(10000))")
    assert r.value == "38890"


def test_a_few_mebibytes_fit_well_under_the_cap() -> None:
    """In a fresh sandbox, a 4 MiB bytearray (a twelfth of the 48 MiB cap) can be allocated."""
    with Sandbox(Limits(memory_bytes=48 * MiB, wall_seconds=60)) as sb:  # a run that must finish
        r = sb.run("b = bytearray(4 * 1024 * 1024)\nlen(b)")
        assert r.error is None and r.value == str(4 * MiB), r.error


def test_garbage_heavy_loop_completes_and_live_data_beyond_the_cap_is_a_clear_limit() -> None:
    """Garbage is collected while a cell runs (patch `gc_in_calls`), so loops making ~20 MB and
    ~200 MB of short-lived objects both complete under the 256 MiB cap; a loop that keeps ~400 MB
    alive stops with MemoryLimitExceeded — softly where the interpreter reaches a check (the cell
    keeps what it did), else rolled back — and the next cell runs (README "Differences from CPython")."""
    with Sandbox(Limits(wall_seconds=600)) as sb:  # bounded by the default fuel
        sb.run("kept = 1")
        r = sb.run("for i in range(10**5):\n    x = [i] * 50\ni")
        assert r.error is None and r.value == str(10**5 - 1), r.error
        r = sb.run("for i in range(10**6):\n    x = [i] * 50\ni")
        assert r.error is None and r.value == str(10**6 - 1), r.error
        r = sb.run("hoard = []\nfor i in range(10**6):\n    hoard.append([i] * 100)\nlen(hoard)")
        assert r.error is not None and r.error.ename == "MemoryLimitExceeded", r
        assert "memory_bytes" in r.error.evalue and "still in use" in r.error.evalue
        assert r.rolled_back or "kept what it did before the stop" in r.error.evalue
        assert sb.run("kept").value == "1"
        assert sb.memory_size <= sb.limits.memory_bytes
