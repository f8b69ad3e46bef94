"""`Limits(fuel=None)`: no fuel metering; the wall clock and interrupts still stop runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mpwasm_kernel import Limits, Sandbox

MiB = 1 << 20


@pytest.fixture(scope="module")
def sb():
    with Sandbox(limits=Limits(fuel=None, wall_seconds=20, memory_bytes=64 * MiB)) as sandbox:
        yield sandbox


def test_fuel_is_metered_by_default() -> None:
    assert Limits().fuel is not None


def test_runs_without_fuel(sb: Sandbox) -> None:
    r = sb.run("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(20)")
    assert r.error is None, r.error
    assert r.value == "6765"
    assert r.fuel_used == 0


def test_errors_and_state_as_usual(sb: Sandbox) -> None:
    sb.run("kept = 'before'")
    r = sb.run("1 / 0")
    assert r.error is not None and r.error.ename == "ZeroDivisionError"
    assert sb.run("kept").value == "'before'"


def test_wall_clock_is_the_cpu_limit(sb: Sandbox) -> None:
    sb.run("kept = 'before'")
    # rollback="always": the soft wall-clock stop is undone too (by default it keeps `changed`).
    sb.limits = Limits(fuel=None, wall_seconds=0.5, memory_bytes=64 * MiB, rollback="always")
    try:
        r = sb.run("changed = 1\nwhile True:\n    pass")
    finally:
        sb.limits = Limits(fuel=None, wall_seconds=20, memory_bytes=64 * MiB)
    assert r.error is not None and r.error.ename == "TimeLimitExceeded"
    assert r.rolled_back is True
    assert sb.run("kept").value == "'before'"
    assert sb.run("'changed' in globals()").value == "False"


def test_hard_stop_of_code_that_swallows_interrupts(sb: Sandbox) -> None:
    sb.limits = Limits(fuel=None, wall_seconds=0.5, memory_bytes=64 * MiB)
    try:
        r = sb.run("while True:\n    try:\n        while True:\n            pass\n"
                   "    except BaseException:\n        pass")
    finally:
        sb.limits = Limits(fuel=None, wall_seconds=20, memory_bytes=64 * MiB)
    assert r.error is not None and r.error.ename == "TimeLimitExceeded"
    assert sb.run("6 * 7").value == "42"


def test_interrupt(sb: Sandbox) -> None:
    timer = threading.Timer(0.3, sb.interrupt)
    timer.start()
    try:
        r = sb.run("n = 0\nwhile True:\n    n += 1")
    finally:
        timer.cancel()
    assert r.error is not None and r.error.ename == "KeyboardInterrupt"
    assert int(sb.run("n").value) > 0  # a soft stop keeps the state, like CPython


def test_reset(sb: Sandbox) -> None:
    sb.run("x = 1")
    sb.reset()
    assert sb.run("'x' in globals()").value == "False"


def test_fuel_setting_cannot_be_switched_on_a_sandbox(sb: Sandbox) -> None:
    with pytest.raises(ValueError, match="fuel metering is off"):
        sb.limits = Limits(fuel=10**9)
    with Sandbox() as metered, pytest.raises(ValueError, match="fuel metering is on"):
        metered.limits = Limits(fuel=None)


def test_lowering_keeps_fuel_off() -> None:
    ceiling = Limits(fuel=None)
    assert ceiling.lowered(fuel=None, wall_seconds=5).fuel is None
    with pytest.raises(ValueError, match="cannot be turned on"):
        ceiling.lowered(fuel=10**9)
    with pytest.raises(ValueError, match="cannot be removed"):
        Limits().lowered(fuel=None)


def test_fuel_off_is_compiled_and_cached_separately(tmp_path: Path, compiled_cache: Path) -> None:
    """A cache holding the metered interpreter (copied: its compile is the session's) gets a second
    entry for the unmetered one: it is compiled, not taken from the metered entry."""
    cache = tmp_path / "cache"
    shutil.copytree(compiled_cache, cache, copy_function=shutil.copy2)
    assert len(list(cache.glob("*.cwasm"))) == 1
    env = dict(os.environ, MPWASM_CACHE_DIR=str(cache))
    code = ("from mpwasm_kernel import Limits, Sandbox\n"
            "print(Sandbox().run('6*7').value, Sandbox(Limits(fuel=None)).run('6*7').value)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "42 42", out.stderr
    assert len(list(cache.glob("*.cwasm"))) == 2
