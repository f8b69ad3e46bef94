"""Kernel configuration: limit traits that read ``64M`` / ``500ms``, and ``MPWASM_*`` environment defaults."""

from __future__ import annotations

import json
import os
from typing import Any

from traitlets import Float, Integer

from ..runner.limit_text import parse_limit_value

#: Environment variables ``MPWASM_<TRAIT>`` (e.g. ``MPWASM_FUEL``) give the traits' defaults.
ENV_PREFIX = "MPWASM_"


def env_value(name: str) -> str | None:
    value = os.environ.get(ENV_PREFIX + name.upper())
    return value if value not in (None, "") else None


class LimitInteger(Integer):
    """An integer limit that also reads ``1e8``, ``100_000`` and ``64M`` from strings."""

    def from_string(self, s: str) -> Any:
        return None if s == "None" else parse_limit_value(self.name, s)


class LimitFloat(Float):
    """A float limit that also reads ``500ms`` and ``5s`` from strings."""

    def from_string(self, s: str) -> Any:
        return None if s == "None" else parse_limit_value(self.name, s)


def parse_mounts(text: str) -> dict[str, str]:
    """``MPWASM_MOUNTS``: a JSON object, or ``GUEST=HOST`` entries separated by ``;``."""
    text = text.strip()
    if text.startswith("{"):
        mounts = json.loads(text)
        if not isinstance(mounts, dict):
            raise ValueError("MPWASM_MOUNTS must be a JSON object of guest path -> host directory")
        return {str(k): str(v) for k, v in mounts.items()}
    mounts = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        guest, sep, host = entry.partition("=")
        if not sep:
            raise ValueError(f"MPWASM_MOUNTS entry {entry!r} is not GUEST=HOST")
        mounts[guest.strip()] = host.strip()
    return mounts


def truthy(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")
