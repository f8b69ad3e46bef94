"""The kernel's ``language_info``: shared by the kernel and the in-process notebook executor."""

from __future__ import annotations

import re
from typing import Any


def expected_versions() -> tuple[str, str]:
    """(Python language version, MicroPython version) as the pinned artifact will report them,
    known before any interpreter starts: the guest's ``sys.version`` is CPython 3.11's level plus
    the MicroPython release (guest/lib/sys.py), the release comes from the artifact lock. The
    kernel replaces these with the values the sandbox reports once it runs."""
    from ..sandbox.wasm.artifact import pinned_version

    try:
        package = pinned_version()
    except Exception:  # no artifact: the kernel reports the start-up error in every cell
        return ("3.11.0", "")
    release = re.match(r"\d+\.\d+\.\d+", package)
    language = f"3.11.0 (MicroPython v{release[0]} in the mpwasm sandbox)" if release else "3.11.0"
    return (language, package)


def language_info(version: str) -> dict[str, Any]:
    """``language_info`` for a sandbox reporting Python language `version` (e.g. ``3.4.0``)."""
    return {
        "name": "python",
        "version": version,
        "mimetype": "text/x-python",
        "file_extension": ".py",
        "pygments_lexer": "python3",
        "codemirror_mode": {"name": "ipython", "version": 3},
        "nbconvert_exporter": "python",
    }
