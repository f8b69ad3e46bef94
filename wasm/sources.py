"""The pinned inputs and the installed outputs: `npm pack`, sha256 checks against the lock, install.

Inputs are two npm tarballs (the MicroPython build `lock["package"]@lock["version"]` and Binaryen
`lock["binaryen"]`), each checked against its sha256 in `lock.json`, as is every upstream `.wasm`
taken from the first and the shim `sjlj_merge.wat`. Outputs go to `mpwasm_kernel/_artifacts/`
only after their hashes equal `lock["processed"]`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

from wasm.errors import FetchError

HERE = Path(__file__).resolve().parent
LOCK = HERE / "lock.json"
SHIM = HERE / "sjlj_merge.wat"
DEST = HERE.parent / "mpwasm_kernel" / "_artifacts"
TOOLS = ("wasm-as", "wasm-dis", "wasm-merge", "wasm-opt")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_lock() -> dict:
    """The lock as committed (`wasm/lock.json`)."""
    return json.loads(LOCK.read_text())


def installed_ok(lock: dict, dest: Path = DEST) -> bool:
    """True if every processed file is in `dest` with its locked hash, installed from the same lock."""
    try:
        if json.loads((dest / "lock.json").read_text()) != lock:
            return False
        return all(sha256(dest / name) == digest for name, digest in lock["processed"].items())
    except (OSError, ValueError, KeyError):
        return False


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download the tarball of `spec` (`name@version`) with `npm pack` into `workdir`; return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is not on PATH; install Node.js/npm, or pass the package tarballs "
                         "(--tarball, --binaryen-tarball)")
    workdir.mkdir(parents=True, exist_ok=True)
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


def _check_tarball(tarball: Path, expected: str) -> None:
    digest = sha256(tarball)
    if digest != expected:
        raise FetchError(f"{tarball.name}: sha256 {digest} does not match lock {expected}")


def _extract_member(tar: tarfile.TarFile, member_name: str, target: Path, tarball: Path) -> None:
    member = tar.getmember(member_name)
    if not member.isfile():
        raise FetchError(f"{member_name} in {tarball.name} is not a regular file")
    with tar.extractfile(member) as src, target.open("wb") as dst:  # type: ignore[union-attr]
        shutil.copyfileobj(src, dst)


def extract(lock: dict, tarball: Path, workdir: Path) -> dict[str, Path]:
    """Verify the MicroPython tarball and pull out the locked files (by exact member name)."""
    _check_tarball(tarball, lock["tarball_sha256"])
    out: dict[str, Path] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for name, expected in lock["files"].items():
            target = workdir / name
            _extract_member(tar, f"package/{name}", target, tarball)
            got = sha256(target)
            if got != expected:
                raise FetchError(f"{name}: sha256 {got} does not match lock {expected}")
            out[name] = target
    return out


def extract_binaryen(lock: dict, tarball: Path, workdir: Path) -> Path:
    """Verify the Binaryen tarball and pull out the tools used; return their directory."""
    _check_tarball(tarball, lock["binaryen"]["tarball_sha256"])
    bindir = workdir / "binaryen"
    bindir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as tar:
        # bin/package.json marks the tools as CommonJS (the package itself is an ES module).
        for name in (*TOOLS, "package.json"):
            _extract_member(tar, f"package/bin/{name}", bindir / name, tarball)
    return bindir


def fetch_inputs(lock: dict, work: Path, tarball: Path | None = None,
                 binaryen_tarball: Path | None = None) -> tuple[dict[str, Path], Path]:
    """The verified upstream `.wasm` files by name and the Binaryen tool directory, under `work`.

    Each tarball not given is obtained with `npm pack` (npm's own cache makes repeated runs cheap)."""
    tgz = tarball if tarball is not None else npm_pack(f"{lock['package']}@{lock['version']}", work / "mp")
    bn = lock["binaryen"]
    btgz = binaryen_tarball if binaryen_tarball is not None else \
        npm_pack(f"{bn['package']}@{bn['version']}", work / "bn")
    return extract(lock, tgz, work), extract_binaryen(lock, btgz, work)


def verify_processed(lock: dict, processed: dict[str, Path]) -> None:
    """One `FetchError` listing every processed file whose sha256 differs from the lock."""
    wrong = [f"  {name}: got {sha256(path)}, lock {lock['processed'].get(name)}"
             for name, path in processed.items() if sha256(path) != lock["processed"].get(name)]
    if wrong:
        raise FetchError(
            "post-processed MicroPython differs from wasm/lock.json (different Binaryen output; "
            "nothing installed):\n" + "\n".join(wrong)
            + "\nIf the pipeline or a pinned version changed on purpose, run `python wasm/fetch.py --update-lock`.")


def install(files: dict[str, Path], lock: dict, dest: Path = DEST) -> None:
    """Copy verified files into `dest`: write then rename each file; the lock goes last."""
    dest.mkdir(parents=True, exist_ok=True)
    for stale in ("sjlj_shim.wat",):  # run-time shim of earlier installs, no longer used
        (dest / stale).unlink(missing_ok=True)
    for name, src in files.items():
        tmp = dest / f".{name}.tmp"
        shutil.copyfile(src, tmp)
        tmp.replace(dest / name)
    (dest / "lock.json").write_text(json.dumps(lock, indent=2) + "\n")
