"""Limit values as people write and read them: ``64M``, ``500ms``, ``1e8``; small tables of limits.

Used by ``%limits``, the kernel's configuration and the command line.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["LIMIT_NAMES", "format_limit", "format_limits", "format_seconds", "parse_limit_value"]

#: The limits `%limits` knows, in display order.
LIMIT_NAMES = ("fuel", "wall_seconds", "memory_bytes", "output_bytes", "disk_bytes")

_BYTE_UNITS = {
    "": 1,
    "b": 1,
    "k": 2**10,
    "kb": 2**10,
    "kib": 2**10,
    "m": 2**20,
    "mb": 2**20,
    "mib": 2**20,
    "g": 2**30,
    "gb": 2**30,
    "gib": 2**30,
}
_NUMBER_RE = re.compile(r"^\s*([0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)\s*$")


def parse_limit_value(name: str, text: str) -> int | float:
    """Parse a limit value as written in ``%limits`` or in configuration.

    ``fuel``: a count (``100000000``, ``1e8``, ``100_000_000``). ``wall_seconds``: seconds, optional
    ``s``/``ms`` suffix. ``*_bytes``: bytes, optional binary suffix ``K``/``M``/``G`` (also ``KB``,
    ``MiB`` ...). Raises ValueError with a message naming the limit when the text is not valid or
    not positive.
    """
    match = _NUMBER_RE.match(str(text))
    if not match:
        raise ValueError(f"{name}: cannot read {text!r} as a number")
    number, unit = float(match[1].replace("_", "")), match[2].lower()
    if not math.isfinite(number):
        raise ValueError(f"{name}: {text!r} is not finite")
    if name == "wall_seconds":
        scale = {"": 1.0, "s": 1.0, "ms": 0.001}.get(unit)
        if scale is None:
            raise ValueError(f"{name}: unknown unit {match[2]!r} (use s or ms)")
        value: int | float = number * scale
    else:
        scale_int = _BYTE_UNITS.get(unit) if name.endswith("_bytes") else (1 if unit == "" else None)
        if scale_int is None:
            raise ValueError(f"{name}: unknown unit {match[2]!r}")
        if not math.isfinite(number):
            raise ValueError(f"{name}: {text!r} is not finite")
        value = int(number * scale_int)
    if not value > 0:
        raise ValueError(f"{name}: must be positive, got {text!r}")
    return value


def _format_bytes(value: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if value >= size:
            return f"{value / size:g} {unit}"
    return f"{value} B"


def format_limit(name: str, value: Any) -> str:
    """A limit value for people: ``256 MiB``, ``30 s``, ``1,000,000``."""
    if name.endswith("_bytes"):
        return _format_bytes(int(value))
    if name == "wall_seconds":
        return f"{value:g} s"
    return f"{int(value):,}"


def format_limits(current: Any, ceiling: Any) -> str:
    """A small table of the session's limits next to the administrator's ceilings."""
    rows = [("limit", "this session", "ceiling")]
    for name in LIMIT_NAMES:
        rows.append(
            (name, format_limit(name, getattr(current, name)), format_limit(name, getattr(ceiling, name)))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}\n" for row in rows)


def format_seconds(seconds: float) -> str:
    """Human-friendly duration: ``1.23 s``, ``45.6 ms``, ``789 µs``, ``12.3 ns``."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"
