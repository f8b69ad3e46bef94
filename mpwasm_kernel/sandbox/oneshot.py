"""`run(code)`: one cell in a fresh sandbox, for scripts that need no session."""

from __future__ import annotations

from typing import Any

from .limits import Limits
from .result import RunResult
from .sandbox import Sandbox


def run(code: str, limits: Limits | None = None, **options: Any) -> RunResult:
    """Run `code` in a new `Sandbox` (closed afterwards) and return its `RunResult`.

    `options` are `Sandbox` keyword arguments (`variant`, `mounts`, `functions`, `on_output`,
    `deterministic`, `seed`, ...). Errors of the code and limit stops are in `RunResult.error`,
    never raised; a trailing expression's repr is in `RunResult.value`.
    """
    with Sandbox(limits, **options) as sb:
        return sb.run(code)
