"""What `gc_in_calls` costs on the compute workloads, split into instrumentation and collections.

``python -m benchmarks.gc_cost`` runs each pure-Python workload of ``benchmarks/workloads`` (the
compute benchmark's, ``arrays`` excepted) in a new ``Sandbox`` on three builds and records the
fuel each run used (deterministic: the same build and program always use the same fuel):

- ``without``: every patch of ``PATCHES`` but ``gc_in_calls`` (collections at the top level only);
- ``instrumented``: with ``gc_in_calls`` whose collection inside calls is switched off
  (``gc_collect`` keeps setting the pending flag as upstream does): the spill stores, frames and
  guards alone;
- ``incall``: with ``gc_in_calls`` (the installed build when ``PATCHES`` applies it).

So ``instrumented / without`` is the instrumentation overhead and ``incall / instrumented`` the
collection work (collecting when the heap is full instead of growing it, and the growth policy).
``--wasm LABEL=PATH`` adds a build, or replaces one of the three (a build not replaced is made with
Node.js and the pinned Binaryen when missing, cached under the system's temporary directory).
Writes ``results/gc_cost.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import math
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
WORKLOADS = ("fib", "int_loops", "strings", "dicts", "sorting", "bigint")
FUEL = 10**13  # far above any workload: the run ends by itself
_COLLECT = re.compile(r"\(if \(i32\.eqz \(global\.get \$mpk_gc_guard\)\) \(then \(call \$")


def _instrumented_patch() -> ModuleType:
    """`gc_in_calls` whose `gc_collect` never collects inside a call (the same module otherwise)."""
    from wasm.patches import gc_in_calls

    variant = ModuleType("gc_in_calls_instrumented")
    variant.__dict__.update({k: v for k, v in vars(gc_in_calls).items() if not k.startswith("__")})

    def apply(wat: str, target: object) -> str:
        out = gc_in_calls.apply(wat, target)
        if len(_COLLECT.findall(out)) != 1:
            raise RuntimeError("gc_cost: the collection in gc_collect was not found once")
        return _COLLECT.sub("(if (i32.const 0) (then (call $", out)

    variant.apply = apply
    return variant


def _build(tag: str, chosen: tuple[ModuleType, ...]) -> Path:
    """The optimised ``micropython`` build with the patches `chosen` (cached under `tag`)."""
    from wasm import pipeline, sources

    h = hashlib.sha256(tag.encode() + sources.LOCK.read_bytes() + sources.SHIM.read_bytes())
    for path in sorted((REPO / "wasm").rglob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    out = Path(tempfile.gettempdir()) / "mpwasm-bench-builds" / f"{tag}-{h.hexdigest()[:20]}.wasm"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = sources.read_lock()
    with tempfile.TemporaryDirectory(prefix="mpwasm-bench-build-") as tmp:
        upstream, bindir = sources.fetch_inputs(lock, Path(tmp))
        built = pipeline.build(lock, {"micropython.wasm": upstream["micropython.wasm"]}, bindir, Path(tmp),
                               patches=chosen)
        out.write_bytes(built["micropython.wasm"].read_bytes())
    return out


def builds(given: dict[str, Path]) -> dict[str, Path | None]:
    """The three builds (None: the installed one), made when missing, and those `given` by label."""
    sys.path.insert(0, str(REPO))
    from wasm import patches
    from wasm.patches import gc_in_calls

    others = tuple(p for p in patches.PATCHES if p is not gc_in_calls)
    applied = gc_in_calls in patches.PATCHES
    made = {"without": lambda: _build("without-gc-in-calls", others) if applied else None,
            "instrumented": lambda: _build("instrumented", others + (_instrumented_patch(),)),
            "incall": lambda: None if applied else _build("incall", others + (gc_in_calls,))}
    return {**{label: given[label] if label in given else make() for label, make in made.items()}, **given}


def fuel(wasm: Path | None, workload: str) -> int:
    """The fuel `workload` uses in a new sandbox on `wasm` (None: the installed build)."""
    from mpwasm_kernel import Limits

    source = (HERE / "workloads" / f"{workload}.py").read_text()
    with _sandbox(wasm, Limits(fuel=FUEL, wall_seconds=3600)) as sb:
        sb.run("0")
        r = sb.run(source)
        if r.error is not None:
            raise RuntimeError(f"{workload}: {r.error.ename}: {r.error.evalue}")
        return r.fuel_used


def _sandbox(wasm: Path | None, limits: object):
    from mpwasm_kernel import Sandbox
    from mpwasm_kernel.sandbox import sandbox as sandbox_module
    from mpwasm_kernel.sandbox.wasm.artifact import Artifact

    if wasm is None:
        return Sandbox(limits)
    fake = Artifact("micropython", wasm, hashlib.sha256(wasm.read_bytes()).hexdigest(), "bench")
    real = sandbox_module.load_artifact
    sandbox_module.load_artifact = lambda variant="micropython": fake
    try:
        return Sandbox(limits)
    finally:
        sandbox_module.load_artifact = real


def markdown(result: dict) -> str:
    builds = list(result["builds"])
    lines = [f"Fuel per compute workload, {result['when']} (deterministic; `benchmarks/gc_cost.py`).", "",
             "| workload | " + " | ".join(builds) + " | " + " | ".join(f"{b} / without" for b in builds[1:]) + " |",
             "|---" * (2 * len(builds)) + "|"]
    for w in result["workloads"]:
        row = [f"{result['fuel'][b][w]:,}" for b in builds]
        row += [f"{result['fuel'][b][w] / result['fuel']['without'][w]:.3f}" for b in builds[1:]]
        lines.append(f"| {w} | " + " | ".join(row) + " |")
    geo = [f"{result['geomean'][b]:.3f}" for b in builds[1:]]
    lines.append("| geomean | " + " | ".join("" for _ in builds) + " | " + " | ".join(geo) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wasm", action="append", default=[], help="LABEL=PATH: another build to measure")
    parser.add_argument("--only", nargs="*", help="workload names")
    parser.add_argument("--out", type=Path, default=RESULTS / "gc_cost.json")
    args = parser.parse_args(argv)
    given = {label: Path(path) for label, _, path in (spec.partition("=") for spec in args.wasm)}
    table_builds = builds(given)
    workloads = [w for w in WORKLOADS if not args.only or w in args.only]
    table: dict[str, dict[str, int]] = {}
    for label, wasm in table_builds.items():
        table[label] = {}
        for w in workloads:
            table[label][w] = fuel(wasm, w)
            print(label, w, table[label][w], flush=True)
    geomean = {b: math.exp(sum(math.log(table[b][w] / table["without"][w]) for w in workloads) / len(workloads))
               for b in table_builds}
    result = {"when": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "builds": list(table_builds),
              "workloads": workloads, "fuel": table, "geomean": geomean}
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    text = markdown(result)
    args.out.with_suffix(".md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
