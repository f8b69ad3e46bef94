"""Interpreter builds for patch tests: the `wasm/` build package, and sandboxes on other builds.

`build_without(name)` builds the `micropython` variant (or the first of the patch's `VARIANTS`,
`variant_of`: `micropython-ulab` for a patch of ulab) with every patch of `wasm.patches.PATCHES`
except `name` (and except `gc_in_calls`, unless `name` is it: see `HEAVY`), merged with the shim
but not optimised (the behaviour is the same; `wasm-opt` is the costliest step). Builds are cached
under the system's temporary directory, keyed by everything they depend on (lock, shim, the
`wasm/` sources), so one test session builds each combination once and later sessions reuse it.

Several builds are made together (`prebuild`, `build_ahead`) and share what they have in common:
one `npm pack` of each tarball, one `wasm-dis` of the upstream module, one shim assembly, and the
patched text of each common prefix of their patch lists. The builds without the k-th and without
a later patch both start from the text with the first k-1 patches applied; it is kept and
extended by the k-th patch for the later builds, so a round of all the builds applies about n²/2
patches instead of n², in `PATCHES` order. Each build's text is then assembled and merged with the
shim by `wasm.pipeline.assemble` (the pipeline's own steps), two at a time, while the next text is
being patched. `build_ahead(name, upcoming)` runs such a round in a background process for the
builds later tests will ask for and waits for its own.

Processes share the cache safely (pytest-xdist workers, or two test sessions of the same checkout
at once): a round claims each build it makes by an exclusive `flock` on the build's `.lock` file
(all its claims at once, under `CACHE/claims.lock`), and a build claimed by another process is
waited for (a shared `flock`, granted when that process has cached it or given up) instead of made
twice. Each round first prunes the cache (`prune`): builds of other keys not used for a day.

`sandbox_on(path)` is a `Sandbox` running that build instead of the installed, locked one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wasm import patches, pipeline, sources  # noqa: E402
from wasm.errors import FetchError  # noqa: E402
from wasm.patches.base import Target  # noqa: E402

VARIANT = "micropython.wasm"
CACHE = Path(tempfile.gettempdir()) / "mpwasm-patch-builds"
PARALLEL_BUILDS = 2  # Binaryen runs at a time: the machines this runs on have 2 cores
# V8 compiles each tool (~10 MB of WebAssembly) with its baseline compiler only: a short tool run
# then takes half the CPU (measured: `wasm-as` of the patched text 5.6 -> 2.6 s, `wasm-merge`
# 3.2 -> 1.3 s), and writes the same bytes (a V8 option changes how fast the tool runs, not what).
NODE_FLAGS = ("--liftoff-only",)
STALE_SECONDS = 24 * 3600  # `prune`: a build of another key unused this long goes


def _key(names: list[str]) -> str:
    h = hashlib.sha256()
    h.update(sources.LOCK.read_bytes())
    h.update(sources.SHIM.read_bytes())
    for path in sorted((ROOT / "wasm").rglob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    h.update(repr(names).encode())
    return h.hexdigest()[:24]


# Built without `gc_in_calls` too, except for its own variant: its passes (flatten, spill, spill
# reuse) make a build several times slower, and no other patch's check depends on collection
# inside calls (each was proven on builds without it, where it still fails without its patch).
HEAVY = "gc_in_calls"


def _chosen(name: str) -> tuple[ModuleType, ...]:
    """The patches of the build without `name`: every patch but `name`, and but `HEAVY` unless
    `name` is `HEAVY` (see above); a patch that extends code `name` adds (its `EXTENDS` names
    `name`, e.g. `index_grow` of `ordered_index`) is left out with it."""
    chosen = tuple(p for p in patches.without(name) if name not in getattr(p, "EXTENDS", ()))
    return chosen if name == HEAVY else tuple(p for p in chosen if p.NAME != HEAVY)


def variant_of(name: str) -> str:
    """The upstream file the build without `name` is made of: the first of the patch's
    `VARIANTS` (a patch of one variant only, e.g. ulab's), else `VARIANT`."""
    patch = next(p for p in patches.PATCHES if p.NAME == name)
    return getattr(patch, "VARIANTS", (VARIANT,))[0]


def _cached(name: str) -> Path:
    """Where the build without `name` is cached (it may not exist yet)."""
    names = [p.NAME for p in _chosen(name)]
    return CACHE / f"without-{name}-{_key(names)}.wasm"


def _used(path: Path) -> Path:
    """`path`, a cached build, marked as used now (its modification time: `prune` keeps builds
    used within `STALE_SECONDS`)."""
    with contextlib.suppress(OSError):
        os.utime(path)
    return path


def build_without(name: str) -> Path:
    """The `variant_of(name)` build with every patch but `name` (cached); its path. Waits for
    the background round (`start_round`) when it is making that build."""
    if _round is not None and not _cached(name).exists() and _round.covers(name):
        return _used(_round.wait(name))
    return _used(prebuild([name])[name])


def prebuild(names: Iterable[str]) -> dict[str, Path]:
    """`build_without(name)` for each of `names`, the missing ones built together in this process
    (see the module's docstring); their paths by name."""
    names = list(dict.fromkeys(names))
    failures = {name: error for name, error in _build_round(names) if error is not None}
    if failures:
        raise FetchError("\n".join(f"build without {name}: {error}" for name, error in failures.items()))
    return {name: _cached(name) for name in names}


def build_ahead(name: str, upcoming: Sequence[str]) -> Path:
    """`build_without(name)`; when it is not cached yet, a round of builds starts in a background
    process for it and for every build of `upcoming` (the builds later tests will ask for, in
    order) not cached either, and this waits for its own only. A test's wait is the time to its
    own build (each case keeps the per-test timeout); the builds after it overlap the tests."""
    if _cached(name).exists():
        return _used(_cached(name))
    if _round is None or not _round.covers(name):
        start_round([name, *(other for other in upcoming if other != name)])
    assert _round is not None
    return _used(_round.wait(name))


def start_round(names: Sequence[str]) -> None:
    """Start making the builds without each of `names` that are not cached yet, in that order, in a
    background process; `build_ahead` and `build_without` then wait for theirs. The process ends
    with this one. It runs at the tests' priority: a lower one starves it on a busy machine while
    a test waits for it (measured: 300 s per-test timeouts at load 16)."""
    global _round
    if any(not _cached(name).exists() for name in names):
        _round = _BackgroundRound(list(names))


class _BackgroundRound:
    """`_build_round` for some builds in a spawned process (no fork of a process running wasmtime
    threads), which reports each build as it is cached; `wait` blocks until one is."""

    def __init__(self, names: list[str]) -> None:
        context = multiprocessing.get_context("spawn")
        self.names = [name for name in dict.fromkeys(names) if not _cached(name).exists()]
        self.reports: multiprocessing.Queue = context.Queue()
        self.finished: dict[str, str | None] = {}
        self.process = context.Process(target=_report_round, args=(self.names, self.reports),
                                       name="patch-builds", daemon=True)
        self.process.start()

    def covers(self, name: str) -> bool:
        return name in self.names and (self.process.is_alive() or name in self.finished)

    def wait(self, name: str) -> Path:
        while name not in self.finished:
            try:
                done, error = self.reports.get(timeout=1)
            except queue.Empty:
                if not self.process.is_alive() and self.reports.empty():
                    raise FetchError(f"the build process ended (exit {self.process.exitcode}) "
                                     f"before the build without {name}") from None
                continue
            self.finished[done] = error
        if self.finished[name] is not None:
            raise FetchError(f"build without {name}: {self.finished[name]}")
        return _cached(name)


_round: _BackgroundRound | None = None


def _report_round(names: list[str], reports: multiprocessing.Queue) -> None:
    """`_build_round(names)`, each build's outcome put on `reports` (`(name, None)` once cached,
    `(name, error text)` when it failed)."""
    # Ended with SIGTERM when the test session ends first: exit through the clean-ups (the
    # temporary directory), after the tool runs in progress.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        for outcome in _build_round(names):
            reports.put(outcome)
    except BaseException:  # noqa: BLE001 - reported to every waiting test, then the process ends
        error = traceback.format_exc()
        for name in names:
            reports.put((name, error))


def _build_round(names: list[str]) -> Iterator[tuple[str, str | None]]:
    """Build each of `names` not cached yet, sharing the common steps; yield `(name, None)` as each
    is cached or `(name, error text)` when its patches or tools failed, in completion order. A
    build another process has claimed is waited for after this round's own; one that process
    gave up on is claimed and built here."""
    prune()
    pending = [name for name in dict.fromkeys(names) if not _cached(name).exists()]
    while pending:
        claims = _claim(pending)
        if claims:
            try:
                yield from _build_claimed([name for name in pending if name in claims], claims)
            finally:
                for held in claims.values():
                    held.close()
            pending = [name for name in pending if name not in claims]
        elif _wait_unclaimed(pending[0]):
            yield pending.pop(0), None


def _lock_path(name: str) -> Path:
    return _cached(name).with_suffix(".lock")


def _claim(names: list[str]) -> dict[str, IO[bytes]]:
    """Claim the builds of `names` that are neither cached nor claimed by another process: their
    lock files, held exclusively until closed. All at once under `CACHE/claims.lock`, so two
    rounds started together do not split the builds between them."""
    CACHE.mkdir(parents=True, exist_ok=True)
    claims: dict[str, IO[bytes]] = {}
    with open(CACHE / "claims.lock", "ab") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        for name in names:
            held = open(_lock_path(name), "ab")  # noqa: SIM115 - open while the build is made
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held.close()
                continue
            if _cached(name).exists():  # made by a process that has just let it go
                held.close()
            else:
                claims[name] = held
    return claims


def _wait_unclaimed(name: str) -> bool:
    """Wait until no process holds the claim on the build without `name`; whether it is cached."""
    with open(_lock_path(name), "ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
    return _cached(name).exists()


def prune(now: float | None = None) -> list[Path]:
    """Delete what earlier rounds left in `CACHE` that no round of this checkout uses: builds (and
    their lock and partial files) of other keys not used for `STALE_SECONDS`, and build
    directories of rounds that were killed, as old. Builds of the current keys stay, whatever
    their age; a lock some process holds stays. The paths deleted."""
    now = time.time() if now is None else now
    current = {_cached(patch.NAME).name.removesuffix(".wasm") for patch in patches.PATCHES}
    gone: list[Path] = []

    def stale(path: Path) -> bool:
        try:
            return now - path.stat().st_mtime > STALE_SECONDS
        except FileNotFoundError:
            return False

    for path in sorted(CACHE.glob("without-*")) if CACHE.is_dir() else []:
        if path.name.split(".")[0] in current or not stale(path):
            continue
        if path.suffix == ".lock":
            with open(path, "ab") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                path.unlink(missing_ok=True)
        else:
            path.unlink(missing_ok=True)
        gone.append(path)
    for path in Path(tempfile.gettempdir()).glob("mpwasm-patch-build-*"):
        if path.is_dir() and stale(path):
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    return gone


def _build_claimed(missing: list[str], claims: dict[str, IO[bytes]]) -> Iterator[tuple[str, str | None]]:
    """`_build_round` of `missing`, builds this process has claimed: each claim is let go as soon
    as its build is cached or has failed."""
    lock = sources.read_lock()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mpwasm-patch-build-") as tmp:
        work = Path(tmp)
        upstream, bindir = sources.fetch_inputs(lock, work)
        binaryen = pipeline.Binaryen(bindir, NODE_FLAGS)
        shim_wasm = pipeline.assemble_shim(binaryen, lock, work)
        for variant in dict.fromkeys(map(variant_of, missing)):
            yield from _build_variant(binaryen, upstream[variant], Target.from_lock(lock, variant), shim_wasm,
                                      work, [name for name in missing if variant_of(name) == variant], claims)


def _build_variant(binaryen: pipeline.Binaryen, upstream: Path, target: Target, shim_wasm: Path, work: Path,
                   missing: list[str], claims: dict[str, IO[bytes]]) -> Iterator[tuple[str, str | None]]:
    """`_build_claimed` of the builds of `missing`, all of the upstream file `upstream`."""
    base = work / "upstream.wat"
    binaryen.run("wasm-dis", upstream, "-o", base)
    plans = [(name, _chosen(name)) for name in missing]
    outcomes: queue.Queue = queue.Queue()
    slots = threading.BoundedSemaphore(PARALLEL_BUILDS + 1)  # texts written and not assembled yet

    def finish(name: str, text: Path, chosen: tuple[ModuleType, ...]) -> None:
        try:
            built = pipeline.assemble(binaryen, text, shim_wasm, work / f"without-{name}.wasm",
                                      chosen, optimise=False)
            partial = _cached(name).with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(built.read_bytes())
            partial.replace(_cached(name))
            built.unlink()
            outcomes.put((name, None))
        except Exception as exc:  # noqa: BLE001 - reported for this build; the others go on
            outcomes.put((name, f"{type(exc).__name__}: {exc}"))
        finally:
            claims[name].close()
            slots.release()

    submitted = reported = 0
    pool = ThreadPoolExecutor(max_workers=PARALLEL_BUILDS)
    try:
        for (name, chosen), (text, error) in zip(plans, _patched_texts(base.read_text(), target, plans),
                                                 strict=True):
            for outcome in _drain(outcomes):
                reported += 1
                yield outcome
            if error is not None:
                claims[name].close()
                yield name, error
                continue
            slots.acquire()
            path = work / f"without-{name}.wat"
            path.write_text(text)
            del text
            pool.submit(finish, name, path, chosen)
            submitted += 1
        while reported < submitted:
            reported += 1
            yield outcomes.get()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(outcomes: queue.Queue) -> Iterator[tuple[str, str | None]]:
    while True:
        try:
            yield outcomes.get_nowait()
        except queue.Empty:
            return


def _patched_texts(base: str, target: Target, plans: list[tuple[str, tuple[ModuleType, ...]]]
                   ) -> Iterator[tuple[str | None, str | None]]:
    """For each plan `(name, patches)` in order: `(text, None)`, `base` with `patches` applied in
    order, or `(None, error text)` when a patch refused. The text after each common prefix of the
    plans' patch lists is kept while a later plan still starts with it, so each plan applies only
    the patches after the longest prefix it shares with an earlier one."""
    lists = [tuple(p.NAME for p in chosen) for _, chosen in plans]
    kept: dict[tuple[str, ...], str] = {(): base}
    for i, (_, chosen) in enumerate(plans):
        later = lists[i + 1:]
        done = _longest(kept, lists[i])
        text = kept[done]
        try:
            for j in range(len(done), len(chosen)):
                text = chosen[j].apply(text, target)
                prefix = lists[i][:j + 1]
                if any(other[:j + 1] == prefix for other in later):
                    kept[prefix] = text
                    kept = _still_needed(kept, later)
        except Exception as exc:  # noqa: BLE001 - this plan fails; the later ones may not
            yield None, f"{type(exc).__name__}: {exc}"
        else:
            yield text, None
        text = None
        kept = _still_needed(kept, later)


def _still_needed(kept: dict[tuple[str, ...], str], later: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """The entries of `kept` that are the longest kept prefix of one of the `later` patch lists."""
    needed = {_longest(kept, names) for names in later}
    return {prefix: text for prefix, text in kept.items() if prefix in needed}


def _longest(kept: dict[tuple[str, ...], str], names: tuple[str, ...]) -> tuple[str, ...]:
    """The longest key of `kept` that `names` starts with (`()` is always kept)."""
    return max((prefix for prefix in kept if names[:len(prefix)] == prefix), key=len)


@contextlib.contextmanager
def sandbox_on(wasm: Path, **kwargs) -> Iterator:
    """A `Sandbox` (closed on exit) whose interpreter is `wasm` instead of the installed build."""
    from mpwasm_kernel import Sandbox
    from mpwasm_kernel.sandbox import sandbox as sandbox_module
    from mpwasm_kernel.sandbox.wasm.artifact import Artifact

    data = wasm.read_bytes()
    fake = Artifact("micropython", wasm, hashlib.sha256(data).hexdigest(), sources.read_lock()["version"])
    real = sandbox_module.load_artifact
    sandbox_module.load_artifact = lambda variant="micropython": fake
    try:
        sb = Sandbox(**kwargs)
    finally:
        sandbox_module.load_artifact = real
    with sb:
        yield sb


def cpython(cell: str) -> str:
    """What `cell` prints when the host's CPython runs it as `__main__` (the patch tests' reference)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(cell, {"__name__": "__main__"})
    return buf.getvalue()


def differs_from_cpython(sb, cell: str, what: str) -> list[str]:
    """The problems of running `cell` in `sb` after a reset: [] when it prints what CPython prints,
    else one line naming `what` (the guest's error, or that the output differs)."""
    sb.reset()
    r = sb.run(cell)
    if r.error is not None:
        return [f"{what}: {r.error}"]
    return [] if r.stdout == cpython(cell) else [f"{what} differ from CPython's"]


def fuel_after(sb, setup: str, timed: str) -> int:
    """The fuel `timed` uses when run in `sb` after a reset and then `setup` (if not empty)."""
    sb.reset()
    if setup:
        first = sb.run(setup)
        assert first.error is None, first.error
    r = sb.run(timed)
    assert r.error is None, r.error
    return r.fuel_used


# One binary operation in a function's loop, after a collection and with collection off: the fuel
# tests of the big-integer patches (`binary_op_fuel`).
OP_LOOP = """
gc.collect()
gc.disable()
def f(a, b, n):
    for _ in range(n):
        x = a %s b
f(%s, %d)
gc.enable()
"""


def binary_op_fuel(sb, op: str, args: str) -> float | str:
    """Fuel of one `a <op> b` with `a, b = args` (300 loop steps less 100, see `OP_LOOP`; the
    sandbox must have run `import gc`), or the error that stopped a run, as text."""
    fuel = []
    for n in (100, 300):
        r = sb.run(OP_LOOP % (op, args, n))
        if r.error is not None:
            return f"{r.error.ename}: {r.error.evalue}"
        fuel.append(r.fuel_used)
    return (fuel[1] - fuel[0]) / 200


def lines_unlike_cpython(sb, cell: str, width: int = 150) -> list[str]:
    """The lines `cell` prints in `sb` that differ from what the host's CPython prints (each
    shortened to `width` characters), plus a line count mismatch; an error stops the comparison."""
    r = sb.run(cell)
    if r.error is not None:
        return [f"error: {r.error}"]
    want = cpython(cell).splitlines()
    got = r.stdout.splitlines()
    problems = [f"{g[:width]} (CPython: {w[:width]})" for g, w in zip(got, want, strict=False) if g != w]
    if len(got) != len(want):
        problems.append(f"{len(got)} lines, CPython {len(want)}")
    return problems
