"""Small statistics helpers: summaries of timing samples, ratios and geometric means."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence


def summarize(samples: Sequence[float], *, digits: int = 6) -> dict:
    """Return ``{"median", "min", "max", "n", "samples"}`` for non-empty ``samples``.

    Values are rounded to ``digits`` decimals so the JSON stays readable.
    Raises ``ValueError`` when ``samples`` is empty.
    """
    if not samples:
        raise ValueError("no samples")
    return {
        "median": round(statistics.median(samples), digits),
        "min": round(min(samples), digits),
        "max": round(max(samples), digits),
        "n": len(samples),
        "samples": [round(s, digits) for s in samples],
    }


def ratio(value: float | None, baseline: float | None) -> float | None:
    """Return ``value / baseline``, or ``None`` when either is missing or the baseline is not positive."""
    if value is None or baseline is None or baseline <= 0:
        return None
    return value / baseline


def geomean(values: Iterable[float]) -> float | None:
    """Geometric mean of the positive ``values``; ``None`` when there are none."""
    logs = [math.log(v) for v in values if v is not None and v > 0]
    if not logs:
        return None
    return math.exp(sum(logs) / len(logs))
