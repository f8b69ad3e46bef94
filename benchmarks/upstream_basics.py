"""MicroPython's own `tests/basics` run in the sandbox, each compared with its expected output.

The expected output of a test is its `.exp` file when MicroPython ships one, otherwise the output
of the host's CPython (tests that CPython cannot run are skipped, as MicroPython's runner does).
Every test runs in the same sandbox after a `reset()`, with the default limits, so the collector
runs under the same conditions as for a notebook. The point is a before/after comparison of two
interpreter builds: a test that passes on one and fails on the other is reported by name.

    python -m benchmarks.upstream_basics DIR              # DIR: a checkout's tests/basics
    python -m benchmarks.upstream_basics DIR --out results/upstream_basics.json
    python -m benchmarks.upstream_basics DIR --wasm OTHER.wasm --out before.json   # another build

The MicroPython sources are not part of this repository; pass the directory of a checkout of the
pinned version.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def expected(test: Path) -> str | None:
    """The `.exp` file's text, else CPython's stdout; None when CPython fails or skips the test."""
    exp = test.with_name(test.name + ".exp")
    if exp.exists():
        return exp.read_text()
    try:
        proc = subprocess.run([sys.executable, test.name], cwd=test.parent, capture_output=True, text=True,
                              timeout=30, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0 or "SKIP" in proc.stdout[:10]:
        return None
    return proc.stdout


def _sandbox(wasm: Path | None):
    """A `Sandbox` on the installed build, or on the interpreter file `wasm`."""
    import hashlib

    from mpwasm_kernel.sandbox import Sandbox
    from mpwasm_kernel.sandbox import sandbox as sandbox_module
    from mpwasm_kernel.sandbox.wasm.artifact import Artifact, pinned_version

    if wasm is None:
        return Sandbox()
    fake = Artifact("micropython", wasm, hashlib.sha256(wasm.read_bytes()).hexdigest(), pinned_version())
    real = sandbox_module.load_artifact
    sandbox_module.load_artifact = lambda variant="micropython": fake
    try:
        return Sandbox()
    finally:
        sandbox_module.load_artifact = real


def run(directory: Path, wasm: Path | None = None) -> dict:
    """Run every test of `directory`; return names by outcome."""
    outcome: dict[str, list[str]] = {"passed": [], "failed": [], "skipped": []}
    with _sandbox(wasm) as sb:
        for test in sorted(directory.glob("*.py")):
            want = expected(test)
            if want is None:
                outcome["skipped"].append(test.name)
                continue
            sb.reset()
            result = sb.run(test.read_text(), filename=test.name)
            got = result.stdout
            if result.error is not None:
                got += "\n".join(result.error.traceback[-1:]) + "\n"
            if got.strip() == "SKIP":
                outcome["skipped"].append(test.name)
            else:
                outcome["passed" if got == want else "failed"].append(test.name)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--out", type=Path, default=RESULTS / "upstream_basics.json")
    parser.add_argument("--wasm", type=Path, help="run this interpreter build instead of the installed one")
    args = parser.parse_args(argv)
    outcome = run(args.directory, args.wasm)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(outcome, indent=1) + "\n")
    print(", ".join(f"{len(v)} {k}" for k, v in outcome.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
