"""Do no harm: MicroPython's own `tests/basics`, through the raw interpreter and through the Sandbox.

``python -m benchmarks.mp_basics SOURCE [--ref REF] [--only NAME ...] [--json OUT]``

SOURCE is a MicroPython checkout: a work tree, or a git directory (a bare clone or mirror; the
files are read with ``git show REF:tests/basics/...``, REF defaulting to ``HEAD``). Nothing of
MicroPython is copied into this repository; the checkout is fetched by whoever runs this.

Each test's expected output is its ``.exp`` file, else the host CPython's output (as
MicroPython's ``run-tests.py`` does). Every test runs in a fresh raw interpreter
(`mpwasm_kernel.sandbox.raw`, the same build without the guest layer) and in a reset `Sandbox`.
The report counts the tests each side passes and lists **harm**: tests the raw interpreter
passes and the Sandbox fails (the layer made things worse, or changed MicroPython-specific
output on purpose — the list says which). tests/compat/test_do_no_harm.py holds this
repository's own small cases for the same behaviours, which run on CI without the checkout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from mpwasm_kernel.sandbox import Limits, Sandbox
from mpwasm_kernel.sandbox.raw import RawInterpreter

BASICS = "tests/basics"
TIMEOUT_FUEL = 20_000_000_000


class Checkout:
    """Reads tests/basics from a work tree or a git directory."""

    def __init__(self, source: Path, ref: str) -> None:
        self.source, self.ref = source, ref
        self.tree = (source / BASICS).is_dir()

    def names(self) -> list[str]:
        if self.tree:
            return sorted(p.name for p in (self.source / BASICS).glob("*.py"))
        out = subprocess.run(["git", "-C", str(self.source), "ls-tree", "--name-only", f"{self.ref}:{BASICS}"],
                             capture_output=True, text=True, check=True).stdout
        return sorted(n for n in out.split() if n.endswith(".py"))

    def read(self, name: str) -> str | None:
        if self.tree:
            path = self.source / BASICS / name
            return path.read_text(errors="replace") if path.exists() else None
        proc = subprocess.run(["git", "-C", str(self.source), "show", f"{self.ref}:{BASICS}/{name}"],
                              capture_output=True)
        return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


def cpython_output(source: str) -> str | None:
    """The host CPython's stdout (with stderr after it, as run-tests compares), None on a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "test.py"
        path.write_text(source)
        try:
            proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=tmp, timeout=60)
        except subprocess.TimeoutExpired:
            return None
    if proc.returncode != 0 and "SKIP" not in proc.stdout:
        return proc.stdout + "CRASH"
    return proc.stdout


def sandbox_output(sb: Sandbox, source: str) -> str:
    sb.reset()
    result = sb.run(source, store_result=False)
    out = result.stdout
    if result.error is not None:
        out += "CRASH"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="MicroPython work tree or git directory")
    parser.add_argument("--ref", default="HEAD", help="git ref to read (git directory only)")
    parser.add_argument("--only", nargs="*", help="test names (without .py)")
    parser.add_argument("--json", type=Path, help="write the full report here")
    args = parser.parse_args(argv)
    checkout = Checkout(args.source, args.ref)
    names = [n for n in checkout.names() if not args.only or n[:-3] in args.only]
    rows = []
    with RawInterpreter(fuel=TIMEOUT_FUEL) as raw, Sandbox(Limits(fuel=TIMEOUT_FUEL, wall_seconds=60)) as sb:
        for name in names:
            source = checkout.read(name)
            if source is None:
                continue
            exp = checkout.read(name + ".exp")
            expected = exp if exp is not None else cpython_output(source)
            if expected is None or expected.endswith("CRASH") or expected.startswith("SKIP"):
                rows.append({"test": name[:-3], "status": "no expected output"})
                continue
            r = raw.run(source)
            raw_out = r.stdout + ("CRASH" if r.error else "")
            if raw_out.startswith("SKIP"):
                rows.append({"test": name[:-3], "status": "skipped by the test"})
                continue
            sb_out = sandbox_output(sb, source)
            rows.append({"test": name[:-3], "expected_from": "exp" if exp is not None else "cpython",
                         "raw": raw_out == expected, "sandbox": sb_out == expected,
                         "sandbox_output": None if sb_out == expected else sb_out[-400:],
                         "expected": None if sb_out == expected else expected[-400:]})
    ran = [r for r in rows if "raw" in r]
    harm = [r for r in ran if r["raw"] and not r["sandbox"]]
    gain = [r for r in ran if r["sandbox"] and not r["raw"]]
    print(f"{len(ran)} tests run ({len(rows) - len(ran)} without expected output or skipped)")
    print(f"raw interpreter passes {sum(r['raw'] for r in ran)}, Sandbox passes {sum(r['sandbox'] for r in ran)}")
    print(f"harm (raw passes, Sandbox fails): {len(harm)}; gain (Sandbox passes, raw fails): {len(gain)}")
    for r in harm:
        print(f"  {r['test']} (expected from {r['expected_from']})")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "harm": [r["test"] for r in harm],
                                         "gain": [r["test"] for r in gain]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
