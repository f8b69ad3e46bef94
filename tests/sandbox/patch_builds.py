"""Interpreter builds for patch tests: the `wasm/` build package, and sandboxes on other builds.

`build_without(name)` builds the `micropython` variant with every patch of `wasm.patches.PATCHES`
except `name` (and except `gc_in_calls`, unless `name` is it: see `HEAVY`), merged with the shim
but not optimised (the behaviour is the same; `wasm-opt` is the costliest step). A build takes
~10-20 s of CPU (~30 s for `gc_in_calls`' own): it is cached under the system's temporary
directory, keyed by everything it depends on (lock, patch and pipeline sources), so one test
session builds each combination once and later sessions reuse it. `build_in_pairs(name, upcoming)`
builds it together with the next missing one a test will need (two processes, one download of the
package tarballs), so a run of such tests takes about half as long on two cores.

`sandbox_on(path)` is a `Sandbox` running that build instead of the installed, locked one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wasm import patches, pipeline, sources  # noqa: E402

VARIANT = "micropython.wasm"
CACHE = Path(tempfile.gettempdir()) / "mpwasm-patch-builds"
PARALLEL_BUILDS = 2  # the machines this runs on have 2 cores; each build is mostly one process at a time


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


def _chosen(name: str) -> tuple:
    """The patches of the build without `name`: every patch but `name`, and but `HEAVY` unless
    `name` is `HEAVY` (see above)."""
    chosen = patches.without(name)
    return chosen if name == HEAVY else tuple(p for p in chosen if p.NAME != HEAVY)


def _cached(name: str) -> Path:
    """Where the build without `name` is cached (it may not exist yet)."""
    names = [p.NAME for p in _chosen(name)]
    return CACHE / f"without-{name}-{_key(names)}.wasm"


def build_without(name: str, tarballs: tuple[Path, Path] | None = None) -> Path:
    """The `micropython` variant built with every patch but `name` (cached); its path.

    `tarballs` (the MicroPython and Binaryen package tarballs) saves the two `npm pack` runs."""
    chosen = _chosen(name)
    out = _cached(name)
    if out.exists():
        return out
    lock = sources.read_lock()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mpwasm-patch-build-") as tmp:
        work = Path(tmp)
        upstream, bindir = sources.fetch_inputs(lock, work, *(tarballs or ()))
        built = pipeline.build(lock, {VARIANT: upstream[VARIANT]}, bindir, work, patches=chosen, optimise=False)
        partial = out.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(built[VARIANT].read_bytes())
        partial.replace(out)
    return out


def prebuild(names: Iterable[str]) -> dict[str, Path]:
    """`build_without(name)` for each of `names`: the missing builds run `PARALLEL_BUILDS` at a time
    in separate processes (the patching is Python, the Binaryen steps are processes), after one
    `npm pack` of each tarball. The same builds, cached in the same place, as one at a time."""
    names = list(dict.fromkeys(names))
    missing = [name for name in names if not _cached(name).exists()]
    if len(missing) > 1:
        _build_in_parallel(missing)
    return {name: build_without(name) for name in names}


def build_in_pairs(name: str, upcoming: Sequence[str]) -> Path:
    """`build_without(name)`; when it is not cached yet, built beside the first of `upcoming` (the
    builds later tests will ask for, in order) that is not cached either. A test's own wait stays
    that of one build (each case keeps the per-test timeout), and the builds go two at a time."""
    if not _cached(name).exists():
        partners = [other for other in upcoming if other != name and not _cached(other).exists()]
        prebuild([name, *partners[:PARALLEL_BUILDS - 1]])
    return build_without(name)


def _build_in_parallel(missing: list[str]) -> None:
    lock = sources.read_lock()
    with tempfile.TemporaryDirectory(prefix="mpwasm-patch-tarballs-") as tmp:
        tarballs = (sources.npm_pack(f"{lock['package']}@{lock['version']}", Path(tmp) / "mp"),
                    sources.npm_pack(f"{lock['binaryen']['package']}@{lock['binaryen']['version']}",
                                     Path(tmp) / "bn"))
        context = multiprocessing.get_context("spawn")  # no fork of a process running wasmtime threads
        with ProcessPoolExecutor(max_workers=PARALLEL_BUILDS, mp_context=context) as pool:
            list(pool.map(build_without, missing, [tarballs] * len(missing)))


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
