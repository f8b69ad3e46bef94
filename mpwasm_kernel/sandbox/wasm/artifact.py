"""Locate and verify the MicroPython WebAssembly artifact installed with the package.

The files are fetched and post-processed at build time by `wasm/fetch.py` into
`mpwasm_kernel/_artifacts/` (docs/speed.md); at run time they are only read and checked against
the lock's `processed` hashes, never downloaded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ArtifactError

ARTIFACT_DIR = Path(__file__).resolve().parents[2] / "_artifacts"
FIX = (
    "Reinstall the package (`pip install -e .` or `pip install .` in the repository; this runs "
    "`python wasm/fetch.py`, which needs npm), or run `python wasm/fetch.py` in the repository."
)


@dataclass(frozen=True)
class Artifact:
    """One verified MicroPython variant."""

    variant: str
    wasm_path: Path
    sha256: str
    version: str


def _lock() -> dict:
    path = ARTIFACT_DIR / "lock.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"MicroPython artifact lock {path} is missing or unreadable ({exc}). {FIX}") from None


def pinned_version() -> str:
    """The pinned MicroPython package version from the lock (e.g. ``1.29.0-6``), without reading
    or verifying the artifact itself."""
    return str(_lock()["version"])


#: The build every entry point runs unless told otherwise: MicroPython with ulab (``import numpy``
#: works). Measured against the plain build (``benchmarks/variants.py``): the same start time,
#: fuel and memory within noise, so there is one kernel, with numpy.
DEFAULT_VARIANT = "ulab"


@cache
def load_artifact(variant: str = DEFAULT_VARIANT) -> Artifact:
    """Return the verified artifact for `variant` ("ulab", the default, or "micropython" without ulab).

    Raises `ArtifactError` naming the fix when the file is missing or its sha256 differs.
    The hash is checked once per process.
    """
    lock = _lock()
    variants: dict[str, str] = lock["variants"]
    if variant not in variants:
        raise ValueError(f"unknown MicroPython variant {variant!r}; choose one of {sorted(variants)}")
    name = variants[variant]
    path = ARTIFACT_DIR / name
    expected = lock.get("processed", {}).get(name)
    if expected is None:
        raise ArtifactError(f"MicroPython artifact lock {ARTIFACT_DIR / 'lock.json'} is from an older build "
                            f"(no post-processed hash for {name}). {FIX}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArtifactError(f"MicroPython artifact {path} is missing ({exc.strerror}). {FIX}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise ArtifactError(
            f"MicroPython artifact {path} is corrupt: sha256 {digest} does not match the lock "
            f"{expected}. {FIX}"
        )
    return Artifact(variant, path, digest, str(lock["version"]))
