#!/usr/bin/env python3
"""Fetch the pinned MicroPython WebAssembly build and place it where the package finds it.

Run by the build backend (`pip install .` / `pip install -e .`), or by hand:

    python wasm/fetch.py                 # npm pack the pinned version, verify, install
    python wasm/fetch.py --tarball T.tgz # use an already downloaded tarball (verified the same way)
    python wasm/fetch.py --check         # only verify what is installed; exit 1 if wrong

The tarball comes from `npm pack <package>@<version>` (the machine's npm and its registry);
its sha256 and that of every `.wasm` used must match `wasm/lock.json`, otherwise nothing is
installed. Installed into `mpwasm_kernel/_artifacts/`: the `.wasm` files, `lock.json` and the
setjmp/longjmp shim `sjlj_shim.wat`. Nothing is ever fetched at kernel run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCK = HERE / "lock.json"
SHIM = HERE / "sjlj_shim.wat"
DEST = HERE.parent / "mpwasm_kernel" / "_artifacts"


class FetchError(Exception):
    """The artifact could not be obtained or did not match the lock."""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def installed_ok(lock: dict, dest: Path = DEST) -> bool:
    """True if every locked file is in `dest` with the locked hash, with the same lock and shim."""
    try:
        if json.loads((dest / "lock.json").read_text()) != lock:
            return False
        if (dest / "sjlj_shim.wat").read_bytes() != SHIM.read_bytes():
            return False
        return all(sha256(dest / name) == digest for name, digest in lock["files"].items())
    except (OSError, ValueError):
        return False


def npm_pack(lock: dict, workdir: Path) -> Path:
    """Download the pinned tarball with `npm pack` into `workdir` and return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is not on PATH; install Node.js/npm, or pass --tarball with the package tarball")
    spec = f"{lock['package']}@{lock['version']}"
    proc = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(workdir), "--json"],
        cwd=workdir, capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise FetchError(f"`npm pack {spec}` failed:\n{proc.stderr.strip()}")
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise FetchError(f"`npm pack {spec}` produced {len(tarballs)} tarballs in {workdir}")
    return tarballs[0]


def extract(lock: dict, tarball: Path, workdir: Path) -> dict[str, Path]:
    """Verify the tarball and pull out the locked files (by exact member name, no other paths)."""
    digest = sha256(tarball)
    if digest != lock["tarball_sha256"]:
        raise FetchError(f"{tarball.name}: sha256 {digest} does not match lock {lock['tarball_sha256']}")
    out: dict[str, Path] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for name, expected in lock["files"].items():
            member = tar.getmember(f"package/{name}")
            if not member.isfile():
                raise FetchError(f"package/{name} in {tarball.name} is not a regular file")
            target = workdir / name
            with tar.extractfile(member) as src, target.open("wb") as dst:  # type: ignore[union-attr]
                shutil.copyfileobj(src, dst)
            got = sha256(target)
            if got != expected:
                raise FetchError(f"{name}: sha256 {got} does not match lock {expected}")
            out[name] = target
    return out


def install(files: dict[str, Path], lock: dict, dest: Path = DEST) -> None:
    """Copy verified files into `dest` atomically enough: write then rename each file."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, src in files.items():
        tmp = dest / f".{name}.tmp"
        shutil.copyfile(src, tmp)
        tmp.replace(dest / name)
    shutil.copyfile(SHIM, dest / "sjlj_shim.wat")
    (dest / "lock.json").write_text(json.dumps(lock, indent=2) + "\n")


def fetch(tarball: Path | None = None, force: bool = False) -> str:
    """Make `mpwasm_kernel/_artifacts` match the lock; return a one-line summary."""
    lock = json.loads(LOCK.read_text())
    if not force and tarball is None and installed_ok(lock):
        return f"MicroPython artifact {lock['version']} already installed in {DEST}"
    with tempfile.TemporaryDirectory(prefix="mpwasm-fetch-") as tmp:
        work = Path(tmp)
        tgz = tarball if tarball is not None else npm_pack(lock, work)
        install(extract(lock, tgz, work), lock)
    return f"installed MicroPython artifact {lock['package']}@{lock['version']} into {DEST}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this tarball instead of running npm pack")
    parser.add_argument("--check", action="store_true", help="only verify the installed files")
    parser.add_argument("--force", action="store_true", help="fetch even if the installed files match")
    args = parser.parse_args(argv)
    if args.check:
        ok = installed_ok(json.loads(LOCK.read_text()))
        print("artifact OK" if ok else f"artifact missing or mismatched in {DEST}; run: python wasm/fetch.py")
        return 0 if ok else 1
    try:
        print(fetch(args.tarball, args.force))
    except FetchError as exc:
        print(f"wasm/fetch.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
