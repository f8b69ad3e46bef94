"""The result line every runner prints, shared by runners and the harness.

A runner prints exactly one line ``RESULT_PREFIX + json`` where the JSON object has
``status`` ("ok" or "failed"), ``times`` (seconds per repetition that completed), ``stdout``
(the guest output of the last completed repetition), ``reason`` (for failures) and ``info``.
"""

from __future__ import annotations

import json
import sys

RESULT_PREFIX = "@@BENCH-RESULT@@ "


def emit(status: str, times: list[float], stdout: str = "", reason: str = "", **info: object) -> None:
    """Print the result line on the real stdout and flush it."""
    payload = {"status": status, "times": times, "stdout": stdout, "reason": reason, "info": info}
    sys.__stdout__.write(RESULT_PREFIX + json.dumps(payload) + "\n")
    sys.__stdout__.flush()


def parse(output: str) -> dict | None:
    """Return the payload of the last result line in ``output``, or ``None`` if there is none."""
    for line in reversed(output.splitlines()):
        if line.startswith(RESULT_PREFIX):
            try:
                return json.loads(line[len(RESULT_PREFIX):])
            except ValueError:
                return None
    return None


def short_reason(text: str, limit: int = 240) -> str:
    """Condense an error text to its first and last non-empty lines, at most ``limit`` chars.

    Wasmtime traps put the summary first and the cause last, with a backtrace in between.
    """
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return "no error text"
    first = lines[0].split(" error while executing at wasm backtrace")[0].rstrip(":")
    last = lines[-1].split(": ", 1)[1] if lines[-1][:1].isdigit() and ": " in lines[-1] else lines[-1]
    if len(lines) == 1:
        short = first
    elif first.startswith("Traceback"):
        short = last
    else:
        short = f"{first}: {last}"
    return short if len(short) <= limit else short[: limit - 1] + "…"
