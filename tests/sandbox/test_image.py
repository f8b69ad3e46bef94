"""Sandboxes started from the process's booted image (wasm/image.py, wasm/pages.py; issue 29).

Every sandbox of a process is a copy-on-write clone of one booted interpreter: these tests hold
that clones are isolated from each other, that a rollback and a reset restore the memory byte
for byte, that an idle clone owns little memory, that the engine and module are shared, and that
a hard stop of one sandbox does not stop another running on the same engine.
"""

from __future__ import annotations

import threading

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.wasm import image as image_mod
from mpwasm_kernel.sandbox.wasm.pages import private_bytes

MiB = 1 << 20
pytestmark = pytest.mark.skipif(not image_mod.images_enabled(), reason="images need Linux and memfd")


def _owned(sb: Sandbox) -> int:
    """Bytes of linear memory the sandbox owns (without its snapshot copy)."""
    return private_bytes(sb._instance.memory.address(), sb.memory_size)


def _memory(sb: Sandbox, size: int | None = None) -> bytes:
    inst = sb._instance
    return inst.memory.read(0, size if size is not None else inst.memory.size)


def test_clones_share_the_engine_and_module_but_not_state() -> None:
    with Sandbox() as a, Sandbox() as b:
        assert a._engine is b._engine and a._module is b._module
        assert a.run("x = 'a'\nopen('f.txt', 'w').write('from a')\nbig = bytearray(3 * 1024 * 1024)").error is None
        assert b.run("'x' in globals()").value == "False"
        r = b.run("open('f.txt').read()")
        assert r.error is not None and r.error.ename == "FileNotFoundError"
        assert b.run("x = 'b'\nx").value == "'b'"
        assert a.run("x, len(big)").value == f"('a', {3 * MiB})"


def test_a_clone_starts_as_the_image_and_a_reset_returns_to_it_byte_for_byte() -> None:
    with Sandbox() as used, Sandbox() as fresh:
        size = fresh.memory_size
        pristine = _memory(fresh)
        used.run("class K:\n    pass\nitems = [K() for _ in range(100000)]\n"
                 "blobs = [bytearray(100_000) for _ in range(200)]")
        assert used.memory_size > size
        used.reset()
        assert _memory(used, size) == pristine
        assert _memory(used)[size:].count(0) == used.memory_size - size
        assert used.run("'items' in globals()").value == "False"
        assert used.run("6 * 7").value == "42"


@pytest.mark.parametrize("stop", ["fuel", "time"])
def test_a_rollback_restores_memory_byte_for_byte(stop: str) -> None:
    """State after a rollback is identical to before the run, grown memory included (it reads as
    zeros again)."""
    limits = Limits(fuel=2_000_000_000) if stop == "fuel" else Limits(wall_seconds=1.0)
    with Sandbox(limits, interrupt_grace=0.2) as sb:
        sb.run("kept = [i * i for i in range(20000)]\ndef f():\n    return len(kept)")
        size = sb.memory_size
        before = _memory(sb)
        # Grows memory by ~40 MB, then spins until the hard stop (a soft stop's KeyboardInterrupt
        # only re-enters the loop). It never reaches the memory limit, whose growth failures would
        # make the sandbox collect after the rollback (PRESSURE_RUNS).
        hog = ("junk = []\ndef spin():\n    try:\n        while True:\n            if len(junk) < 600:\n"
               "                junk.append(bytearray(65536))\n            kept[0] += 1\n"
               "    finally:\n        spin()\nspin()")
        r = sb.run(hog)
        assert r.rolled_back, r.error
        assert sb.memory_size > size
        after = _memory(sb)
        assert after[:size] == before
        assert after[size:].count(0) == len(after) - size
        assert sb.run("f(), 'junk' in globals()").value == "(20000, False)"


def test_an_idle_clone_owns_little_memory() -> None:
    """A clone owns only the pages it wrote: after a few trivial runs well under 1 MiB (the image
    itself is shared); a large allocation is owned, and a reset gives it back."""
    with Sandbox() as sb:
        for _ in range(3):
            assert sb.run("1 + 1").value == "2"
        assert sb.private_memory_bytes < 1 * MiB
        assert sb.run("b = [bytearray(b'x' * 100_000) for _ in range(100)]").error is None
        assert sb.private_memory_bytes > 8 * MiB
        sb.reset()
        assert sb.run("1 + 1").value == "2"
        assert sb.private_memory_bytes < 1 * MiB


def test_many_clones_each_answer_a_run() -> None:
    sandboxes = [Sandbox() for _ in range(50)]
    try:
        for i, sb in enumerate(sandboxes):
            sb.run(f"n = {i}")
        assert [sb.run("n * 2").value for sb in sandboxes] == [str(2 * i) for i in range(50)]
    finally:
        for sb in sandboxes:
            sb.close()


def test_a_hard_stop_of_one_sandbox_does_not_stop_another_on_the_shared_engine() -> None:
    stubborn = ("while True:\n    try:\n        while True:\n            pass\n"
                "    except BaseException:\n        pass")
    with Sandbox(Limits(wall_seconds=0.3), interrupt_grace=0.1) as a, Sandbox(Limits(wall_seconds=120)) as b:
        results: dict[str, object] = {}
        started = threading.Event()

        def other() -> None:
            started.set()
            results["b"] = b.run("t = 0\nfor i in range(3_000_000):\n    t += i\nt")

        thread = threading.Thread(target=other)
        thread.start()
        started.wait()
        r = a.run(stubborn)
        thread.join()
        assert r.error is not None and r.error.ename == "TimeLimitExceeded" and r.rolled_back
        rb = results["b"]
        assert rb.error is None and rb.value == str(sum(range(3_000_000)))
        assert a.run("1").value == "1"


def test_host_functions_on_a_clone_survive_a_reset() -> None:
    with Sandbox(functions={"twice": lambda x: 2 * x}) as sb:
        assert sb.run("twice(21)").value == "42"
        sb.reset()
        assert sb.run("twice(4)").value == "8"


def test_the_booting_path_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPWASM_IMAGE", "0")
    with Sandbox(Limits(fuel=10**9)) as sb:
        assert sb._runtime is None
        assert sb.run("x = 6 * 7\nx").value == "42"
        r = sb.run("y = 1\nwhile True:\n    pass")
        assert r.error is not None and r.error.ename == "FuelExhausted" and r.rolled_back
        sb.reset()
        assert sb.run("'x' in globals()").value == "False"


def test_memory_the_allocator_freed_after_a_heavy_cell_goes_back_to_the_host() -> None:
    """After a cell that made ~60 MB of garbage, the next run's snapshot discards the pages the
    guest's allocators hold free (wasm/heapfree.py: dlmalloc's free chunks and the GC's free
    blocks); the interpreter keeps working on them (tests/sandbox/test_host_memory.py has more)."""
    with Sandbox(Limits(wall_seconds=600)) as sb:  # bounded by the default fuel
        assert sb.run("junk = [bytearray(1000) for _ in range(60_000)]\njunk = None").error is None
        assert sb.memory_size > 60 * MiB
        assert sb.run("1 + 1").value == "2"
        assert sb._snapshot.released_bytes > 48 * MiB
        assert _owned(sb) < 4 * MiB
        r = sb.run("d = {i: str(i) * 3 for i in range(200_000)}\n"
                   "blobs = [bytearray(bytes([i % 251]) * 500) for i in range(60_000)]\n"
                   "sum(len(v) for v in d.values()) + sum(b[0] + len(b) for b in blobs)")
        expected = sum(len(str(i) * 3) for i in range(200_000)) + sum(i % 251 + 500 for i in range(60_000))
        assert r.error is None and r.value == str(expected), r.error
        size = sb.memory_size
        before_bytes = _memory(sb)
        sb.limits = Limits(fuel=3_000_000_000, wall_seconds=600)
        r = sb.run("more = [bytearray(1000) for _ in range(50_000)]\nwhile True:\n    pass")
        assert r.rolled_back
        assert _memory(sb, size) == before_bytes
        assert sb.run("len(d), len(blobs), 'more' in globals()").value == "(200000, 60000, False)"


def test_deterministic_sandboxes_get_their_seed_from_their_own_image() -> None:
    """Each seed boots its own image (the seed is applied at boot); images beyond the kept few
    are dropped from the cache but stay usable by the sandboxes made from them."""
    sandboxes = [Sandbox(deterministic=True, seed=seed) for seed in range(image_mod.MAX_IMAGES + 2)]
    try:
        first = [sb.run("import random\nrandom.random()").value for sb in sandboxes]
        assert len(set(first)) == len(first)
        with Sandbox(deterministic=True, seed=0) as again:
            assert again.run("import random\nrandom.random()").value == first[0]
        sandboxes[0].reset()
        assert sandboxes[0].run("import random\nrandom.random()").value == first[0]
    finally:
        for sb in sandboxes:
            sb.close()


def test_with_swap_a_clone_keeps_content_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where swap is in use, page-ownership snapshots could miss swapped-out pages: clones then
    compare contents (snapshot.py); rollback and reset work the same."""
    import mpwasm_kernel.sandbox.sandbox as sandbox_module
    from mpwasm_kernel.sandbox.wasm.snapshot import MemorySnapshot

    monkeypatch.setattr(sandbox_module, "swap_active", lambda: True)
    with Sandbox(Limits(fuel=10**9)) as sb:
        assert isinstance(sb._snapshot, MemorySnapshot)
        sb.run("x = 1")
        size, before = sb.memory_size, _memory(sb)
        r = sb.run("y = [bytearray(1000) for _ in range(10_000)]\nwhile True:\n    pass")
        assert r.rolled_back and _memory(sb, size) == before
        sb.reset()
        assert sb.run("'x' in globals()").value == "False"


def test_each_clone_is_limited_by_its_own_memory() -> None:
    """Memory limits count what a sandbox has, not what its image or its siblings hold: of two
    clones of one image, the one holding ~100 MB is not charged to the one limited to 48 MiB
    (which still allocates 16 MB), and the small one stops at its own limit."""
    with Sandbox(Limits(wall_seconds=60)) as big, Sandbox(Limits(wall_seconds=60, memory_bytes=48 * MiB)) as small:
        assert big.run("held = [bytearray(1 << 20) for _ in range(100)]\nlen(held)").value == "100"
        assert small.run("mine = [bytearray(1 << 20) for _ in range(16)]\nlen(mine)").value == "16"
        assert small.private_memory_bytes < big.private_memory_bytes
        r = small.run("more = []\nwhile True:\n    more.append(bytearray(1 << 20))")
        assert r.error is not None and r.error.ename in ("MemoryError", "MemoryLimitExceeded")
        assert small.memory_size <= 48 * MiB < 100 * MiB < big.memory_size
        assert big.run("len(held)").value == "100"


def test_swap_is_looked_up_at_most_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """`swap_active` reuses its answer for `SWAP_CHECK_SECONDS`, then reads /proc/swaps again."""
    import time

    from mpwasm_kernel.sandbox.wasm import pages

    monkeypatch.setattr(pages, "_swap_checked", [time.monotonic(), True])
    monkeypatch.setattr(pages, "SWAP_CHECK_SECONDS", 3600.0)
    assert pages.swap_active() is True  # the remembered answer, whatever the host has
    monkeypatch.setattr(pages, "SWAP_CHECK_SECONDS", 0.0)
    try:
        with open("/proc/swaps", encoding="ascii") as f:
            expected = len(f.read().strip().splitlines()) > 1
    except OSError:
        expected = True
    assert pages.swap_active() is expected
