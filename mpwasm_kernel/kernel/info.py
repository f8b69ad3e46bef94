"""The kernel's ``language_info``: shared by the kernel and the in-process notebook executor."""

from __future__ import annotations

from typing import Any


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
