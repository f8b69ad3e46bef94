"""The process's one watchdog thread (wasm/interrupt.py) serves every sandbox independently.

No test here depends on how long anything takes: deadlines fire in order on one thread, so once
a later deadline has fired, every earlier one that was still scheduled has fired before it. A
"sentinel" watchdog with a later deadline is that proof that a cancelled deadline never fired.
"""

from __future__ import annotations

import os
import threading

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.wasm import interrupt
from mpwasm_kernel.sandbox.wasm.interrupt import Watchdog

WAIT = 60  # seconds: only reached if something is broken


class Recorder:
    """A watchdog with events for its soft and hard stop."""

    def __init__(self) -> None:
        self.soft, self.hard = threading.Event(), threading.Event()
        self.dog = Watchdog(self.soft.set, self.hard.set)


def _sentinel(after: float) -> Recorder:
    """A watchdog whose soft stop comes `after` seconds from now; wait for `rec.soft`."""
    rec = Recorder()
    rec.dog.start_run(after, 1e6)
    return rec


def _watchdog_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "mpwasm-watchdog"]


@pytest.mark.timeout(120)
def test_a_deadline_of_an_ended_run_never_fires_in_the_next_run() -> None:
    rec = Recorder()
    with interrupt._service.cond:  # the deadline thread waits until the run has ended
        rec.dog.start_run(0.0, 0.0)
        rec.dog.end_run()
    rec.dog.start_run(1e6, 1e6)  # the next run: its own, far deadline
    sentinel = _sentinel(0.2)
    try:
        assert sentinel.soft.wait(WAIT)
        assert not rec.soft.is_set() and not rec.hard.is_set() and rec.dog.reason is None
    finally:
        rec.dog.end_run()
        sentinel.dog.end_run()


@pytest.mark.timeout(120)
def test_paused_and_closed_watchdogs_do_not_fire() -> None:
    """(Holding the service's lock keeps its thread from firing in between: no timing.)"""
    paused, closed = Recorder(), Recorder()
    with interrupt._service.cond:  # the deadline thread waits until both are paused/closed
        paused.dog.start_run(0.0, 0.0)
        paused.dog.pause()
        closed.dog.start_run(0.0, 0.0)
        closed.dog.close()
    sentinel = _sentinel(0.2)
    try:
        assert sentinel.soft.wait(WAIT)
        assert not paused.soft.is_set() and not closed.soft.is_set()
        paused.dog.resume()  # the clock goes on: the stop comes after all
        assert paused.soft.wait(WAIT) and paused.hard.wait(WAIT) and paused.dog.reason == "time"
    finally:
        paused.dog.end_run()
        sentinel.dog.end_run()


@pytest.mark.timeout(120)
def test_every_watchdog_stops_its_own_run_only() -> None:
    due = [Recorder() for _ in range(50)]
    idle = [Recorder() for _ in range(50)]
    for rec in idle:
        rec.dog.start_run(1e6, 1e6)
    for rec in due:
        rec.dog.start_run(0.0, 0.01)
    try:
        for rec in due:
            assert rec.soft.wait(WAIT) and rec.hard.wait(WAIT) and rec.dog.reason == "time"
        sentinel = _sentinel(0.05)
        assert sentinel.soft.wait(WAIT)
        sentinel.dog.end_run()
        assert not any(rec.soft.is_set() or rec.hard.is_set() for rec in idle)
        assert all(rec.dog.reason is None for rec in idle)
    finally:
        for rec in due + idle:
            rec.dog.end_run()


@pytest.mark.timeout(120)
def test_an_interrupt_escalates_after_its_grace_and_ends_with_the_run() -> None:
    rec = Recorder()
    rec.dog.start_run(1e6, 1e6)
    assert rec.dog.interrupt(0.0)
    assert rec.soft.is_set() and rec.hard.wait(WAIT) and rec.dog.reason == "interrupt"
    rec.dog.end_run()
    assert not rec.dog.interrupt(0.0)  # idle: nothing to stop
    late = Recorder()
    late.dog.start_run(1e6, 1e6)
    with interrupt._service.cond:
        assert late.dog.interrupt(0.0)
        late.dog.end_run()  # before the deadline thread saw its grace run out: no hard stop
    sentinel = _sentinel(0.3)
    try:
        assert sentinel.soft.wait(WAIT)
        assert late.soft.is_set() and not late.hard.is_set()
    finally:
        sentinel.dog.end_run()


@pytest.mark.timeout(120)
def test_cancelled_deadlines_do_not_pile_up() -> None:
    rec = Recorder()
    for _ in range(10_000):
        rec.dog.start_run(1e6, 1.0)
        rec.dog.end_run()
    with interrupt._service.cond:
        live = [entry for entry in interrupt._service.heap if entry[2] is not None]
        assert len(interrupt._service.heap) <= 2 * len(live) + 2 * interrupt._DeadlineService.COMPACT_AT
    assert not rec.soft.is_set()


@pytest.mark.timeout(180)
def test_many_sandboxes_share_one_thread_and_each_is_stopped_at_its_wall_clock() -> None:
    """Runaway runs in several sandboxes on several threads at once: each is stopped by its own
    wall clock (a soft stop the loop cannot catch away from; the others keep running), and the
    process has one watchdog thread for all of them."""
    sandboxes = [Sandbox(Limits(wall_seconds=0.3)) for _ in range(4)]
    calm = Sandbox(Limits(wall_seconds=3600.0))
    results: list[object] = [None] * len(sandboxes)
    try:
        assert calm.run("x = 1\nx").value == "1"

        def spin(i: int) -> None:
            results[i] = sandboxes[i].run("n = 0\nwhile True:\n    n += 1")

        threads = [threading.Thread(target=spin, args=(i,)) for i in range(len(sandboxes))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(WAIT * 2)
        assert not any(t.is_alive() for t in threads)
        for result in results:
            assert result.error is not None and result.error.ename == "TimeLimitExceeded", result
        assert len(_watchdog_threads()) == 1
        for sb in sandboxes:
            assert sb.run("n > 0").value == "True"  # the soft stop kept what the run did
        assert calm.run("x + 1").value == "2"
    finally:
        for sb in sandboxes + [calm]:
            sb.close()


@pytest.mark.timeout(120)
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_has_its_own_watchdog_thread() -> None:
    parent = _sentinel(0.0)
    assert parent.soft.wait(WAIT)  # the parent's thread is running
    parent.dog.end_run()
    pid = os.fork()
    if pid == 0:  # the child: no thread was inherited; the first deadline starts one
        code = 1
        try:
            child = _sentinel(0.0)
            code = 0 if child.soft.wait(WAIT) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_runs_of_several_sandboxes_need_no_thread_of_their_own() -> None:
    with Sandbox() as a, Sandbox() as b:
        assert a.run("1").value == "1" and b.run("2").value == "2"
        assert len(_watchdog_threads()) == 1
    assert len(_watchdog_threads()) == 1  # the process's thread stays for the next sandbox
