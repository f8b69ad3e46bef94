"""Helpers of the hostile-code suite (imported by its conftest and test modules).

Every attack goes through `Hostile.attack`, which checks the five promises of the sandbox:

(a) the run returns within a bound (the wall limit + 10 s: bounded, not a speed test);
(b) it ends with the expected error kind (`ename`), never with a host exception;
(c) nothing on the host was read or written: the canary file's secret and the canary
    environment variable never appear in any output, the canary directory is unchanged and
    no file named with the suite's token appears on the host;
(d) the next run sees the state from before the attack (a marker variable set just before);
(e) the guest's memory stays within its limit, and (per module, see conftest) the host
    process's RSS stays within `RSS_BUDGET` of where it started.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import struct
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from mpwasm_kernel import RunResult, Sandbox

MiB = 1 << 20
RSS_BUDGET = 300 * MiB
EXTRA_SECONDS = 10.0

TOKEN = f"mpwasm_adv_{uuid.uuid4().hex[:12]}"
"""Names the guest tries to create on the host contain this; none may ever exist there."""
SECRET = f"canary-{uuid.uuid4().hex}"
"""Content of the host canary file; must never reach any output."""
ENV_NAME = "MPWASM_ADV_CANARY"
ENV_SECRET = f"envcanary-{uuid.uuid4().hex}"
# Set at import so every sandbox and every kernel process started by this suite inherits it.
os.environ[ENV_NAME] = ENV_SECRET

DEFAULT_LIMITS = {
    "fuel": 20_000_000_000,
    # Generous: what stops a runaway cell here is fuel (deterministic), so a loaded machine cannot
    # turn an output, memory or error outcome into TimeLimitExceeded. Wall-clock tests set their own.
    "wall_seconds": 30.0,
    "memory_bytes": 48 * MiB,
    "output_bytes": 64 * 1024,
    "disk_bytes": 256 * 1024,
}


@dataclass
class Canary:
    """A host directory holding a secret file, plus the secret environment variable."""

    directory: Path
    file: Path
    secrets: tuple[str, ...]

    def listing(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.directory.iterdir())}

    def assert_clean(self, texts: Iterable[str]) -> None:
        """No secret in `texts`; the canary directory untouched; no token-named host file."""
        for text in texts:
            for secret in self.secrets:
                assert secret not in text, f"host secret leaked into guest output: {text[:200]!r}"
        assert self.file.read_text() == SECRET
        assert self.listing() == {self.file.name: SECRET.encode()}
        for base in (Path("/"), Path("/tmp"), Path.cwd(), Path.home(), self.directory):
            assert not (base / TOKEN).exists(), f"the guest created {base / TOKEN} on the host"


@dataclass
class Captured:
    """What the callbacks saw during the current run (reset by `Hostile.attack`)."""

    streams: list[tuple[str, str]] = field(default_factory=list)
    displays: list[dict] = field(default_factory=list)

    def clear(self) -> None:
        self.streams.clear()
        self.displays.clear()


def rss() -> int:
    gc.collect()
    return psutil.Process().memory_info().rss


_markers = itertools.count()


def texts_of(result: RunResult, captured: Captured | None = None) -> list[str]:
    """Every piece of text a run produced, for leak checks."""
    out = [result.stdout, result.stderr, result.value or "", json.dumps(result.data or {}),
           json.dumps(result.displays)]
    if result.error is not None:
        out += [result.error.evalue, *result.error.traceback]
    if captured is not None:
        out += [text for _, text in captured.streams] + [json.dumps(d) for d in captured.displays]
    return out


def unseal(sb: Sandbox) -> None:
    """Put `uctypes` back into this interpreter's module maps from the host, until the next reset
    or rollback: the containment tests play a raw-memory bug in MicroPython with it (user code
    cannot import `uctypes` since issue 25.2)."""
    for site, key, value in sb._sealed:  # noqa: SLF001 - test support
        sb._instance.memory.write(site, struct.pack("<II", key, value))  # noqa: SLF001


@dataclass
class Hostile:
    """Runs attacks against the module's sandbox and checks promises (a)-(e)."""

    sb: Sandbox
    canary: Canary
    captured: Captured

    @property
    def bound(self) -> float:
        return float(self.sb.limits.wall_seconds) + EXTRA_SECONDS

    def run(self, source: str) -> tuple[RunResult, float]:
        """Run `source`, asserting (a) the bound and that no host exception escapes."""
        self.captured.clear()
        unseal(self.sb)
        start = time.monotonic()
        result = self.sb.run(source)
        elapsed = time.monotonic() - start
        assert elapsed < self.bound, f"run took {elapsed:.1f} s (bound {self.bound:.1f} s)"
        return result, elapsed

    def attack(self, source: str, expect: str | tuple[str | None, ...] | None, *,
               state: str = "kept") -> RunResult:
        """Run one hostile cell and check (a)-(e).

        `expect`: the acceptable `ename`s (None: the cell succeeds). `state`: "kept" — the
        marker set just before survives (unless the run reports that the interpreter was
        restarted); "alive" — the interpreter may have been restarted (its state lost, e.g. after
        corrupting its own memory), but it must run the next cell.
        """
        marker = f"m{next(_markers)}"
        setup = self.sb.run(f"adv_marker = {marker!r}")
        assert setup.error is None, setup.error
        result, _ = self.run(source)
        accepted = expect if isinstance(expect, tuple) else (expect,)
        got = result.error.ename if result.error is not None else None
        if got == "ModuleNotFoundError" and "ImportError" in accepted:
            got = "ImportError"  # shown with CPython's name; an ImportError subclass in CPython
        assert got in accepted, f"expected {accepted}, got {result.error!r} (stdout {result.stdout[:200]!r})"
        self.canary.assert_clean(texts_of(result, self.captured))
        assert self.sb.memory_size <= self.sb.limits.memory_bytes
        after, _ = self.run("adv_marker")
        if result.error is not None and "was restarted" in result.error.evalue:
            state = "alive"  # the documented SandboxFault outcome: interpreter restarted, namespace lost
        if state == "kept":
            assert after.error is None and after.value == repr(marker), (after.error, after.value)
        else:
            assert after.error is None or after.error.ename in ("NameError", "SandboxFault"), after.error
            self.assert_alive()
        return result

    def assert_alive(self) -> None:
        """The sandbox still runs a trivial cell (after at most one recovery run)."""
        for _ in range(2):
            result, _ = self.run("1 + 1")
            if result.value == "2":
                return
        raise AssertionError(f"the sandbox is dead: {result.error!r}")


#: A runtime entry that encodes its results with whatever `json` the runtime's module globals hold
#: (what `run_cell` did before issue 25 bound its names at load time). Tests of the host's
#: handling of a runtime that lies install it with `install_lying_runtime`.
_LYING_RUNTIME = """\
import _mpk_runtime, sys
class _mpk_liar:
    @staticmethod
    def run_cell(body, expr, filename, store, figures="1"):
        import json as j
        out = _mpk_runtime.run_cell(body, expr, filename, store, figures)
        return _mpk_runtime.run_cell.__globals__['json'].dumps(j.loads(out))
sys.modules['_mpk_liar'] = _mpk_liar
del _mpk_liar
"""


def install_lying_runtime(sb: Sandbox) -> None:
    """Point the host at a guest `run_cell` that encodes with the runtime globals' `json`, as
    guest code that rewrote the interpreter's memory could; a replaced interpreter or `reset()`
    drops it."""
    assert sb.run(_LYING_RUNTIME).error is None
    inst, honest, reset = sb._instance, sb._run_cell, sb.reset
    sb._run_cell = inst.lookup(inst.import_module("_mpk_liar"), "run_cell")

    def reset_to_honest() -> None:  # reset() restores the pristine memory the honest ref points into
        sb._run_cell = honest
        reset()
        del sb.reset

    sb.reset = reset_to_honest  # type: ignore[method-assign]
