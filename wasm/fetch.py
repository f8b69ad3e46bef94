#!/usr/bin/env python3
"""Fetch the pinned MicroPython WebAssembly build, post-process it, and install it for the package.

Run by the build backend (`pip install .` / `pip install -e .`), or by hand:

    python wasm/fetch.py                     # npm pack both pinned packages, process, verify, install
    python wasm/fetch.py --tarball T.tgz     # use an already downloaded MicroPython tarball
    python wasm/fetch.py --binaryen-tarball B.tgz   # ... and/or an already downloaded Binaryen tarball
    python wasm/fetch.py --check             # only verify what is installed; exit 1 if wrong
    python wasm/fetch.py --update-lock       # maintainers: process, then write the new output hashes

Two tarballs come from `npm pack <package>@<version>` (the machine's npm and its registry): the
MicroPython build and Binaryen (`lock["binaryen"]`, whose command-line tools run on Node.js). Their
sha256, that of every upstream `.wasm` used and that of the shim `sjlj_merge.wat` must match
`wasm/lock.json` (`wasm/sources.py`). Each variant is then post-processed (`wasm/pipeline.py`,
docs/speed.md), both in parallel: the interpreter patches of `wasm/patches/` applied to its text,
the shim merged in, `wasm-opt`.

The sha256 of each processed output must equal `lock["processed"]`, otherwise nothing is
installed. Installed into `mpwasm_kernel/_artifacts/`: the processed `.wasm` files (under the
upstream names) and `lock.json`. Nothing is ever fetched or processed at kernel run time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `wasm` build package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wasm.errors import FetchError  # noqa: E402
from wasm.pipeline import build  # noqa: E402
from wasm.sources import DEST, LOCK, SHIM, fetch_inputs, install, installed_ok, sha256, verify_processed  # noqa: E402


def fetch(tarball: Path | None = None, binaryen_tarball: Path | None = None, force: bool = False,
          update_lock: bool = False) -> str:
    """Make `mpwasm_kernel/_artifacts` match the lock; return a one-line summary."""
    lock = json.loads(LOCK.read_text())
    if not (force or update_lock) and tarball is None and binaryen_tarball is None and installed_ok(lock):
        return f"MicroPython artifact {lock['version']} already installed in {DEST}"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mpwasm-fetch-") as tmp:
        work = Path(tmp)
        upstream, bindir = fetch_inputs(lock, work, tarball, binaryen_tarball)
        processed = build(lock, upstream, bindir, work)
        if update_lock:
            lock["processed"] = {name: sha256(path) for name, path in processed.items()}
            LOCK.write_text(json.dumps(lock, indent=2) + "\n")
        verify_processed(lock, processed)
        install(processed, lock)
    seconds = time.monotonic() - started
    bn = lock["binaryen"]
    return (f"installed MicroPython artifact {lock['package']}@{lock['version']}, post-processed with "
            f"{bn['package']}@{bn['version']} in {seconds:.0f} s, into {DEST}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this MicroPython tarball instead of running npm pack")
    parser.add_argument("--binaryen-tarball", type=Path, help="use this Binaryen tarball instead of running npm pack")
    parser.add_argument("--check", action="store_true", help="only verify the installed files")
    parser.add_argument("--force", action="store_true", help="fetch even if the installed files match")
    parser.add_argument("--update-lock", action="store_true",
                        help="process, then record the output and shim hashes in wasm/lock.json (maintainers)")
    args = parser.parse_args(argv)
    if args.check:
        ok = installed_ok(json.loads(LOCK.read_text()))
        print("artifact OK" if ok else f"artifact missing or mismatched in {DEST}; run: python wasm/fetch.py")
        return 0 if ok else 1
    if args.update_lock:
        lock = json.loads(LOCK.read_text())
        lock["binaryen"]["shim_sha256"] = sha256(SHIM)
        LOCK.write_text(json.dumps(lock, indent=2) + "\n")
    try:
        print(fetch(args.tarball, args.binaryen_tarball, args.force, args.update_lock))
    except FetchError as exc:
        print(f"wasm/fetch.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
