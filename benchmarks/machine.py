"""Describe the machine and software versions a benchmark run used."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_PACKAGES = ("wasmtime", "ipykernel", "jupyter_client", "nbclient", "numpy", "psutil", "matplotlib")


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def project_version() -> dict:
    """Version of the project under test (installed metadata, else pyproject) and its git commit."""
    version = _version("mpwasm-kernel")
    if version is None:
        try:
            version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
        except (OSError, KeyError, ValueError):
            version = None
    commit = dirty = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                                capture_output=True, text=True, timeout=10).stdout
        dirty = bool(status.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return {"version": version, "git_commit": commit, "git_dirty": dirty}


def load_average() -> list[float] | None:
    """The 1/5/15-minute load averages (a noise indicator), or ``None`` where unsupported."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_info() -> dict:
    """Cores, CPU model, OS, Python, and versions of the packages the benchmarks depend on."""
    mem_total = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_total = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_bytes": mem_total,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "packages": {name: _version(name) for name in _PACKAGES},
        "mpwasm_kernel": project_version(),
        "load_average_start": load_average(),
    }
