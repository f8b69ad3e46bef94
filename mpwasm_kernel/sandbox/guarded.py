"""Guarded runs (`GuardedRuns`, mixed into `Sandbox`): every run is armed (snapshot, fuel,
epoch, watchdog, output cap), called, classified and — after a hard stop — rolled back here;
the request budget that several runs share; the last line of defence around a run."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from .budget import RequestBudget
from .errors import GuestError, SandboxBusyError, SandboxClosedError
from .output import OutputLimitHit, RunOutput
from .stops import StackOverrun, StopReports, _Outcome, _reported_error, _result_object, output_text
from .wasm.emscripten import EmscriptenInstance, GuestException
from .wasm.interrupt import write_words

PRESSURE_RUNS = 3             # runs after a failed heap growth that end with a collection (see below)
# Runs at least this long end with a host collection and take the next run's snapshot (see
# _settle): measured in fuel when the run was metered, so what the next run finds in the heap (and
# the fuel it uses) does not depend on how busy the machine was; in wall seconds otherwise.
SETTLE_FUEL = 100_000_000     # ~30 ms of guest work on an idle machine
SETTLE_SECONDS = 0.05


class GuardedRuns(StopReports):
    """Arms, runs and classifies one guest call for `Sandbox` (which owns the state used here)."""

    def _guarded(self, action: Callable[[EmscriptenInstance], object], output: RunOutput,
                 atomic: bool = False) -> _Outcome:
        self._check_open()
        self._check_idle("run")
        self._busy_thread = threading.get_ident()
        try:
            return self._guarded_run(action, output, atomic)
        finally:
            self._busy_thread = None

    def _guarded_run(self, action: Callable[[EmscriptenInstance], object], output: RunOutput,
                     atomic: bool) -> _Outcome:
        inst = self._instance
        store = inst.store
        if int(self.limits.memory_bytes) != self._applied_memory_limit:
            # Lowering below the current size only stops further growth; the guest keeps what it has.
            store.set_limits(memory_size=int(self.limits.memory_bytes))
            self._applied_memory_limit = int(self.limits.memory_bytes)
        inst.clear_hard_stop()  # a hard stop that arrived after the previous run had ended
        if self._collect_first:  # after a rollback (see the end of this method)
            self._collect_first = False
            self._collect_outside_budget()
        self._run_started = time.monotonic()  # the snapshots below count against the wall clock
        self._snapshot.take(inst)
        try:
            fs_snapshot = self._fs.snapshot()
        except Exception as exc:  # never let host-side bookkeeping of guest state escape
            text = f"the sandbox could not save the file system state ({type(exc).__name__}); nothing was run"
            return _Outcome(error=GuestError("SandboxFault", text, [f"SandboxFault: {text}"]))
        self._fs.quota_bytes = self.limits.disk_bytes
        self._stop_requested = False
        write_words(self._base, self._words.disarm)
        self._growth_failures = 0
        self._memory_stop_at = None
        self._output = output
        self._channel.output = output
        self._channel.displays = []
        self._channel.reset()  # unread replies/partial messages of earlier runs never reach this one
        self._functions.begin_run(max_calls=self._run_host_calls(),
                                  max_argument_bytes=self.limits.host_argument_bytes,
                                  max_result_bytes=self.limits.host_result_bytes,
                                  overdue=self._watchdog.overdue)
        fuel = self._run_fuel()
        self._refuel(fuel)
        store.set_epoch_deadline(1)
        start = time.perf_counter()
        self._watchdog.start_run(self._run_wall_seconds(), self.interrupt_grace)
        outcome = _Outcome()
        stop: BaseException | None = None
        try:
            try:
                outcome.value = action(inst)
            finally:
                damage = self._stack.damage(self._base)
                if damage is not None:
                    raise StackOverrun(damage)
        except GuestException as exc:
            outcome.error = GuestError(exc.type_name, "", [ln for ln in exc.text.splitlines() if "<mpk:" not in ln])
        except Exception as exc:  # any other exception in a run is a fault: rolled back, never raised
            stop = exc
        finally:
            self._watchdog.end_run()
            outcome.seconds = time.perf_counter() - start
            if fuel is not None:
                outcome.fuel_used = fuel - store.get_fuel()
            self._output = None
            self._channel.output = None
            try:
                output.finish()
            except Exception as exc:  # the output callback failed on the last characters
                stop = stop or exc
        reason = self._watchdog.reason
        soft = stop is None and reason is not None
        if soft:
            # The guest unwound cleanly from a soft stop: keep its state unless every stop rolls back.
            # (An interrupt the guest reported itself keeps the guest's own KeyboardInterrupt error.)
            always = self.limits.rollback == "always" or atomic
            if reason != "interrupt" or always:
                outcome.error = self._soft_limit_error(reason, outcome.error or _reported_error(outcome.value), always)
            if always:
                self._rollback(fs_snapshot)
                outcome.rolled_back = True
        elif stop is not None:
            outcome.error = self._classify_stop(stop, reason)
            if isinstance(stop, OutputLimitHit) and output.overflowed:
                outcome.error = self._limit_error(
                    "OutputLimitExceeded",
                    f"{output_text(self.limits.output_bytes)}, and the cell went on writing after it was stopped")
        if stop is not None:
            self._rollback(fs_snapshot)
            outcome.rolled_back = True
            if outcome.error is not None and outcome.error.ename == "SandboxFault" and not self._healthy():
                self._start()
                text = outcome.error.evalue + "; the interpreter could not recover and was restarted (namespace lost)"
                outcome.error = GuestError("SandboxFault", text, [f"SandboxFault: {text}"])
        elif atomic and isinstance(outcome.value, dict) and outcome.value.get("error"):
            self._rollback(fs_snapshot)  # the caller asked for all-or-nothing runs
            outcome.rolled_back = True
        write_words(self._base, self._words.disarm)
        # A collection costs fuel in proportion to the live heap, and the run whose allocation
        # makes it due pays for it. When that run is stopped (fuel, wall clock) and rolled back,
        # the collection is due again in the restored state, so every later run, however small,
        # would pay for it and be stopped again. So after a rollback the next run starts with a
        # collection by the host, outside every budget (the rollback itself stays exact).
        self._collect_first = self._collect_first or stop is not None
        self._collect_under_pressure()
        long_run = outcome.fuel_used >= SETTLE_FUEL if fuel is not None else outcome.seconds >= SETTLE_SECONDS
        if long_run and not outcome.rolled_back:
            # The interpreter collects when an allocation finds the heap full (also inside calls),
            # not when a cell ends: the garbage a long run left would stay in pages the host keeps
            # (and snapshots) until the heap filled again. Collected here, it is released below.
            # (After a rollback memory stays exactly as before the run: `_collect_first`.)
            self._collect_outside_budget()
            if self._snapshot.incremental:
                self._settle()
        return outcome

    def _settle(self) -> None:
        """After a long run, take the next run's snapshot now: it copies what this run wrote and
        gives the memory it freed back to the host (wasm/pages.py), so the next run, often a
        quick one, starts with an incremental snapshot of almost nothing."""
        try:
            self._snapshot.take(self._instance)
        except Exception:  # the next run takes it again
            pass

    def _collect_under_pressure(self) -> None:
        """After runs near the memory limit, collect garbage at the top level.

        This build collects only when a call that found the heap full returns to the top level.
        After a memory stop (kept, or rolled back with the failed run's pending collection),
        garbage the user frees later (`del big`) would stay until an allocation fails again —
        and near the limit that run is stopped and rolled back before it can collect, every
        time. So for a few runs after a growth failure, each run ends with a collection."""
        if self._growth_failures:
            self._pressure_runs = PRESSURE_RUNS
        elif self._pressure_runs:
            self._pressure_runs -= 1
        else:
            return
        self._collect_outside_budget()

    def _collect_outside_budget(self) -> None:
        """A top-level collection with fuel and epoch deadline out of the way (counted nowhere)."""
        try:
            self._refuel(1 << 62)
            self._instance.store.set_epoch_deadline(1 << 40)
            self._instance.exec("__import__('gc').collect()")
        except Exception:  # nothing of the user's state depends on it: the next collection will do
            pass

    # ------------------------------------------------------------------ request budget
    @contextlib.contextmanager
    def request(self) -> Iterator[RequestBudget]:
        """Make every run inside the block share one budget (see `budget.py`): the wall clock
        counts from entering the block, fuel and output from all runs together. Nested blocks
        join the outer request."""
        if self._budget is not None:
            yield self._budget
            return
        self._budget = RequestBudget(self.limits)
        try:
            yield self._budget
        finally:
            self._budget = None

    def _run_wall_seconds(self) -> float:
        """What is left of the wall clock for the run being armed: the run's (or the request's)
        limit minus the host work already done for it (snapshots)."""
        wall = float(self.limits.wall_seconds)
        if self._budget is not None:
            wall = min(wall, self._budget.wall_left())
        return max(0.0, wall - (time.monotonic() - self._run_started))

    def _run_fuel(self) -> int | None:
        if self.limits.fuel is None:  # not metered (Limits(fuel=None))
            return None
        fuel = int(self.limits.fuel)
        return fuel if self._budget is None else min(fuel, self._budget.fuel_left())

    def _run_host_calls(self) -> int:
        cap = int(self.limits.host_calls)
        return cap if self._budget is None else min(cap, self._budget.host_calls_left())

    def _run_output_bytes(self) -> int:
        cap = int(self.limits.output_bytes)
        return cap if self._budget is None else min(cap, self._budget.output_left())

    def output_room(self) -> int:
        """Bytes of output the current request (or a single run, outside a request) may still send."""
        return self._run_output_bytes()

    def charge_output(self, nbytes: int) -> None:
        """Count `nbytes` the host sends for the current request outside a run (no-op outside one)."""
        if self._budget is not None:
            self._budget.charge_output(nbytes)

    def _safely(self, action: Callable[[EmscriptenInstance], object], output: RunOutput,
                atomic: bool = False) -> _Outcome:
        """`_guarded`, plus a last line of defence: if the bookkeeping around the run itself fails
        (snapshot, rollback, restart), the failure is a `SandboxFault` result and the interpreter
        is restarted; nothing is raised to the caller. The run is charged to the current request."""
        try:
            outcome = self._guarded(action, output, atomic)
            if self._budget is not None:
                self._budget.charge(outcome.fuel_used, output.used, self._functions.calls)
            return outcome
        except (SandboxClosedError, SandboxBusyError):  # misuse by the caller: nothing ran
            raise
        except Exception as exc:
            text = f"the sandbox failed around this run ({type(exc).__name__}: {str(exc)[:200]})"
            try:
                self._start()
                text += "; the interpreter was restarted (namespace lost)"
            except Exception as again:
                text += f"; restarting the interpreter failed too ({type(again).__name__})"
            return _Outcome(error=GuestError("SandboxFault", text, [f"SandboxFault: {text}"]), rolled_back=True)

    def _rollback(self, fs_snapshot: object) -> None:
        store = self._instance.store
        self._refuel(1 << 62)            # a fuel trap leaves 0: even the restore calls would trap
        store.set_epoch_deadline(1 << 40)
        self._snapshot.restore(self._instance)
        self._fs.restore(fs_snapshot)
        self._channel.reset()

    def _healthy(self) -> bool:
        """Can the interpreter still run a trivial cell after a rollback?"""
        store = self._instance.store
        try:
            self._refuel(50_000_000)
            store.set_epoch_deadline(1 << 40)
            result = self._instance.call(self._run_cell, b"_mpk_ok = 1\ndel _mpk_ok\n", b"1", b"<check>", b"0")
            return _result_object(result).get("error") is None
        except Exception:
            return False
