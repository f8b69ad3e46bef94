"""The administrator's configuration of the MCP server (command-line options or a TOML file).

Nothing here is reachable by the model: the limits are ceilings (a tool call may ask for lower
ones, never higher), mounts and host functions are fixed when the server starts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..sandbox.limits import Limits
from .engine import EngineSettings

#: Limits a tool call may lower for itself (names of `Limits` fields).
CALL_LIMITS = ("fuel", "wall_seconds", "output_bytes")


@dataclass(frozen=True)
class ServerSettings:
    """Everything the administrator decides."""

    limits: Limits = field(default_factory=Limits)
    variant: str = "micropython"
    mounts: Mapping[str, str] = field(default_factory=dict)
    functions: Mapping[str, Callable[..., object]] = field(default_factory=dict)
    function_targets: Mapping[str, str] = field(default_factory=dict)  # name -> "module:attr"
    deterministic: bool = False
    max_sessions: int = 16
    max_pending: int = 4
    idle_seconds: float | None = 1800.0
    max_output_chars: int = 20_000
    max_code_chars: int = 200_000
    max_file_bytes: int = 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_sessions", "max_pending", "max_output_chars", "max_code_chars", "max_file_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive whole number, got {value!r}")
        if self.max_output_chars < 100:
            raise ValueError("max_output_chars must be at least 100")
        if self.idle_seconds is not None and not self.idle_seconds > 0:
            raise ValueError(f"idle_seconds must be positive, got {self.idle_seconds!r}")

    @property
    def engine(self) -> EngineSettings:
        return EngineSettings(limits=self.limits, variant=self.variant, mounts=self.mounts,
                              functions=self.functions, deterministic=self.deterministic)


def read_config_file(path: str | Path) -> dict[str, Any]:
    """A TOML file whose keys are the long option names with ``_`` (``wall_seconds = "5s"``,
    ``mount = ["/data=./fixtures"]``, ``functions = {lookup = "course.data:lookup"}``)."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    if "mcp" in data and isinstance(data["mcp"], dict):  # also accept a [mcp] table
        data = data["mcp"]
    return data
