"""Kernel latencies through jupyter_client, for any installed kernelspec.

Measured per kernel (all with ``KernelManager`` + ``BlockingKernelClient``):

- start → ready: ``start_kernel()`` until the first ``kernel_info_reply`` arrives;
- start → first result: the same start plus the first trivial cell's round trip (a kernel that
  answers ``kernel_info`` before its interpreter is up pays the rest here);
- round trip: ``execute_request`` of a trivial cell until the ``status: idle`` message for it on
  IOPub (median of many, after a few warm-up cells);
- interrupt → reply: a busy ``while True: pass`` cell is interrupted with
  ``KernelManager.interrupt_kernel()`` (signal or message, as the kernelspec says) until its
  ``execute_reply`` arrives;
- restart → ready: ``restart_kernel()`` until the next ``kernel_info_reply``;
- RSS: resident set size of the kernel process after the warm-up and round trips.

Every measurement alternates between the kernels to spread machine noise evenly; the first start
of each kernel warms caches (OS file cache, compiled-module cache) and is reported but not in the
median.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from queue import Empty
from typing import IO

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

from benchmarks.stats import summarize

TRIVIAL_CELL = "1 + 1"
BUSY_CELL = "while True:\n    pass\n"
TIMEOUT = 60.0


class KernelBenchError(RuntimeError):
    """A kernel did not behave as expected (died, timed out, replied with an error)."""


@dataclass(frozen=True)
class Reps:
    """How many samples each measurement takes."""

    starts: int
    warmup_cells: int
    roundtrips: int
    interrupts: int
    restarts: int

    @classmethod
    def for_mode(cls, quick: bool) -> Reps:
        if quick:
            return cls(starts=3, warmup_cells=5, roundtrips=50, interrupts=3, restarts=2)
        return cls(starts=5, warmup_cells=10, roundtrips=200, interrupts=5, restarts=3)


def kernelspec_problem(name: str) -> str:
    """Empty string when kernelspec ``name`` is installed, else a reason naming the fix."""
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        hint = " (install it: python -m mpwasm_kernel install --sys-prefix)" if name != "python3" else ""
        return f"kernelspec {name!r} not installed{hint}"
    return ""


def _rss_bytes(pid: int) -> int | None:
    """Resident set size of process ``pid`` in bytes (psutil, else /proc/<pid>/status VmRSS)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - process gone or not accessible
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _kernel_pid(km: KernelManager) -> int | None:
    prov = km.provisioner
    return getattr(prov, "pid", None) or getattr(getattr(prov, "process", None), "pid", None)


def _wait_reply(kc, msg_id: str, deadline: float, *, channel: str = "shell") -> dict:
    """The reply to ``msg_id`` on ``channel``; other messages are discarded."""
    get = kc.get_shell_msg if channel == "shell" else kc.get_control_msg
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise KernelBenchError(f"no {channel} reply within {TIMEOUT:.0f} s")
        try:
            msg = get(timeout=min(remaining, 1.0))
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def _wait_status(kc, msg_id: str, state: str, deadline: float) -> float:
    """Wait for IOPub ``status: state`` for request ``msg_id``; return its arrival time."""
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise KernelBenchError(f"no IOPub status {state!r} within {TIMEOUT:.0f} s")
        try:
            msg = kc.get_iopub_msg(timeout=min(remaining, 1.0))
        except Empty:
            continue
        if (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id
                and msg["content"].get("execution_state") == state):
            return time.perf_counter()


def _wait_ready(km: KernelManager, kc) -> float:
    """Send ``kernel_info_request`` until a reply arrives; return the arrival time.

    A request is resent every second (ZeroMQ queues the first one until the kernel binds, so
    normally one suffices). Afterwards ``wait_for_ready`` (untimed) makes sure IOPub is connected.
    """
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        msg_id = kc.kernel_info()
        resend = time.perf_counter() + 1.0
        while time.perf_counter() < resend:
            try:
                msg = kc.get_shell_msg(timeout=max(0.0, resend - time.perf_counter()))
            except Empty:
                break
            if msg["parent_header"].get("msg_id") == msg_id:
                ready = time.perf_counter()
                kc.wait_for_ready(timeout=TIMEOUT)
                return ready
        if not km.is_alive():
            raise KernelBenchError("kernel died before replying to kernel_info")
    raise KernelBenchError(f"no kernel_info reply within {TIMEOUT:.0f} s")


def _start(name: str, kernel_log: IO | None) -> tuple[KernelManager, object, float]:
    """Start kernel ``name`` (its stdout/stderr to ``kernel_log``); return manager, client, start seconds."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(stdout=kernel_log, stderr=kernel_log)
    kc = km.client()
    kc.start_channels()
    try:
        ready = _wait_ready(km, kc)
    except BaseException:
        _stop(km, kc)
        raise
    return km, kc, ready - t0


def _stop(km: KernelManager, kc) -> None:
    try:
        kc.stop_channels()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)


def _roundtrip(kc, code: str = TRIVIAL_CELL) -> float:
    """Seconds from sending ``execute_request`` to the matching IOPub idle status."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    deadline = t0 + TIMEOUT
    idle = _wait_status(kc, msg_id, "idle", deadline)
    reply = _wait_reply(kc, msg_id, deadline)
    if reply["content"].get("status") != "ok":
        raise KernelBenchError(f"trivial cell failed: {reply['content'].get('ename')}")
    return idle - t0


def _interrupt(km: KernelManager, kc) -> tuple[float, str]:
    """Interrupt a busy loop; return seconds until its execute_reply and the reply's ename."""
    msg_id = kc.execute(BUSY_CELL)
    deadline = time.perf_counter() + TIMEOUT
    _wait_status(kc, msg_id, "busy", deadline)
    time.sleep(0.3)  # let the loop get going inside the interpreter
    t0 = time.perf_counter()
    km.interrupt_kernel()
    reply = _wait_reply(kc, msg_id, t0 + TIMEOUT)
    elapsed = time.perf_counter() - t0
    _wait_status(kc, msg_id, "idle", t0 + TIMEOUT)
    content = reply["content"]
    return elapsed, content.get("ename") or content.get("status", "?")


def _restart(km: KernelManager, kc) -> float:
    """Seconds from ``restart_kernel()`` (graceful) until the new kernel answers kernel_info."""
    t0 = time.perf_counter()
    km.restart_kernel(now=False)
    return _wait_ready(km, kc) - t0


class _Bench:
    """Per-kernel state during a run: its result dict, live manager/client and raw samples."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.km: KernelManager | None = None
        self.kc = None
        self.samples: dict[str, list[float]] = {}
        self.result: dict = {"status": "ok"}

    @property
    def ok(self) -> bool:
        return self.result["status"] == "ok"

    def fail(self, what: str, exc: BaseException) -> None:
        self.result = {"status": "failed", "reason": f"{what}: {type(exc).__name__}: {exc}"}
        self.stop()

    def stop(self) -> None:
        if self.km is not None:
            try:
                _stop(self.km, self.kc)
            except Exception:  # noqa: BLE001 - best effort
                pass
        self.km = self.kc = None

    def add(self, key: str, value: float) -> None:
        self.samples.setdefault(key, []).append(value)


def _interleaved(benches: list[_Bench], what: str, n: int, step: Callable[[_Bench], float],
                 log: Callable[[str], None] | None = None) -> None:
    """Take ``n`` samples of ``step`` per kernel, alternating kernels so noise hits all alike."""
    for i in range(n):
        for b in benches:
            if not b.ok:
                continue
            if log:
                log(f"  {what} {b.name} ({i + 1}/{n})")
            try:
                b.add(what, step(b))
            except Exception as exc:  # noqa: BLE001 - a misbehaving kernel is a result
                b.fail(what, exc)


def run_kernel_latency(names: list[str], quick: bool, log: Callable[[str], None] = print,
                       kernel_log: IO | None = None) -> dict:
    """Measure every kernel in ``names``; unavailable or failing kernels are recorded with a reason.

    Every measurement alternates between the kernels (both stay running, idle while the other is
    measured). Kernel processes write their stdout/stderr to ``kernel_log`` (ours when ``None``).
    """
    reps = Reps.for_mode(quick)
    benches = [_Bench(n) for n in names]
    for b in benches:
        problem = kernelspec_problem(b.name)
        if problem:
            b.result = {"status": "skipped", "reason": problem}
    live = [b for b in benches if b.ok]

    def start(b: _Bench) -> float:
        b.stop()
        b.km, b.kc, dt = _start(b.name, kernel_log)
        b.samples.setdefault("start_result", []).append(dt + _roundtrip(b.kc))
        return dt

    def interrupt(b: _Bench) -> float:
        dt, ename = _interrupt(b.km, b.kc)
        b.samples.setdefault("interrupt_replies", []).append(ename)
        return dt

    try:
        _interleaved(live, "start", reps.starts, start, log)
        for b in live:
            if b.ok:
                for _ in range(reps.warmup_cells):
                    _roundtrip(b.kc)
        _interleaved(live, "roundtrip", reps.roundtrips, lambda b: _roundtrip(b.kc))
        for b in live:
            if b.ok:
                pid = _kernel_pid(b.km)
                b.result["pid"] = pid
                b.result["rss_bytes"] = _rss_bytes(pid) if pid else None
        _interleaved(live, "interrupt", reps.interrupts, interrupt, log)
        _interleaved(live, "restart", reps.restarts, lambda b: _restart(b.km, b.kc), log)
        _interleaved(live, "after-restart round trip", 1, lambda b: _roundtrip(b.kc))
    finally:
        for b in live:
            b.stop()
    for b in live:
        if not b.ok:
            continue
        starts = b.samples["start"]
        b.result["start_first_s"] = round(starts[0], 6)
        b.result["start_s"] = summarize(starts[1:] or starts)
        first_results = b.samples["start_result"]
        b.result["start_result_s"] = summarize(first_results[1:] or first_results)
        for key in ("roundtrip", "interrupt", "restart"):
            b.result[f"{key}_s"] = summarize(b.samples[key])
        replies = b.samples.get("interrupt_replies", [])
        b.result["interrupt_replies"] = sorted(set(replies))
        if any(r != "KeyboardInterrupt" for r in replies):
            b.result["interrupt_note"] = f"unexpected replies: {replies}"
        r = b.result
        rss = r.get("rss_bytes")
        log(f"  {b.name}: start {r['start_s']['median']:.2f} s, round trip "
            f"{r['roundtrip_s']['median'] * 1e3:.1f} ms, interrupt {r['interrupt_s']['median'] * 1e3:.0f} ms, "
            f"restart {r['restart_s']['median']:.2f} s, RSS {rss / 2**20 if rss else float('nan'):.0f} MB")
    return {"status": "ok", "reps": reps.__dict__, "trivial_cell": TRIVIAL_CELL, "interleaved": True,
            "kernels": {b.name: b.result for b in benches}}
