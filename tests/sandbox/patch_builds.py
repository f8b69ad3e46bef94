"""Interpreter builds for patch tests: the `wasm/` build package, and sandboxes on other builds.

`build_without(name)` builds the `micropython` variant with every patch of `wasm.patches.PATCHES`
except `name` (and except `gc_in_calls`, unless `name` is it: see `HEAVY`), merged with the shim
but not optimised (the behaviour is the same; `wasm-opt` is the costliest step). A build takes
~10-20 s of CPU: it is cached under the system's temporary directory, keyed by everything it
depends on (lock, patch and pipeline sources), so one test session builds each combination once
and later sessions reuse it.

`sandbox_on(path)` is a `Sandbox` running that build instead of the installed, locked one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wasm import patches, pipeline, sources  # noqa: E402

VARIANT = "micropython.wasm"
CACHE = Path(tempfile.gettempdir()) / "mpwasm-patch-builds"


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


def build_without(name: str) -> Path:
    """The `micropython` variant built with every patch but `name` (cached); its path. For every
    patch but `HEAVY`, `HEAVY` is left out as well (see above)."""
    chosen = patches.without(name)
    if name != HEAVY:
        chosen = tuple(p for p in chosen if p.NAME != HEAVY)
    names = [p.NAME for p in chosen]
    out = CACHE / f"without-{name}-{_key(names)}.wasm"
    if out.exists():
        return out
    lock = sources.read_lock()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mpwasm-patch-build-") as tmp:
        work = Path(tmp)
        upstream, bindir = sources.fetch_inputs(lock, work)
        built = pipeline.build(lock, {VARIANT: upstream[VARIANT]}, bindir, work, patches=chosen, optimise=False)
        partial = out.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(built[VARIANT].read_bytes())
        partial.replace(out)
    return out


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
