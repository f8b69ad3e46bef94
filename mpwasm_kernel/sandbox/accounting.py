"""Output accounting for what a run produces besides its streams.

`output_bytes` covers everything sent for a run: stdout, stderr and display messages (counted
while the guest writes them, `output.py`/`channel.py`), and also the run's result bundle, its
error record and the results of helper calls (completion, inspection, user expressions), which
are counted here when the run ends. A result that does not fit is not delivered; an error record
that does not fit is shortened (it always arrives, with at least `ERROR_MIN_BYTES`).
"""

from __future__ import annotations

import json
from typing import Any

from .errors import GuestError

#: An error record is always delivered with at least this many bytes, whatever is left.
ERROR_MIN_BYTES = 1024
_MARK = "... (shortened: output limit)"


def json_size(value: Any) -> int:
    """Bytes of `value` as sent in a Jupyter message (compact JSON, UTF-8)."""
    try:
        return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace"))
    except (TypeError, ValueError, RecursionError):
        return len(repr(value))


def error_size(error: GuestError) -> int:
    return json_size([error.ename, error.evalue, error.traceback])


def fit_error(error: GuestError, room: int) -> GuestError:
    """`error`, shortened (evalue, then traceback lines from the top) to about `room` bytes
    (at least `ERROR_MIN_BYTES`)."""
    room = max(room, ERROR_MIN_BYTES)
    if error_size(error) <= room:
        return error
    half = room // 2
    evalue = error.evalue if len(error.evalue.encode("utf-8", "replace")) <= half else error.evalue[: half // 4] + _MARK
    lines: list[str] = []
    used = json_size([error.ename, evalue]) + len(_MARK) + 8
    for line in reversed(error.traceback):
        cost = json_size(line) + 1
        if used + cost > room:
            break
        lines.append(line)
        used += cost
    if len(lines) < len(error.traceback):
        lines.append(_MARK)
    lines.reverse()
    if not lines:
        lines = [f"{error.ename}: {evalue}"[: room // 4]]
    return GuestError(error.ename, evalue, lines)
