"""The Binaryen pipeline: patch the interpreter's text, merge the setjmp/longjmp shim, optimise.

For each upstream variant (both in parallel):

1. `wasm-dis` the module, apply `patches.PATCHES` in order to its text, `wasm-as` it back;
2. `wasm-merge` the shim `sjlj_merge.wat` (assembled once) into it: the shim is named `env`, so the
   interpreter's `env.invoke_*` imports become internal calls; the shim imports the interpreter's
   function table and stack helpers from the module named `mp`;
3. `wasm-opt` with `OPT_FLAGS` inlines the invoke wrappers and turns their indirect calls into
   direct ones.

A patch module may add `ASSEMBLE_FLAGS` (for the `wasm-as` of step 1), `AFTER_ASSEMBLE` (a
`wasm-opt` run on the patched module before step 2) and `rewrite_assembled(text) -> text` (run on
the `wasm-dis` text of that output, assembled again without extra features): `gc_in_calls` needs
`--flatten --spill-pointers` there, and removes the spill stores that rewrite what a slot holds.
A patch module may also have `check_patched(text)`, run on the text with every patch applied
before it is assembled: `gc_in_calls` re-runs its analysis there (`spill_check`), so a later
patch that adds a collecting call where it hid one from the spill, or an unguarded i64 held
across one, fails the build with a `FetchError` naming the function and the call.

The tools are the Emscripten builds of the pinned Binaryen npm package, run with Node.js.
"""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

from wasm import sources
from wasm.errors import FetchError
from wasm.patches import PATCHES, apply_all
from wasm.patches.base import Target

FEATURES = ["--enable-exception-handling"]
# The function table is safe to treat as immutable: its maximum equals its initial size and the
# interpreter never writes to it. `-aimfs 20` lets the inliner take small functions that contain
# calls (the invoke wrappers); `-O4` and `--flatten` crash on modules with `try_table`.
OPT_FLAGS = [*FEATURES, "--pass-arg=directize-initial-contents-immutable", "-aimfs", "20",
             "--inlining", "-O3", "--directize", "-O3"]
# Features the upstream module uses (its target_features section is lost in the text round trip).
TEXT_FEATURES = [*FEATURES, "--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int",
                 "--enable-sign-ext", "--enable-mutable-globals"]
TOOL_TIMEOUT = 900  # seconds per tool run; a hung Node process must not hang the build


class Binaryen:
    """Runs the Binaryen command-line tools (Emscripten builds) with Node.js."""

    def __init__(self, bindir: Path, node_flags: tuple[str, ...] = ()) -> None:
        """`node_flags` go to Node.js before the tool (V8 options such as `--liftoff-only`: they
        change how fast the tool runs, never what it writes)."""
        node = shutil.which("node") or shutil.which("nodejs")
        if node is None:
            raise FetchError("node is not on PATH; the Binaryen tools used by the build run on Node.js")
        self.node = node
        self.bindir = bindir
        self.node_flags = tuple(node_flags)

    def run(self, tool: str, *args: str | Path) -> None:
        cmd = [self.node, *self.node_flags, str(self.bindir / tool), *map(str, args)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=TOOL_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise FetchError(f"`{tool}` did not finish within {TOOL_TIMEOUT} s") from None
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip()[-2000:]
            raise FetchError(f"`{tool} {' '.join(map(str, args))}` failed (exit {proc.returncode}):\n{tail}")


def process(binaryen: Binaryen, upstream: Path, shim_wasm: Path, out: Path, target: Target,
            patches: tuple[ModuleType, ...] = PATCHES, optimise: bool = True) -> Path:
    """Patch `upstream`, merge the shim into it and (unless `optimise` is false) optimise; write `out`.

    Only the full `PATCHES` with `optimise` gives the locked output; tests build other combinations."""
    text = out.with_suffix(".wat")
    binaryen.run("wasm-dis", upstream, "-o", text)
    text.write_text(apply_all(text.read_text(), target, patches))
    return assemble(binaryen, text, shim_wasm, out, patches, optimise)


def assemble(binaryen: Binaryen, text: Path, shim_wasm: Path, out: Path,
             patches: tuple[ModuleType, ...] = PATCHES, optimise: bool = True) -> Path:
    """The steps of `process` after the text patches: assemble `text` (the `wasm-dis` text with
    `patches` applied; used up), run the passes the patches ask for, merge the shim, optimise
    (unless `optimise` is false); write `out`. Tests call it to share the steps before it."""
    patched, merged = (out.with_suffix(s) for s in (".patched.wasm", ".merged.wasm"))
    # The checks of the finished text (gc_in_calls: no patch after it invalidated its analysis).
    checks = [patch.check_patched for patch in patches if hasattr(patch, "check_patched")]
    if checks:
        final = text.read_text()
        for check in checks:
            check(final)
        del final
    # A patch may need names kept (`ASSEMBLE_FLAGS`) and passes run on the patched module before
    # the shim is merged (`AFTER_ASSEMBLE`; gc_in_calls: --flatten cannot handle the shim's try_table).
    binaryen.run("wasm-as", *TEXT_FEATURES, *_from_patches(patches, "ASSEMBLE_FLAGS"), text, "-o", patched)
    passes = _from_patches(patches, "AFTER_ASSEMBLE")
    if passes:
        binaryen.run("wasm-opt", *TEXT_FEATURES, patched, *passes, "-o", patched)
    rewrites = [patch.rewrite_assembled for patch in patches if hasattr(patch, "rewrite_assembled")]
    if rewrites:
        binaryen.run("wasm-dis", patched, "-o", text)
        assembled = text.read_text()
        for rewrite in rewrites:
            assembled = rewrite(assembled)
        text.write_text(assembled)
        binaryen.run("wasm-as", *TEXT_FEATURES, text, "-o", patched)
    # The interpreter is named "mp" (the shim imports its table and helpers from "mp"); the shim
    # is named "env", which resolves the interpreter's `env.invoke_*` imports.
    binaryen.run("wasm-merge", *TEXT_FEATURES, patched, "mp", shim_wasm, "env", "-o", merged if optimise else out)
    if optimise:
        binaryen.run("wasm-opt", *TEXT_FEATURES, *OPT_FLAGS[len(FEATURES):], merged, "-o", out)
    for tmp in (text, patched, merged):
        tmp.unlink(missing_ok=True)
    return out


def _from_patches(patches: tuple[ModuleType, ...], attribute: str) -> list[str]:
    """The command-line arguments the patches ask for under `attribute`, in patch order."""
    return [arg for patch in patches for arg in getattr(patch, attribute, ())]


def check_shim(lock: dict, shim: Path | None = None) -> Path:
    """The shim source (default `wasm/sjlj_merge.wat`) after checking its sha256 against the lock."""
    shim = sources.SHIM if shim is None else shim
    got = sources.sha256(shim)
    if got != lock["binaryen"]["shim_sha256"]:
        raise FetchError(f"{shim.name}: sha256 {got} does not match lock {lock['binaryen']['shim_sha256']} "
                         "(after editing the shim run `python wasm/fetch.py --update-lock`)")
    return shim


def assemble_shim(binaryen: Binaryen, lock: dict, workdir: Path, shim: Path | None = None) -> Path:
    """The shim (checked against the lock, see `check_shim`) assembled into `workdir`; its path."""
    shim = check_shim(lock, shim)
    shim_wasm = workdir / "sjlj_merge.wasm"
    binaryen.run("wasm-as", *FEATURES, shim, "-o", shim_wasm)
    return shim_wasm


def build(lock: dict, upstream: dict[str, Path], bindir: Path, workdir: Path, shim: Path | None = None,
          patches: tuple[ModuleType, ...] = PATCHES, optimise: bool = True) -> dict[str, Path]:
    """Post-process every upstream file (in parallel); return the processed paths by name."""
    binaryen = Binaryen(bindir)
    shim_wasm = assemble_shim(binaryen, lock, workdir, shim)
    outdir = workdir / "processed"
    outdir.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, len(upstream))) as pool:
        futures = {name: pool.submit(process, binaryen, path, shim_wasm, outdir / name,
                                     Target.from_lock(lock, name), patches, optimise)
                   for name, path in upstream.items()}
        return {name: fut.result() for name, fut in futures.items()}
